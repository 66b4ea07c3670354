/**
 * The store's client library as a workload client actor: a driver that pulls operations from a
 * workload between think times and runs them on a `StoreSession` (session.ts), the one client
 * library of the store, shared with the control plane's actors. The session connects to any
 * replica, follows redirects to the leader, moves to another replica when one stops answering,
 * keeps its session alive with pings and opens a new one when the old one expired; it resends each
 * operation with the same (client, seq) until answered, so a write applies once however often it
 * is sent, and records it in the history Jepsen-style: invoke value = the operation plus its
 * session, ok value = the result (a ZooKeeper error is an ok whose value carries it), and `info`
 * when the operation's timeout passes without an answer (its process is then retired).
 */
import type { OpSpec, Workload } from '../../sim/client.js';
import { type Distribution, sample } from '../../sim/latency.js';
import type { Actor, Message, NodeId } from '../../sim/node.js';
import type { Rng } from '../../sim/rng.js';
import type { Time } from '../../sim/time.js';
import type { ClientContext } from '../../sim/world.js';
import type { SessionId } from './ids.js';
import type { Op, OpResult } from './ops.js';
import { StoreSession, type Outcome } from './session.js';
import type { WatchMessage } from './wire.js';

/**
 * What `ObservingWorkload.next` may answer instead of an operation: nothing to do now, ask again
 * after `value` microseconds (the client idles that long), or sooner when a watch event arrives or
 * the session changes. Nothing is recorded in the history.
 */
export const IDLE = 'idle';

/** What a workload may use of the client that runs it: its id, its clock and the trace. */
export interface WorkloadHost {
  readonly id: NodeId;
  /** The client's own clock (it may be skewed), in microseconds. */
  now(): Time;
  /** Records a trace event on the client's lane. */
  trace(kind: string, data: Record<string, unknown>): void;
}

/**
 * A workload that also hears each operation's result (to aim later compare-and-sets, say). The
 * optional hooks serve workloads that follow a protocol of their own (the recipes in `recipes/`).
 */
export interface ObservingWorkload extends Workload {
  observe?(op: Op, result: OpResult): void;
  /** Called once, when the client starts. */
  bind?(host: WorkloadHost): void;
  /** The operation ended without a result: `info` (timed out: it may yet apply) or `fail` (it did not apply). */
  unanswered?(op: Op, type: 'fail' | 'info'): void;
  /** The client's session changed: a new one opened, or (`undefined`) the one in use is gone (expired or closed). */
  sessionChanged?(session: SessionId | undefined): void;
  /** A watch event reached the client. */
  watched?(event: WatchMessage): void;
}

export interface StoreClientOptions {
  readonly workload: ObservingWorkload;
  /** How long an operation may go unanswered before it is recorded as unknown (`info`). */
  readonly timeout: Time;
  readonly thinkTime: Distribution;
  readonly rng: Rng;
  /** Resend an unanswered request after this long, to the next replica. Default: a quarter of `timeout`. */
  readonly retransmit?: Time;
  /** The session timeout asked for, in milliseconds. Default 2000. */
  readonly sessionTimeoutMs?: number;
  /** Called with every watch event delivered to this client. */
  readonly onWatch?: (event: WatchMessage) => void;
}

/** The history's name for a client-initiated session close (the model's `close-session`). */
export const CLOSE_SESSION = 'close-session';

export function storeClient(options: StoreClientOptions): (ctx: ClientContext) => Actor {
  return (ctx) => new StoreClient(ctx, options);
}

/**
 * The workload driver: it pulls operations from the workload between think times and hands them
 * to a `StoreSession`, which does the rest (connecting, pinging, retransmitting, the history).
 */
export class StoreClient implements Actor {
  private readonly session: StoreSession;
  /** An operation or a close is with the session. */
  private busy = false;
  /** A session is open, as far as the workload has been told. */
  private open = false;
  /** A workload operation is due but waits for a session. */
  private due = false;
  private done = false;
  private thinking = false;
  /** The workload answered IDLE: the think timer is its wake-up, and news wakes it early. */
  private idle = false;

  constructor(
    private readonly ctx: ClientContext,
    private readonly options: StoreClientOptions,
  ) {
    this.session = new StoreSession(
      ctx,
      {
        opened: (session) => this.opened(session),
        lost: () => {
          this.open = false;
          this.sessionChanged(undefined);
        },
        watch: (w) => this.watched(w),
      },
      {
        opTimeout: options.timeout,
        retransmit: options.retransmit ?? Math.max(1, Math.floor(options.timeout / 4)),
        sessionTimeoutMs: options.sessionTimeoutMs ?? 2_000,
        start: 'process',
        // Workload clients are not crashed (the nemesis only cuts them off and pauses them).
        durable: false,
        skipSilentReplicas: false,
      },
    );
  }

  /** The session in use, if any (for tests). */
  get currentSession(): SessionId | undefined {
    return this.session.session;
  }

  start(): void {
    const ctx = this.ctx;
    this.options.workload.bind?.({ id: ctx.id, now: () => ctx.now(), trace: (kind, data) => ctx.trace(kind, data) });
    this.session.start();
  }

  timer(name: string): void {
    if (this.session.timer(name)) return;
    if (name !== 'think') return;
    this.thinking = false;
    this.idle = false;
    this.due = true;
    this.next();
  }

  message(from: NodeId, msg: Message): void {
    this.session.message(from, msg);
  }

  private opened(session: SessionId): void {
    this.open = true;
    this.sessionChanged(session);
    if (this.due) this.next();
    else if (!this.thinking) this.think();
  }

  private watched(w: WatchMessage): void {
    this.options.onWatch?.(w);
    this.options.workload.watched?.(w);
    this.wake();
  }

  private sessionChanged(session: SessionId | undefined): void {
    this.options.workload.sessionChanged?.(session);
    this.wake();
  }

  /** Ends an IDLE early (news arrived), unless an operation or a connect is under way. */
  private wake(): void {
    if (!this.idle || this.session.busy) return;
    this.ctx.setTimer('think', 0);
  }

  /** Starts the next workload operation, if one is due and a session is open. */
  private next(): void {
    if (this.done || !this.due || !this.open || this.busy) return;
    const spec: OpSpec | undefined = this.options.workload.next(this.options.rng, this.ctx.id);
    if (spec === undefined) {
      this.done = true;
      return;
    }
    this.due = false;
    if (spec.f === IDLE) {
      this.idle = true;
      this.thinking = true;
      this.ctx.setTimer('think', typeof spec.value === 'number' && spec.value >= 0 ? spec.value : sample(this.options.thinkTime, this.options.rng));
      return;
    }
    this.busy = true;
    if (spec.f === CLOSE_SESSION) {
      this.session.close((o) => this.answered(undefined, o));
      return;
    }
    const op = spec.value as Op;
    this.session.submit(op, (o) => this.answered(op, o));
  }

  private answered(op: Op | undefined, outcome: Outcome<OpResult | unknown>): void {
    this.busy = false;
    if (op !== undefined) {
      if (outcome.type === 'ok') this.options.workload.observe?.(op, outcome.result as OpResult);
      else this.options.workload.unanswered?.(op, outcome.type === 'fail' ? 'fail' : 'info');
    }
    // Think before the next operation, unless the session was gone before this answer (an unanswered
    // close, an expiry a ping found): then the new session's opening starts the thinking. The loss
    // an answer itself reports (SessionExpired, closed) is told after it.
    if (this.open) this.think();
  }

  private think(): void {
    this.thinking = true;
    this.ctx.setTimer('think', sample(this.options.thinkTime, this.options.rng));
  }
}

