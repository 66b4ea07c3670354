/**
 * `single-leader`: the election has one leader at a time, in the store's terms (holds.ts: a term
 * ends when the leader's node is deleted or its session ends, whether or not the leader knows);
 * terms grow from each leader to the next; and the published record `/leader`, in version order,
 * never goes back to an older term (a deposed leader never overwrites its successor). Named apart
 * from Raft's own `election-safety`, which is about Raft's terms.
 */
import { LEADER, termOf } from './election.js';
import { type TraceCheck } from '../../../sim/checks/index.js';
import { RecipeEvents, endings, observationsOf, storeCalls } from './facts.js';
import { exclusive, holdsFrom, tokenOrder } from './holds.js';

export const SINGLE_LEADER = 'single-leader';

export function singleLeader(): TraceCheck {
  const events = new RecipeEvents('election');
  return {
    observe: (event) => events.observe(event),
    finish(run) {
      const calls = storeCalls(run.history);
      return [
        ...exclusive(holdsFrom(events.of('elected'), 'term'), endings(calls), SINGLE_LEADER, { holder: 'leader', token: 'term' }),
        ...tokenOrder(observationsOf(calls, LEADER), termOf, SINGLE_LEADER, LEADER, 'term'),
      ];
    },
  };
}
