import { check } from '../sim/check/index.js';
import type { HistoryOp } from '../sim/history.js';
import type { Violation } from './result.js';

export type LinearizabilityOutcome =
  | { readonly kind: 'ok' }
  | { readonly kind: 'violation'; readonly violation: Violation }
  | { readonly kind: 'unknown'; readonly reason: string };

/** Runs the checker over a run's history with the workload's model. */
export function checkHistory(history: readonly HistoryOp[], model: string, budget?: number): LinearizabilityOutcome {
  const result = check(history, { model, ...(budget === undefined ? {} : { budget }) });
  switch (result.verdict) {
    case 'linearizable':
      return { kind: 'ok' };
    case 'unknown':
      return { kind: 'unknown', reason: result.reason };
    case 'not-linearizable': {
      const cx = result.counterexample;
      return {
        kind: 'violation',
        violation: {
          kind: 'linearizability',
          check: 'linearizable',
          message: cx.text.split('\n')[0] ?? 'the history is not linearizable',
          ...(cx.at === undefined ? {} : { at: cx.at }),
          witness: cx,
        },
      };
    }
  }
}
