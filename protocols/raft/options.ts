/**
 * Raft's settings, from a run plan's `options` (a scenario file's `options:` map). Durations are
 * microseconds or text such as `150ms`. Validated once, with messages that name the field.
 */
import { SimConfigError } from '../../sim/errors.js';
import type { NodeId } from '../../sim/node.js';
import { parseDuration, type Time } from '../../sim/time.js';

/** One scheduled membership change, made by the leader once its clock reads `at`. */
export interface MembershipChange {
  readonly at: Time;
  readonly add?: NodeId;
  readonly remove?: NodeId;
}

/**
 * - `read-index` (default): linearizable reads confirmed by a heartbeat round (thesis §6.4).
 * - `lease`: the leader answers without a round while its lease holds; safe only while clocks
 *   drift less than `driftBound` (and never jump).
 * - `zookeeper`: every replica answers reads from its own state, as ZooKeeper does (check such runs
 *   with `consistency: zookeeper`).
 */
export type RaftReads = 'read-index' | 'lease' | 'zookeeper';

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
  readonly reads: RaftReads;
  /** Clock drift bound ε assumed by lease reads: clocks run at a rate within [1/(1+ε), 1+ε]. Default 0.05. */
  readonly driftBound: number;
  /** How long a ReadIndex round may go unconfirmed before it is retried. Default 2 heartbeats. */
  readonly readRetry: Time;
  /** The initial voters are the first `voters` replicas; the rest are spares. Default: all. */
  readonly voters: number | undefined;
  readonly membership: readonly MembershipChange[];
  /** How often the leader looks for sessions to expire. Default 50ms. */
  readonly sessionCheckEvery: Time;
}

export const DEFAULT_RAFT_OPTIONS: RaftOptions = {
  electionTimeout: 150_000,
  heartbeatInterval: 30_000,
  preVote: true,
  checkQuorum: true,
  maxBatch: 64,
  snapshotEvery: 1_000,
  reads: 'read-index',
  driftBound: 0.05,
  readRetry: 60_000,
  voters: undefined,
  membership: [],
  sessionCheckEvery: 50_000,
};

const KEYS = Object.keys(DEFAULT_RAFT_OPTIONS) as (keyof RaftOptions)[];

/** Normalises and validates `raw` (a plan's options) for a cluster of `replicas`. Throws SimConfigError. */
export function parseRaftOptions(raw: Readonly<Record<string, unknown>>, replicas: readonly NodeId[]): RaftOptions {
  for (const key of Object.keys(raw)) {
    if (!(KEYS as string[]).includes(key)) throw bad(key, `unknown option (known: ${KEYS.join(', ')})`);
  }
  const d = DEFAULT_RAFT_OPTIONS;
  const heartbeatInterval = time(raw, 'heartbeatInterval', d.heartbeatInterval);
  const options: RaftOptions = {
    electionTimeout: time(raw, 'electionTimeout', d.electionTimeout),
    heartbeatInterval,
    preVote: flag(raw, 'preVote', d.preVote),
    checkQuorum: flag(raw, 'checkQuorum', d.checkQuorum),
    maxBatch: count(raw, 'maxBatch', d.maxBatch, 1),
    snapshotEvery: count(raw, 'snapshotEvery', d.snapshotEvery, 0),
    reads: choice(raw, 'reads', d.reads, ['read-index', 'lease', 'zookeeper']),
    driftBound: fraction(raw, 'driftBound', d.driftBound),
    readRetry: time(raw, 'readRetry', 2 * heartbeatInterval),
    voters: raw['voters'] === undefined ? undefined : count(raw, 'voters', 0, 1),
    membership: membership(raw['membership'], replicas),
    sessionCheckEvery: time(raw, 'sessionCheckEvery', d.sessionCheckEvery),
  };
  if (options.heartbeatInterval >= options.electionTimeout) throw bad('heartbeatInterval', `must be shorter than electionTimeout (${options.electionTimeout}us)`);
  if (options.voters !== undefined && options.voters > replicas.length) throw bad('voters', `there are only ${replicas.length} replicas`);
  if (options.reads === 'lease' && !options.checkQuorum) throw bad('reads', 'lease reads need checkQuorum');
  return options;
}

function bad(field: string, message: string): SimConfigError {
  return new SimConfigError(`options.${field}: ${message}`);
}

function time(raw: Readonly<Record<string, unknown>>, key: string, fallback: Time): Time {
  const v = raw[key];
  return v === undefined ? fallback : duration(v, key, false);
}

function duration(v: unknown, field: string, zeroOk: boolean): Time {
  const t = typeof v === 'number' ? v : typeof v === 'string' ? parseDuration(v) : undefined;
  if (t === undefined || !Number.isFinite(t) || t < 0 || (t === 0 && !zeroOk)) {
    throw bad(field, `expected a ${zeroOk ? 'non-negative' : 'positive'} duration such as 150ms, got ${JSON.stringify(v)}`);
  }
  return Math.round(t);
}

function flag(raw: Readonly<Record<string, unknown>>, key: string, fallback: boolean): boolean {
  const v = raw[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw bad(key, `expected true or false, got ${JSON.stringify(v)}`);
  return v;
}

function count(raw: Readonly<Record<string, unknown>>, key: string, fallback: number, min: number): number {
  const v = raw[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw bad(key, `expected an integer of at least ${min}, got ${JSON.stringify(v)}`);
  return v;
}

function fraction(raw: Readonly<Record<string, unknown>>, key: string, fallback: number): number {
  const v = raw[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !(v >= 0 && v < 1)) throw bad(key, `expected a number in [0, 1), got ${JSON.stringify(v)}`);
  return v;
}

function choice<T extends string>(raw: Readonly<Record<string, unknown>>, key: string, fallback: T, allowed: readonly T[]): T {
  const v = raw[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw bad(key, `expected one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
  return v as T;
}

function membership(v: unknown, replicas: readonly NodeId[]): readonly MembershipChange[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw bad('membership', 'expected a list of {at, add} or {at, remove}');
  let last = -1;
  return v.map((item: unknown, i) => {
    const where = `membership[${i}]`;
    if (typeof item !== 'object' || item === null) throw bad(where, 'expected {at, add} or {at, remove}');
    const o = item as Record<string, unknown>;
    const at = duration(o['at'], `${where}.at`, true);
    if (at < last) throw bad(`${where}.at`, 'changes must be in time order');
    last = at;
    const add = o['add'];
    const remove = o['remove'];
    if ((add === undefined) === (remove === undefined)) throw bad(where, 'give exactly one of add or remove');
    const node = (add ?? remove) as unknown;
    if (typeof node !== 'string' || !replicas.includes(node)) throw bad(where, `unknown replica ${JSON.stringify(node)} (replicas: ${replicas.join(', ')})`);
    return add === undefined ? { at, remove: node } : { at, add: node };
  });
}
