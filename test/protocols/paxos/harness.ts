/**
 * A scripted Multi-Paxos cluster for tests: a world of Paxos replicas and hand-driven store clients
 * (the Raft harness's ScriptClient), with helpers to force phase 1, wait for conditions, and judge
 * the run (the generic and Paxos invariants from the trace, linearizability of the history). Time
 * advances only through `runFor` and `runUntil`.
 */
import { PAXOS, PAXOS_CHECKS, type PaxosNode } from '../../../protocols/paxos/index.js';
import type { StoreHost } from '../../../protocols/store/host.js';
import type { Op } from '../../../protocols/store/ops.js';
import { replicaFactory } from '../../../scenarios/build.js';
import type { PlanOptions } from '../../../scenarios/plan.js';
import { REGISTRY } from '../../../scenarios/registry.js';
import { check } from '../../../sim/check/index.js';
import { REPLICA_CHECKS, type TraceCheck } from '../../../sim/checks/index.js';
import { constant } from '../../../sim/latency.js';
import type { NodeId } from '../../../sim/node.js';
import type { MessageRule } from '../../../sim/rules.js';
import type { Time } from '../../../sim/time.js';
import { type ClientContext, World } from '../../../sim/world.js';
import { type Pending, ScriptClient } from '../raft/harness.js';

export interface HarnessOptions {
  readonly replicas?: number;
  readonly clients?: number;
  readonly mutants?: readonly string[];
  /** Paxos's options (`options.paxos`). */
  readonly options?: Readonly<Record<string, unknown>>;
  /** The store's options (`options.store`). */
  readonly store?: Readonly<Record<string, unknown>>;
  readonly seed?: number;
  /** One-way network latency, constant. Default 1ms. */
  readonly latency?: Time;
}

const ms = (n: number): Time => n * 1_000;

export class Harness {
  readonly world: World;
  private readonly monitors: (readonly [string, TraceCheck])[];

  constructor(o: HarnessOptions = {}) {
    const ids = Array.from({ length: o.replicas ?? 3 }, (_, i) => `n${i + 1}`);
    const options: PlanOptions = { paxos: o.options ?? {}, store: o.store ?? {} };
    const replica = replicaFactory(PAXOS, { ids, options, mutants: o.mutants ?? [] }, REGISTRY);
    this.world = new World({
      seed: o.seed ?? 1,
      replicas: ids.map((id) => ({ id, actor: replica })),
      clients: Array.from({ length: o.clients ?? 2 }, (_, i) => ({ id: `c${i + 1}`, actor: (ctx: ClientContext) => new ScriptClient(ctx) })),
      network: { latency: constant(o.latency ?? ms(1)) },
      disk: { syncLatency: constant(100) },
      trace: { level: 'state' },
    });
    this.monitors = Object.entries({ ...REPLICA_CHECKS, ...PAXOS_CHECKS }).map(([name, make]) => [name, make()] as const);
    this.world.trace.subscribe((e) => {
      for (const [, m] of this.monitors) m.observe(e);
    });
    this.world.start();
  }

  node(id: NodeId): PaxosNode {
    const a = this.world.actor<StoreHost>(id);
    if (a === undefined) throw new Error(`${id} is down`);
    return a.protocol as PaxosNode;
  }

  client(id: NodeId): ScriptClient {
    return this.world.actor<ScriptClient>(id)!;
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

  /** Is `id` up and leading, with every slot it recovered chosen (it may serve reads)? */
  leads(id: NodeId): boolean {
    const node = this.world.isUp(id) ? (this.world.actor<StoreHost>(id)?.protocol as PaxosNode | undefined) : undefined;
    return node?.leader?.recovered === true;
  }

  /** Makes `id` run phase 1 now, and runs until it leads. */
  elect(id: NodeId, limit = 3_000): void {
    if (!this.campaign(id, limit)) throw new Error(`${id} did not become leader`);
  }

  /**
   * Makes `id` run phase 1 now, and again at once each time it is pre-empted (a refusal names the
   * higher ballot it must beat), until it leads or `limit` ms pass; returns whether it leads.
   */
  campaign(id: NodeId, limit = 3_000): boolean {
    const end = this.world.now + ms(limit);
    while (this.world.now <= end) {
      this.world.fireTimer(id, 'paxos.failure');
      this.runUntil(() => this.leads(id) || !this.world.isUp(id) || this.node(id).role === 'follower', (end - this.world.now) / 1_000);
      if (this.leads(id)) return true;
    }
    return false;
  }

  /** The replica other than `not` that leads in the highest ballot. */
  leaderOtherThan(not: NodeId): NodeId | undefined {
    let best: NodeId | undefined;
    for (const id of this.world.members('replica')) {
      if (id !== not && this.leads(id) && (best === undefined || this.node(id).promised > this.node(best).promised)) best = id;
    }
    return best;
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
