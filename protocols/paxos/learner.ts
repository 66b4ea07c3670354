/**
 * The learner on a follower: what the leader, the distinguished learner, says is chosen.
 *
 * - `commit` on accepts and heartbeats: every slot up to it is chosen, with the value the leader
 *   proposed for it in its ballot. A follower that accepted a slot in that very ballot holds that
 *   value, so it marks the slot chosen; any other slot waits for catch-up.
 * - catch-up (`paxos.commit`): the chosen values themselves, for slots the follower missed or holds
 *   from another ballot, after it reported a chosen prefix short of what it was told.
 * - a snapshot, when the leader compacted the slots the follower lacks (node.installSnapshot).
 */
import type { Ballot, Value } from './ballot.js';
import type { PaxosNode } from './node.js';

/** The leader of the promised ballot says every slot up to `commit` is chosen. */
export function commitUpTo(node: PaxosNode, commit: number): void {
  if (commit > node.leaderCommit) node.leaderCommit = commit;
  const log = node.log;
  const upTo = Math.min(node.leaderCommit, log.last);
  const b = node.promised;
  for (let slot = Math.max(node.checkedUpTo, node.commit) + 1; slot <= upTo; slot++) {
    const e = log.at(slot);
    if (e !== undefined && !e.chosen && e.ballot === b) log.markChosen(slot);
  }
  if (upTo > node.checkedUpTo) node.checkedUpTo = upTo;
  node.advanceCommit();
}

/** The chosen `values` of the slots from `slot` on, as the leader of `ballot` sent them. */
export function learnValues(node: PaxosNode, slot: number, values: readonly Value[], ballot: Ballot): void {
  for (let i = 0; i < values.length; i++) learn(node, slot + i, values[i]!, ballot);
}

/** Learns that `value` is chosen at `slot` (from a catch-up, or a promise that knew it). */
export function learn(node: PaxosNode, slot: number, value: Value, ballot: Ballot): void {
  const log = node.log;
  if (log.isChosen(slot)) return;
  const had = log.at(slot);
  log.put(slot, { ballot: had?.ballot ?? ballot, value, chosen: true });
  if (had?.value.origin !== value.origin) node.logChanged(slot);
}
