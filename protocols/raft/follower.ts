/**
 * The follower's side of replication (Raft §5.3): accept entries that extend a matching prefix,
 * overwrite only from the first conflicting entry, and never cut a suffix that does not conflict
 * (a stale or reordered append may repeat entries it already has; mutant R7 truncates anyway).
 * Rejections carry a hint so the leader can skip a whole term at a time.
 */
import type { NodeId } from '../../sim/node.js';
import type { AppendRequest } from './messages.js';
import type { RaftNode } from './node.js';
import { logIndex, term, type Snapshot } from './types.js';

export function acceptAppend(node: RaftNode, from: NodeId, m: AppendRequest): void {
  const log = node.log;
  let prevIndex: number = m.prevIndex;
  let entries = m.entries;
  if (prevIndex < log.snapshotIndex) {
    // Entries up to our snapshot are committed, so they match the leader's: skip them.
    const skip = Math.min(entries.length, log.snapshotIndex - prevIndex);
    entries = entries.slice(skip);
    prevIndex += skip;
    if (prevIndex < log.snapshotIndex) {
      reply(node, from, true, log.snapshotIndex);
      return;
    }
  }
  const have = log.termAt(prevIndex);
  if (prevIndex > log.lastIndex || have === undefined) {
    node.send(from, { kind: 'raft.append-resp', term: node.term, success: false, match: logIndex(0), hintIndex: logIndex(log.lastIndex + 1), hintTerm: term(0) }, 'none');
    return;
  }
  if (prevIndex !== log.snapshotIndex && have !== m.prevTerm) {
    const hintIndex = log.firstIndexOfTerm(have, prevIndex);
    node.send(from, { kind: 'raft.append-resp', term: node.term, success: false, match: logIndex(0), hintIndex, hintTerm: have }, 'none');
    return;
  }
  let i = 0;
  for (; i < entries.length; i++) {
    const index = prevIndex + 1 + i;
    if (index > log.lastIndex) break;
    if (log.termAt(index) !== entries[i]!.term) {
      log.truncateAfter(index - 1);
      node.logChanged(index, true);
      break;
    }
  }
  if (i < entries.length) {
    log.append(entries.slice(i));
    node.logChanged(prevIndex + 1 + i, false);
  }
  const lastNew = prevIndex + entries.length;
  if (node.mutants.has('R7') && log.lastIndex > lastNew) {
    log.truncateAfter(lastNew);
    node.logChanged(lastNew + 1, true);
  }
  node.advanceCommit(logIndex(Math.min(m.commit, lastNew)));
  reply(node, from, true, lastNew);
}

function reply(node: RaftNode, to: NodeId, success: boolean, match: number): void {
  // An acknowledgement promises the entries: it waits until they are on disk.
  node.send(to, { kind: 'raft.append-resp', term: node.term, success, match: logIndex(match), hintIndex: logIndex(0), hintTerm: term(0) }, 'all');
}

export function acceptSnapshot(node: RaftNode, from: NodeId, snapshot: Snapshot): void {
  if (snapshot.index <= node.commitIndex) {
    // Nothing new: what we have committed matches the leader's log that far.
    reply(node, from, true, node.commitIndex);
    return;
  }
  node.installSnapshot(snapshot);
  reply(node, from, true, snapshot.index);
}
