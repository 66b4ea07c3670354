/**
 * The store's recipes, each a workload with its own check (README, "Recipes"): a distributed lock
 * with a fenced resource, leader election, configuration management with watches, service
 * discovery with ephemeral nodes, and key rotation. Each is a client behaviour run by the store's
 * client library (driver.ts), so every store operation lands in the history as for any workload
 * and `linearizable` judges it with the znode model; what the recipe believes or saw it records as
 * `recipe.*` trace events, which its check reads beside the history.
 *
 * Layout: `driver.ts` runs a recipe (a generator of steps) as a client workload; `steps.ts` and
 * `queue.ts` are the shared steps; one file per recipe and one per check; `facts.ts` reads the
 * history and trace for the checks, `holds.ts` judges exclusive holds and fenced records.
 */
import type { WorkloadBuild, WorkloadDefinition } from '../../definition.js';
import { type ObservingWorkload, storeClient } from '../client.js';
import { configRecipe } from './config.js';
import { CONFIG_CONVERGENCE, configConvergence } from './config-check.js';
import { discoveryRecipe } from './discovery.js';
import { DISCOVERY_MEMBERSHIP, discoveryMembership } from './discovery-check.js';
import { type Recipe, recipeWorkload } from './driver.js';
import { electionRecipe } from './election.js';
import { SINGLE_LEADER, singleLeader } from './election-check.js';
import { KEY_ROTATION, keyRotation } from './keys-check.js';
import { keysRecipe } from './keys.js';
import { LOCK_SAFETY, lockSafety } from './lock-check.js';
import { lockRecipe } from './lock.js';

export type { Recipe, RecipeEnv, RecipeGen } from './driver.js';

/** Recipe clients use short sessions, so that a pause or a partition of a second or two expires them. */
const SESSION_MS = 1_000;

const weight = (mix: Readonly<Record<string, number>>, op: string): number => mix[op] ?? 0;
const workload = (recipe: Recipe, b: WorkloadBuild): ObservingWorkload => recipeWorkload(recipe, { clients: b.clients, stopAt: b.stopAt, mutants: b.mutants });

/**
 * Each recipe is a workload on the store: run by the store's client library with short sessions,
 * judged by `linearizable` with the znode model, and by its own check.
 */
const RECIPE_MODEL = { model: 'znode', client: (options) => storeClient({ ...options, sessionTimeoutMs: SESSION_MS }) } as const satisfies Pick<WorkloadDefinition, 'model' | 'client'>;

export const RECIPES: readonly WorkloadDefinition[] = [
  {
    name: 'lock',
    summary: 'recipe: a distributed lock (ephemeral sequential nodes, watch the predecessor, tryLock timeout) guarding a resource fenced by tokens',
    ops: ['acquire'],
    ...RECIPE_MODEL,
    mutants: [
      { id: 'L1', title: 'lock: takes the lock when the node before it goes, without listing the queue again' },
      { id: 'L2', title: 'lock: orders the queue by node name instead of the sequence number' },
      { id: 'L3', title: 'lock: a holder trusts its belief: it ignores the loss of its session and writes the resource unfenced' },
    ],
    checks: { [LOCK_SAFETY]: lockSafety },
    build: (b) => workload(lockRecipe, b),
  },
  {
    name: 'election',
    summary: 'recipe: leader election with ephemeral sequential nodes; leaders publish themselves fenced by their election node',
    ops: ['campaign'],
    ...RECIPE_MODEL,
    mutants: [{ id: 'E1', title: 'election: a leader ignores the loss of its session and publishes without checking its election node' }],
    checks: { [SINGLE_LEADER]: singleLeader },
    build: (b) => workload(electionRecipe, b),
  },
  {
    name: 'config',
    summary: 'recipe: configuration management: writers append changes with compare-and-set, watchers read with watches',
    ops: ['write', 'watch'],
    ...RECIPE_MODEL,
    mutants: [{ id: 'C1', title: 'config: writers write back without compare-and-set (lost updates)' }],
    checks: { [CONFIG_CONVERGENCE]: configConvergence },
    build: (b) => workload(configRecipe({ write: weight(b.mix, 'write'), watch: weight(b.mix, 'watch') }), b),
  },
  {
    name: 'discovery',
    summary: 'recipe: service discovery: members register ephemeral nodes, join and leave; observers list the group with watches',
    ops: ['member', 'observer'],
    ...RECIPE_MODEL,
    mutants: [{ id: 'D1', title: 'discovery: a member whose session is lost does not register again' }],
    checks: { [DISCOVERY_MEMBERSHIP]: discoveryMembership },
    build: (b) => workload(discoveryRecipe({ member: weight(b.mix, 'member'), observer: weight(b.mix, 'observer') }), b),
  },
  {
    name: 'keys',
    summary: 'recipe: key management: clients use keys and rotate them with compare-and-set',
    ops: ['rotate', 'read'],
    ...RECIPE_MODEL,
    mutants: [{ id: 'KR1', title: 'keys: rotations write blindly, without compare-and-set' }],
    checks: { [KEY_ROTATION]: keyRotation },
    build: (b) => workload(keysRecipe({ keys: b.keys, rotate: weight(b.mix, 'rotate'), read: weight(b.mix, 'read') }), b),
  },
];
