/**
 * A scenario's `kubernetes:` section: the cluster (nodes with capacity, zone, labels and taints),
 * the workloads (Deployments with requests and scheduling terms, Services, ConfigMaps), the
 * control plane's timings, and changes at given times (a rollout, a scale). `KUBERNETES_SPEC.parse`
 * validates it and fills the defaults, answering `{path, message}` issues as the options of a
 * protocol do, so the scenario loader reports them with the file, the line and the field.
 *
 * ```yaml
 * kubernetes:
 *   nodes:
 *     - { count: 3, cpu: 4, memory: 8Gi, zone: a }
 *     - { count: 2, cpu: 8, memory: 16Gi, zone: b, taints: [{ key: gpu, effect: NoSchedule }] }
 *   deployments:
 *     - { name: web, replicas: 12, cpu: 500m, memory: 256Mi, spread: [{ maxSkew: 1, topologyKey: zone }] }
 *   services: [{ name: web }]
 *   timings: { nodeMonitorGracePeriod: 10s, defaultTolerationSeconds: 20 }
 *   changes: [{ at: 30s, deployment: web, rollout: true }]
 * ```
 * `nodes: 6` is six nodes of the default shape (4 CPUs, 8Gi, 110 pods).
 */
import { z } from 'zod';
import type { Time } from '../../sim/time.js';
import type { OptionIssue, OptionsResult, OptionsSpec } from '../kit/options.js';
import { distribution, duration, found } from '../kit/units.js';
import type { Capacity, IntOrPercent, LabelSelector, Labels, NodeAffinity, NodeSelectorTerm, PodTemplate, Taint, Toleration, TopologySpreadConstraint } from './objects.js';
import { parseCpu, parseMemory } from './quantity.js';
import { LABEL_HOSTNAME, LABEL_ZONE } from './scheduler/topology-spread.js';
import { DEFAULT_TIMINGS, type Timings } from './timings.js';

/** One Kubernetes node, as its kubelet is built. */
export interface NodeSpec {
  readonly name: string;
  readonly capacity: Capacity;
  readonly labels: Labels;
  readonly taints: readonly Taint[];
}

export interface DeploymentSpec {
  readonly name: string;
  readonly replicas: number;
  readonly selector: LabelSelector;
  readonly template: PodTemplate;
  readonly maxSurge: IntOrPercent;
  readonly maxUnavailable: IntOrPercent;
  readonly minReadySeconds: number;
}

/** A change the operator makes at `at`: a new image (a rollout) and/or a new replica count. */
export interface ChangeSpec {
  readonly at: Time;
  readonly deployment: string;
  readonly replicas?: number;
  readonly image?: string;
}

export interface KubernetesSpec {
  readonly nodes: readonly NodeSpec[];
  readonly deployments: readonly DeploymentSpec[];
  readonly services: readonly { readonly name: string; readonly selector: Labels }[];
  readonly configMaps: readonly { readonly name: string; readonly data: Readonly<Record<string, string>> }[];
  readonly timings: Timings;
  readonly changes: readonly ChangeSpec[];
}

// ---- the schema ---------------------------------------------------------------------------------

const count = (min: number) => z.number({ error: (i) => `expected a whole number of at least ${min}, found ${found(i.input)}` }).int(`expected a whole number of at least ${min}`).min(min, `expected a whole number of at least ${min}`);
const name = z.string({ error: (i) => `expected a name, found ${found(i.input)}` }).regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'expected a lowercase name of letters, digits, - and . (as Kubernetes names are)');
const labels = z.record(z.string(), z.string({ error: (i) => `expected a label value (a string), found ${found(i.input)}` }), { error: (i) => `expected a map of labels, found ${found(i.input)}` });
const quantity = z.union([z.string(), z.number()], { error: (i) => `expected a quantity such as 500m or 256Mi, found ${found(i.input)}` });
const effect = z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute'], { error: (i) => `expected NoSchedule, PreferNoSchedule or NoExecute, found ${found(i.input)}` });
const intOrPercent = z.union([count(0), z.string().regex(/^\d+%$/, 'expected a count or a percentage such as 25%')], { error: (i) => `expected a count or a percentage such as 25%, found ${found(i.input)}` });
const nonNegative = z.number({ error: (i) => `expected a non-negative number, found ${found(i.input)}` }).min(0, 'expected a non-negative number');
const rate = nonNegative;
const fraction = z.number({ error: (i) => `expected a number between 0 and 1, found ${found(i.input)}` }).min(0).max(1, 'expected a number between 0 and 1');

const taint = z.strictObject({ key: z.string(), value: z.string().optional(), effect });
const toleration = z.strictObject({
  key: z.string().optional(),
  operator: z.enum(['Equal', 'Exists'], { error: (i) => `expected Equal or Exists, found ${found(i.input)}` }).optional(),
  value: z.string().optional(),
  effect: effect.optional(),
  tolerationSeconds: count(0).optional(),
});
const requirement = z.strictObject({
  key: z.string(),
  operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'], { error: (i) => `expected In, NotIn, Exists, DoesNotExist, Gt or Lt, found ${found(i.input)}` }),
  values: z.array(z.string()).optional(),
});
const term = z.array(requirement, { error: 'expected a list of requirements ({key, operator, values})' });
const affinity = z.strictObject({
  required: z.array(term, { error: 'expected a list of terms (each a list of requirements)' }).optional(),
  preferred: z.array(z.strictObject({ weight: count(1).max(100, 'expected a weight from 1 to 100'), match: term })).optional(),
});
const spread = z.strictObject({
  maxSkew: count(1),
  topologyKey: z.string(),
  whenUnsatisfiable: z.enum(['DoNotSchedule', 'ScheduleAnyway'], { error: (i) => `expected DoNotSchedule or ScheduleAnyway, found ${found(i.input)}` }).optional(),
  minDomains: count(1).optional(),
  selector: labels.optional(),
});
const nodeGroup = z.strictObject({
  count: count(1).optional(),
  name: name.optional(),
  cpu: quantity.optional(),
  memory: quantity.optional(),
  pods: count(1).optional(),
  zone: z.string().optional(),
  labels: labels.optional(),
  taints: z.array(taint).optional(),
});
const deployment = z.strictObject({
  name,
  replicas: count(0),
  cpu: quantity.optional(),
  memory: quantity.optional(),
  image: z.string().optional(),
  labels: labels.optional(),
  priority: z.number().int().optional(),
  nodeSelector: labels.optional(),
  affinity: affinity.optional(),
  tolerations: z.array(toleration).optional(),
  spread: z.array(spread).optional(),
  maxSurge: intOrPercent.optional(),
  maxUnavailable: intOrPercent.optional(),
  minReadySeconds: count(0).optional(),
});
const service = z.strictObject({ name, selector: labels.optional() });
const configMap = z.strictObject({ name, data: z.record(z.string(), z.string()).optional() });
const change = z.strictObject({ at: duration, deployment: name, replicas: count(0).optional(), image: z.string().optional(), rollout: z.boolean().optional() });
const timings = z.strictObject({
  requestTimeout: duration.optional(),
  sessionTimeout: duration.optional(),
  relistEvery: duration.optional(),
  resyncEvery: duration.optional(),
  nodeLeaseDuration: duration.optional(),
  nodeLeaseRenewInterval: duration.optional(),
  nodeStatusUpdateFrequency: duration.optional(),
  podStartup: distribution.optional(),
  nodeMonitorPeriod: duration.optional(),
  nodeMonitorGracePeriod: duration.optional(),
  nodeStartupGracePeriod: duration.optional(),
  nodeEvictionRate: rate.optional(),
  secondaryNodeEvictionRate: rate.optional(),
  unhealthyZoneThreshold: fraction.optional(),
  largeClusterSizeThreshold: count(0).optional(),
  defaultTolerationSeconds: count(0).optional(),
  schedulingCycle: duration.optional(),
  podInitialBackoff: duration.optional(),
  podMaxBackoff: duration.optional(),
  unschedulableFlush: duration.optional(),
});

const nodeGroups = z.array(nodeGroup, { error: (i) => `expected a node count or a list of node groups, found ${found(i.input)}` });
/** A node count, or a list of node groups (a union would hide where in the list a mistake is). */
const nodes = z.unknown().transform((v, ctx): z.output<typeof nodeGroups> => {
  const r = typeof v === 'number' ? count(1).transform((n) => [{ count: n }]).safeParse(v) : nodeGroups.safeParse(v);
  if (r.success) return r.data;
  for (const issue of r.error.issues) {
    const d = describe(issue);
    ctx.addIssue({ code: 'custom', message: d.message, path: [...d.path] });
  }
  return z.NEVER;
});

const SHAPE = {
  nodes,
  deployments: z.array(deployment, { error: 'expected a list of deployments' }).optional(),
  services: z.array(service, { error: 'expected a list of services' }).optional(),
  configMaps: z.array(configMap, { error: 'expected a list of config maps' }).optional(),
  timings: timings.optional(),
  changes: z.array(change, { error: 'expected a list of changes ({at, deployment, replicas | image | rollout})' }).optional(),
};
const SCHEMA = z.strictObject(SHAPE);
type Raw = z.output<typeof SCHEMA>;

export const DEFAULT_NODE: Capacity = { cpu: 4_000, memory: 8 * 2 ** 30, pods: 110 };
/** The requests a deployment's container gets when the spec names none. */
export const DEFAULT_REQUESTS = { cpu: 100, memory: 128 * 2 ** 20 };

/** Topology keys may be written short: `zone`, `hostname`. */
function topologyKey(key: string): string {
  return key === 'zone' ? LABEL_ZONE : key === 'hostname' ? LABEL_HOSTNAME : key;
}

// ---- building ----------------------------------------------------------------------------------

type Complain = (path: readonly (string | number)[], message: string) => void;

function build(raw: Raw, complain: Complain): KubernetesSpec {
  const nodes: NodeSpec[] = [];
  const groups = typeof raw.nodes === 'number' ? [{ count: raw.nodes }] : raw.nodes;
  groups.forEach((g, gi) => {
    const cpu = g.cpu === undefined ? DEFAULT_NODE.cpu : parseCpu(g.cpu);
    const memory = g.memory === undefined ? DEFAULT_NODE.memory : parseMemory(g.memory);
    if (cpu === undefined || cpu <= 0) complain(['nodes', gi, 'cpu'], `expected a CPU quantity such as 4 or 3500m, found ${found(g.cpu)}`);
    if (memory === undefined || memory <= 0) complain(['nodes', gi, 'memory'], `expected a memory quantity such as 8Gi, found ${found(g.memory)}`);
    const n = g.count ?? 1;
    if (g.name !== undefined && n > 1) complain(['nodes', gi, 'name'], 'a named node group holds one node (leave count out)');
    for (let i = 0; i < n; i++) {
      const nodeName = g.name ?? `node-${nodes.length + 1}`;
      if (nodes.some((x) => x.name === nodeName)) complain(['nodes', gi, 'name'], `node name "${nodeName}" is used twice`);
      nodes.push({
        name: nodeName,
        capacity: { cpu: cpu ?? 0, memory: memory ?? 0, pods: g.pods ?? DEFAULT_NODE.pods },
        labels: { ...(g.labels ?? {}), ...(g.zone === undefined ? {} : { [LABEL_ZONE]: g.zone }) },
        taints: (g.taints ?? []).map((t) => ({ key: t.key, ...(t.value === undefined ? {} : { value: t.value }), effect: t.effect })),
      });
    }
  });

  const deployments: DeploymentSpec[] = (raw.deployments ?? []).map((d, di) => {
    const at = (field: string): (string | number)[] => ['deployments', di, field];
    const cpu = d.cpu === undefined ? DEFAULT_REQUESTS.cpu : parseCpu(d.cpu);
    const memory = d.memory === undefined ? DEFAULT_REQUESTS.memory : parseMemory(d.memory);
    if (cpu === undefined) complain(at('cpu'), `expected a CPU quantity such as 500m, found ${found(d.cpu)}`);
    if (memory === undefined) complain(at('memory'), `expected a memory quantity such as 256Mi, found ${found(d.memory)}`);
    const podLabels: Labels = d.labels ?? { app: d.name };
    const nodeAffinity: NodeAffinity | undefined =
      d.affinity === undefined
        ? undefined
        : {
            ...(d.affinity.required ? { required: d.affinity.required.map(toTerm) } : {}),
            ...(d.affinity.preferred ? { preferred: d.affinity.preferred.map((p) => ({ weight: p.weight, preference: toTerm(p.match) })) } : {}),
          };
    const tolerations: Toleration[] = (d.tolerations ?? []).map((t) => ({ ...t }) as Toleration);
    const constraints: TopologySpreadConstraint[] = (d.spread ?? []).map((s) => ({
      maxSkew: s.maxSkew,
      topologyKey: topologyKey(s.topologyKey),
      whenUnsatisfiable: s.whenUnsatisfiable ?? 'DoNotSchedule',
      labelSelector: { matchLabels: s.selector ?? podLabels },
      ...(s.minDomains === undefined ? {} : { minDomains: s.minDomains }),
    }));
    const maxSurge = d.maxSurge ?? '25%';
    const maxUnavailable = d.maxUnavailable ?? '25%';
    if ((maxSurge === 0 || maxSurge === '0%') && (maxUnavailable === 0 || maxUnavailable === '0%')) complain(at('maxUnavailable'), 'maxSurge and maxUnavailable cannot both be 0');
    const template: PodTemplate = {
      metadata: { labels: podLabels },
      spec: {
        containers: [{ name: d.name, image: d.image ?? `${d.name}:1`, requests: { cpu: cpu ?? 0, memory: memory ?? 0 } }],
        ...(d.priority === undefined ? {} : { priority: d.priority }),
        ...(d.nodeSelector === undefined ? {} : { nodeSelector: d.nodeSelector }),
        ...(nodeAffinity === undefined ? {} : { affinity: { nodeAffinity } }),
        ...(tolerations.length === 0 ? {} : { tolerations }),
        ...(constraints.length === 0 ? {} : { topologySpreadConstraints: constraints }),
      },
    };
    return { name: d.name, replicas: d.replicas, selector: { matchLabels: podLabels }, template, maxSurge, maxUnavailable, minReadySeconds: d.minReadySeconds ?? 0 };
  });
  const names = new Set<string>();
  deployments.forEach((d, i) => {
    if (names.has(d.name)) complain(['deployments', i, 'name'], `deployment "${d.name}" is declared twice`);
    names.add(d.name);
  });

  const services = (raw.services ?? []).map((s, i) => {
    const selector = s.selector ?? deployments.find((d) => d.name === s.name)?.template.metadata.labels;
    if (selector === undefined) complain(['services', i, 'selector'], `give a selector (no deployment is named "${s.name}")`);
    return { name: s.name, selector: selector ?? {} };
  });
  const configMaps = (raw.configMaps ?? []).map((c) => ({ name: c.name, data: c.data ?? {} }));

  const t = raw.timings ?? {};
  const timingsOut: Timings = { ...DEFAULT_TIMINGS, ...(Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined)) as Partial<Timings>) };
  for (const key of ['requestTimeout', 'sessionTimeout', 'relistEvery', 'resyncEvery', 'nodeLeaseDuration', 'nodeLeaseRenewInterval', 'nodeStatusUpdateFrequency', 'nodeMonitorPeriod', 'schedulingCycle', 'podInitialBackoff', 'podMaxBackoff', 'unschedulableFlush'] as const) {
    if (!(timingsOut[key] > 0)) complain(['timings', key], 'expected a positive duration');
  }
  if (timingsOut.nodeLeaseRenewInterval >= timingsOut.nodeMonitorGracePeriod) complain(['timings', 'nodeLeaseRenewInterval'], 'must be shorter than nodeMonitorGracePeriod, or every node looks dead between heartbeats');
  if (timingsOut.podMaxBackoff < timingsOut.podInitialBackoff) complain(['timings', 'podMaxBackoff'], 'must be at least podInitialBackoff');

  let last = -1;
  const changes: ChangeSpec[] = (raw.changes ?? []).map((c, i) => {
    if (c.at < last) complain(['changes', i, 'at'], 'changes must be in time order');
    last = c.at;
    const d = deployments.find((x) => x.name === c.deployment);
    if (d === undefined) complain(['changes', i, 'deployment'], `no deployment is named "${c.deployment}" (deployments: ${deployments.map((x) => x.name).join(', ') || 'none'})`);
    if (c.replicas === undefined && c.image === undefined && c.rollout !== true) complain(['changes', i], 'give replicas, image or rollout: true');
    const image = c.image ?? (c.rollout === true ? `${c.deployment}:${i + 2}` : undefined);
    return { at: c.at, deployment: c.deployment, ...(c.replicas === undefined ? {} : { replicas: c.replicas }), ...(image === undefined ? {} : { image }) };
  });
  return { nodes, deployments, services, configMaps, timings: timingsOut, changes };
}

function toTerm(reqs: readonly { key: string; operator: NodeSelectorTerm['matchExpressions'][number]['operator']; values?: string[] | undefined }[]): NodeSelectorTerm {
  return { matchExpressions: reqs.map((r) => ({ key: topologyKey(r.key), operator: r.operator, ...(r.values === undefined ? {} : { values: r.values }) })) };
}

/** The `kubernetes:` section's parser: defaults filled, issues named by path. */
export const KUBERNETES_SPEC: OptionsSpec<KubernetesSpec> = {
  keys: Object.keys(SHAPE),
  parse(raw): OptionsResult<KubernetesSpec> {
    const parsed = SCHEMA.safeParse(raw ?? {});
    if (!parsed.success) return { ok: false, issues: parsed.error.issues.map(describe) };
    const issues: OptionIssue[] = [];
    const value = build(parsed.data, (path, message) => issues.push({ path, message }));
    return issues.length ? { ok: false, issues } : { ok: true, value };
  },
};

function describe(i: z.core.$ZodIssue): OptionIssue {
  const path = i.path as (string | number)[];
  if (i.code === 'unrecognized_keys') return { path: [...path, String(i.keys[0])], message: 'unknown field' };
  const message = i.message.startsWith('Invalid input: ') ? i.message.slice('Invalid input: '.length) : i.message;
  return { path, message };
}
