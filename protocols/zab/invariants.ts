/**
 * ZAB's own safety properties (the TLA+ specification's, zookeeper-specifications/protocol-spec),
 * checked from the trace alone. Each server's `replica.state` reports carry, beside the generic
 * log delta, the identities of the txns it covers (`txns`: `epoch.counter@proposer`), so the checks
 * rebuild every server's history and what each delivered (its commit position).
 *
 * - prefix-consistency: servers deliver the same txn at each position (PrefixConsistency; with it,
 *   Agreement and TotalOrder).
 * - integrity: every delivered txn was proposed by a leader established in its epoch (Integrity).
 * - primary-order: along the delivered order zxids grow, consecutively within an epoch and from
 *   counter 1 in a new one (LocalPrimaryOrder and GlobalPrimaryOrder).
 * - primary-integrity: a leader, once established, holds every txn of an earlier epoch delivered
 *   anywhere (PrimaryIntegrity).
 * - accepted-epoch: a server's acceptedEpoch is never below its currentEpoch.
 * - committed-kept: no TRUNC or SNAP takes from a server's log a txn the server had delivered (a
 *   crash losing unsynced txns is not a truncation; a learner rejoining a leader may truncate txns
 *   that were outstanding when the leader decided, and get them back as proposals, even if they
 *   were committed meanwhile). A txn lost everywhere shows as prefix-consistency.
 *
 * Leadership, at most one established leader per epoch, is the generic election-safety: a ZAB
 * server reports itself leader only once a quorum has acknowledged its epoch.
 */
import type { NodeId } from '../../sim/node.js';
import type { ReplicaState } from '../../sim/replica-state.js';
import type { TraceEvent } from '../../sim/trace.js';
import { type CheckCatalogue, type TraceCheck, ViolationLog, replicaStateOf } from '../../sim/checks/index.js';

/** The `txns` field of a report: the identities of the txns from `from` on (and of the base when it moved). */
interface TxnsField {
  readonly from: number;
  readonly ids: readonly string[];
  readonly base?: string;
}

/** One server's history as the trace describes it. */
class TxnLog {
  base = 0;
  baseId = '0.0';
  ids: string[] = [];
  known = false;

  idAt(p: number): string | undefined {
    if (p === this.base) return this.baseId;
    return p < this.base ? undefined : this.ids[p - this.base - 1];
  }

  get last(): number {
    return this.base + this.ids.length;
  }
}

interface Report {
  readonly node: NodeId;
  readonly log: TxnLog;
  readonly state: ReplicaState;
  readonly at: number;
  readonly acceptedEpoch: number | undefined;
  readonly currentEpoch: number | undefined;
}

/** Follows every server's history; `changing` hears of a log change (not after a crash) before it is applied. */
class TxnMirror {
  private readonly logs = new Map<NodeId, TxnLog>();

  constructor(private readonly changing?: (node: NodeId, log: TxnLog, from: number, next: (p: number) => string | undefined, newBase: number, at: number) => void) {}

  observe(e: TraceEvent): Report | undefined {
    if (e.node === undefined) return undefined;
    if (e.kind === 'node.crash') {
      const log = this.logs.get(e.node);
      if (log !== undefined) log.known = false;
      return undefined;
    }
    const s = replicaStateOf(e);
    if (s === undefined) return undefined;
    let log = this.logs.get(e.node);
    if (log === undefined) this.logs.set(e.node, (log = new TxnLog()));
    if (s.full === true) {
      log.known = true;
      log.ids = [];
    }
    if (!log.known) return undefined;
    const txns = e['txns'] as TxnsField | undefined;
    if (s.log !== undefined && txns !== undefined && txns.from === s.log.from) {
      const newBase = txns.base !== undefined ? (s.snap?.index ?? log.base) : log.base;
      if (s.full !== true && this.changing !== undefined) {
        const l = log;
        const next = (p: number): string | undefined => (p === newBase && txns.base !== undefined ? txns.base : p < txns.from ? (p > newBase ? l.idAt(p) : undefined) : txns.ids[p - txns.from]);
        this.changing(e.node, log, txns.from, next, newBase, e.t);
      }
      if (txns.base !== undefined) {
        log.base = newBase;
        log.baseId = txns.base;
        log.ids = [];
      }
      log.ids.length = Math.max(0, Math.min(log.ids.length, txns.from - 1 - log.base));
      for (const id of txns.ids) log.ids.push(id);
    }
    return { node: e.node, log, state: s, at: e.t, acceptedEpoch: e['acceptedEpoch'] as number | undefined, currentEpoch: e['currentEpoch'] as number | undefined };
  }
}

/** What has been delivered where: the txn at each position, from every server's commit position. */
class Delivered {
  readonly ids: (string | undefined)[] = [];
  private readonly seen = new Map<NodeId, number>();

  /** Notes a report; `fresh(p, id)` hears of each position delivered for the first time, `clash` of a disagreement. */
  note(r: Report, fresh: (p: number, id: string) => void, clash: (p: number, had: string, id: string) => void): void {
    const { node, log, state: s } = r;
    const from = s.full === true ? log.base : Math.max(this.seen.get(node) ?? log.base, log.base);
    for (let p = from + 1; p <= s.commit; p++) {
      const id = log.idAt(p);
      if (id === undefined) continue;
      const had = this.ids[p];
      if (had === undefined) {
        this.ids[p] = id;
        fresh(p, id);
      } else if (had !== id) clash(p, had, id);
    }
    this.seen.set(node, s.commit);
  }
}

/** `epoch.counter@proposer` → its parts. */
function parse(id: string): { readonly epoch: number; readonly counter: number; readonly by: string } {
  const at = id.indexOf('@');
  const dot = id.indexOf('.');
  return { epoch: Number(id.slice(0, dot)), counter: Number(id.slice(dot + 1, at < 0 ? undefined : at)), by: at < 0 ? '' : id.slice(at + 1) };
}

/** prefix-consistency (above). */
export function prefixConsistency(): TraceCheck {
  const out = new ViolationLog('prefix-consistency');
  const mirror = new TxnMirror();
  const delivered = new Delivered();
  return {
    observe(e) {
      const r = mirror.observe(e);
      if (r === undefined) return;
      delivered.note(r, noop, (p, had, id) => out.report(r.at, `${r.node} delivered ${id} at position ${p}, where ${had} was delivered`, { node: r.node, position: p, txns: [had, id] }));
    },
    finish: () => out.found,
  };
}

/** integrity (above). */
export function integrity(): TraceCheck {
  const out = new ViolationLog('integrity');
  const mirror = new TxnMirror();
  const delivered = new Delivered();
  const leaders = new Map<number, Set<NodeId>>();
  return {
    observe(e) {
      const r = mirror.observe(e);
      if (r === undefined) return;
      if (r.state.role === 'leader') {
        let set = leaders.get(r.state.era);
        if (set === undefined) leaders.set(r.state.era, (set = new Set()));
        set.add(r.node);
      }
      delivered.note(
        r,
        (p, id) => {
          const t = parse(id);
          if (t.counter === 0) return; // a snapshot's base before any txn
          if (leaders.get(t.epoch)?.has(t.by) !== true) out.report(r.at, `${r.node} delivered ${id} at position ${p}, but ${t.by} was never an established leader of epoch ${t.epoch}`, { node: r.node, position: p, txn: id });
        },
        noop,
      );
    },
    finish: () => out.found,
  };
}

/** primary-order (above). */
export function primaryOrder(): TraceCheck {
  const out = new ViolationLog('primary-order');
  const mirror = new TxnMirror();
  const delivered = new Delivered();
  const judge = (p: number, before: string, after: string, at: number): void => {
    const a = parse(before);
    const b = parse(after);
    if (b.epoch < a.epoch || (b.epoch === a.epoch && b.counter !== a.counter + 1) || (b.epoch > a.epoch && b.counter !== 1)) {
      out.report(at, `${after} is delivered at position ${p}, right after ${before}`, { position: p, txns: [before, after] });
    }
  };
  return {
    observe(e) {
      const r = mirror.observe(e);
      if (r === undefined) return;
      delivered.note(
        r,
        (p, id) => {
          const before = delivered.ids[p - 1];
          if (before !== undefined) judge(p, before, id, r.at);
          const after = delivered.ids[p + 1];
          if (after !== undefined) judge(p + 1, id, after, r.at);
        },
        noop,
      );
    },
    finish: () => out.found,
  };
}

/** primary-integrity (above). */
export function primaryIntegrity(): TraceCheck {
  const out = new ViolationLog('primary-integrity');
  const mirror = new TxnMirror();
  const delivered = new Delivered();
  const led = new Map<NodeId, number>();
  return {
    observe(e) {
      const r = mirror.observe(e);
      if (r === undefined) return;
      const { node, log, state: s } = r;
      if (s.role === 'leader' && led.get(node) !== s.era) {
        led.set(node, s.era);
        for (let p = log.base + 1; p < delivered.ids.length; p++) {
          const want = delivered.ids[p];
          if (want === undefined || parse(want).epoch >= s.era) continue;
          const have = log.idAt(p);
          if (have !== want) {
            out.report(r.at, `${node} leads epoch ${s.era} without ${want}, delivered at position ${p} (it has ${have ?? 'nothing'} there)`, { node, epoch: s.era, position: p });
            break;
          }
        }
      }
      delivered.note(r, noop, noop);
    },
    finish: () => out.found,
  };
}

/** accepted-epoch (above). */
export function acceptedEpoch(): TraceCheck {
  const out = new ViolationLog('accepted-epoch');
  const mirror = new TxnMirror();
  return {
    observe(e) {
      const r = mirror.observe(e);
      if (r === undefined || r.acceptedEpoch === undefined || r.currentEpoch === undefined) return;
      if (r.acceptedEpoch < r.currentEpoch) out.report(r.at, `${r.node}'s acceptedEpoch ${r.acceptedEpoch} is below its currentEpoch ${r.currentEpoch}`, { node: r.node });
    },
    finish: () => out.found,
  };
}

/** committed-kept (above). */
export function committedKept(): TraceCheck {
  const out = new ViolationLog('committed-kept');
  const committed = new Map<NodeId, number>();
  const mirror = new TxnMirror((node, log, from, next, newBase, at) => {
    const upTo = Math.min(committed.get(node) ?? 0, log.last);
    for (let p = Math.max(from, newBase + 1); p <= upTo; p++) {
      const had = log.idAt(p);
      const now = next(p);
      if (had !== undefined && now !== had) {
        out.report(at, `${node} ${now === undefined ? 'truncated' : `replaced by ${now}`} ${had}, which it had delivered at position ${p}`, { node, position: p, txn: had });
        return;
      }
    }
  });
  return {
    observe(e) {
      if (e.kind === 'node.crash' && e.node !== undefined) committed.delete(e.node);
      const r = mirror.observe(e);
      if (r !== undefined) committed.set(r.node, r.state.commit);
    },
    finish: () => out.found,
  };
}

const noop = (): void => {};

/** ZAB's own checks by name, beside the generic ones every protocol gets. */
export const ZAB_CHECKS: CheckCatalogue = {
  'prefix-consistency': prefixConsistency,
  integrity,
  'primary-order': primaryOrder,
  'primary-integrity': primaryIntegrity,
  'accepted-epoch': acceptedEpoch,
  'committed-kept': committedKept,
};
