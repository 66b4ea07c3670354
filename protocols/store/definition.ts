/**
 * The store as a component of a run: its option namespace (`options.store`), its catalogue of
 * bugs, its timers and messages, and the workloads that run on it (the znode API and the recipes).
 * Every protocol that `orders: 'store'` gets all of it.
 */
import type { MutantInfo } from '../kit/mutants.js';
import type { OptionsSpec } from '../kit/options.js';
import type { WorkloadDefinition } from '../definition.js';
import { storeClient } from './client.js';
import { STORE_MUTANTS, STORE_OPTIONS, type StoreOptions } from './options.js';
import { RECIPES } from './recipes/index.js';
import { SESSION_CHECK } from './service.js';
import { ZNODE_OPS, znodeWorkload } from './workload.js';

export interface StoreComponent {
  /** The option namespace: `options.store`. */
  readonly name: 'store';
  readonly options: OptionsSpec<StoreOptions>;
  readonly mutants: readonly MutantInfo[];
  readonly timers: readonly string[];
  /** Messages the store's replicas send (to clients). */
  readonly messages: readonly string[];
  /** The workloads every store-ordering protocol serves; the first is the default. */
  readonly workloads: readonly WorkloadDefinition[];
}

export const ZNODE_WORKLOAD: WorkloadDefinition = {
  name: 'znode',
  summary: 'the store API over a few top-level nodes: creates in every mode, get, versioned set and delete, exists, children, multi, sync',
  ops: ZNODE_OPS,
  model: 'znode',
  build: (b) => znodeWorkload(b.keys, b.mix),
  client: storeClient,
};

export const STORE: StoreComponent = {
  name: 'store',
  options: STORE_OPTIONS,
  mutants: STORE_MUTANTS,
  timers: [SESSION_CHECK],
  messages: ['store.watch'],
  workloads: [ZNODE_WORKLOAD, ...RECIPES],
};
