import { z } from 'zod';
import type { Fault, RandomFaultKind, RandomNemesisOptions, ScheduledFault, Target } from '../sim/nemesis.js';
import { RANDOM_FAULT_KINDS } from '../sim/nemesis.js';
import type { MessageMatch, RuleAction } from '../sim/rules.js';
import { distribution, duration, probability, signedDuration } from '../protocols/kit/units.js';

/**
 * The nemesis section of a scenario: a list whose entries are either a scripted fault at a time
 * (`{at: 10s, crash: leader, restart-after: 5s}`) or the random mode (`{random: {...}}`).
 */

const TARGET_ERROR = 'expected a node name, leader, follower or random, or {random-of: group} (also leader-of, follower-of)';
const groupPick = z.union([z.strictObject({ 'random-of': z.string().min(1) }), z.strictObject({ 'leader-of': z.string().min(1) }), z.strictObject({ 'follower-of': z.string().min(1) })], { error: TARGET_ERROR });
const target = z.union([z.string().min(1), groupPick], { error: TARGET_ERROR });

/** A target as written (`leader`, `n2`, `{random-of: client}`) as the nemesis takes it. */
function toTarget(v: string | Record<string, string>): Target {
  if (typeof v === 'string') return v;
  const [key, group] = Object.entries(v)[0]!;
  return { pick: key === 'leader-of' ? 'leader' : key === 'follower-of' ? 'follower' : 'random', group };
}
const nodes = z.array(z.string().min(1), { error: 'expected a list of node names' });
const after = duration.optional();

const match = {
  from: z.union([z.string(), nodes]).optional(),
  to: z.union([z.string(), nodes]).optional(),
  kind: z.union([z.string(), z.array(z.string())]).optional(),
  count: z.number().int().positive().optional(),
  id: z.string().optional(),
};

/** One schema per fault key; each entry has `at` and exactly one of these keys (plus its modifiers). */
const FAULTS = {
  partition: z.strictObject({ partition: z.array(nodes, { error: 'expected a list of groups, each a list of node names' }), 'heal-after': after }),
  isolate: z.strictObject({ isolate: target, 'heal-after': after }),
  cut: z.strictObject({ cut: z.strictObject({ from: nodes, to: nodes, 'one-way': z.boolean().optional() }), 'heal-after': after }),
  heal: z.strictObject({ heal: z.union([z.literal('all'), z.literal(true)], { error: 'expected heal: all' }) }),
  crash: z.strictObject({ crash: target, 'restart-after': after }),
  restart: z.strictObject({ restart: z.string({ error: 'expected a node name or all' }).min(1) }),
  pause: z.strictObject({ pause: target, 'resume-after': after }),
  resume: z.strictObject({ resume: z.string({ error: 'expected a node name or all' }).min(1) }),
  skew: z.strictObject({ skew: z.strictObject({ node: target, by: signedDuration }) }),
  'clock-rate': z.strictObject({ 'clock-rate': z.strictObject({ node: target, rate: z.number().positive() }), 'reset-after': after }),
  network: z.strictObject({
    network: z.strictObject({ latency: distribution.optional(), drop: probability.optional(), duplicate: probability.optional(), reorder: probability.optional() }),
    'reset-after': after,
  }),
  'slow-disk': z.strictObject({ 'slow-disk': z.strictObject({ node: target, fsync: distribution }), 'reset-after': after }),
  'disk-stall': z.strictObject({ 'disk-stall': z.strictObject({ node: target, for: duration }) }),
  hold: z.strictObject({ hold: z.strictObject({ ...match, bucket: z.string() }) }),
  'drop-messages': z.strictObject({ 'drop-messages': z.strictObject(match) }),
  'crash-after-send': z.strictObject({ 'crash-after-send': z.strictObject(match) }),
  'crash-after-receive': z.strictObject({ 'crash-after-receive': z.strictObject(match) }),
  'remove-rule': z.strictObject({ 'remove-rule': z.string() }),
  release: z.strictObject({ release: z.string(), order: z.union([z.enum(['fifo', 'lifo']), z.array(z.number().int().nonnegative())]).optional() }),
  discard: z.strictObject({ discard: z.string() }),
  'fire-timer': z.strictObject({ 'fire-timer': z.strictObject({ node: target, timer: z.string() }) }),
} as const;

export const FAULT_KEYS = Object.keys(FAULTS) as (keyof typeof FAULTS)[];

const randomSchema = z.strictObject({
  every: distribution,
  faults: z.array(z.enum(RANDOM_FAULT_KINDS as unknown as [RandomFaultKind, ...RandomFaultKind[]])).min(1),
  duration: distribution.optional(),
  from: duration.optional(),
  until: duration.optional(),
});

export interface NemesisPlan {
  readonly script: ScheduledFault[];
  readonly random?: RandomNemesisOptions;
}

/** Parses the list; reports problems through `ctx` with paths relative to the list. */
export const nemesisSchema = z.array(z.unknown(), { error: 'expected a list of faults' }).transform((entries, ctx): NemesisPlan => {
  const script: ScheduledFault[] = [];
  let random: RandomNemesisOptions | undefined;
  entries.forEach((entry, i) => {
    const issue = (message: string, path: (string | number)[] = []) => ctx.addIssue({ code: 'custom', message, path: [i, ...path] });
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      issue(`expected a fault such as {at: 10s, crash: leader} or {random: {...}}`);
      return;
    }
    const o = entry as Record<string, unknown>;
    if ('random' in o) {
      const extraKeys = Object.keys(o).filter((k) => k !== 'random');
      if (extraKeys.length) issue(`unknown field '${extraKeys[0]}' beside random`, [extraKeys[0]!]);
      if (random) issue('only one random entry is allowed');
      const r = randomSchema.safeParse(o['random']);
      if (!r.success) {
        for (const is of r.error.issues) issue(is.message, ['random', ...(is.path as (string | number)[])]);
        return;
      }
      random = {
        every: r.data.every,
        faults: r.data.faults,
        duration: r.data.duration ?? { kind: 'uniform', min: 500_000, max: 3_000_000 },
        ...(r.data.from === undefined ? {} : { from: r.data.from }),
        ...(r.data.until === undefined ? {} : { until: r.data.until }),
      };
      return;
    }
    const { at: rawAt, ...rest } = o;
    const at = duration.safeParse(rawAt);
    if (!at.success) issue(rawAt === undefined ? "missing field 'at' (when the fault happens, e.g. at: 10s)" : at.error.issues[0]!.message, ['at']);
    const keys = FAULT_KEYS.filter((k) => k in rest);
    if (keys.length !== 1) {
      issue(
        keys.length === 0
          ? `expected one fault key (${FAULT_KEYS.join(', ')}), found ${Object.keys(rest).length ? Object.keys(rest).map((k) => `'${k}'`).join(', ') : 'none'}`
          : `expected one fault per entry, found ${keys.join(' and ')}`,
      );
      return;
    }
    const key = keys[0]!;
    const parsed = FAULTS[key].safeParse(rest);
    if (!parsed.success) {
      for (const is of parsed.error.issues) {
        const message = is.code === 'unrecognized_keys' ? `unknown field '${is.keys[0]}' for a ${key} fault` : is.message;
        issue(message, is.code === 'unrecognized_keys' ? [...(is.path as (string | number)[]), is.keys[0]!] : (is.path as (string | number)[]));
      }
      return;
    }
    if (at.success) script.push({ at: at.data, fault: toFault(key, parsed.data as Record<string, unknown>, i) });
  });
  return random ? { script, random } : { script };
});

function toFault(key: keyof typeof FAULTS, d: Record<string, any>, index: number): Fault {
  const opt = <K extends string>(name: K, value: unknown) => (value === undefined ? {} : ({ [name]: value } as Record<K, number>));
  switch (key) {
    case 'partition':
      return { kind: 'partition', groups: d['partition'], ...opt('healAfter', d['heal-after']) };
    case 'isolate':
      return { kind: 'isolate', node: toTarget(d['isolate']), ...opt('healAfter', d['heal-after']) };
    case 'cut':
      return { kind: 'cut', from: d['cut'].from, to: d['cut'].to, oneWay: d['cut']['one-way'] ?? false, ...opt('healAfter', d['heal-after']) };
    case 'heal':
      return { kind: 'heal' };
    case 'crash':
      return { kind: 'crash', node: toTarget(d['crash']), ...opt('restartAfter', d['restart-after']) };
    case 'restart':
      return { kind: 'restart', node: d['restart'] };
    case 'pause':
      return { kind: 'pause', node: toTarget(d['pause']), ...opt('resumeAfter', d['resume-after']) };
    case 'resume':
      return { kind: 'resume', node: d['resume'] };
    case 'skew':
      return { kind: 'skew', node: toTarget(d['skew'].node), delta: d['skew'].by };
    case 'clock-rate':
      return { kind: 'clock-rate', node: toTarget(d['clock-rate'].node), rate: d['clock-rate'].rate, ...opt('resetAfter', d['reset-after']) };
    case 'network': {
      const n = d['network'];
      const settings = Object.fromEntries(Object.entries(n).filter(([, v]) => v !== undefined));
      return { kind: 'network', settings, ...opt('resetAfter', d['reset-after']) };
    }
    case 'slow-disk':
      return { kind: 'disk-latency', node: toTarget(d['slow-disk'].node), latency: d['slow-disk'].fsync, ...opt('resetAfter', d['reset-after']) };
    case 'disk-stall':
      return { kind: 'disk-stall', node: toTarget(d['disk-stall'].node), duration: d['disk-stall'].for };
    case 'hold':
      return rule(d['hold'], { kind: 'hold', bucket: d['hold'].bucket }, index);
    case 'drop-messages':
      return rule(d['drop-messages'], { kind: 'drop' }, index);
    case 'crash-after-send':
      return rule(d['crash-after-send'], { kind: 'crash-sender' }, index);
    case 'crash-after-receive':
      return rule(d['crash-after-receive'], { kind: 'crash-receiver' }, index);
    case 'remove-rule':
      return { kind: 'unrule', id: d['remove-rule'] };
    case 'release':
      return { kind: 'release', bucket: d['release'], ...(d['order'] === undefined ? {} : { order: d['order'] }) };
    case 'discard':
      return { kind: 'discard', bucket: d['discard'] };
    case 'fire-timer':
      return { kind: 'fire-timer', node: toTarget(d['fire-timer'].node), timer: d['fire-timer'].timer };
  }
}

function rule(m: Record<string, any>, action: RuleAction, index: number): Fault {
  const match: MessageMatch = {
    ...(m['from'] === undefined ? {} : { from: m['from'] }),
    ...(m['to'] === undefined ? {} : { to: m['to'] }),
    ...(m['kind'] === undefined ? {} : { kind: m['kind'] }),
  };
  return { kind: 'rule', rule: { id: m['id'] ?? `rule-${index}`, match, action, ...(m['count'] === undefined ? {} : { count: m['count'] }) } };
}

/** Every group a fault's target names (`{random-of: g}`), with its path inside the entry. */
export function namedGroups(fault: Fault): { group: string; path: (string | number)[] }[] {
  if (!('node' in fault) || typeof fault.node !== 'object') return [];
  const key = fault.kind === 'disk-latency' ? 'slow-disk' : fault.kind;
  const field = fault.kind === 'crash' || fault.kind === 'pause' || fault.kind === 'isolate' ? [key] : [key, 'node'];
  return [{ group: fault.node.group, path: [...field, `${fault.node.pick}-of`] }];
}

/** Every node name a fault mentions, with its path inside the entry, for checking against the cluster. */
export function namedNodes(fault: Fault): { node: string; path: (string | number)[] }[] {
  if ('node' in fault && typeof fault.node === 'object') return [];
  switch (fault.kind) {
    case 'partition':
      return fault.groups.flatMap((g, gi) => g.map((node, ni) => ({ node, path: ['partition', gi, ni] })));
    case 'cut':
      return [...fault.from.map((node, i) => ({ node, path: ['cut', 'from', i] })), ...fault.to.map((node, i) => ({ node, path: ['cut', 'to', i] }))];
    case 'isolate':
    case 'crash':
    case 'pause':
    case 'restart':
    case 'resume':
      return [{ node: fault.node as string, path: [fault.kind] }];
    case 'skew':
    case 'clock-rate':
    case 'fire-timer':
      return [{ node: fault.node as string, path: [fault.kind, 'node'] }];
    case 'disk-latency':
      return [{ node: fault.node as string, path: ['slow-disk', 'node'] }];
    case 'disk-stall':
      return [{ node: fault.node as string, path: ['disk-stall', 'node'] }];
    case 'rule': {
      const out: { node: string; path: (string | number)[] }[] = [];
      const key = ruleKey(fault.rule.action.kind);
      for (const field of ['from', 'to'] as const) {
        const v = fault.rule.match[field];
        if (typeof v === 'string') out.push({ node: v, path: [key, field] });
        else v?.forEach((node, i) => out.push({ node, path: [key, field, i] }));
      }
      return out;
    }
    case 'heal':
    case 'network':
    case 'unrule':
    case 'release':
    case 'discard':
      return [];
  }
}

/** Where a fault names a message kind (rules) or a timer (`fire-timer`), for checking against the protocol. */
export function namedKinds(fault: Fault): { kinds: { kind: string; path: (string | number)[] }[]; timer?: { name: string; path: (string | number)[] } } {
  if (fault.kind === 'fire-timer') return { kinds: [], timer: { name: fault.timer, path: ['fire-timer', 'timer'] } };
  if (fault.kind !== 'rule') return { kinds: [] };
  const key = ruleKey(fault.rule.action.kind);
  const k = fault.rule.match.kind;
  if (k === undefined) return { kinds: [] };
  return { kinds: typeof k === 'string' ? [{ kind: k, path: [key, 'kind'] }] : k.map((kind, i) => ({ kind, path: [key, 'kind', i] })) };
}

function ruleKey(action: 'drop' | 'hold' | 'crash-sender' | 'crash-receiver'): string {
  return action === 'hold' ? 'hold' : action === 'drop' ? 'drop-messages' : action === 'crash-sender' ? 'crash-after-send' : 'crash-after-receive';
}
