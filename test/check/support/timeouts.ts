/**
 * Histories shaped like a faulted simulation run on one cas-register key: for a while (a network
 * partition) every client times out (`info`), and some of those operations take effect much later
 * or never; then the cluster heals and most operations complete, a few still timing out. Values
 * come from a small domain, so every value is read at some point (nothing is prunable by value).
 * Linearizable by construction: each operation takes effect at one moment after its invocation
 * and, if it completed, before its completion.
 */
import type { HistoryEvent } from '../../../sim/check/index.js';
import { Rng } from '../../../sim/rng.js';

export interface TimeoutOptions {
  readonly seed: number;
  /** Operations in all. Default 240. */
  readonly ops?: number;
  /** Operations invoked during the partition (all time out). Default half of `ops`. */
  readonly partitioned?: number;
  readonly clients?: number;
  /** Values written: 0 … values-1. Default 5. */
  readonly values?: number;
  /** Percent of operations after the partition that time out. Default 10. */
  readonly lateTimeouts?: number;
}

type Spec = { readonly f: 'read' | 'write' | 'cas'; readonly value: unknown };

export function timeoutHistory(options: TimeoutOptions): HistoryEvent[] {
  const stream = Rng.fromSeed(options.seed).fork('history');
  const random = () => stream.next();
  const total = options.ops ?? 240;
  const partitioned = options.partitioned ?? total >> 1;
  const clients = options.clients ?? 10;
  const values = options.values ?? 5;
  const late = (options.lateTimeouts ?? 10) / 100;
  const pick = (): number => Math.floor(random() * values);
  let store: unknown = null;
  const apply = (spec: Spec): unknown => {
    if (spec.f === 'read') return store;
    if (spec.f === 'write') {
      store = spec.value;
      return spec.value;
    }
    const [from, to] = spec.value as [unknown, unknown];
    if (from !== store) return false;
    store = to;
    return spec.value;
  };
  const events: HistoryEvent[] = [];
  const push = (process: number, type: HistoryEvent['type'], spec: Spec, value: unknown): void => {
    events.push({ process, type, f: spec.f, key: 'k', value });
  };
  type Client = { process: number; spec?: Spec; stage: 'idle' | 'invoked' | 'applied'; result?: unknown; cut: boolean };
  let nextProcess = 0;
  const cs: Client[] = Array.from({ length: clients }, () => ({ process: nextProcess++, stage: 'idle', cut: false }));
  /** Timed-out operations that will still take effect, some time later. */
  const limbo: Spec[] = [];
  let invoked = 0;
  let busy = 0;
  while (invoked < total || busy > 0) {
    const healed = invoked >= partitioned;
    if (healed && limbo.length > 0 && random() < 0.05) apply(limbo.splice(Math.floor(random() * limbo.length), 1)[0] as Spec);
    const c = cs[Math.floor(random() * clients)] as Client;
    if (c.stage === 'idle') {
      if (invoked >= total) continue;
      const r = random();
      const spec: Spec = r < 0.4 ? { f: 'read', value: null } : r < 0.7 ? { f: 'write', value: pick() } : { f: 'cas', value: [pick(), pick()] };
      c.spec = spec;
      c.cut = !healed;
      c.stage = 'invoked';
      push(c.process, 'invoke', spec, spec.value);
      invoked++;
      busy++;
      continue;
    }
    const spec = c.spec as Spec;
    const timeout = (): void => {
      push(c.process, 'info', spec, spec.value);
      c.process = nextProcess++;
      c.stage = 'idle';
      busy--;
    };
    if (c.stage === 'invoked') {
      if (c.cut) {
        if (spec.f !== 'read' && random() < 0.5) limbo.push(spec);
        timeout();
      } else if (random() < late / 2) {
        timeout();
      } else {
        c.result = apply(spec);
        c.stage = 'applied';
      }
    } else if (random() < late / 2) {
      timeout();
    } else {
      const failed = spec.f === 'cas' && c.result === false;
      push(c.process, failed ? 'fail' : 'ok', spec, spec.f === 'read' ? c.result : spec.value);
      c.stage = 'idle';
      busy--;
    }
  }
  return events;
}
