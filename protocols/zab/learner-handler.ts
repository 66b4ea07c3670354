/**
 * What a leader keeps about one learner and does for it alone: ZooKeeper's `LearnerHandler`. Its
 * stage follows the learner through discovery and synchronization; `syncLearner` sends it the sync
 * `decideSync` picks (sync.ts), the leader's outstanding proposals (startForwarding), and NEWLEADER.
 */
import type { NodeId } from '../../sim/node.js';
import type { Time } from '../../sim/time.js';
import type { ZabNode } from './node.js';
import { type History, decideSync, syncKind } from './sync.js';
import { type Zxid, zxid, zxidText } from './types.js';

/** What the leader keeps about one learner (its LearnerHandler). */
export interface Handler {
  readonly id: NodeId;
  stage: 'info' | 'leaderinfo' | 'ackepoch' | 'acked' | 'syncing' | 'newleader' | 'uptodate';
  peerLastZxid: Zxid;
  /** The highest position the learner has on disk, as far as its ACKs tell. */
  acked: number;
  /** The last committed position sent before NEWLEADER. */
  syncedTo: number;
  /** Drop it from the quorum if nothing is heard by then (`tickOfNextAckDeadline`). */
  deadline: Time;
}

/**
 * Syncs a learner with the leader's history up to `committedEnd` (its whole log before the epoch
 * is established), then forwards what was proposed after it, then NEWLEADER of `epoch`. Each
 * waits, in order, until the leader's currentEpoch is on disk.
 */
export function syncLearner(node: ZabNode, h: Handler, committedEnd: number, epoch: number): void {
  const log = node.log;
  const history: History = { base: log.base, committedEnd, zxidAt: (p) => log.zxidAt(p) };
  const end = committedEnd;
  const committed = log.zxidAt(end)!;
  const plan = decideSync(h.peerLastZxid, history, node.options);
  switch (plan.kind) {
    case 'DIFF':
      node.sendQuorum(h.id, { kind: 'zab.diff', zxid: committed, txns: log.slice(plan.from, end) }, 'all');
      break;
    case 'TRUNC':
      node.sendQuorum(h.id, { kind: 'zab.trunc', zxid: plan.to, committed, txns: log.slice(plan.from, end) }, 'all');
      break;
    case 'SNAP':
      node.sendQuorum(h.id, { kind: 'zab.snap', snapshot: log.snapshot, committed, txns: log.slice(log.base + 1, end) }, 'all');
      break;
  }
  node.ctx.trace('zab.sync', { learner: h.id, sync: syncKind(plan, end), peerLastZxid: zxidText(h.peerLastZxid), committed: zxidText(committed) });
  for (const t of log.slice(end + 1, log.lastPosition)) node.sendQuorum(h.id, { kind: 'zab.proposal', txn: t }, 'all');
  h.syncedTo = end; // what its NEWLEADER ACK vouches for: outstanding proposals get ACKs of their own
  h.stage = 'syncing';
  node.sendQuorum(h.id, { kind: 'zab.newleader', zxid: zxid(epoch, 0) }, 'all');
}

/** Learners that get the epoch's proposals and commits: every one past ACKEPOCH. */
export function forwarding(h: Handler): boolean {
  return h.stage === 'syncing' || h.stage === 'newleader' || h.stage === 'uptodate';
}

/** How far a learner counts toward a commit: its ACKs, once it is forwarded to. */
export function forwardingAcked(h: Handler | undefined): number {
  return h !== undefined && forwarding(h) ? h.acked : 0;
}
