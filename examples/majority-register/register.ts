/**
 * A user's own protocol, written outside Ensemble against its public API: a register map kept by a
 * fixed leader (the first replica). The leader logs each write and, once it is on its own disk,
 * replicates it; it applies and answers a write once a majority (itself included) has it on disk,
 * and answers reads from what it applied (after a restart, everything on its disk: it never loses
 * it, so all of it commits in the end). Followers store the log and acknowledge what is on their disk. It serves the built-in `register` workload, so Ensemble's checker judges its history, and
 * it reports its state, so the generic checks and the viewer follow it. A fixed leader cannot fail
 * over: while it is down clients time out, which is allowed (liveness is judged after faults heal).
 *
 * Catalogued bug EX1: a restarted leader answers reads before it has applied its log again, so a
 * read after a crash misses writes that were acknowledged before it.
 */
import { REGISTER_WORKLOAD, StateReporter, defineOptions, quorum } from 'ensemble-sim';
import type { Actor, ClientOutcome, ClientRequest, NodeContext, NodeId, StandaloneProtocol } from 'ensemble-sim';

type Op = { f: 'read'; key: string } | { f: 'write'; key: string; value: number } | { f: 'cas'; key: string; value: [number, number] };
interface Entry { readonly client: NodeId; readonly seq: number; readonly op: Op }
type Msg = { kind: 'reg.append'; from: number; entries: readonly Entry[] } | { kind: 'reg.ack'; upTo: number };

class Replica implements Actor<Msg> {
  private log: Entry[] = [];
  private durable = 0;
  private applied = 0;
  private readonly values = new Map<string, number>();
  private readonly acked = new Map<NodeId, number>();
  /** Per client, its latest request's log position: a retransmission is answered, not logged again. */
  private readonly latest = new Map<NodeId, { seq: number; index: number }>();
  private readonly waiting = new Map<number, ClientRequest>();
  private readonly results = new Map<number, ClientOutcome>();
  private readonly reporter: StateReporter;

  constructor(private readonly ctx: NodeContext<Msg>, private readonly leader: NodeId, private readonly forgetful: boolean) {
    this.reporter = new StateReporter(ctx);
  }

  start(): void {
    this.log = [...this.ctx.disk.log<Entry>('log')];
    this.durable = this.log.length;
    this.log.forEach((e, i) => this.latest.set(e.client, { seq: e.seq, index: i + 1 }));
    if (this.ctx.id === this.leader) {
      // The leader never loses what is on its disk, so all of it commits in the end: apply it now.
      if (!this.forgetful) this.apply(this.durable);
      this.ctx.setTimer('reg.resend', 20_000);
    }
    this.report();
  }

  request(req: ClientRequest): void {
    const op = req.op as Op;
    if (this.ctx.id !== this.leader) this.ctx.reply(req, { type: 'redirect', to: this.leader });
    else if (op.f === 'read') this.ctx.reply(req, { type: 'ok', value: this.values.get(op.key) ?? null });
    else {
      const seen = this.latest.get(req.client);
      if (seen !== undefined && seen.seq >= req.seq) {
        if (seen.seq === req.seq) this.waiting.set(seen.index, req);
        return this.commit();
      }
      this.log.push({ client: req.client, seq: req.seq, op });
      this.latest.set(req.client, { seq: req.seq, index: this.log.length });
      this.waiting.set(this.log.length, req);
      this.persist(this.log.length - 1);
    }
  }

  message(from: NodeId, msg: Msg): void {
    if (msg.kind === 'reg.ack') {
      this.acked.set(from, Math.max(this.acked.get(from) ?? 0, msg.upTo));
      return this.commit();
    }
    const fresh = msg.entries.slice(Math.max(0, this.log.length - msg.from));
    if (msg.from > this.log.length || fresh.length === 0) return this.ctx.send(this.leader, { kind: 'reg.ack', upTo: this.durable });
    this.log.push(...fresh);
    this.persist(this.log.length - fresh.length);
  }

  timer(): void {
    for (const peer of this.ctx.peers) this.replicate(peer);
    this.ctx.setTimer('reg.resend', 20_000);
  }

  /** Writes the log from `from` on; once it is durable, the leader replicates and commits, a follower acknowledges. */
  private persist(from: number): void {
    this.ctx.disk.append('log', this.log.slice(from));
    const upTo = this.log.length;
    this.ctx.disk.sync(() => {
      this.durable = Math.max(this.durable, upTo);
      if (this.ctx.id !== this.leader) return this.ctx.send(this.leader, { kind: 'reg.ack', upTo });
      for (const peer of this.ctx.peers) this.replicate(peer);
      this.commit();
    });
    this.report();
  }

  private replicate(peer: NodeId): void {
    const from = this.acked.get(peer) ?? 0;
    if (from < this.durable) this.ctx.send(peer, { kind: 'reg.append', from, entries: this.log.slice(from, this.durable) });
  }

  /** Applies what a majority has on disk, and answers the requests waiting for it. */
  private commit(): void {
    const copies = [this.durable, ...this.ctx.peers.map((p) => this.acked.get(p) ?? 0)].sort((a, b) => b - a);
    const committed = copies[quorum([this.ctx.id, ...this.ctx.peers]) - 1]!;
    this.apply(committed);
    for (const [index, req] of this.waiting) {
      if (index > committed) continue;
      this.waiting.delete(index);
      this.ctx.reply(req, this.results.get(index)!);
    }
    this.report();
  }

  private apply(upTo: number): void {
    for (; this.applied < upTo; this.applied++) {
      const { op } = this.log[this.applied]!;
      let ok = true;
      if (op.f === 'write') this.values.set(op.key, op.value);
      else if (op.f === 'cas' && (ok = (this.values.get(op.key) ?? null) === op.value[0])) this.values.set(op.key, op.value[1]);
      this.results.set(this.applied + 1, { type: ok ? 'ok' : 'fail', value: op.f === 'read' ? null : op.value });
    }
  }

  private report(): void {
    const leading = this.ctx.id === this.leader;
    this.reporter.emit({ role: leading ? 'leader' : 'follower', era: 1, leader: this.leader, commit: this.applied, applied: this.applied, last: this.log.length, snapIndex: 0, snapEra: 0, eraAt: () => 1 });
  }
}

export const MAJORITY_REGISTER: StandaloneProtocol<Record<string, never>> = {
  name: 'majority-register',
  summary: 'a fixed leader replicating a register map to a majority (the README example)',
  era: 'term',
  messages: ['reg.append', 'reg.ack'],
  timers: ['reg.resend'],
  options: defineOptions({}, () => ({})),
  mutants: [{ id: 'EX1', title: 'a restarted leader answers reads before applying its log again' }],
  checks: {},
  workloads: [REGISTER_WORKLOAD],
  replica: ({ ids, mutants }) => (ctx) => new Replica(ctx as NodeContext<Msg>, ids[0]!, mutants.has('EX1')),
};
