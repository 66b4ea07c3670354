/**
 * Every replica's log as its `replica.state` reports describe it: the era of each position, rebuilt
 * from the log deltas, forgotten at a crash until the next `full` report. The generic checks and a
 * protocol's own (Raft's log matching and leader completeness) follow the logs with it.
 */
import type { NodeId } from '../node.js';
import { REPLICA_STATE, type ReplicaState } from '../replica-state.js';
import type { TraceEvent } from '../trace.js';

/** One replica's log as the trace describes it: positions after `base` have the eras in `eras`. */
export class MirroredLog {
  base = 0;
  baseEra = 0;
  eras: number[] = [];
  known = false;

  /** The era of the entry at `i`; undefined when compacted away or beyond the end. */
  eraAt(i: number): number | undefined {
    if (i === this.base) return this.baseEra;
    if (i < this.base) return undefined;
    return this.eras[i - this.base - 1];
  }

  get last(): number {
    return this.base + this.eras.length;
  }
}

/** A replica's report, with the log it leaves behind. */
export interface MirroredReport {
  readonly node: NodeId;
  readonly log: MirroredLog;
  readonly state: ReplicaState;
  readonly at: number;
}

/** Reads a trace event as a replica-state report, if it is one. */
export function replicaStateOf(e: TraceEvent): ReplicaState | undefined {
  return e.kind === REPLICA_STATE && e.node !== undefined ? (e as unknown as ReplicaState) : undefined;
}

export class LogMirror {
  readonly logs = new Map<NodeId, MirroredLog>();

  /** `changed(node, log, from, at)` hears of entries that arrived from position `from` on. */
  constructor(private readonly changed?: (node: NodeId, log: MirroredLog, from: number, at: number) => void) {}

  /** Follows one trace event; returns the report when it was a replica's state with a known log. */
  observe(e: TraceEvent): MirroredReport | undefined {
    if (e.node === undefined) return undefined;
    if (e.kind === 'node.crash') {
      const log = this.logs.get(e.node);
      if (log !== undefined) log.known = false;
      return undefined;
    }
    const s = replicaStateOf(e);
    if (s === undefined) return undefined;
    let log = this.logs.get(e.node);
    if (log === undefined) this.logs.set(e.node, (log = new MirroredLog()));
    if (s.full === true) log.known = true;
    if (!log.known) return undefined;
    if (s.snap !== undefined) {
      log.base = s.snap.index;
      log.baseEra = s.snap.era;
      log.eras = [];
    }
    if (s.log !== undefined) {
      log.eras.length = Math.max(0, s.log.from - 1 - log.base);
      for (const t of s.log.eras) log.eras.push(t);
      if (s.log.eras.length > 0) this.changed?.(e.node, log, Math.max(s.log.from, log.base + 1), e.t);
    }
    return { node: e.node, log, state: s, at: e.t };
  }
}
