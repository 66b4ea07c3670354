/**
 * fast-check arbitraries for what a test varies: faults, fault schedules, network settings,
 * workloads and whole runs. Schedules are scripted faults (not the random nemesis), so a failing
 * case shrinks to fewer, shorter, simpler faults and prints as a scenario file a person can run.
 * They compose with your own arbitraries: `runArb(base, ...)` varies a plan you wrote.
 */
import fc from 'fast-check';
import type { Fault, FaultKind, ScheduledFault, Target } from '../sim/nemesis.js';
import type { NetworkOptions } from '../sim/network.js';
import type { NodeId } from '../sim/node.js';
import type { Time } from '../sim/time.js';
import type { RunPlan, WorkloadPlan } from '../scenarios/plan.js';
import { namedNodes } from '../scenarios/faults.js';
import { CLIENTS, plannedGroups, REPLICAS } from '../scenarios/groups.js';



/** The fault kinds a generated schedule draws from by default: every kind that needs no message rule. */
export const SCHEDULED_FAULT_KINDS: readonly FaultKind[] = ['partition', 'isolate', 'cut', 'crash', 'pause', 'skew', 'clock-rate', 'network', 'disk-latency', 'disk-stall'];

export interface ScheduleOptions {
  /** The replicas faults aim at. */
  readonly replicas: readonly NodeId[];
  /** Clients that may also be paused and cut off (a GC pause of a lock holder); none by default. */
  readonly clients?: readonly NodeId[];
  /** Faults start in [0, until). */
  readonly until: Time;
  /** At most this many faults. Default 10. */
  readonly maxFaults?: number;
  /** Which kinds to draw. Default SCHEDULED_FAULT_KINDS. */
  readonly kinds?: readonly FaultKind[];
  /** How long a fault lasts before it undoes itself, in milliseconds. Default [10, 3000]. */
  readonly lastingMs?: readonly [number, number];
}

const ms = (n: number): Time => n * 1_000;

/** One fault of the allowed kinds; durations shrink toward the shortest. */
export function faultArb(o: ScheduleOptions): fc.Arbitrary<Fault> {
  const replica = fc.constantFrom(...o.replicas);
  const anyNode = o.clients?.length ? fc.constantFrom(...o.replicas, ...o.clients) : replica;
  const target: fc.Arbitrary<Target> = fc.oneof(replica, fc.constantFrom<Target>('leader', 'follower', 'random'));
  const [min, max] = o.lastingMs ?? [10, 3_000];
  const lasting = fc.integer({ min, max }).map(ms);
  const minority = Math.max(1, Math.floor((o.replicas.length - 1) / 2));
  const all: Record<FaultKind, fc.Arbitrary<Fault> | undefined> = {
    partition: fc.tuple(fc.shuffledSubarray([...o.replicas], { minLength: 1, maxLength: minority }), lasting).map(([side, healAfter]) => ({
      kind: 'partition' as const,
      groups: [side, o.replicas.filter((r) => !side.includes(r))],
      healAfter,
    })),
    isolate: fc.tuple(target, lasting).map(([node, healAfter]) => ({ kind: 'isolate' as const, node, healAfter })),
    cut: fc
      .tuple(anyNode, anyNode, fc.boolean(), lasting)
      .filter(([a, b]) => a !== b)
      .map(([a, b, oneWay, healAfter]) => ({ kind: 'cut' as const, from: [a], to: [b], oneWay, healAfter })),
    crash: fc.tuple(target, lasting).map(([node, restartAfter]) => ({ kind: 'crash' as const, node, restartAfter })),
    pause: fc.tuple(o.clients?.length ? fc.oneof(target, fc.constantFrom(...o.clients)) : target, lasting).map(([node, resumeAfter]) => ({ kind: 'pause' as const, node, resumeAfter })),
    skew: fc.tuple(replica, fc.integer({ min: -2_000, max: 2_000 })).map(([node, d]) => ({ kind: 'skew' as const, node, delta: ms(d) })),
    'clock-rate': fc.tuple(replica, fc.constantFrom(0.5, 0.8, 1.25, 2), lasting).map(([node, rate, resetAfter]) => ({ kind: 'clock-rate' as const, node, rate, resetAfter })),
    network: fc
      .tuple(fc.constantFrom(0, 0.05, 0.3), fc.constantFrom(0, 0.05, 0.2), fc.constantFrom(0, 0.1, 0.3), lasting)
      .map(([drop, duplicate, reorder, resetAfter]) => ({ kind: 'network' as const, settings: { drop, duplicate, reorder }, resetAfter })),
    'disk-latency': fc.tuple(replica, fc.constantFrom(5, 20, 100), lasting).map(([node, mean, resetAfter]) => ({ kind: 'disk-latency' as const, node, latency: { kind: 'exponential' as const, mean: ms(mean) }, resetAfter })),
    'disk-stall': fc.tuple(replica, lasting).map(([node, duration]) => ({ kind: 'disk-stall' as const, node, duration })),
    heal: fc.constant({ kind: 'heal' as const }),
    restart: fc.constant({ kind: 'restart' as const, node: 'all' }),
    resume: fc.constant({ kind: 'resume' as const, node: 'all' }),
    rule: undefined,
    unrule: undefined,
    release: undefined,
    discard: undefined,
    'fire-timer': undefined,
  };
  const kinds = o.kinds ?? SCHEDULED_FAULT_KINDS;
  const chosen = kinds.map((k) => {
    const a = all[k];
    if (a === undefined) throw new TypeError(`faultArb: '${k}' faults name messages or timers of one protocol; script them by hand`);
    return a;
  });
  if (chosen.length === 0) throw new TypeError('faultArb: expected at least one fault kind');
  return fc.oneof(...chosen);
}

/** A script of faults at times in [0, until), in time order; shrinks by dropping and shortening faults. */
export function scheduleArb(o: ScheduleOptions): fc.Arbitrary<ScheduledFault[]> {
  return fc
    .array(fc.record({ at: fc.integer({ min: 0, max: Math.max(0, Math.floor(o.until / 1_000) - 1) }).map(ms), fault: faultArb(o) }), { maxLength: o.maxFaults ?? 10 })
    .map((faults) => [...faults].sort((a, b) => a.at - b.at));
}

/** Network settings: latency in [minMs, maxMs], some loss, duplication and reordering; shrinks toward a calm network. */
export function networkArb(o: { readonly maxLatencyMs?: number } = {}): fc.Arbitrary<NetworkOptions> {
  const maxLatency = o.maxLatencyMs ?? 20;
  return fc
    .record({
      low: fc.integer({ min: 0, max: maxLatency }),
      spread: fc.integer({ min: 0, max: maxLatency }),
      drop: fc.constantFrom(0, 0.01, 0.05),
      duplicate: fc.constantFrom(0, 0.01, 0.05),
      reorder: fc.constantFrom(0, 0.05, 0.2),
    })
    .map(({ low, spread, drop, duplicate, reorder }) => ({
      latency: { kind: 'uniform' as const, min: ms(low) + 100, max: ms(Math.min(maxLatency, low + spread)) + 100 },
      drop,
      duplicate,
      reorder,
    }));
}

/** A workload of `kind` over its operations `ops`: clients, rate, keys and mix vary. */
export function workloadArb(kind: string, ops: readonly string[], o: { readonly maxClients?: number; readonly timeout?: Time } = {}): fc.Arbitrary<WorkloadPlan> {
  return fc
    .record({
      clients: fc.integer({ min: 1, max: o.maxClients ?? 8 }),
      rate: fc.integer({ min: 20, max: 400 }),
      keys: fc.integer({ min: 1, max: 6 }),
      weights: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: ops.length, maxLength: ops.length }),
    })
    .filter(({ weights }) => weights.some((w) => w > 0))
    .map(({ clients, rate, keys, weights }) => ({ kind, clients, rate, keys, mix: Object.fromEntries(ops.map((op, i) => [op, weights[i]!])), timeout: o.timeout ?? 500_000 }));
}

export interface RunArbOptions {
  /** Vary the fault schedule (scripted faults over the plan's `duration`). Default true. */
  readonly faults?: boolean | Omit<ScheduleOptions, 'replicas' | 'until'>;
  /** Vary the network settings. Default false. */
  readonly network?: boolean;
  /** Vary the workload (its kind and operations stay). Default false. */
  readonly workload?: boolean;
}

/** Runs like `base`, with the seed and whatever `o` asks varied. Failing runs shrink toward `base`. */
export function runArb(base: RunPlan, o: RunArbOptions = {}): fc.Arbitrary<RunPlan> {
  const groups = plannedGroups(base);
  const replicas = groups.find((g) => g.name === REPLICAS)!.ids;
  const faults = o.faults ?? true;
  const schedule = faults === false ? fc.constant(base.nemesis.script) : scheduleArb({ replicas, until: base.duration, ...(faults === true ? {} : faults) });
  const network = o.network ? networkArb() : fc.constant(base.network);
  const workload = o.workload ? workloadArb(base.workload.kind, Object.keys(base.workload.mix), { timeout: base.workload.timeout }) : fc.constant(base.workload);
  const baseClients = groups.find((g) => g.name === CLIENTS)!.ids;
  return fc.record({ seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }), script: schedule, network, workload }).map(({ seed, script, network: n, workload: w }) => {
    // A fault of the base that names a client the varied workload no longer has is left out.
    const gone = new Set(baseClients.slice(w.clients));
    const kept = gone.size === 0 ? script : script.filter((f) => namedNodes(f.fault).every(({ node }) => !gone.has(node)));
    return { ...base, seed, network: n, workload: w, nemesis: { ...base.nemesis, script: kept } };
  });
}
