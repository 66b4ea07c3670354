/**
 * The store service on one replica: it takes client requests, proposes the writes through the
 * ordering protocol under it, applies committed commands to the `StoreMachine`, answers the
 * requests this replica proposed, serves reads, expires sessions while it leads, and pushes fired
 * watches to the clients that set them. It knows the protocol only as a `Replication`.
 *
 * Reads, by `reads` mode:
 * - `linearizable` (default): on the leader, after a read barrier (`Replication.readIndex`), once
 *   the barrier's index is applied; followers redirect.
 * - `zookeeper`: any replica answers from its applied state, as ZooKeeper does, unless the client
 *   has seen a newer position than the replica has applied (then it redirects: single system image).
 * - `leader-local`: the leader answers from its applied state without a barrier. Unsafe: a deposed
 *   leader that does not know it yet answers stale reads (mutant S1).
 *
 * `sync` is not a command: in every mode the leader answers it after its read barrier, as
 * ZooKeeper's leader answers a sync (and, like a linearizable read, it is only as sound as the
 * protocol's barrier: ZAB's mutant Z4 answers without a quorum round, ZOOKEEPER-1675).
 */
import type { ClientRequest, NodeContext, NodeId } from '../../sim/node.js';
import type { Time } from '../../sim/time.js';
import { assertNever } from '../../sim/errors.js';
import type { Command, Response } from './commands.js';
import { BAD_ARGUMENTS, DONE, SESSION_EXPIRED } from './answers.js';
import { isValidPath } from './paths.js';
import { clientId, sessionId, type SessionId, type Zxid } from './ids.js';
import { StoreMachine, type StoreSnapshot } from './machine.js';
import { isWrite, type ReadOp } from './ops.js';
import type { Position, Replication, ReplicatedService } from './replication.js';
import { ExpiryRecorder, SessionTracker } from './sessions.js';
import { WatchManager } from './watches.js';
import { isStoreRequest, type OpRequest, type StoreReply, type StoreRequest, type WatchMessage } from './wire.js';

export type ReadMode = 'linearizable' | 'zookeeper' | 'leader-local';

export interface StoreServiceOptions {
  /** How reads are served (see above). Default `linearizable`. */
  readonly reads?: ReadMode;
  /** How often the leader looks for sessions to expire. Default 50ms. */
  readonly sessionCheckEvery?: Time;
  /**
   * Mutant S2: every proposal gets a fresh sequence number, so the state machine cannot tell a
   * retried write from a new one and applies it again.
   */
  readonly noDedup?: boolean;
}

/** Timer names the service uses; the host hands it every timer whose name starts with `store.`. */
export const STORE_TIMER_PREFIX = 'store.';
export const SESSION_CHECK = 'store.sessions';

interface Proposal {
  readonly request: ClientRequest;
  readonly term: number;
}

interface ConfirmedRead {
  readonly index: number;
  readonly request: ClientRequest;
  readonly payload: OpRequest;
}

export class StoreService implements ReplicatedService {
  readonly machine = new StoreMachine();
  private readonly watches = new WatchManager();
  /** Which client node to notify for a session's watches held here. */
  private readonly watchers = new Map<SessionId, NodeId>();
  private appliedIndex = 0;
  /** Requests this replica proposed, by log position. */
  private readonly proposals = new Map<number, Proposal>();
  /** The position of a client's request still in flight here, so a retransmission is not proposed again. */
  private readonly inflight = new Map<NodeId, { readonly seq: number; readonly index: number }>();
  /** Reads whose barrier passed, waiting for their index to be applied; in index order. */
  private confirmed: ConfirmedRead[] = [];
  private readonly tracker = new SessionTracker();
  private leading = false;
  private readonly recorder: ExpiryRecorder | undefined;
  private readonly reads: ReadMode;
  private readonly checkEvery: Time;
  private readonly noDedup: boolean;

  private replication!: Replication;

  constructor(
    private readonly ctx: NodeContext<any>,
    options: StoreServiceOptions = {},
  ) {
    this.reads = options.reads ?? 'linearizable';
    this.checkEvery = options.sessionCheckEvery ?? 50_000;
    this.noDedup = options.noDedup ?? false;
    this.recorder = ctx.history === undefined ? undefined : ExpiryRecorder.of(ctx.history);
  }

  /** Connects the service to the protocol that orders its commands; once, before any request. */
  bind(replication: Replication): this {
    this.replication = replication;
    return this;
  }

  /** The position of the last command applied (or restored). */
  get applied(): number {
    return this.appliedIndex;
  }

  // ---- requests ---------------------------------------------------------------------------

  request(req: ClientRequest): void {
    const payload = req.op;
    if (!isStoreRequest(payload)) {
      this.ctx.reply(req, { type: 'fail', value: BAD_ARGUMENTS });
      return;
    }
    this.handle(req, payload);
  }

  private handle(req: ClientRequest, r: StoreRequest): void {
    switch (r.kind) {
      case 'connect':
        this.proposeFor(req, (index) => ({ kind: 'open-session', session: sessionId(index), timeoutMs: r.timeoutMs }));
        return;
      case 'ping': {
        if (!this.leadOrRedirect(req)) return;
        this.tracker.touch(r.session, this.ctx.now());
        this.answer(req, { kind: 'pong', alive: this.alive(r.session) });
        return;
      }
      case 'close':
        this.proposeFor(req, () => ({ kind: 'close-session', session: r.session, reason: 'closed' }));
        return;
      case 'op':
        if (isWrite(r.op)) {
          const op = r.op;
          const client = clientId(req.client);
          if (this.leading) this.tracker.touch(r.session, this.ctx.now());
          // A retry of a write already applied here is answered from the exactly-once table (§6.3).
          const known = this.noDedup || !this.leading ? undefined : this.machine.resultOf(client, req.seq);
          if (known !== undefined) {
            this.answer(req, { kind: 'result', result: known, zxid: this.appliedIndex });
            return;
          }
          this.proposeFor(req, (index) => ({ kind: 'op', client, seq: this.noDedup ? index : req.seq, session: r.session, op }));
        } else if (r.op.f === 'sync') {
          this.barrier(req, r);
        } else {
          this.read(req, r);
        }
        return;
      default:
        assertNever(r, 'store request');
    }
  }

  /** Proposes the request's command unless the same request is already in flight here. */
  private proposeFor(req: ClientRequest, build: (index: number) => Command): void {
    if (!this.leadOrRedirect(req)) return;
    const inflight = this.inflight.get(req.client);
    if (inflight !== undefined && inflight.seq === req.seq) {
      const pending = this.proposals.get(inflight.index);
      if (pending !== undefined) {
        this.proposals.set(inflight.index, { request: req, term: pending.term });
        return;
      }
    }
    const position = this.replication.propose(build);
    if (position === undefined) {
      this.redirect(req);
      return;
    }
    this.track(req, position);
  }

  private track(req: ClientRequest, position: Position): void {
    this.proposals.set(position.index, { request: req, term: position.term });
    this.inflight.set(req.client, { seq: req.seq, index: position.index });
  }

  private read(req: ClientRequest, r: OpRequest): void {
    switch (this.reads) {
      case 'zookeeper':
        if (this.appliedIndex < r.lastZxid) this.redirect(req);
        else this.serve(req, r);
        return;
      case 'leader-local':
        if (this.leadOrRedirect(req)) this.serve(req, r);
        return;
      case 'linearizable':
        this.barrier(req, r);
        return;
      default:
        assertNever(this.reads, 'read mode');
    }
  }

  /**
   * Answers on the leader once its read barrier passed and what it covers is applied: a
   * linearizable read, or a `sync` in any read mode (ZooKeeper's leader answers a sync once it has
   * caught up; the reply's zxid then keeps the session's later reads from any replica behind it).
   */
  private barrier(req: ClientRequest, r: OpRequest): void {
    if (!this.leadOrRedirect(req)) return;
    this.tracker.touch(r.session, this.ctx.now());
    this.replication.readIndex((index) => {
      if (index === undefined) this.redirect(req);
      else if (index <= this.appliedIndex) this.serve(req, r);
      else this.wait({ index, request: req, payload: r });
    });
  }

  private wait(read: ConfirmedRead): void {
    const list = this.confirmed;
    let i = list.length;
    while (i > 0 && list[i - 1]!.index > read.index) i--;
    list.splice(i, 0, read);
  }

  private serve(req: ClientRequest, r: OpRequest): void {
    if (!this.machine.hasSession(r.session)) {
      this.answer(req, { kind: 'result', result: SESSION_EXPIRED, zxid: this.appliedIndex });
      return;
    }
    if (r.op.f === 'sync') {
      this.answer(req, { kind: 'result', result: isValidPath(r.op.path) ? DONE : BAD_ARGUMENTS, zxid: this.appliedIndex });
      return;
    }
    const op = r.op as ReadOp;
    const result = this.machine.read(op);
    if (op.watch === true && this.watches.register(r.session, op, result)) this.watchers.set(r.session, req.client);
    this.answer(req, { kind: 'result', result, zxid: this.appliedIndex });
  }

  /** A session is alive unless this replica has applied past its opening and it is gone. */
  private alive(session: SessionId): boolean {
    return session > this.appliedIndex || this.machine.hasSession(session);
  }

  private leadOrRedirect(req: ClientRequest): boolean {
    if (this.replication.isLeader()) return true;
    this.redirect(req);
    return false;
  }

  private redirect(req: ClientRequest): void {
    const to = this.replication.leaderHint();
    this.ctx.reply(req, to === undefined || to === this.ctx.id ? { type: 'redirect' } : { type: 'redirect', to });
  }

  private answer(req: ClientRequest, reply: StoreReply): void {
    this.ctx.reply(req, { type: 'ok', value: reply });
  }

  // ---- the ordering protocol's side -------------------------------------------------------

  apply(index: number, term: number, command: Command): void {
    const applied = this.machine.apply(command, index as Zxid);
    this.appliedIndex = index;
    const { response } = applied;
    if (response.kind === 'close-session') this.closed(response.session, response.reason);
    else if (response.kind === 'open-session' && this.leading) this.tracker.touch(response.session, this.ctx.now());
    for (const n of this.watches.fire(applied.changes)) {
      const client = this.watchers.get(n.session);
      if (client === undefined) continue;
      const msg: WatchMessage = { kind: 'store.watch', session: n.session, path: n.path, type: n.type, zxid: index };
      this.ctx.send(client, msg);
    }
    const proposal = this.proposals.get(index);
    if (proposal !== undefined) {
      this.proposals.delete(index);
      this.settle(proposal, proposal.term === term, index, response);
    } else if (command.kind === 'op' && response.kind === 'op') {
      // An earlier copy of a request we proposed again (it was retried after a leader change):
      // its first application is the answer.
      const inflight = this.inflight.get(command.client);
      const retried = inflight?.seq === command.seq ? this.proposals.get(inflight.index) : undefined;
      if (retried !== undefined) {
        this.proposals.delete(inflight!.index);
        this.inflight.delete(command.client);
        this.settle(retried, true, index, response);
      }
    }
    this.serveConfirmed();
  }

  private closed(session: SessionId, reason: 'closed' | 'expired'): void {
    this.tracker.forget(session);
    this.watches.dropSession(session);
    this.watchers.delete(session);
    if (reason === 'expired') this.recorder?.applied(session);
  }

  /** Answers a proposal; `ours` is false when another leader's command took its position. */
  private settle(proposal: Proposal, ours: boolean, index: number, response: Response): void {
    const req = proposal.request;
    const inflight = this.inflight.get(req.client);
    if (inflight?.index === index) this.inflight.delete(req.client);
    if (!ours) {
      // Another leader's command took the position: ours may yet apply elsewhere, so the client retries.
      this.redirect(req);
      return;
    }
    switch (response.kind) {
      case 'op':
        this.answer(req, { kind: 'result', result: response.result, zxid: index });
        return;
      case 'open-session':
        this.answer(req, { kind: 'connected', session: response.session, zxid: index });
        return;
      case 'close-session':
        this.answer(req, { kind: 'closed', zxid: index });
        return;
      case 'stale':
      case 'noop':
        // Nobody waits for a stale retry (the client has its answer and moved on).
        return;
      default:
        assertNever(response, 'store response');
    }
  }

  private serveConfirmed(): void {
    let served = 0;
    for (const read of this.confirmed) {
      if (read.index > this.appliedIndex) break;
      this.serve(read.request, read.payload);
      served++;
    }
    if (served > 0) this.confirmed = this.confirmed.slice(served);
  }

  snapshot(): StoreSnapshot {
    return this.machine.snapshot();
  }

  digest(): string {
    return this.machine.digest();
  }

  restore(snapshot: StoreSnapshot, index: number): void {
    this.machine.restore(snapshot);
    this.appliedIndex = index;
    this.serveConfirmed();
  }

  leadershipChanged(leading: boolean): void {
    if (leading === this.leading) return;
    this.leading = leading;
    if (leading) {
      this.tracker.reset(this.ctx.now());
      this.ctx.setTimer(SESSION_CHECK, this.checkEvery);
      return;
    }
    this.ctx.cancelTimer(SESSION_CHECK);
    const stranded = [...this.proposals.values()];
    this.proposals.clear();
    this.inflight.clear();
    for (const p of stranded) this.redirect(p.request);
  }

  /** Handles a timer of the service's own (named `store.…`); false when the name is not one. */
  timer(name: string): boolean {
    if (name !== SESSION_CHECK) return false;
    if (!this.leading) return true;
    for (const session of this.tracker.due(this.ctx.now(), this.machine.sessions())) {
      // Recorded first: the expiry's window in the history must open before it can commit.
      this.recorder?.proposed(session);
      this.replication.propose(() => ({ kind: 'close-session', session, reason: 'expired' }));
    }
    this.ctx.setTimer(SESSION_CHECK, this.checkEvery);
    return true;
  }
}
