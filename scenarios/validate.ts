/**
 * Everything a plan must satisfy beyond its shape, checked in one place for both doors into a run:
 * the scenario loader (which turns each issue into an error naming the file, the line and the
 * field) and `run` on a plan built in code (which throws SimConfigError). Names are checked against
 * the registry: the protocol, its workloads, mutants, checks, option namespaces, message kinds and
 * timers, and the plan's actor groups.
 */
import { SimConfigError } from '../sim/errors.js';
import { MOVED_MUTANTS } from '../protocols/store/options.js';
import { namedGroups, namedKinds, namedNodes } from './faults.js';
import { CLIENTS, REPLICAS, plannedGroups, replicaIds } from './groups.js';
import { ordersStore } from '../protocols/definition.js';
import type { RunPlan } from './plan.js';
import { HISTORY_CHECKS, type Registry, REGISTRY } from './registry.js';
import { formatPath } from './errors.js';

/** One problem, at a path of the scenario file's fields. */
export interface PlanIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** Options of an older layout, and where each went. */
const MOVED_OPTIONS: Readonly<Record<string, string>> = {
  reads: "store.reads (linearizable | zookeeper) or, for Raft's lease reads, raft.readBarrier: lease",
  sessionCheckEvery: 'store.sessionCheckEvery',
};

export function planIssues(plan: RunPlan, registry: Registry = REGISTRY): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const issue = (path: readonly (string | number)[], message: string): void => void issues.push({ path, message });
  const protocol = registry.protocol(plan.protocol);
  if (protocol === undefined) {
    issue(['protocol'], `unknown protocol '${plan.protocol}' (known: ${registry.protocolNames.join(', ')})`);
    return issues;
  }
  const served = registry.workloadsOf(protocol);
  const workload = registry.workload(protocol, plan.workload.kind);
  if (workload === undefined) {
    issue(['workload', 'kind'], `protocol '${protocol.name}' serves ${served.map((w) => `'${w.name}'`).join(', ')}, found '${plan.workload.kind}'`);
    return issues;
  }
  for (const op of Object.keys(plan.workload.mix)) {
    if (!workload.ops.includes(op)) issue(['workload', 'mix', op], `workload '${workload.name}' has no operation '${op}' (expected ${workload.ops.join(', ')})`);
  }
  if (Object.values(plan.workload.mix).every((w) => w === 0)) issue(['workload', 'mix'], 'expected at least one operation with a positive weight');

  const cluster = plan.kubernetes !== undefined;
  if (cluster) {
    if (!ordersStore(protocol)) issue(['kubernetes'], `the control plane keeps its objects in the store, which protocol '${protocol.name}' does not order (use ${registry.protocols.filter(ordersStore).map((p) => p.name).join(', ')})`);
    else {
      const parsed = registry.kubernetes.spec.parse(plan.kubernetes, { replicas: replicaIds(plan) });
      if (!parsed.ok) for (const i of parsed.issues) issue(['kubernetes', ...i.path], i.message);
    }
  }
  const owner = (extra: object | undefined) => `protocol '${protocol.name}'${extra === undefined ? '' : ` with workload '${workload.name}'`}${cluster ? ' and a Kubernetes cluster' : ''}`;
  const knownChecks = registry.checksOf(protocol, workload, cluster);
  plan.checks.forEach((c, i) => {
    if (!knownChecks.includes(c)) issue(['checks', i], `unknown check '${c}' for ${owner(workload.checks)} (expected ${knownChecks.join(', ')})`);
  });
  const fromTrace = plan.checks.find((c) => !(HISTORY_CHECKS as readonly string[]).includes(c) && knownChecks.includes(c));
  if (plan.trace === 'none' && fromTrace !== undefined) {
    issue(['trace'], `check '${fromTrace}' reads the trace, which level 'none' does not record (use state or higher, or leave the check out)`);
  }
  const knownMutants = registry.mutantsOf(protocol, workload, cluster);
  plan.mutants.forEach((m, i) => {
    if (knownMutants.some((x) => x.id === m)) return;
    const moved = MOVED_MUTANTS[m];
    if (moved !== undefined) {
      const title = registry.store.mutants.find((x) => x.id === moved)?.title ?? '';
      issue(['mutants', i], `'${m}' is the store's mutant '${moved}' now (${title}); write ${moved}`);
      return;
    }
    const list = knownMutants.map((x) => x.id);
    issue(['mutants', i], `${owner(workload.mutants)} has no mutant '${m}' (${list.length ? `expected one of ${list.join(', ')}` : 'it has none'})`);
  });

  const ids = replicaIds(plan);
  const spaces = registry.optionSpaces();
  for (const [space, raw] of Object.entries(plan.options)) {
    const spec = spaces.get(space);
    if (spec === undefined) {
      const owners = [...spaces].filter(([, s]) => s.keys.includes(space)).map(([n]) => n);
      const moved = MOVED_OPTIONS[space];
      const hint = moved !== undefined ? `: it moved to ${moved}` : owners.length ? `: options are grouped by protocol; write options: {${owners[0]}: {${space}: ...}}` : '';
      issue(['options', space], `unknown option namespace (expected ${[...spaces.keys()].join(', ')})${hint}`);
      continue;
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      issue(['options', space], `expected a map of ${space} options`);
      continue;
    }
    const result = spec.parse(raw, { replicas: ids });
    if (!result.ok) for (const i of result.issues) issue(['options', space, ...i.path], i.message);
  }

  const groups = plannedGroups(plan, registry);
  const clientIds = groups.find((g) => g.name === CLIENTS)?.ids ?? [];
  const processes = groups.filter((g) => g.crashable && g.name !== REPLICAS);
  const known = new Set([...ids, ...processes.flatMap((g) => g.ids), 'leader', 'follower', 'random', 'all']);
  const others = processes.map((g) => `${g.name} ${g.ids.length > 2 ? `${g.ids[0]}..${g.ids.at(-1)}` : g.ids.join(', ')}`).join(', ');
  const messages = registry.messagesOf(protocol, cluster);
  const timers = registry.timersOf(protocol, cluster);
  plan.nemesis.script.forEach((f, i) => {
    // Clients can be cut off and paused (a GC pause of a lock holder, say), not crashed.
    const clientsOk = f.fault.kind === 'rule' || f.fault.kind === 'cut' || f.fault.kind === 'partition' || f.fault.kind === 'pause' || f.fault.kind === 'resume';
    for (const { node, path } of namedNodes(f.fault)) {
      if (!known.has(node) && !(clientsOk && clientIds.includes(node))) {
        issue(['nemesis', i, ...path], `unknown node '${node}' (this scenario has replicas ${ids[0]}..${ids[ids.length - 1]}${others ? `, ${others}` : ''}${clientsOk ? ` and clients c1..c${clientIds.length}` : ''}; targets may also be leader, follower or random)`);
      }
    }
    for (const { group, path } of namedGroups(f.fault)) {
      const g = groups.find((x) => x.name === group);
      if (g === undefined) issue(['nemesis', i, ...path], `unknown group '${group}' (expected ${groups.map((x) => x.name).join(', ')})`);
      else if (!g.crashable && !clientsOk) issue(['nemesis', i, ...path], `the ${group} group's members can be cut off and paused, not ${f.fault.kind === 'crash' ? 'crashed' : `given a ${f.fault.kind} fault`}`);
    }
    const { kinds, timer } = namedKinds(f.fault);
    for (const { kind, path } of kinds) {
      if (!messages.includes(kind)) issue(['nemesis', i, ...path], `protocol '${protocol.name}' sends no message of kind '${kind}' (its kinds: ${messages.join(', ')})`);
    }
    if (timer !== undefined && !timers.includes(timer.name)) issue(['nemesis', i, ...timer.path], `protocol '${protocol.name}' has no timer '${timer.name}' (its timers: ${timers.join(', ')})`);
  });
  for (const [i, link] of (plan.network.links ?? []).entries()) {
    for (const end of ['from', 'to'] as const) {
      const node = link[end];
      if (node !== undefined && !ids.includes(node) && !clientIds.includes(node)) issue(['network', 'links', i, end], `unknown node '${node}'`);
    }
  }
  return issues;
}

/** Throws SimConfigError for the first issue of a plan built in code. */
export function validatePlan(plan: RunPlan, registry: Registry = REGISTRY): void {
  const first = planIssues(plan, registry)[0];
  if (first !== undefined) throw new SimConfigError(`${formatPath(first.path)}: ${first.message}`);
}
