/**
 * ZAB's settings: a scenario's `options.zab` map. ZooKeeper's own knobs, with defaults scaled from
 * ZooKeeper's seconds to the simulator's milliseconds (Raft here uses 150ms election timeouts and
 * 30ms heartbeats): a 40ms tick instead of 2s, the same tick counts for initLimit and syncLimit, a
 * finalizeWait of about two round trips. How reads are served and sessions checked are the store's
 * settings (`options.store`).
 */
import type { Time } from '../../sim/time.js';
import { atLeast, defineOptions, duration, flag } from '../kit/options.js';

/** The settings of `options.zab`, defaults filled. */
export interface ZabOptions {
  /** ZooKeeper's tickTime: the leader pings every half tick and checks its quorum every tick. Default 40ms. */
  readonly tickTime: Time;
  /** Ticks a leader waits for a quorum in each step of discovery and synchronization (and a learner's timeout meanwhile). Default 10. */
  readonly initLimit: number;
  /** Ticks of silence after which a leader drops a learner and a learner its leader. Default 5. */
  readonly syncLimit: number;
  /** How long FLE waits for a better vote once a quorum agrees. Default 20ms. */
  readonly finalizeWait: Time;
  /** FLE resends its vote after finalizeWait of silence, doubling up to this. Default 400ms. */
  readonly maxNotificationInterval: Time;
  /** How long a connection waits for a missing packet before it counts it lost (and breaks). Default 40ms. */
  readonly reorderWindow: Time;
  /** Take a snapshot and compact the log once this many txns were applied since the last one (snapCount); 0 never. Default 1000. */
  readonly snapshotEvery: number;
  /** The leader's in-memory committed log, in txns, for DIFF syncs (commitLogCount, minCommittedLog..maxCommittedLog). Default 500. */
  readonly committedLog: number;
  /** DIFF from the on-disk txn log when a learner is behind the committed log (ZooKeeper's txnlog sync). Default true. */
  readonly txnLogSync: boolean;
  /** Always sync learners with a snapshot (ZooKeeper's test knob). Default false. */
  readonly forceSnapSync: boolean;
}

/** The settings a scenario that names none gets. */
export const DEFAULT_ZAB_OPTIONS: ZabOptions = {
  tickTime: 40_000,
  initLimit: 10,
  syncLimit: 5,
  finalizeWait: 20_000,
  maxNotificationInterval: 400_000,
  reorderWindow: 40_000,
  snapshotEvery: 1_000,
  committedLog: 500,
  txnLogSync: true,
  forceSnapSync: false,
};

/** `options.zab` as the scenario loader validates it and the replicas are built with it. */
export const ZAB_OPTIONS = defineOptions(
  {
    tickTime: duration.optional(),
    initLimit: atLeast(1).optional(),
    syncLimit: atLeast(1).optional(),
    finalizeWait: duration.optional(),
    maxNotificationInterval: duration.optional(),
    reorderWindow: duration.optional(),
    snapshotEvery: atLeast(0).optional(),
    committedLog: atLeast(0).optional(),
    txnLogSync: flag.optional(),
    forceSnapSync: flag.optional(),
  },
  (raw, _context, complain): ZabOptions => {
    const d = DEFAULT_ZAB_OPTIONS;
    const options: ZabOptions = {
      tickTime: raw.tickTime ?? d.tickTime,
      initLimit: raw.initLimit ?? d.initLimit,
      syncLimit: raw.syncLimit ?? d.syncLimit,
      finalizeWait: raw.finalizeWait ?? d.finalizeWait,
      maxNotificationInterval: raw.maxNotificationInterval ?? d.maxNotificationInterval,
      reorderWindow: raw.reorderWindow ?? d.reorderWindow,
      snapshotEvery: raw.snapshotEvery ?? d.snapshotEvery,
      committedLog: raw.committedLog ?? d.committedLog,
      txnLogSync: raw.txnLogSync ?? d.txnLogSync,
      forceSnapSync: raw.forceSnapSync ?? d.forceSnapSync,
    };
    for (const key of ['tickTime', 'finalizeWait', 'maxNotificationInterval', 'reorderWindow'] as const) if (options[key] <= 0) complain([key], 'expected a positive duration');
    if (options.tickTime < 2) complain(['tickTime'], 'expected at least 2us (the leader pings every half tick)');
    if (options.maxNotificationInterval < options.finalizeWait) complain(['maxNotificationInterval'], `must be at least finalizeWait (${options.finalizeWait / 1000}ms)`);
    return options;
  },
);
