/**
 * `lock-safety`: the lock never has two holders at once, in the store's terms (holds.ts: a hold
 * ends when the holder's node is deleted or its session ends, whether or not the holder knows);
 * fencing tokens grow from each holder to the next; and the fenced resource never accepts a token
 * older than one it has accepted (in version order). It does not flag a holder that still believes
 * after its session expired: that is allowed, and what the token fence is for.
 */
import { type TraceCheck } from '../../../sim/checks/index.js';
import { RecipeEvents, endings, observationsOf, storeCalls } from './facts.js';
import { exclusive, holdsFrom, tokenOrder } from './holds.js';
import { FENCED, tokenOf } from './lock.js';

export const LOCK_SAFETY = 'lock-safety';

export function lockSafety(): TraceCheck {
  const events = new RecipeEvents('lock');
  return {
    observe: (event) => events.observe(event),
    finish(run) {
      const calls = storeCalls(run.history);
      return [
        ...exclusive(holdsFrom(events.of('acquired'), 'token'), endings(calls), LOCK_SAFETY, { holder: 'lock holder', token: 'token' }),
        ...tokenOrder(observationsOf(calls, FENCED), tokenOf, LOCK_SAFETY, FENCED),
      ];
    },
  };
}
