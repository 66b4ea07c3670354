/**
 * The store's client library, as a workload client actor: it connects to any replica, follows
 * redirects to the leader, moves to another replica when one stops answering, opens a session and
 * keeps it alive with pings, and opens a new one when the old one expired. Each operation is
 * retransmitted with the same (client, seq) until answered, so a write applies once however often
 * it is sent, and is recorded in the history Jepsen-style: invoke value = the operation plus its
 * session, ok value = the result (a ZooKeeper error is an ok whose value carries it), and `info`
 * when the operation's timeout passes without an answer (its process is then retired).
 */
import type { OpSpec, Workload } from '../../sim/client.js';
import { type Distribution, sample } from '../../sim/latency.js';
import type { Actor, Message, NodeId } from '../../sim/node.js';
import { RequestLoop } from '../../sim/request-loop.js';
import type { Rng } from '../../sim/rng.js';
import type { Time } from '../../sim/time.js';
import type { ClientContext } from '../../sim/world.js';
import type { SessionId } from './ids.js';
import { isWrite, type Op, type OpResult } from './ops.js';
import type { StoreReply, StoreRequest, WatchMessage } from './wire.js';

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

interface Current {
  readonly process: number;
  readonly request: StoreRequest;
  /** Set for workload operations (recorded in the history); unset for connects. */
  readonly op: Op | undefined;
}

/** Requests that change state go to the leader; reads go wherever the client settled (see `RequestLoop`). */
const WRITE = 'write';
const READ = 'read';

export function storeClient(options: StoreClientOptions): (ctx: ClientContext) => Actor {
  return (ctx) => new StoreClient(ctx, options);
}

export class StoreClient implements Actor {
  /**
   * The request loop keeps a route for writes, pings and connects (the leader, once a redirect has
   * named it) and one for reads (the replica this client settled on: in ZooKeeper read mode any
   * replica answers reads, so it stays put; otherwise the first redirect moves it to the leader too).
   */
  private readonly loop: RequestLoop;
  private session: SessionId | undefined;
  private lastZxid = 0;
  private process: number;
  /** The request awaiting an answer: a connect, or a workload operation. */
  private current: Current | undefined;
  /** A workload operation is due but waits for a session. */
  private due = false;
  private done = false;
  private thinking = false;
  /** The workload answered IDLE: the think timer is its wake-up, and news wakes it early. */
  private idle = false;
  private pingSeq = -1;
  private readonly sessionTimeoutMs: number;

  constructor(
    private readonly ctx: ClientContext,
    private readonly options: StoreClientOptions,
  ) {
    this.process = ctx.history.newProcess();
    this.loop = new RequestLoop(ctx, { retransmit: options.retransmit ?? Math.max(1, Math.floor(options.timeout / 4)) }, this.process);
    this.sessionTimeoutMs = options.sessionTimeoutMs ?? 2_000;
  }

  /** The session in use, if any (for tests). */
  get currentSession(): SessionId | undefined {
    return this.session;
  }

  start(): void {
    const ctx = this.ctx;
    this.options.workload.bind?.({ id: ctx.id, now: () => ctx.now(), trace: (kind, data) => ctx.trace(kind, data) });
    this.connect();
  }

  timer(name: string): void {
    if (this.loop.timer(name)) return;
    switch (name) {
      case 'think':
        this.thinking = false;
        this.idle = false;
        this.due = true;
        this.next();
        return;
      case 'timeout':
        this.giveUp();
        return;
      case 'ping':
        this.ping();
        return;
    }
  }

  message(_from: NodeId, msg: Message): void {
    if (msg.kind === 'store.watch') {
      const w = msg as WatchMessage;
      this.saw(w.zxid);
      this.ctx.trace('store.watch', { session: w.session, path: w.path, type: w.type, zxid: w.zxid });
      this.options.onWatch?.(w);
      this.options.workload.watched?.(w);
      this.wake();
      return;
    }
    const answer = this.loop.receive(msg, (seq) => (seq === this.pingSeq ? WRITE : undefined));
    if (answer === undefined) return;
    const { seq, outcome } = answer;
    if (seq === this.pingSeq) {
      if (outcome.type === 'redirect') this.ctx.setTimer('ping', this.loop.redirectDelay(answer.hinted));
      else if (outcome.type === 'ok' && (outcome.value as StoreReply).kind === 'pong' && !(outcome.value as { alive: boolean }).alive) this.expired();
      return;
    }
    if (outcome.type === 'redirect') return;
    if (outcome.type !== 'ok') {
      if (outcome.type === 'fail') this.finish('fail', outcome.value);
      return;
    }
    const reply = outcome.value as StoreReply;
    if (reply.kind === 'pong') return;
    this.saw(reply.zxid);
    switch (reply.kind) {
      case 'connected':
        this.current = undefined;
        this.loop.end();
        this.setSession(reply.session);
        this.ctx.setTimer('ping', this.pingEvery());
        if (this.due) this.next();
        else if (!this.thinking) this.think();
        return;
      case 'result':
        this.finish('ok', reply.result);
        if (reply.result.error === 'SessionExpired') this.expired();
        return;
      case 'closed':
        this.finish('ok', {});
        this.expired();
        return;
    }
  }

  /** The highest position seen moved: a retried operation carries it, so a replica that lags refuses it. */
  private saw(zxid: number): void {
    if (zxid <= this.lastZxid) return;
    this.lastZxid = zxid;
    const r = this.current?.request;
    if (r?.kind === 'op') this.loop.amend({ ...r, lastZxid: zxid });
  }

  private pingEvery(): Time {
    return Math.floor((this.sessionTimeoutMs * 1_000) / 3);
  }

  private connect(): void {
    if (this.current?.request.kind === 'connect') return;
    this.setSession(undefined);
    this.ctx.cancelTimer('ping');
    if (this.current !== undefined) return; // after the operation in flight ends
    this.begin({ kind: 'connect', timeoutMs: this.sessionTimeoutMs }, undefined);
  }

  private ping(): void {
    if (this.session === undefined) return;
    this.pingSeq = this.loop.sendAside({ kind: 'ping', session: this.session } satisfies StoreRequest, WRITE);
    this.ctx.setTimer('ping', this.pingEvery());
  }

  /** The session is gone (expired, or closed by us): open another. */
  private expired(): void {
    if (this.session === undefined) return;
    this.setSession(undefined);
    this.connect();
  }

  private setSession(session: SessionId | undefined): void {
    if (session === this.session) return;
    this.session = session;
    this.options.workload.sessionChanged?.(session);
    this.wake();
  }

  /** Ends an IDLE early (news arrived), unless an operation or a connect is under way. */
  private wake(): void {
    if (!this.idle || this.current !== undefined) return;
    this.ctx.setTimer('think', 0);
  }

  /** Starts the next workload operation, if one is due and a session is open. */
  private next(): void {
    if (this.done || !this.due || this.session === undefined || this.current !== undefined) return;
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
    const session = this.session;
    if (spec.f === CLOSE_SESSION) {
      this.ctx.history.invoke(this.process, CLOSE_SESSION, undefined, { session });
      this.begin({ kind: 'close', session }, undefined);
      return;
    }
    const op = spec.value as Op;
    this.ctx.history.invoke(this.process, op.f, 'path' in op ? op.path : undefined, { ...op, session });
    this.begin({ kind: 'op', session, op, lastZxid: this.lastZxid }, op);
  }

  private begin(request: StoreRequest, op: Op | undefined): void {
    this.current = { process: this.process, request, op };
    if (request.kind !== 'connect') this.ctx.setTimer('timeout', this.options.timeout);
    this.loop.send(request, op !== undefined && isRead(op) ? READ : WRITE);
  }

  private finish(type: 'ok' | 'fail', value: unknown): void {
    const c = this.current;
    if (c === undefined) return;
    this.current = undefined;
    this.loop.end();
    this.ctx.cancelTimer('timeout');
    if (c.request.kind !== 'connect') this.ctx.history.complete(c.process, type, value);
    if (c.op !== undefined && type === 'ok') this.options.workload.observe?.(c.op, value as OpResult);
    else if (c.op !== undefined) this.options.workload.unanswered?.(c.op, 'fail');
    this.afterOperation();
  }

  private giveUp(): void {
    const c = this.current;
    if (c === undefined || c.request.kind === 'connect') return;
    this.current = undefined;
    this.loop.end();
    this.ctx.history.complete(c.process, 'info', undefined);
    this.process = this.ctx.history.newProcess();
    this.loop.skip(c.op !== undefined && isRead(c.op) ? READ : WRITE);
    if (c.request.kind === 'close') this.setSession(undefined); // closed or not, we are done with it
    if (c.op !== undefined) this.options.workload.unanswered?.(c.op, 'info');
    this.afterOperation();
  }

  private afterOperation(): void {
    if (this.session === undefined) this.connect();
    else this.think();
  }

  private think(): void {
    this.thinking = true;
    this.ctx.setTimer('think', sample(this.options.thinkTime, this.options.rng));
  }
}

/** Reads (get, exists, children) may be served by any replica in ZooKeeper mode; sync goes to the leader. */
function isRead(op: Op): boolean {
  return !isWrite(op) && op.f !== 'sync';
}
