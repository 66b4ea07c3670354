import type { Time } from './time.js';
import type { Trace } from './trace.js';

export type OpType = 'invoke' | 'ok' | 'fail' | 'info';

/**
 * One line of a Jepsen-style history. For `invoke`, `value` is the argument; for a completion, the
 * result. `info` means the outcome is unknown: the op may take effect at any time after its
 * invocation, or never; a process whose op ended in `info` is never used again.
 */
export interface HistoryOp {
  readonly index: number;
  readonly process: number;
  /**
   * The client actor whose process this is (`c4`: its lane in the report). A client starts a new
   * process after every unknown outcome, so its processes change while it stays the same.
   */
  readonly client?: string;
  readonly type: OpType;
  readonly f: string;
  readonly key?: string;
  readonly value?: unknown;
  /** Virtual (true) time in microseconds. */
  readonly time: Time;
}

/** Records the client history and enforces its contract: one open op per process, no reuse after info. */
export class History {
  private readonly list: HistoryOp[] = [];
  private readonly open = new Map<number, HistoryOp>();
  private readonly retired = new Set<number>();
  private readonly clients = new Map<number, string>();
  private nextProcess = 0;
  /** Called for every op recorded (the world mirrors them into the trace). */
  onRecord: ((op: HistoryOp) => void) | undefined;

  /**
   * `now` is true virtual time: a client's own clock may be skewed, the history's never is.
   * `client` names the client actor running when a process invokes (the world knows it), so each
   * op records whose it is.
   */
  constructor(
    private readonly now: () => Time,
    private readonly client: () => string | undefined = () => undefined,
  ) {}

  newProcess(): number {
    return this.nextProcess++;
  }

  invoke(process: number, f: string, key: string | undefined, value: unknown): HistoryOp {
    if (this.retired.has(process)) throw new Error(`history: process ${process} ended in info and cannot be reused`);
    if (this.open.has(process)) throw new Error(`history: process ${process} already has an open operation`);
    const client = this.clients.get(process) ?? this.client();
    if (client !== undefined) this.clients.set(process, client);
    const op = this.record({ process, ...(client === undefined ? {} : { client }), type: 'invoke', f, ...(key === undefined ? {} : { key }), value, time: this.now() });
    this.open.set(process, op);
    return op;
  }

  complete(process: number, type: Exclude<OpType, 'invoke'>, value: unknown): HistoryOp {
    const invoked = this.open.get(process);
    if (!invoked) throw new Error(`history: process ${process} has no open operation to complete`);
    this.open.delete(process);
    if (type === 'info') this.retired.add(process);
    const key = invoked.key;
    const client = invoked.client;
    return this.record({ process, ...(client === undefined ? {} : { client }), type, f: invoked.f, ...(key === undefined ? {} : { key }), value, time: this.now() });
  }

  /** Whether `process` has an operation awaiting completion. */
  isOpen(process: number): boolean {
    return this.open.has(process);
  }

  get ops(): readonly HistoryOp[] {
    return this.list;
  }

  toJSONL(): string {
    return this.list.map((op) => JSON.stringify(op)).join('\n') + (this.list.length ? '\n' : '');
  }

  private record(fields: Omit<HistoryOp, 'index'>): HistoryOp {
    const op: HistoryOp = { index: this.list.length, ...fields };
    this.list.push(op);
    this.onRecord?.(op);
    return op;
  }
}

/** Mirrors a history record into the trace (at level `state` and above), so the trace alone tells the run. */
export function traceHistoryOp(trace: Trace, now: Time, op: HistoryOp): void {
  if (!trace.records('state')) return;
  trace.emit(now, `client.${op.type}`, undefined, {
    process: op.process,
    f: op.f,
    ...(op.key === undefined ? {} : { key: op.key }),
    ...(op.value === undefined ? {} : { value: op.value }),
    index: op.index,
  });
}
