/**
 * The shape of what a run folder's result.json holds that later verbs run again: the resolved
 * plan (every unit in microseconds) and the faults as they happened. A run folder is an input like
 * any other (people share them), so `replay`, `shrink` and `view` check it against this before
 * they run anything, and a wrong field is bad input that names it, never an internal error.
 */
import { z } from 'zod';
import { FAULT_HANDLERS } from '../sim/nemesis/handlers.js';

const time = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const signedTime = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);
const probability = z.number().min(0).max(1);
const name = z.string().min(1).max(200);

const distribution = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('constant'), value: time }),
  z.strictObject({ kind: z.literal('uniform'), min: time, max: time }),
  z.strictObject({ kind: z.literal('exponential'), mean: time, min: time.optional(), max: time.optional() }),
]);

const linkFields = {
  latency: distribution.optional(),
  drop: probability.optional(),
  duplicate: probability.optional(),
  reorder: probability.optional(),
  reorderDelay: distribution.optional(),
  fifo: z.boolean().optional(),
};
const linkSettings = z.strictObject(linkFields);

const target = z.union([name, z.strictObject({ pick: z.enum(['leader', 'follower', 'random']), group: name })]);
const nodeOrAll = name;
const nodes = z.array(name).max(10_000);
const oneOrMany = z.union([name, nodes]);
const after = time.optional();

const rule = z.strictObject({
  id: name,
  match: z.strictObject({ from: oneOrMany.optional(), to: oneOrMany.optional(), kind: oneOrMany.optional() }),
  action: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('drop') }),
    z.strictObject({ kind: z.literal('hold'), bucket: name }),
    z.strictObject({ kind: z.literal('crash-sender') }),
    z.strictObject({ kind: z.literal('crash-receiver') }),
  ]),
  count: z.number().int().positive().optional(),
});

const KNOWN_FAULTS = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('partition'), groups: z.array(nodes).max(1_000), healAfter: after }),
  z.strictObject({ kind: z.literal('isolate'), node: target, healAfter: after }),
  z.strictObject({ kind: z.literal('cut'), from: nodes, to: nodes, oneWay: z.boolean().optional(), healAfter: after }),
  z.strictObject({ kind: z.literal('heal') }),
  z.strictObject({ kind: z.literal('crash'), node: target, restartAfter: after }),
  z.strictObject({ kind: z.literal('restart'), node: nodeOrAll }),
  z.strictObject({ kind: z.literal('pause'), node: target, resumeAfter: after }),
  z.strictObject({ kind: z.literal('resume'), node: nodeOrAll }),
  z.strictObject({ kind: z.literal('skew'), node: target, delta: signedTime }),
  z.strictObject({ kind: z.literal('clock-rate'), node: target, rate: z.number().positive().max(1_000), resetAfter: after }),
  z.strictObject({ kind: z.literal('network'), settings: linkSettings, resetAfter: after }),
  z.strictObject({ kind: z.literal('disk-latency'), node: target, latency: distribution, resetAfter: after }),
  z.strictObject({ kind: z.literal('disk-stall'), node: target, duration: time }),
  z.strictObject({ kind: z.literal('rule'), rule }),
  z.strictObject({ kind: z.literal('unrule'), id: name }),
  z.strictObject({ kind: z.literal('release'), bucket: name, order: z.union([z.enum(['fifo', 'lifo']), z.array(z.number().int().nonnegative())]).optional() }),
  z.strictObject({ kind: z.literal('discard'), bucket: name }),
  z.strictObject({ kind: z.literal('fire-timer'), node: target, timer: name }),
]);

/** Kinds the kernel has a handler for that this schema does not spell out yet: taken as they are. */
const OTHER_KINDS = Object.keys(FAULT_HANDLERS).filter((k) => !KNOWN_FAULTS.options.some((o) => o.shape.kind.value === k));
const fault = OTHER_KINDS.length === 0 ? KNOWN_FAULTS : z.union([KNOWN_FAULTS, z.looseObject({ kind: z.enum(OTHER_KINDS as [string, ...string[]]) })]);

export const scheduledFaults = z.array(z.strictObject({ at: time, fault })).max(1_000_000);

const RANDOM_KINDS = ['partition', 'isolate', 'crash', 'pause', 'skew', 'clock-rate', 'drop', 'duplicate', 'reorder', 'slow-disk', 'disk-stall'] as const;

/**
 * A RunPlan as result.json holds it (scenarios/plan.ts). Fields this schema does not know pass
 * (a newer Ensemble may add some; `run` validates what it uses); the ones it knows must fit.
 */
export const savedPlan = z.looseObject({
  name: z.string().max(1_000),
  protocol: name,
  replicas: z.number().int().min(1).max(15),
  seed: z.number().int().nonnegative().max(2 ** 32 - 1),
  duration: time,
  settle: z.strictObject({ length: time, grace: time }),
  network: z.strictObject({ ...linkFields, links: z.array(z.strictObject({ from: name.optional(), to: name.optional(), ...linkFields })).max(10_000).optional() }),
  disk: z.strictObject({ syncLatency: distribution }),
  workload: z.strictObject({
    kind: name,
    clients: z.number().int().min(1).max(1_000),
    rate: z.number().positive().max(1e9),
    keys: z.number().int().min(1).max(10_000),
    mix: z.record(name, z.number().nonnegative()),
    timeout: time,
  }),
  nemesis: z.strictObject({
    script: scheduledFaults,
    random: z
      .strictObject({
        every: distribution,
        faults: z.array(z.enum(RANDOM_KINDS)).min(1),
        duration: distribution,
        from: time.optional(),
        until: time.optional(),
      })
      .optional(),
  }),
  checks: z.array(name),
  consistency: z.enum(['linearizable', 'zookeeper']),
  mutants: z.array(name),
  options: z.record(name, z.record(z.string(), z.unknown())),
  trace: z.enum(['none', 'state', 'messages', 'full']),
  expect: z.enum(['ok', 'violation']).optional(),
});

/** `plan.nemesis.script[3].fault.node` from a zod issue's path. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

/** The first issue of a failed parse, as `field: problem` (the field under `prefix`, when given). */
export function firstIssue(error: z.ZodError, prefix: string): string {
  const issue = error.issues[0];
  const path = fieldPath([...(prefix ? [prefix] : []), ...(issue?.path ?? [])]);
  const message = issue === undefined ? 'not what Ensemble writes' : issue.code === 'unrecognized_keys' ? `unknown field '${String(issue.keys[0])}'` : issue.message.replace(/^Invalid input: /, '');
  return path ? `${path}: ${message}` : message;
}
