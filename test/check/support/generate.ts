/**
 * Histories from random concurrent executions of a reference model, driven by fast-check data so
 * failures shrink. Each step picks a client, which invokes its next operation, lets it take effect
 * (or crash, or fail), or returns it. Linearizable by construction; in ZooKeeper mode reads are
 * served from a stale but per-process monotonic prefix of the writes instead.
 */
import fc from 'fast-check';
import type { HistoryEvent } from '../../../sim/check/index.js';
import type { RefModel } from './reference.js';

export interface OpSpec {
  readonly f: string;
  readonly key?: string;
  readonly value?: unknown;
}

export interface Plan {
  readonly clients: number;
  readonly ops: readonly OpSpec[];
  /** Each: which client moves, and a number that picks what happens. */
  readonly steps: readonly (readonly [number, number])[];
}

export interface ExecOptions {
  readonly zookeeper?: boolean;
  /** Allow crashes (`info`) and `fail` completions. Default true. */
  readonly faults?: boolean;
  /** Percent chance, per step of an operation in flight, that its client times out (`info`). Default 6. */
  readonly info?: number;
}

/** Plans with between half of `maxOps` and `maxOps` operations, and enough steps to run most of them. */
export function planArb(op: fc.Arbitrary<OpSpec>, maxOps: number, maxClients = 4): fc.Arbitrary<Plan> {
  return fc.record({
    clients: fc.integer({ min: Math.min(2, maxClients), max: maxClients }),
    ops: fc.array(op, { minLength: Math.ceil(maxOps / 2), maxLength: maxOps, size: 'max' }),
    steps: fc.array(fc.tuple(fc.nat(maxClients - 1), fc.nat(99)), { minLength: maxOps * 3, maxLength: maxOps * 4, size: 'max' }),
  });
}

export function execute<S>(model: RefModel<S>, plan: Plan, options: ExecOptions = {}): HistoryEvent[] {
  const faults = options.faults ?? true;
  const info = options.info ?? 6;
  const events: HistoryEvent[] = [];
  /** States after each write (ZooKeeper mode reads from any prefix a process may still see). */
  const log: S[] = [model.init()];
  let nextOp = 0;
  let nextProcess = 0;
  type Client = { process: number; op?: OpSpec; stage: 'idle' | 'invoked' | 'applied'; result?: unknown; view: number };
  const clients: Client[] = Array.from({ length: plan.clients }, () => ({ process: nextProcess++, stage: 'idle', view: 0 }));
  const complete = (c: Client, type: 'ok' | 'info' | 'fail', value: unknown): void => {
    const op = c.op as OpSpec;
    events.push({ process: c.process, type, f: op.f, ...(op.key === undefined ? {} : { key: op.key }), value });
    c.stage = 'idle';
    if (type === 'info') c.process = nextProcess++;
  };
  for (const [who, roll] of plan.steps) {
    const c = clients[who % plan.clients] as Client;
    if (c.stage === 'idle') {
      const op = plan.ops[nextOp++];
      if (op === undefined) continue;
      c.op = op;
      c.stage = 'invoked';
      events.push({ process: c.process, type: 'invoke', f: op.f, ...(op.key === undefined ? {} : { key: op.key }), value: op.value ?? null });
    } else if (c.stage === 'invoked') {
      const op = c.op as OpSpec;
      if (faults && roll < info) {
        complete(c, 'info', op.value ?? null);
      } else if (faults && roll < info + 4) {
        complete(c, 'fail', op.value ?? null);
      } else if (options.zookeeper && model.isRead(op.f)) {
        const view = c.view + (roll % (log.length - c.view));
        c.view = view;
        c.result = model.apply(log[view] as S, op.f, op.key, op.value, c.process).result;
        c.stage = 'applied';
      } else {
        const { result, state } = model.apply(log[log.length - 1] as S, op.f, op.key, op.value, c.process);
        log.push(state);
        c.view = log.length - 1;
        c.result = result;
        c.stage = 'applied';
      }
    } else {
      if (faults && roll < info) complete(c, 'info', (c.op as OpSpec).value ?? null);
      else complete(c, 'ok', c.result);
    }
  }
  return events;
}

/** Replaces the result of the `which`-th successful read (per `pick`) with `bogus`; undefined when there is none. */
export function corruptRead(events: readonly HistoryEvent[], which: number, pick: (e: HistoryEvent) => boolean, bogus: (e: HistoryEvent) => unknown): HistoryEvent[] | undefined {
  const reads = events.flatMap((e, i) => (e.type === 'ok' && pick(e) ? [i] : []));
  if (reads.length === 0) return undefined;
  const at = reads[which % reads.length] as number;
  const copy = [...events];
  copy[at] = { ...(copy[at] as HistoryEvent), value: bogus(copy[at] as HistoryEvent) };
  return copy;
}

// Operation pools per model: small domains, so operations interact.
const small = fc.constantFrom(null, 0, 1, 2);

export const casRegisterOp: fc.Arbitrary<OpSpec> = fc.oneof(
  fc.constant({ f: 'read' }),
  small.map((v) => ({ f: 'write', value: v })),
  fc.tuple(small, small).map(([a, b]) => ({ f: 'cas', value: [a, b] })),
);

export const kvOp: fc.Arbitrary<OpSpec> = fc.oneof(
  fc.constantFrom('a', 'b').map((key) => ({ f: 'get', key })),
  fc.tuple(fc.constantFrom('a', 'b'), fc.constantFrom('x', 'y')).map(([key, value]) => ({ f: 'put', key, value })),
  fc.tuple(fc.constantFrom('a', 'b'), fc.constantFrom('x', 'y')).map(([key, value]) => ({ f: 'append', key, value })),
);

const path = fc.constantFrom('/', '/a', '/a/b', '/b', '/c', '/q-0000000000');
const version = fc.constantFrom(-1, 0, 1);
const session = fc.constantFrom(1, 2);
const data = fc.constantFrom('x', 'y');
const mode = fc.constantFrom('persistent', 'ephemeral', 'persistent-sequential', 'ephemeral-sequential');
const createPath = fc.constantFrom('/a', '/a/b', '/b', '/c', '/a/s-', '/q-');
const sub = fc.oneof(
  fc.record({ op: fc.constant('create'), path: createPath, data, mode }),
  fc.record({ op: fc.constant('set'), path, data, version }),
  fc.record({ op: fc.constant('delete'), path, version }),
  fc.record({ op: fc.constant('check'), path, version }),
);

export const znodeOp: fc.Arbitrary<OpSpec> = fc.oneof(
  { arbitrary: fc.record({ path: createPath, data, mode, session }).map((value) => ({ f: 'create', key: value.path, value })), weight: 4 },
  { arbitrary: path.map((p) => ({ f: 'get', key: p, value: { path: p } })), weight: 3 },
  { arbitrary: fc.record({ path, data, version }).map((value) => ({ f: 'set', key: value.path, value })), weight: 2 },
  { arbitrary: fc.record({ path, version }).map((value) => ({ f: 'delete', key: value.path, value })), weight: 2 },
  { arbitrary: path.map((p) => ({ f: 'exists', key: p, value: { path: p } })), weight: 1 },
  { arbitrary: fc.constantFrom('/', '/a').map((p) => ({ f: 'children', key: p, value: { path: p } })), weight: 1 },
  { arbitrary: fc.record({ ops: fc.array(sub, { minLength: 1, maxLength: 2 }), session }).map((value) => ({ f: 'multi', value })), weight: 1 },
  { arbitrary: session.map((s) => ({ f: 'close-session', value: { session: s } })), weight: 1 },
  { arbitrary: path.map((p) => ({ f: 'sync', key: p, value: { path: p } })), weight: 1 },
);

/** Replaces the results of some ok completions (`[which, roll]` pairs pick one and its new value) to break a history in random ways. */
export function perturbResults(
  events: readonly HistoryEvent[],
  perturbations: readonly (readonly [number, number])[],
  perturb: (e: HistoryEvent, roll: number) => unknown,
): HistoryEvent[] {
  const out = [...events];
  for (const [which, roll] of perturbations) {
    const oks = out.flatMap((e, i) => (e.type === 'ok' ? [i] : []));
    const at = oks[which % Math.max(1, oks.length)];
    if (at !== undefined) out[at] = { ...(out[at] as HistoryEvent), value: perturb(out[at] as HistoryEvent, roll) };
  }
  return out;
}
