/**
 * The store's own settings and catalogued bugs, whatever protocol orders its commands: how reads
 * are served and how often the leader looks for expired sessions (a scenario's `options.store`),
 * and the bugs of the service itself (a run's `mutants`).
 */
import { defineOptions, duration } from '../kit/options.js';
import type { MutantId, MutantInfo } from '../kit/mutants.js';
import { z } from 'zod';
import type { Time } from '../../sim/time.js';

/**
 * - `linearizable` (default): the leader serves reads after the protocol's read barrier.
 * - `zookeeper`: every replica answers reads from its own state, as ZooKeeper does (check such
 *   runs with `consistency: zookeeper`).
 */
export type StoreReads = 'linearizable' | 'zookeeper';

export interface StoreOptions {
  readonly reads: StoreReads;
  /** How often the leader looks for sessions to expire. Default 50ms. */
  readonly sessionCheckEvery: Time;
}

export const DEFAULT_STORE_OPTIONS: StoreOptions = { reads: 'linearizable', sessionCheckEvery: 50_000 };

export const STORE_OPTIONS = defineOptions(
  {
    reads: z.enum(['linearizable', 'zookeeper'], { error: (i) => `expected linearizable or zookeeper, found ${JSON.stringify(i.input)}` }).optional(),
    sessionCheckEvery: duration.optional(),
  },
  (raw, _context, complain): StoreOptions => {
    const sessionCheckEvery = raw.sessionCheckEvery ?? DEFAULT_STORE_OPTIONS.sessionCheckEvery;
    if (sessionCheckEvery <= 0) complain(['sessionCheckEvery'], 'expected a positive duration');
    return { reads: raw.reads ?? DEFAULT_STORE_OPTIONS.reads, sessionCheckEvery };
  },
);

/** The store service's catalogue of bugs (formerly Raft's R3 and R10: they live in the service). */
export const STORE_MUTANTS = [
  { id: 'S1', title: 'the leader serves reads from its local state, without a read barrier' },
  { id: 'S2', title: 'no exactly-once: a retried write is applied again' },
] as const satisfies readonly MutantInfo[];

export type StoreMutant = MutantId<typeof STORE_MUTANTS>;

/** Ids that moved into the store's catalogue, with their new names, so old scenarios get a clear message. */
export const MOVED_MUTANTS: Readonly<Record<string, string>> = { R3: 'S1', R10: 'S2' };
