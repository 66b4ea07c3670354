import { Document, isCollection, visit } from 'yaml';
import type { Distribution } from '../sim/latency.js';
import type { Fault, ScheduledFault } from '../sim/nemesis.js';
import type { LinkOptions, NetworkOptions } from '../sim/network.js';
import type { MessageMatch, MessageRule } from '../sim/rules.js';
import type { Time } from '../sim/time.js';
import type { RunPlan } from './plan.js';

/**
 * Writes a run plan back as a scenario file, so a shrunk or swarm-generated run can be read and
 * rerun by a person. `parseScenario(toScenarioYaml(plan))` gives the plan back.
 */
export function toScenarioYaml(plan: RunPlan, header?: string): string {
  const doc: Record<string, unknown> = {
    name: plan.name,
    protocol: plan.protocol,
    replicas: plan.replicas,
    seed: plan.seed,
    duration: exact(plan.duration),
    settle: { length: exact(plan.settle.length), grace: exact(plan.settle.grace) },
    network: network(plan.network),
    disk: { fsync: dist(plan.disk.syncLatency) },
    workload: {
      kind: plan.workload.kind,
      clients: plan.workload.clients,
      rate: `${plan.workload.rate}/s`,
      keys: plan.workload.keys,
      mix: plan.workload.mix,
      timeout: exact(plan.workload.timeout),
    },
    nemesis: [
      ...plan.nemesis.script.map(scheduled),
      ...(plan.nemesis.random
        ? [
            {
              random: {
                every: dist(plan.nemesis.random.every),
                faults: plan.nemesis.random.faults,
                duration: dist(plan.nemesis.random.duration),
                ...(plan.nemesis.random.from === undefined ? {} : { from: exact(plan.nemesis.random.from) }),
                ...(plan.nemesis.random.until === undefined ? {} : { until: exact(plan.nemesis.random.until) }),
              },
            },
          ]
        : []),
    ],
    checks: plan.checks,
    consistency: plan.consistency,
    mutants: plan.mutants,
    ...(Object.keys(plan.options).length ? { options: plan.options } : {}),
    trace: plan.trace,
    ...(plan.expect === undefined ? {} : { expect: plan.expect }),
    ...(plan.kubernetes === undefined ? {} : { kubernetes: plan.kubernetes }),
  };
  const yaml = new Document(doc);
  // Short collections on one line, as people write scenarios: `{ at: 2s, crash: n1 }`.
  visit(yaml, {
    Collection(_, node) {
      if (isCollection(node) && JSON.stringify(node.toJSON()).length <= 90) node.flow = true;
    },
  });
  const body = yaml.toString({ flowCollectionPadding: true, lineWidth: 0 });
  return header ? `${header.split('\n').map((l) => `# ${l}`.trimEnd()).join('\n')}\n${body}` : body;
}

/** The exact duration text: whole seconds, whole milliseconds, or microseconds. */
export function exact(t: Time): string {
  if (t % 1_000_000 === 0) return `${t / 1_000_000}s`;
  if (t % 1_000 === 0) return `${t / 1_000}ms`;
  return `${t}us`;
}

function dist(d: Distribution): unknown {
  switch (d.kind) {
    case 'constant':
      return exact(d.value);
    case 'uniform':
      return { uniform: [exact(d.min), exact(d.max)] };
    case 'exponential':
      return { exponential: exact(d.mean), ...(d.min ? { min: exact(d.min) } : {}), ...(d.max === undefined ? {} : { max: exact(d.max) }) };
  }
}

function link(l: Partial<LinkOptions>): Record<string, unknown> {
  return {
    ...(l.latency === undefined ? {} : { latency: dist(l.latency) }),
    ...(l.drop === undefined ? {} : { drop: l.drop }),
    ...(l.duplicate === undefined ? {} : { duplicate: l.duplicate }),
    ...(l.reorder === undefined ? {} : { reorder: l.reorder }),
    ...(l.reorderDelay === undefined ? {} : { 'reorder-delay': dist(l.reorderDelay) }),
    ...(l.fifo === undefined ? {} : { fifo: l.fifo }),
  };
}

function network(n: NetworkOptions): Record<string, unknown> {
  const { links, ...rest } = n;
  return { ...link(rest), ...(links?.length ? { links: links.map(({ from, to, ...l }) => ({ ...(from ? { from } : {}), ...(to ? { to } : {}), ...link(l) })) } : {}) };
}

function scheduled(f: ScheduledFault): Record<string, unknown> {
  return { at: exact(f.at), ...fault(f.fault) };
}

function after(name: string, t: Time | undefined): Record<string, string> {
  return t === undefined ? {} : { [name]: exact(t) };
}

function match(m: MessageMatch, id: string, count: number | undefined): Record<string, unknown> {
  return { id, ...(m.from === undefined ? {} : { from: m.from }), ...(m.to === undefined ? {} : { to: m.to }), ...(m.kind === undefined ? {} : { kind: m.kind }), ...(count === undefined ? {} : { count }) };
}

function rule(r: MessageRule): Record<string, unknown> {
  const m = match(r.match, r.id, r.count);
  switch (r.action.kind) {
    case 'hold':
      return { hold: { ...m, bucket: r.action.bucket } };
    case 'drop':
      return { 'drop-messages': m };
    case 'crash-sender':
      return { 'crash-after-send': m };
    case 'crash-receiver':
      return { 'crash-after-receive': m };
  }
}

function fault(f: Fault): Record<string, unknown> {
  switch (f.kind) {
    case 'partition':
      return { partition: f.groups, ...after('heal-after', f.healAfter) };
    case 'isolate':
      return { isolate: f.node, ...after('heal-after', f.healAfter) };
    case 'cut':
      return { cut: { from: f.from, to: f.to, 'one-way': f.oneWay ?? false }, ...after('heal-after', f.healAfter) };
    case 'heal':
      return { heal: 'all' };
    case 'crash':
      return { crash: f.node, ...after('restart-after', f.restartAfter) };
    case 'restart':
      return { restart: f.node };
    case 'pause':
      return { pause: f.node, ...after('resume-after', f.resumeAfter) };
    case 'resume':
      return { resume: f.node };
    case 'skew':
      return { skew: { node: f.node, by: f.delta < 0 ? `-${exact(-f.delta)}` : exact(f.delta) } };
    case 'clock-rate':
      return { 'clock-rate': { node: f.node, rate: f.rate }, ...after('reset-after', f.resetAfter) };
    case 'network': {
      // only the fields the scenario's network schema accepts for a network fault
      const { latency, drop, duplicate, reorder } = f.settings;
      return { network: link({ ...(latency ? { latency } : {}), ...(drop === undefined ? {} : { drop }), ...(duplicate === undefined ? {} : { duplicate }), ...(reorder === undefined ? {} : { reorder }) }), ...after('reset-after', f.resetAfter) };
    }
    case 'disk-latency':
      return { 'slow-disk': { node: f.node, fsync: dist(f.latency) }, ...after('reset-after', f.resetAfter) };
    case 'disk-stall':
      return { 'disk-stall': { node: f.node, for: exact(f.duration) } };
    case 'rule':
      return rule(f.rule);
    case 'unrule':
      return { 'remove-rule': f.id };
    case 'release':
      return { release: f.bucket, ...(f.order === undefined ? {} : { order: f.order }) };
    case 'discard':
      return { discard: f.bucket };
    case 'fire-timer':
      return { 'fire-timer': { node: f.node, timer: f.timer } };
  }
}
