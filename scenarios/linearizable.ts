import { check } from '../sim/check/index.js';
import type { Consistency, Linearization } from '../sim/check/index.js';
import type { HistoryOp } from '../sim/history.js';
import type { Violation } from '../sim/checks/index.js';

export type LinearizabilityOutcome =
  | { readonly kind: 'ok'; readonly linearization: readonly Linearization[] }
  | { readonly kind: 'violation'; readonly violation: Violation }
  | { readonly kind: 'unknown'; readonly reason: string };

/** Runs the checker over a run's history with the workload's model. */
export function checkHistory(history: readonly HistoryOp[], model: string, consistency: Consistency, steps?: number): LinearizabilityOutcome {
  const result = check(history, { model, consistency, ...(steps === undefined ? {} : { budget: { steps } }) });
  switch (result.verdict) {
    case 'linearizable':
      return { kind: 'ok', linearization: result.linearization };
    case 'unknown':
      return { kind: 'unknown', reason: `the checker ran out of its ${result.reason === 'budget' ? 'step budget' : 'time'} on partition(s) ${result.undecided.join(', ')}` };
    case 'not-linearizable': {
      const cx = result.counterexample;
      // The op that could not be placed in time: its completion is where the history went wrong.
      const culprit = cx.deadline ?? cx.candidates[0]?.op;
      const at = culprit ? history[culprit.ret ?? culprit.call]?.time : undefined;
      return {
        kind: 'violation',
        violation: {
          kind: 'linearizability',
          check: 'linearizable',
          message: `${consistency === 'zookeeper' ? 'not sequentially consistent (ZooKeeper mode)' : 'not linearizable'} on ${cx.partition}: ${cx.candidates.length} operation(s) could not be placed after a prefix of ${cx.prefix.length}; ${culprit ? `first: ${culprit.text}` : ''}`.trim(),
          ...(at === undefined ? {} : { at }),
          witness: cx,
        },
      };
    }
  }
}
