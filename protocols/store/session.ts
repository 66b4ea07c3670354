/**
 * A store session for an actor that is not a workload client (a scheduler, a controller, a kubelet):
 * the actor embeds it, hands it the messages and timers that are the session's, and issues store
 * operations with a callback each. The session connects to any replica, follows redirects, opens a
 * session and keeps it alive with pings, runs the operations one at a time in the order they were
 * submitted, and opens a new session when the store says the old one is gone.
 *
 * Every operation is recorded in the run's history as the store's client library records it (invoke
 * value = the operation plus its session; the result on `ok`; `info`, with a fresh process, when the
 * operation's timeout passes), so the store's linearizability check covers the actor's traffic.
 *
 * Each answer carries the position of the store's state it describes (`zxid`: for a write, the
 * position of the command that applied it) and a lower bound `lo` for that position (one past the
 * highest position the session had seen when it first sent the operation). A write sent once and
 * answered has `exact` set: `zxid` is its very position. A write that was sent again may have been
 * answered from the store's exactly-once table, which reports the replica's applied position, an
 * upper bound; its position then lies in [lo, zxid].
 *
 * Watches live on the replica that served the read that set them. The session remembers which
 * replicas hold its watches; when the session moves away from one of them for want of an answer and
 * hears nothing from it for three retransmission periods (it may have crashed), or the session
 * ends, the watches may be lost, and `watchesLost` / `lost` tell the owner to read again.
 */
import type { ClientContext } from '../../sim/context.js';
import type { Message, NodeId } from '../../sim/node.js';
import { RequestLoop, RESEND, RETRANSMIT } from '../../sim/request-loop.js';
import type { Time } from '../../sim/time.js';
import type { SessionId } from './ids.js';
import { isWrite, type Op, type OpResult, type ResultOf } from './ops.js';
import type { StoreReply, StoreRequest, WatchMessage } from './wire.js';

export interface StoreSessionOptions {
  /** How long an operation may go unanswered before it is recorded as unknown (`info`). Default 10s. */
  readonly opTimeout?: Time;
  /** Resend an unanswered request after this long, to the next replica. Default: a quarter of `opTimeout`. */
  readonly retransmit?: Time;
  /** The session timeout asked of the store, in milliseconds. Default 10,000. */
  readonly sessionTimeoutMs?: number;
  /**
   * The replica (by position) the session asks first; `process`: the position its first history
   * process has (workload clients spread over the replicas so). Default: derived from the actor's id.
   */
  readonly start?: number | 'process';
  /** Record each delivered watch event as a `store.watch` trace event. Default true. */
  readonly traceWatches?: boolean;
  /**
   * Number the requests of each incarnation above the last one's, by a counter on disk (see `start`).
   * Default true; an actor that never crashes (a workload client) can do without.
   */
  readonly durable?: boolean;
  /** Move on to the next replica when a ping goes unanswered for a whole ping period. Default true. */
  readonly skipSilentReplicas?: boolean;
}

/** What the session tells the actor that embeds it. */
export interface SessionListener {
  /** A session opened (the first one, or one that replaces a lost one). */
  opened?(session: SessionId): void;
  /** The session is gone (expired, or closed): its watches and ephemeral nodes with it. */
  lost?(session: SessionId): void;
  /** A watch of the session fired. */
  watch?(event: WatchMessage): void;
  /** A replica that held some of the session's watches stopped answering: they may never fire. */
  watchesLost?(): void;
}

/**
 * What became of an operation:
 * - ok: the store answered (a ZooKeeper error is an ok whose result carries it);
 * - unknown: no answer within the timeout; it may yet apply (the history says `info`);
 * - fail: the store refused the request as malformed.
 */
export type Outcome<R = OpResult> =
  | { readonly type: 'ok'; readonly result: R; readonly zxid: number; readonly lo: number; readonly exact: boolean }
  | { readonly type: 'unknown'; readonly lo: number }
  | { readonly type: 'fail'; readonly lo: number };

/** Timer names the session owns (with the request loop's): the embedding actor must not use them. */
export const SESSION_PING = 'session.ping';
export const SESSION_TIMEOUT = 'session.timeout';
export const SESSION_TIMERS: readonly string[] = [SESSION_PING, SESSION_TIMEOUT, RETRANSMIT, RESEND];

/** Writes, pings and connects go where the leader is; reads wherever the store lets them be served. */
const WRITE = 'write';
const READ = 'read';

interface Pending {
  readonly op: Op | undefined;
  /** Set for a close of the session (recorded as `close-session`). */
  readonly close: boolean;
  readonly done: ((outcome: Outcome<any>) => void) | undefined;
}

interface InFlight extends Pending {
  readonly process: number;
  readonly request: StoreRequest;
  readonly lo: number;
  sends: number;
}

/** The disk key of the session's incarnation counter. */
export const SESSION_EPOCH = 'store.session.epoch';
/** Sequence numbers per incarnation: one incarnation never reaches the next one's. */
const EPOCH_SEQS = 2 ** 32;

export class StoreSession {
  /** Made once the incarnation's number is on disk (see `start`); nothing is sent before. */
  private made: RequestLoop | undefined;
  private readonly queue: Pending[] = [];
  private head = 0;
  private current: InFlight | undefined;
  private connecting = false;
  private sessionId: SessionId | undefined;
  private lastZxid = 0;
  private process: number;
  private pingSeq = -1;
  private pingAnswered = true;
  /** Replicas holding watches of the current session (silent for three retransmissions: lost). */
  private readonly holders: WatchHolders;
  private readonly opTimeout: Time;
  private readonly sessionTimeoutMs: number;
  private readonly traceWatches: boolean;
  private readonly retransmit: Time;
  private readonly first: number;
  private readonly durable: boolean;
  private readonly skipSilent: boolean;
  private started = false;

  constructor(
    private readonly ctx: ClientContext,
    private readonly listener: SessionListener = {},
    options: StoreSessionOptions = {},
  ) {
    this.opTimeout = options.opTimeout ?? 10_000_000;
    this.sessionTimeoutMs = options.sessionTimeoutMs ?? 10_000;
    this.traceWatches = options.traceWatches ?? true;
    this.process = ctx.history.newProcess();
    this.retransmit = options.retransmit ?? Math.max(1, Math.floor(this.opTimeout / 4));
    this.holders = new WatchHolders(3 * this.retransmit);
    this.first = options.start === 'process' ? this.process : (options.start ?? spread(ctx.id));
    this.durable = options.durable ?? true;
    this.skipSilent = options.skipSilentReplicas ?? true;
  }

  /** The open session, if any. */
  get session(): SessionId | undefined {
    return this.sessionId;
  }

  /** The highest store position any answer has shown this session. */
  get seen(): number {
    return this.lastZxid;
  }

  /** Whether a request (an operation, a close or a connect) awaits its answer. */
  get busy(): boolean {
    return this.current !== undefined;
  }

  /** Operations submitted and not yet answered (the one in flight included). */
  get backlog(): number {
    return this.queue.length - this.head + (this.current !== undefined && !this.connecting ? 1 : 0);
  }

  /**
   * Opens the first session. Call once, from the actor's `start`. The store's exactly-once table
   * knows the actor by its id, so every incarnation numbers its requests above the last one's: it
   * first makes its own number durable (a crash before that sent nothing, so the number may be
   * used again), then connects.
   */
  start(): void {
    if (this.started) return;
    this.started = true;
    if (!this.durable) {
      this.made = new RequestLoop(this.ctx, { retransmit: this.retransmit }, this.first);
      this.connect();
      return;
    }
    const epoch = (this.ctx.disk.get<number>(SESSION_EPOCH) ?? 0) + 1;
    this.ctx.disk.put(SESSION_EPOCH, epoch);
    this.ctx.disk.sync(() => {
      this.made = new RequestLoop(this.ctx, { retransmit: this.retransmit, firstSeq: epoch * EPOCH_SEQS }, this.first);
      this.connect();
    });
  }

  /** Queues an operation; `done` hears its outcome. Operations run one at a time, in order. */
  submit<O extends Op>(op: O, done?: (outcome: Outcome<ResultOf<O>>) => void): void {
    this.queue.push({ op, close: false, done: done as ((outcome: Outcome<any>) => void) | undefined });
    this.pump();
  }

  /** Queues the end of the session (its ephemeral nodes go); a new one opens after it. */
  close(done?: (outcome: Outcome<unknown>) => void): void {
    this.queue.push({ op: undefined, close: true, done });
    this.pump();
  }

  /** Handles one of the session's timers; false when the name is not one of them. */
  timer(name: string): boolean {
    if (this.made === undefined) return SESSION_TIMERS.includes(name);
    if (name === RETRANSMIT) {
      const before = this.loop.current === undefined ? undefined : this.loop.targetOf(this.loop.current.route);
      if (this.current !== undefined) this.current.sends++;
      this.loop.timer(name);
      if (before !== undefined) this.silent(before);
      this.judge();
      return true;
    }
    if (name === RESEND) {
      if (this.current !== undefined) this.current.sends++;
      this.loop.timer(name);
      return true;
    }
    if (name === SESSION_PING) {
      this.ping();
      return true;
    }
    if (name === SESSION_TIMEOUT) {
      this.giveUp();
      return true;
    }
    return false;
  }

  /** Handles a message meant for the session (answers and watch events); false for any other. */
  message(from: NodeId, msg: Message): boolean {
    if (this.made === undefined) return msg.kind === 'store.watch' || msg.kind === 'client.response';
    if (msg.kind === 'store.watch' || msg.kind === 'client.response') this.holders.heardFrom(from, this.ctx.now());
    if (msg.kind === 'store.watch') {
      const w = msg as WatchMessage;
      this.saw(w.zxid);
      if (this.traceWatches) this.ctx.trace('store.watch', { session: w.session, path: w.path, type: w.type, zxid: w.zxid });
      this.listener.watch?.(w);
      return true;
    }
    if (msg.kind !== 'client.response') return false;
    const answer = this.loop.receive(msg, (seq) => (seq === this.pingSeq ? WRITE : undefined));
    if (answer === undefined) return true;
    const { seq, outcome } = answer;
    if (seq === this.pingSeq) {
      this.pingAnswered = true;
      if (outcome.type === 'redirect') this.ctx.setTimer(SESSION_PING, this.loop.redirectDelay(answer.hinted));
      else if (outcome.type === 'ok' && (outcome.value as StoreReply).kind === 'pong' && !(outcome.value as { alive: boolean }).alive) this.expired();
      return true;
    }
    // An unknown outcome from a replica: the retransmission asks another (the same number applies once).
    if (outcome.type === 'redirect' || outcome.type === 'unknown') return true;
    if (outcome.type === 'fail') {
      this.finish({ type: 'fail', lo: this.current?.lo ?? 0 }, 'fail', outcome.value);
      this.after();
      return true;
    }
    const reply = outcome.value as StoreReply;
    if (reply.kind === 'pong') return true;
    switch (reply.kind) {
      case 'connected':
        this.saw(reply.zxid);
        this.current = undefined;
        this.connecting = false;
        this.loop.end();
        this.sessionId = reply.session;
        this.holders.clear();
        this.pingAnswered = true;
        this.ctx.setTimer(SESSION_PING, this.pingEvery());
        this.listener.opened?.(reply.session);
        this.pump();
        return true;
      case 'result': {
        const c = this.current;
        const exact = c !== undefined && c.sends === 1;
        this.saw(reply.zxid);
        if (c?.op !== undefined && isWatchRead(c.op) && reply.result.error === undefined) this.holders.holds(from);
        // A session the store no longer knows is gone before anything else is sent on it.
        const gone = reply.result.error === 'SessionExpired' ? this.forget() : undefined;
        this.finish({ type: 'ok', result: reply.result, zxid: reply.zxid, lo: c?.lo ?? 0, exact }, 'ok', reply.result);
        if (gone !== undefined) this.listener.lost?.(gone);
        this.after();
        return true;
      }
      case 'closed': {
        this.saw(reply.zxid);
        const gone = this.forget();
        this.finish({ type: 'ok', result: {}, zxid: reply.zxid, lo: this.current?.lo ?? 0, exact: this.current?.sends === 1 }, 'ok', {});
        if (gone !== undefined) this.listener.lost?.(gone);
        this.after();
        return true;
      }
    }
  }

  // ---- internals --------------------------------------------------------------------------

  private get loop(): RequestLoop {
    return this.made!;
  }

  private pingEvery(): Time {
    return Math.floor((this.sessionTimeoutMs * 1_000) / 3);
  }

  /** The highest position seen moved: a retried operation carries it, so a replica that lags refuses it. */
  private saw(zxid: number): void {
    if (zxid <= this.lastZxid) return;
    this.lastZxid = zxid;
    const r = this.current?.request;
    if (r?.kind === 'op') this.loop.amend({ ...r, lastZxid: zxid });
  }

  private connect(): void {
    if (this.connecting) return;
    this.sessionId = undefined;
    this.holders.clear();
    this.ctx.cancelTimer(SESSION_PING);
    if (this.current !== undefined) return; // after the operation in flight ends
    this.connecting = true;
    const request: StoreRequest = { kind: 'connect', timeoutMs: this.sessionTimeoutMs };
    this.current = { op: undefined, close: false, done: undefined, process: -1, request, lo: this.lastZxid + 1, sends: 1 };
    this.loop.send(request, WRITE);
  }

  private ping(): void {
    this.judge();
    if (this.sessionId === undefined) return;
    if (!this.pingAnswered && this.skipSilent) {
      // The replica we ping has gone silent (crashed, or cut off): try the next one.
      const before = this.loop.targetOf(WRITE);
      this.loop.skip(WRITE);
      this.silent(before);
    }
    this.pingAnswered = false;
    this.pingSeq = this.loop.sendAside({ kind: 'ping', session: this.sessionId } satisfies StoreRequest, WRITE);
    this.ctx.setTimer(SESSION_PING, this.pingEvery());
  }

  /** We stopped talking to `node` for want of an answer. */
  private silent(node: NodeId): void {
    this.holders.movedAwayFrom(node, this.ctx.now());
  }

  private judge(): void {
    if (this.holders.judge(this.ctx.now())) this.listener.watchesLost?.();
  }

  /** The session is gone (expired, or closed by us): tell the owner and open another. */
  private expired(): void {
    this.drop();
    this.connect();
  }

  /** Forgets the session (the owner hears it is lost); a new one opens once nothing is in flight. */
  private drop(): void {
    const gone = this.forget();
    if (gone !== undefined) this.listener.lost?.(gone);
  }

  /** Forgets the session without telling the owner yet; returns it, if there was one. */
  private forget(): SessionId | undefined {
    const gone = this.sessionId;
    if (gone === undefined) return undefined;
    this.sessionId = undefined;
    this.holders.clear();
    this.ctx.cancelTimer(SESSION_PING);
    return gone;
  }

  /** Sends the next queued operation, if a session is open and nothing is in flight. */
  private pump(): void {
    if (this.current !== undefined || this.sessionId === undefined || this.head >= this.queue.length) return;
    const next = this.queue[this.head]!;
    this.queue[this.head++] = undefined as never;
    if (this.head > 64 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    const session = this.sessionId;
    let request: StoreRequest;
    if (next.close) {
      this.ctx.history.invoke(this.process, 'close-session', undefined, { session });
      request = { kind: 'close', session };
    } else {
      const op = next.op!;
      this.ctx.history.invoke(this.process, op.f, 'path' in op ? op.path : undefined, { ...op, session });
      request = { kind: 'op', session, op, lastZxid: this.lastZxid };
    }
    // Fields written out, not spread: a spread of the queued shapes is a slow path on every operation.
    this.current = { op: next.op, close: next.close, done: next.done, process: this.process, request, lo: this.lastZxid + 1, sends: 1 };
    this.ctx.setTimer(SESSION_TIMEOUT, this.opTimeout);
    this.loop.send(request, next.op !== undefined && isRead(next.op) ? READ : WRITE);
  }

  private finish(outcome: Outcome<any>, type: 'ok' | 'fail', value: unknown): void {
    const c = this.current;
    if (c === undefined || this.connecting) return;
    this.current = undefined;
    this.loop.end();
    this.ctx.cancelTimer(SESSION_TIMEOUT);
    this.ctx.history.complete(c.process, type, value);
    c.done?.(outcome);
  }

  private giveUp(): void {
    const c = this.current;
    if (c === undefined || this.connecting) return;
    this.current = undefined;
    this.loop.end();
    this.ctx.cancelTimer(SESSION_TIMEOUT);
    this.ctx.history.complete(c.process, 'info', undefined);
    this.process = this.ctx.history.newProcess();
    const route = c.op !== undefined && isRead(c.op) ? READ : WRITE;
    const before = this.loop.targetOf(route);
    this.loop.skip(route);
    this.silent(before);
    if (c.close) this.expired();
    c.done?.({ type: 'unknown', lo: c.lo });
    this.after();
  }

  /** The operation in flight ended: open a session if there is none, else send the next one. */
  private after(): void {
    if (this.sessionId === undefined) this.connect();
    else this.pump();
  }
}

/** Reads may be served by any replica in ZooKeeper mode; sync goes to the leader. */
function isRead(op: Op): boolean {
  return !isWrite(op) && op.f !== 'sync';
}

function isWatchRead(op: Op): boolean {
  return (op.f === 'get' || op.f === 'exists' || op.f === 'children') && op.watch === true;
}

/** A stable starting replica per actor, so components spread over the replicas. */
function spread(id: NodeId): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (Math.imul(h, 31) + id.charCodeAt(i)) >>> 0;
  return h % 1024;
}

/**
 * Which replicas hold a session's watches, and whether one of them may have lost them. Watches
 * live on the replica that served the read that set them, and go with it if it crashes. A client
 * cannot see a crash; it can see a replica go silent. One lost message proves nothing, so a holder
 * the session moved away from for want of an answer is only a suspect; one heard from since is
 * cleared, one silent for `silence` is taken for lost (and its watches with it).
 */
class WatchHolders {
  private readonly holders = new Set<NodeId>();
  /** When each replica was last heard from. */
  private readonly heard = new Map<NodeId, Time>();
  /** Holders the session moved away from for want of an answer, and since when. */
  private readonly suspects = new Map<NodeId, Time>();

  constructor(private readonly silence: Time) {}

  /** A replica answered or pushed a watch event. */
  heardFrom(node: NodeId, now: Time): void {
    this.heard.set(node, now);
  }

  /** `node` served a read that set a watch. */
  holds(node: NodeId): void {
    this.holders.add(node);
  }

  /** The session stopped talking to `node` for want of an answer. */
  movedAwayFrom(node: NodeId, now: Time): void {
    if (this.holders.has(node) && !this.suspects.has(node)) this.suspects.set(node, now);
  }

  /** Judges the suspects; returns whether a holder is now taken for lost. */
  judge(now: Time): boolean {
    let lost = false;
    for (const [node, since] of [...this.suspects]) {
      if ((this.heard.get(node) ?? -Infinity) >= since) this.suspects.delete(node);
      else if (now - since >= this.silence) {
        this.suspects.delete(node);
        if (this.holders.delete(node)) lost = true;
      }
    }
    return lost;
  }

  /** The session changed: its watches are gone with the old one. */
  clear(): void {
    this.holders.clear();
    this.suspects.clear();
  }
}
