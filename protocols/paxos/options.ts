/**
 * Multi-Paxos's settings: a scenario's `options.paxos` map, validated by the loader through
 * `PAXOS_OPTIONS` and parsed, typed, when the replicas are built. Defaults match Raft's (150ms
 * failure timeout, 30ms heartbeats, 64 slots per message, a snapshot every 1000 slots). How reads
 * are served to clients (linearizable or ZooKeeper-style) is the store's setting (`options.store`);
 * how the leader confirms a linearizable read is this one's `readBarrier`.
 */
import { z } from 'zod';
import type { Time } from '../../sim/time.js';
import { atLeast, defineOptions, duration, found, fraction } from '../kit/options.js';
import { MAX_REPLICAS } from './ballot.js';

/**
 * How the leader confirms it still holds its ballot before answering a linearizable read:
 * - `read-index` (default): a round of heartbeats a majority of acceptors acknowledges, sent after
 *   the read arrived (no higher ballot can have been promised by a majority before it).
 * - `lease`: no round while the leader's lease holds. Acceptors refuse to promise another ballot
 *   for a failure timeout after hearing from the leader, and the lease runs for failureTimeout /
 *   (1 + driftBound)² from the send time of the latest heartbeat a majority acknowledged: safe
 *   only while clocks drift less than `driftBound` (and never jump). The same caveat as Raft's.
 */
export type ReadBarrierMode = 'read-index' | 'lease';

export interface PaxosOptions {
  /**
   * How long a follower waits without hearing from a leader before it runs phase 1; each wait is
   * drawn from [t, 2t) from the replica's random stream, and a candidate that fails backs off by a
   * fresh draw. A leader steps down when it has not heard from a majority for twice this long. Default 150ms.
   */
  readonly failureTimeout: Time;
  /** How often a leader sends heartbeats (and retransmits unacknowledged accepts). Default 30ms. */
  readonly heartbeatInterval: Time;
  /** Most slots in one accept or catch-up message. Default 64. */
  readonly maxBatch: number;
  /** Snapshot and compact once this many slots were applied since the last snapshot; 0 never. Default 1000. */
  readonly snapshotEvery: number;
  readonly readBarrier: ReadBarrierMode;
  /** Clock drift bound ε assumed by lease reads: clocks run at a rate within [1/(1+ε), 1+ε]. Default 0.05. */
  readonly driftBound: number;
}

export const DEFAULT_PAXOS_OPTIONS: PaxosOptions = {
  failureTimeout: 150_000,
  heartbeatInterval: 30_000,
  maxBatch: 64,
  snapshotEvery: 1_000,
  readBarrier: 'read-index',
  driftBound: 0.05,
};

export const PAXOS_OPTIONS = defineOptions(
  {
    failureTimeout: duration.optional(),
    heartbeatInterval: duration.optional(),
    maxBatch: atLeast(1).optional(),
    snapshotEvery: atLeast(0).optional(),
    readBarrier: z.enum(['read-index', 'lease'], { error: (i) => `expected read-index or lease, found ${found(i.input)}` }).optional(),
    driftBound: fraction.optional(),
  },
  (raw, context, complain): PaxosOptions => {
    const d = DEFAULT_PAXOS_OPTIONS;
    const options: PaxosOptions = {
      failureTimeout: raw.failureTimeout ?? d.failureTimeout,
      heartbeatInterval: raw.heartbeatInterval ?? d.heartbeatInterval,
      maxBatch: raw.maxBatch ?? d.maxBatch,
      snapshotEvery: raw.snapshotEvery ?? d.snapshotEvery,
      readBarrier: raw.readBarrier ?? d.readBarrier,
      driftBound: raw.driftBound ?? d.driftBound,
    };
    for (const key of ['failureTimeout', 'heartbeatInterval'] as const) if (options[key] <= 0) complain([key], 'expected a positive duration');
    if (options.heartbeatInterval >= options.failureTimeout) complain(['heartbeatInterval'], `must be shorter than failureTimeout (${options.failureTimeout / 1000}ms)`);
    if (context.replicas.length > MAX_REPLICAS) complain([], `Multi-Paxos runs at most ${MAX_REPLICAS} replicas (a ballot numbers its proposer in four bits); this run has ${context.replicas.length}`);
    return options;
  },
);
