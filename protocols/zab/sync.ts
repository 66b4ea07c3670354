/**
 * How a leader brings a learner's log level with its own history: ZooKeeper's
 * `LearnerHandler.syncFollower` and `queueCommittedProposals`, as a pure function of the learner's
 * last zxid and the leader's history. The cases, in ZooKeeper's order:
 *
 * 1. forced (a test knob): SNAP;
 * 2. the learner's last zxid is the leader's last processed one: an empty DIFF;
 * 3. the learner has txns past the leader's last committed one (an old leader's tail) and its zxid
 *    is not a new epoch's: TRUNC to the leader's last committed zxid;
 * 4. the learner's zxid lies in the leader's in-memory committed log: walk it. If the zxid is
 *    there, DIFF with the txns after it; if not and the next txn is of the same epoch, TRUNC to the
 *    txn before it and send the rest (TRUNC+DIFF); across an epoch boundary, fall back to SNAP;
 * 5. the learner is behind the committed log and txn-log sync is on: walk the on-disk log (here:
 *    every txn after the latest snapshot) the same way; behind the snapshot, SNAP;
 * 6. otherwise SNAP.
 *
 * After the op packet the leader sends its committed txns the plan names, then (startForwarding)
 * its outstanding proposals, then NEWLEADER.
 */
import { counterOf, epochOf, type Zxid } from './types.js';

/** The leader's history as the sync decision reads it. */
export interface History {
  /** The position of the leader's latest snapshot (0 without one). */
  readonly base: number;
  /** The leader's last committed position: its whole log before its epoch is established. */
  readonly committedEnd: number;
  /** The zxid at a position in [base, committedEnd]. */
  zxidAt(position: number): Zxid | undefined;
}

/** The leader's settings the decision reads (`options.zab`). */
export interface SyncSettings {
  /** How many committed txns the leader keeps in memory for DIFF (ZooKeeper's commitLogCount). */
  readonly committedLog: number;
  readonly txnLogSync: boolean;
  readonly forceSnapSync: boolean;
}

/**
 * What to send: `DIFF` then the txns from position `from` on; `TRUNC` to zxid `to`, then the txns
 * from `from` (none when `from` is past the committed end); or `SNAP`, the leader's snapshot and the
 * txns after it. Every plan ends at the leader's committed end.
 */
export type SyncPlan = { readonly kind: 'DIFF'; readonly from: number } | { readonly kind: 'TRUNC'; readonly to: Zxid; readonly from: number } | { readonly kind: 'SNAP' };

/** The name of a plan as ZooKeeper's logs and the trace say it. */
export type SyncKind = 'DIFF' | 'TRUNC' | 'TRUNC+DIFF' | 'SNAP';

/** The kind a plan is, given the leader's committed end: TRUNC with txns after it is TRUNC+DIFF. */
export function syncKind(plan: SyncPlan, committedEnd: number): SyncKind {
  return plan.kind === 'TRUNC' && plan.from <= committedEnd ? 'TRUNC+DIFF' : plan.kind;
}

const SNAP: SyncPlan = { kind: 'SNAP' };

/** ZooKeeper's decision for a learner whose last zxid is `peerLastZxid` (see above). */
export function decideSync(peerLastZxid: Zxid, h: History, s: SyncSettings): SyncPlan {
  const end = h.committedEnd;
  const lastProcessed = h.zxidAt(end)!;
  const peerIsNewEpoch = counterOf(peerLastZxid) === 0;
  const windowStart = Math.max(h.base + 1, end - s.committedLog + 1);
  const windowEmpty = windowStart > end;
  // An empty committed log counts as one ending, and starting, at the last processed zxid.
  const minCommitted = windowEmpty ? lastProcessed : h.zxidAt(windowStart)!;
  const maxCommitted = lastProcessed;

  if (s.forceSnapSync) return SNAP;
  if (peerLastZxid === lastProcessed) return { kind: 'DIFF', from: end + 1 };
  if (peerLastZxid > maxCommitted && !peerIsNewEpoch) return { kind: 'TRUNC', to: maxCommitted, from: end + 1 };
  if (!windowEmpty && minCommitted <= peerLastZxid && peerLastZxid <= maxCommitted) return walk(peerLastZxid, peerIsNewEpoch, h, windowStart, end) ?? SNAP;
  if (peerLastZxid < minCommitted && s.txnLogSync && peerLastZxid >= h.zxidAt(h.base)!) return walk(peerLastZxid, peerIsNewEpoch, h, h.base, end) ?? SNAP;
  return SNAP;
}

/**
 * `queueCommittedProposals` over positions [from, to]: find where the learner's last zxid falls.
 * Undefined when no op packet fits (ZooKeeper then falls back to a snapshot).
 */
function walk(peer: Zxid, peerIsNewEpoch: boolean, h: History, from: number, to: number): SyncPlan | undefined {
  let previous: Zxid | undefined;
  for (let p = from; p <= to; p++) {
    const z = h.zxidAt(p)!;
    if (z < peer) {
      previous = z;
      continue;
    }
    if (z === peer) return { kind: 'DIFF', from: p + 1 };
    if (peerIsNewEpoch) return { kind: 'DIFF', from: p };
    // The learner has a txn the leader never saw. Truncating across an epoch boundary is not
    // allowed (the learner would crash): a snapshot instead.
    if (epochOf(z) !== epochOf(peer) || previous === undefined) return undefined;
    return { kind: 'TRUNC', to: previous, from: p };
  }
  return peerIsNewEpoch ? { kind: 'DIFF', from: to + 1 } : undefined;
}
