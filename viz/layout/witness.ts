/**
 * The checker's counterexample as the viewer draws it. The witness is read structurally (see
 * sim/check/verdict.ts `Counterexample`): the longest linearizable prefix, the model state after
 * it, the operations that could have gone next with the state each needed, and the deadline op.
 * Operations are named by `call`, their invocation's position in the history, which is the
 * history index the op bars carry. Any field may be missing (an older checker, another kind of
 * violation): what is there is shown, the rest is not.
 */
import { num, record, str } from './events.js';
import type { OpBar } from './history.js';

/** An op named by the counterexample. */
export interface WitnessOp {
  /** History index of the invocation. */
  readonly index: number;
  /** The model's rendering of the op, e.g. `cas 1 → 2 ok`. */
  readonly text: string | undefined;
}

/** An op that could have gone next after the prefix. */
export interface WitnessCandidate extends WitnessOp {
  /** The model state it needed, in words. */
  readonly needs: string | undefined;
  /** It fits the state after the prefix (so it was a dead end further on). */
  readonly fits: boolean;
}

/** The counterexample, as far as the witness had it. */
export interface WitnessView {
  readonly partition: string | undefined;
  /** Model state after the prefix. */
  readonly state: string | undefined;
  /** The longest linearizable prefix, in linearization order. */
  readonly prefix: readonly WitnessOp[];
  readonly candidates: readonly WitnessCandidate[];
  readonly deadline: WitnessOp | undefined;
  /** The checker's own text, shown whole in the inspector. */
  readonly text: string | undefined;
}

function opOf(value: unknown): WitnessOp | undefined {
  const r = record(value);
  if (!r) return undefined;
  const index = num(r['call']) ?? num(r['index']);
  if (index === undefined) return undefined;
  return { index, text: str(r['text']) };
}

/** Reads a linearizability witness; undefined when it has neither a prefix nor candidates. */
export function readCounterexample(witness: unknown): WitnessView | undefined {
  const w = record(witness);
  if (!w) return undefined;
  const prefix = Array.isArray(w['prefix']) ? w['prefix'].map(opOf).filter((o): o is WitnessOp => o !== undefined) : [];
  const candidates: WitnessCandidate[] = [];
  if (Array.isArray(w['candidates'])) {
    for (const c of w['candidates']) {
      const r = record(c);
      const op = opOf(r?.['op']);
      if (!r || !op) continue;
      candidates.push({ ...op, needs: str(r['needs']), fits: r['fits'] === true });
    }
  }
  if (prefix.length === 0 && candidates.length === 0) return undefined;
  return { partition: str(w['partition']), state: str(w['state']), prefix, candidates, deadline: opOf(w['deadline']), text: str(w['text']) };
}

/**
 * The op a "jump to the violation" should land on: the first candidate that does not fit (the
 * checker sorts those first), else the deadline op, else the last op of the prefix.
 */
export function failingOp(view: WitnessView): number | undefined {
  const misfit = view.candidates.find((c) => !c.fits);
  return misfit?.index ?? view.deadline?.index ?? view.candidates[0]?.index ?? view.prefix[view.prefix.length - 1]?.index;
}

/** Where an op of the prefix takes effect, on the axis. */
export interface LinearizationPoint {
  /** History index of the op. */
  readonly index: number;
  /** 1-based place in the linearization. */
  readonly order: number;
  /** Position on the axis, inside the op's bar. */
  readonly pos: number;
}

/**
 * Places the prefix's linearization points on the axis: each as early as its bar and the point
 * before it allow. A valid linearization has points in order inside every bar, and this greedy
 * choice is the earliest such, so it stays inside the bars too; where the checker's order is not
 * real-time (ZooKeeper reads), a point is clamped to its bar's end.
 */
export function linearizationPoints(prefix: readonly WitnessOp[], bars: ReadonlyMap<number, OpBar>, pos: (eventIndex: number) => number): readonly LinearizationPoint[] {
  const out: LinearizationPoint[] = [];
  let last = -Infinity;
  prefix.forEach((op, k) => {
    const bar = bars.get(op.index);
    if (!bar) return;
    const lo = pos(bar.start);
    const hi = bar.open ? Infinity : pos(bar.end);
    const p = Math.min(Math.max(lo, last), hi);
    last = p;
    out.push({ index: op.index, order: k + 1, pos: p });
  });
  return out;
}

/** Prefix operations a jump keeps in view before the ones that could not be placed. */
const PREFIX_CONTEXT = 3;

/**
 * The event-index span a jump to the violation should show: the operations that could not be
 * placed, the deadline op, and the last few of the prefix. Ops with unknown outcomes count by
 * their invocation only (they run to the end of the run). Undefined when no op is in the bars.
 */
export function witnessSpan(view: WitnessView, bars: ReadonlyMap<number, OpBar>, eventCount: number): readonly [number, number] | undefined {
  const ops = [...view.candidates, ...(view.deadline ? [view.deadline] : []), ...view.prefix.slice(-PREFIX_CONTEXT)];
  let lo = Infinity;
  let hi = -Infinity;
  for (const op of ops) {
    const bar = bars.get(op.index);
    if (!bar) continue;
    lo = Math.min(lo, bar.start);
    hi = Math.max(hi, bar.end < eventCount ? bar.end : bar.start);
  }
  return lo <= hi ? [lo, hi] : undefined;
}
