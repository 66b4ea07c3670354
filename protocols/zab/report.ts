/**
 * A ZAB server's `replica.state` report (sim/replica-state.ts) through the kit's StateReporter:
 * role `candidate` while LOOKING and while a prospective leader is in discovery and
 * synchronization, `leader` once a quorum acknowledged its epoch, `follower` otherwise; phase
 * `election`, `discovery`, `synchronization` or `broadcast`; era the epoch (the new one for a
 * leader, currentEpoch otherwise); positions of txns in the delivered order. ZAB's own fields ride
 * along: acceptedEpoch, currentEpoch, the last zxid (`epoch.counter`), how the server last synced,
 * and the identities of the txns the log delta covers (for ZAB's invariants).
 */
import { StateReporter, type ReplicaView } from '../kit/state-reporter.js';
import type { ZabNode } from './node.js';
import { epochOf, txnId, zxidText } from './types.js';

type Fields = Readonly<Record<string, unknown>>;

/** Reports one server's state after each of its steps (see above). */
export class ZabReport {
  private readonly reporter: StateReporter;
  private readonly view: ReplicaView;
  private changedFrom = Infinity;
  private reportedBase = -1;
  private fields: Fields = {};
  private reportedZxid = -1;

  constructor(private readonly node: ZabNode) {
    this.reporter = new StateReporter(node.ctx, () => node.service.digest());
    this.view = replicaView(node);
  }

  /** The log changed from position `from` on. */
  logChanged(from: number): void {
    this.reporter.logChanged(from);
    if (from < this.changedFrom) this.changedFrom = from;
  }

  /** Reports the server's state if anything changed (the extras are rebuilt only when theirs did). */
  emit(): void {
    const node = this.node;
    const sync = node.learning?.sync;
    const last = node.log.lastZxid;
    const base = node.log.base;
    const logMoved = this.changedFrom !== Infinity || base !== this.reportedBase;
    const f = this.fields;
    if (f['acceptedEpoch'] !== node.acceptedEpoch || f['currentEpoch'] !== node.currentEpoch || this.reportedZxid !== last || f['sync'] !== sync || (logMoved && node.ctx.traced)) {
      this.reportedZxid = last;
      this.fields = {
        acceptedEpoch: node.acceptedEpoch,
        currentEpoch: node.currentEpoch,
        zxid: zxidText(last),
        ...(sync === undefined ? {} : { sync }),
        ...(node.ctx.traced ? { txns: this.txnsField(logMoved) } : {}),
      };
    }
    this.changedFrom = Infinity;
    this.reportedBase = base;
    this.reporter.emit(this.view, this.fields);
  }

  /**
   * The identities (`epoch.counter@proposer`) of the txns the report's log delta covers, so ZAB's
   * invariants can tell two txns with one zxid apart. Rides along with the `log` field of a report:
   * from the same position, the base's identity included when the base moved (or on a first report).
   */
  private txnsField(logMoved: boolean): Fields | undefined {
    const prev = this.fields['txns'] as Fields | undefined;
    if (!logMoved) return prev;
    const log = this.node.log;
    const base = log.base;
    const whole = base !== this.reportedBase;
    const from = whole ? base + 1 : this.changedFrom;
    const ids: string[] = [];
    for (let p = Math.max(from, base + 1); p <= log.lastPosition; p++) ids.push(txnId(log.txnAt(p)));
    return whole ? { from, ids, base: log.snapshot.id } : { from, ids };
  }
}

/** The server as its `replica.state` report reads it. */
function replicaView(node: ZabNode): ReplicaView {
  return {
    get role() {
      const r = node.role;
      return r.kind === 'following' ? 'follower' : r.kind === 'leading' && r.leader.established ? 'leader' : 'candidate';
    },
    get phase() {
      const r = node.role;
      return r.kind === 'looking' ? 'election' : r.kind === 'following' ? r.learner.phase : r.leader.phase;
    },
    get era() {
      return node.leading?.epoch ?? node.currentEpoch;
    },
    get leader() {
      const r = node.role;
      return r.kind === 'following' ? r.learner.leader : node.isLeader() ? node.id : null;
    },
    get commit() {
      return node.commit;
    },
    get applied() {
      return node.applied;
    },
    get last() {
      return node.log.lastPosition;
    },
    get snapIndex() {
      return node.log.base;
    },
    get snapEra() {
      return epochOf(node.log.snapshot.zxid);
    },
    eraAt: (position) => epochOf(node.log.zxidAt(position)!),
  };
}
