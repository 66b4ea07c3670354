/**
 * Raft's settings: a scenario's `options.raft` map, validated by the loader through `RAFT_OPTIONS`
 * (errors name the file, the line and the field) and parsed, typed, when the replicas are built.
 * How reads are served (linearizable or ZooKeeper-style) and how often sessions are checked are the
 * store's settings (`options.store`), not Raft's.
 */
import { z } from 'zod';
import type { NodeId } from '../../sim/node.js';
import type { Time } from '../../sim/time.js';
import { atLeast, defineOptions, duration, flag, found, fraction } from '../kit/options.js';

/** One scheduled membership change, made by the leader once its clock reads `at`. */
export interface MembershipChange {
  readonly at: Time;
  readonly add?: NodeId;
  readonly remove?: NodeId;
}

/**
 * How the leader implements the store's read barrier:
 * - `read-index` (default): confirmed by a heartbeat round (thesis §6.4).
 * - `lease`: answered without a round while the leader's lease holds; safe only while clocks
 *   drift less than `driftBound` (and never jump).
 */
export type ReadBarrierMode = 'read-index' | 'lease';

export interface RaftOptions {
  /** The shortest election timeout; each wait is drawn from [t, 2t). Default 150ms. */
  readonly electionTimeout: Time;
  /** Default 30ms. */
  readonly heartbeatInterval: Time;
  /** Default true. */
  readonly preVote: boolean;
  /** Default true. Lease reads require it. */
  readonly checkQuorum: boolean;
  /** Most entries in one append message. Default 64. */
  readonly maxBatch: number;
  /** Snapshot and compact once this many entries were applied since the last snapshot; 0 never. Default 1000. */
  readonly snapshotEvery: number;
  readonly readBarrier: ReadBarrierMode;
  /** Clock drift bound ε assumed by lease reads: clocks run at a rate within [1/(1+ε), 1+ε]. Default 0.05. */
  readonly driftBound: number;
  /** How long a ReadIndex round may go unconfirmed before it is retried. Default 2 heartbeats. */
  readonly readRetry: Time;
  /** The initial voters are the first `voters` replicas; the rest are spares. Default: all. */
  readonly voters: number | undefined;
  readonly membership: readonly MembershipChange[];
}

export const DEFAULT_RAFT_OPTIONS: RaftOptions = {
  electionTimeout: 150_000,
  heartbeatInterval: 30_000,
  preVote: true,
  checkQuorum: true,
  maxBatch: 64,
  snapshotEvery: 1_000,
  readBarrier: 'read-index',
  driftBound: 0.05,
  readRetry: 60_000,
  voters: undefined,
  membership: [],
};

const membershipChange = z.strictObject({ at: duration, add: z.string().optional(), remove: z.string().optional() });

export const RAFT_OPTIONS = defineOptions(
  {
    electionTimeout: duration.optional(),
    heartbeatInterval: duration.optional(),
    preVote: flag.optional(),
    checkQuorum: flag.optional(),
    maxBatch: atLeast(1).optional(),
    snapshotEvery: atLeast(0).optional(),
    readBarrier: z.enum(['read-index', 'lease'], { error: (i) => `expected read-index or lease, found ${found(i.input)}` }).optional(),
    driftBound: fraction.optional(),
    readRetry: duration.optional(),
    voters: atLeast(1).optional(),
    membership: z.array(membershipChange, { error: 'expected a list of {at, add} or {at, remove}' }).optional(),
  },
  (raw, context, complain): RaftOptions => {
    const d = DEFAULT_RAFT_OPTIONS;
    const options: RaftOptions = {
      electionTimeout: raw.electionTimeout ?? d.electionTimeout,
      heartbeatInterval: raw.heartbeatInterval ?? d.heartbeatInterval,
      preVote: raw.preVote ?? d.preVote,
      checkQuorum: raw.checkQuorum ?? d.checkQuorum,
      maxBatch: raw.maxBatch ?? d.maxBatch,
      snapshotEvery: raw.snapshotEvery ?? d.snapshotEvery,
      readBarrier: raw.readBarrier ?? d.readBarrier,
      driftBound: raw.driftBound ?? d.driftBound,
      readRetry: raw.readRetry ?? 2 * (raw.heartbeatInterval ?? d.heartbeatInterval),
      voters: raw.voters,
      membership: (raw.membership ?? []).map((c) => ({ at: c.at, ...(c.add === undefined ? {} : { add: c.add }), ...(c.remove === undefined ? {} : { remove: c.remove }) })),
    };
    for (const key of ['electionTimeout', 'heartbeatInterval', 'readRetry'] as const) if (options[key] <= 0) complain([key], 'expected a positive duration');
    if (options.heartbeatInterval >= options.electionTimeout) complain(['heartbeatInterval'], `must be shorter than electionTimeout (${options.electionTimeout / 1000}ms)`);
    if (options.voters !== undefined && options.voters > context.replicas.length) complain(['voters'], `there are only ${context.replicas.length} replicas`);
    if (options.readBarrier === 'lease' && !options.checkQuorum) complain(['readBarrier'], 'lease reads need checkQuorum');
    let last = -1;
    options.membership.forEach((change, i) => {
      if (change.at < last) complain(['membership', i, 'at'], 'changes must be in time order');
      last = change.at;
      if ((change.add === undefined) === (change.remove === undefined)) complain(['membership', i], 'give exactly one of add or remove');
      const node = change.add ?? change.remove;
      if (node !== undefined && !context.replicas.includes(node)) complain(['membership', i], `unknown replica ${JSON.stringify(node)} (replicas: ${context.replicas.join(', ')})`);
    });
    return options;
  },
);
