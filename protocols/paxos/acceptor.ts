/**
 * The acceptor (Lamport, "Paxos Made Simple" §2.2; one promise for all slots, as in Multi-Paxos):
 *
 * - prepare(b, from): if b is above its promise, promise b (on disk before the answer) and report
 *   every slot from `from` on: the value accepted with the highest ballot, or known chosen. A
 *   prepare of the promised ballot itself (a retransmission) is answered again; a lower one is
 *   refused with a nack naming the promise.
 * - accept(b, slot, v): if b is at least its promise, raise the promise to b and accept v for the
 *   slot (on disk before the answer). A slot known chosen is never rewritten: every later ballot
 *   proposes the chosen value, so the accept is acknowledged as it stands.
 *
 * A replica that follows a live leader holds off prepares of higher ballots from anyone else for a
 * failure timeout after it last heard from the leader (a rejoining replica does not depose a
 * working leader; lease reads count on it). Mutant P1 answers before the fsync.
 */
import type { NodeId } from '../../sim/node.js';
import type { Ballot } from './ballot.js';
import { commitUpTo } from './learner.js';
import type { Accept, Prepare, PromiseReply } from './messages.js';
import type { PaxosNode } from './node.js';

export function answerPrepare(node: PaxosNode, from: NodeId, m: Prepare): void {
  if (m.ballot < node.promised) {
    node.send(from, { kind: 'paxos.nack', ballot: m.ballot, promised: node.promised }, 'none');
    return;
  }
  if (m.ballot > node.promised) {
    if (node.holdsOff(from)) return;
    node.stepDown();
    node.promise(m.ballot);
  }
  node.answer(m.ballot);
  node.send(from, promiseOf(node, m.ballot, m.from), node.replyNeeds);
}

/** This acceptor's promise of `ballot`, reporting its slots from `from` on. */
export function promiseOf(node: PaxosNode, ballot: Ballot, from: number): PromiseReply {
  const log = node.log;
  const entries = log.entriesFrom(from);
  const snapshot = from <= log.snapshotIndex ? log.snapshot : undefined;
  return snapshot === undefined ? { kind: 'paxos.promise', ballot, entries } : { kind: 'paxos.promise', ballot, entries, snapshot };
}

/**
 * Handles the ballot of a message only a leader sends (accept, heartbeat, catch-up): a lower one
 * than the promise is refused; an equal or higher one makes this replica that leader's follower
 * (raising the promise, as the accept handler must) and holds its failure timeout off.
 */
export function follow(node: PaxosNode, from: NodeId, b: Ballot): boolean {
  if (b < node.promised) {
    node.send(from, { kind: 'paxos.nack', ballot: b, promised: node.promised }, 'none');
    return false;
  }
  if (b > node.promised || node.role !== 'follower') {
    node.stepDown();
    if (b > node.promised) node.promise(b);
  }
  node.leaderId = from;
  node.lastHeard = node.ctx.now();
  node.failure.reset();
  return true;
}

export function acceptValues(node: PaxosNode, from: NodeId, m: Accept): void {
  const log = node.log;
  // Slots the leader already told us are chosen: the value it sends for them is the chosen one.
  const known = Math.max(m.commit, node.leaderCommit);
  let wrote = false;
  for (let i = 0; i < m.values.length; i++) {
    const slot = m.slot + i;
    if (log.isChosen(slot)) continue;
    const had = log.at(slot);
    if (had !== undefined && had.ballot === m.ballot) continue; // a duplicate or retransmission
    const value = m.values[i]!;
    log.put(slot, { ballot: m.ballot, value, chosen: slot <= known });
    if (had?.value.origin !== value.origin) node.logChanged(slot);
    wrote = true;
  }
  if (wrote) node.acceptorWrote();
  commitUpTo(node, m.commit);
  node.answer(m.ballot);
  node.send(from, { kind: 'paxos.accepted', ballot: m.ballot, slot: m.slot, count: m.values.length }, node.replyNeeds);
}
