import type { HistoryOp } from '../sim/history.js';
import type { Time } from '../sim/time.js';
import type { Violation } from '../sim/checks/index.js';

/**
 * After faults stop and `grace` has passed, every operation must get a definite answer: an op
 * invoked then that timed out (info) or never completed is a liveness violation.
 */
export function checkLiveness(history: readonly HistoryOp[], healedAt: Time, grace: Time, end: Time): Violation[] {
  const from = healedAt + grace;
  const open = new Map<number, HistoryOp>();
  const stuck: HistoryOp[] = [];
  for (const op of history) {
    if (op.type === 'invoke') {
      if (op.time >= from) open.set(op.process, op);
      continue;
    }
    const invoked = open.get(op.process);
    if (!invoked) continue;
    open.delete(op.process);
    if (op.type === 'info') stuck.push(invoked);
  }
  // still pending at the end, though invoked long enough before it to have finished
  for (const op of open.values()) if (op.time < end - grace) stuck.push(op);
  if (stuck.length === 0) return [];
  const first = stuck.reduce((a, b) => (a.time <= b.time ? a : b));
  return [
    {
      kind: 'liveness',
      check: 'liveness',
      at: first.time,
      message: `${stuck.length} operation(s) invoked after the faults healed (+${grace / 1000}ms grace) got no answer; first: process ${first.process} ${first.f}${first.key === undefined ? '' : ` ${first.key}`} at ${first.time / 1000}ms`,
      witness: { ops: stuck.slice(0, 20).map((op) => op.index) },
    },
  ];
}
