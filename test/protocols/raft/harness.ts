/**
 * A scripted Raft cluster for tests: a world of Raft replicas and hand-driven store clients, with
 * helpers to force elections, wait for conditions, and judge the run (invariants from the trace,
 * linearizability of the history). Time advances only through `runFor` and `runUntil`.
 */
import { RAFT, RAFT_CHECKS, type RaftNode } from '../../../protocols/raft/index.js';
import type { StoreHost } from '../../../protocols/store/host.js';
import { replicaFactory } from '../../../scenarios/build.js';
import type { PlanOptions } from '../../../scenarios/plan.js';
import { REGISTRY } from '../../../scenarios/registry.js';
import { REPLICA_CHECKS, type TraceCheck } from '../../../sim/checks/index.js';
import type { SessionId } from '../../../protocols/store/ids.js';
import type { Op } from '../../../protocols/store/ops.js';
import type { StoreReply, StoreRequest } from '../../../protocols/store/wire.js';
import { check } from '../../../sim/check/index.js';
import { constant } from '../../../sim/latency.js';
import type { Actor, Message, NodeId, ResponseMessage } from '../../../sim/node.js';
import type { MessageRule } from '../../../sim/rules.js';
import type { Time } from '../../../sim/time.js';
import { type ClientContext, World, requestMessage } from '../../../sim/world.js';

export interface HarnessOptions {
  readonly replicas?: number;
  readonly clients?: number;
  readonly mutants?: readonly string[];
  /** Raft's options (`options.raft`). */
  readonly options?: Readonly<Record<string, unknown>>;
  /** The store's options (`options.store`). */
  readonly store?: Readonly<Record<string, unknown>>;
  readonly seed?: number;
  /** One-way network latency, constant. Default 1ms. */
  readonly latency?: Time;
}

/** One request of a script client, and what became of it. */
export interface Pending {
  readonly seq: number;
  readonly request: StoreRequest;
  target: NodeId;
  readonly follow: boolean;
  outcome: 'pending' | 'ok' | 'fail' | 'info';
  result: unknown;
}

const ms = (n: number): Time => n * 1_000;

export class Harness {
  readonly world: World;
  private readonly monitors: (readonly [string, TraceCheck])[];

  constructor(o: HarnessOptions = {}) {
    const ids = Array.from({ length: o.replicas ?? 3 }, (_, i) => `n${i + 1}`);
    const options: PlanOptions = { raft: o.options ?? {}, store: o.store ?? {} };
    const replica = replicaFactory(RAFT, { ids, options, mutants: o.mutants ?? [] }, REGISTRY);
    this.world = new World({
      seed: o.seed ?? 1,
      replicas: ids.map((id) => ({ id, actor: replica })),
      clients: Array.from({ length: o.clients ?? 2 }, (_, i) => ({ id: `c${i + 1}`, actor: (ctx: ClientContext) => new ScriptClient(ctx) })),
      network: { latency: constant(o.latency ?? ms(1)) },
      disk: { syncLatency: constant(100) },
      trace: { level: 'state' },
    });
    this.monitors = Object.entries({ ...REPLICA_CHECKS, ...RAFT_CHECKS }).map(([name, make]) => [name, make()] as const);
    this.world.trace.subscribe((e) => {
      for (const [, m] of this.monitors) m.observe(e);
    });
    this.world.start();
  }

  node(id: NodeId): RaftNode {
    const a = this.world.actor<StoreHost>(id);
    if (a === undefined) throw new Error(`${id} is down`);
    return a.protocol as RaftNode;
  }

  client(id: NodeId): ScriptClient {
    return this.world.actor<ScriptClient>(id)!;
  }

  get now(): Time {
    return this.world.now;
  }

  runFor(millis: number): void {
    this.world.run(this.world.now + ms(millis));
  }

  /** Runs until `done()` holds (checked after every event) or `limit` ms pass; returns whether it held. */
  runUntil(done: () => boolean, limit = 5_000): boolean {
    const end = this.world.now + ms(limit);
    while (!done()) {
      if (!this.world.step()) return false;
      if (this.world.now > end) return done();
    }
    return true;
  }

  /** Is `id` up and leading, with an entry of its term committed? */
  leads(id: NodeId): boolean {
    const a = this.world.isUp(id) ? (this.world.actor<StoreHost>(id)?.protocol as RaftNode | undefined) : undefined;
    return a?.leader?.hasCommittedInTerm === true;
  }

  /** Forces `id` to campaign (now, and again each time it falls back) until it leads. */
  elect(id: NodeId, limit = 3_000): void {
    this.world.fireTimer(id, 'raft.election');
    if (!this.runUntil(() => this.leads(id), limit)) throw new Error(`${id} did not become leader`);
  }

  /** The replica other than `not` that leads (with a commit in its term) in the highest term. */
  leaderOtherThan(not: NodeId): NodeId | undefined {
    let best: NodeId | undefined;
    for (const id of this.world.members('replica')) {
      if (id !== not && this.leads(id) && (best === undefined || this.node(id).term > this.node(best).term)) best = id;
    }
    return best;
  }

  /** Runs until a replica leads in a term above `above` (other than `not`); returns it. */
  awaitLeader(above: number, not?: NodeId, limit = 3_000): NodeId | undefined {
    const found = (): NodeId | undefined => {
      const id = this.leaderOtherThan(not ?? '');
      return id !== undefined && this.node(id).term > above ? id : undefined;
    };
    this.runUntil(() => found() !== undefined, limit);
    return found();
  }

  rule(rule: MessageRule): void {
    this.world.addRule(rule);
  }

  connect(client: NodeId, target: NodeId): void {
    const p = this.client(client).connect(target);
    if (!this.runUntil(() => p.outcome !== 'pending', 3_000)) throw new Error(`${client} could not connect via ${target}`);
  }

  /** Issues `op` from `client` to `target`; `follow` redirects or keep asking `target`. */
  op(client: NodeId, op: Op, target: NodeId, follow = false, timeout = 10_000): Pending {
    return this.client(client).op(op, target, follow, ms(timeout));
  }

  /** Issues `op` and runs until it is answered (or `limit` ms pass). */
  complete(client: NodeId, op: Op, target: NodeId, follow = false, limit = 3_000): Pending {
    const p = this.op(client, op, target, follow);
    this.runUntil(() => p.outcome !== 'pending', limit);
    return p;
  }

  /** What the invariant monitors found. */
  invariantViolations(): string[] {
    const run = { history: this.world.history.ops, duration: this.world.now, end: this.world.now };
    return this.monitors.flatMap(([, m]) => m.finish(run).map((v) => `${v.check}: ${v.message}`));
  }

  /** The linearizability verdict on the history so far (open operations count as unknown). */
  linearizable(): 'linearizable' | 'not-linearizable' | 'unknown' {
    return check(this.world.history.ops, { model: 'znode', budget: { steps: 2_000_000 } }).verdict;
  }

  /** Every problem found: invariant violations, and `linearizability` if the history is not. */
  problems(): string[] {
    const out = this.invariantViolations();
    if (this.linearizable() === 'not-linearizable') out.push('linearizability');
    return out;
  }
}

/**
 * A client driven by the test: one request at a time, to the replica the test names, resent to it
 * every 50ms until answered (same seq, so it applies once) or until its timeout (`info`). Its
 * session is opened by `connect` and, with a 60s timeout, does not expire during a test.
 */
export class ScriptClient implements Actor {
  private seq = 0;
  private session: SessionId | undefined;
  private lastZxid = 0;
  private current: (Pending & { process: number | undefined }) | undefined;

  constructor(private readonly ctx: ClientContext) {}

  start(): void {}

  connect(target: NodeId): Pending {
    return this.begin({ kind: 'connect', timeoutMs: 60_000 }, target, true, undefined, ms(5_000));
  }

  op(op: Op, target: NodeId, follow: boolean, timeout: Time): Pending {
    if (this.session === undefined) throw new Error(`${this.ctx.id} has no session`);
    const process = this.ctx.history.newProcess();
    this.ctx.history.invoke(process, op.f, 'path' in op ? op.path : undefined, { ...op, session: this.session });
    return this.begin({ kind: 'op', session: this.session, op, lastZxid: this.lastZxid }, target, follow, process, timeout);
  }

  private begin(request: StoreRequest, target: NodeId, follow: boolean, process: number | undefined, timeout: Time): Pending {
    if (this.current?.outcome === 'pending') throw new Error(`${this.ctx.id} is still waiting for seq ${this.current.seq}`);
    this.current = { seq: ++this.seq, request, target, follow, outcome: 'pending', result: undefined, process };
    this.ctx.setTimer('timeout', timeout);
    this.send();
    return this.current;
  }

  private send(): void {
    const c = this.current;
    if (c === undefined || c.outcome !== 'pending') return;
    this.ctx.send(c.target, requestMessage({ client: this.ctx.id, seq: c.seq, op: c.request }));
    this.ctx.setTimer('resend', ms(50));
  }

  timer(name: string): void {
    if (name === 'resend') this.send();
    else if (name === 'timeout') this.end('info', undefined);
  }

  message(_from: NodeId, msg: Message): void {
    if (msg.kind !== 'client.response') return;
    const { seq, outcome } = msg as ResponseMessage;
    const c = this.current;
    if (c === undefined || c.seq !== seq || c.outcome !== 'pending') return;
    if (outcome.type === 'redirect') {
      if (c.follow && outcome.to !== undefined) c.target = outcome.to;
      return; // resent on the timer
    }
    if (outcome.type !== 'ok') {
      this.end('fail', outcome.type === 'fail' ? outcome.value : undefined);
      return;
    }
    const reply = outcome.value as StoreReply;
    if (reply.kind === 'pong') return;
    if (reply.zxid > this.lastZxid) this.lastZxid = reply.zxid;
    if (reply.kind === 'connected') this.session = reply.session;
    this.end('ok', reply.kind === 'result' ? reply.result : reply);
  }

  private end(outcome: 'ok' | 'fail' | 'info', result: unknown): void {
    const c = this.current;
    if (c === undefined || c.outcome !== 'pending') return;
    c.outcome = outcome;
    c.result = result;
    this.ctx.cancelTimer('resend');
    this.ctx.cancelTimer('timeout');
    if (c.process !== undefined) this.ctx.history.complete(c.process, outcome, result);
  }
}
