/**
 * Where a violation's evidence is, said so a person can go and look: for a linearizability
 * violation the operation the checker could not place, with its client, process, history index
 * and virtual times (the lane and the op bar to find in the report); for any other check the
 * virtual time of its first evidence.
 */
import type { OpSummary } from '../sim/check/index.js';
import { whoRan } from '../sim/check/index.js';
import type { Violation } from '../scenarios/result.js';

/** The failing operation of a linearizability violation, as documents carry it. */
export interface FailingOp {
  /** The client actor (its lane in the report), when the history names it. */
  readonly client: string | null;
  readonly process: number | string;
  /** The operation as the model renders it, e.g. `read → 3`. */
  readonly op: string;
  readonly key: string | null;
  /** The history index of its invocation (the report's "Operation N"). */
  readonly historyIndex: number;
  /** Virtual time of its call and return, in microseconds (null: it never returned). */
  readonly calledAt: number | null;
  readonly returnedAt: number | null;
}

/** A violation's evidence: one line for people, fields for machines. */
export interface Evidence {
  readonly text: string;
  readonly failingOp?: FailingOp;
}

/** Virtual microseconds as `1988.060 ms`. */
export function ms(us: number): string {
  return `${(us / 1000).toFixed(3)} ms`;
}

export function evidenceOf(v: Violation): Evidence {
  const op = v.kind === 'linearizability' ? failingOp(v.witness) : undefined;
  if (op === undefined) return { text: v.at === undefined ? '' : `first evidence at ${ms(v.at)} of virtual time` };
  const failing: FailingOp = {
    client: op.client ?? null,
    process: op.process,
    op: op.text,
    key: op.key ?? null,
    historyIndex: op.call,
    calledAt: op.callTime ?? null,
    returnedAt: op.retTime ?? null,
  };
  const key = op.key === undefined ? '' : ` on ${op.key}`;
  const returned = op.retTime === undefined ? 'never returned' : `returned at ${ms(op.retTime)}`;
  const called = op.callTime === undefined ? '' : `called at ${ms(op.callTime)}, `;
  return { text: `${whoRan(op)}: ${op.text}${key}, ${called}${returned} (history op ${op.call})`, failingOp: failing };
}

/**
 * The op a reader should look at first: the first candidate that does not fit the state after the
 * longest prefix (the checker sorts those first), else the deadline op, else any candidate. The
 * report's "jump to the violation" lands on the same one.
 */
function failingOp(witness: unknown): OpSummary | undefined {
  if (typeof witness !== 'object' || witness === null) return undefined;
  const w = witness as { candidates?: readonly { op?: OpSummary; fits?: boolean }[]; deadline?: OpSummary };
  const candidates = Array.isArray(w.candidates) ? w.candidates : [];
  const op = candidates.find((c) => c.fits === false)?.op ?? w.deadline ?? candidates[0]?.op;
  return op !== undefined && typeof op.call === 'number' && typeof op.text === 'string' ? op : undefined;
}
