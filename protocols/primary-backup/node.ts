import type { Actor, ClientRequest, NodeContext, NodeId } from '../../sim/node.js';
import { StateReporter } from '../kit/state-reporter.js';
import { type RegisterOp, type RegisterResult, Registers, isRegisterOp } from './register.js';

/**
 * A primary-backup register with a fixed primary: the smallest real protocol, kept as the example
 * of how to plug a protocol into the kernel. The primary logs each write durably, replicates it to
 * every backup, and applies and answers once all backups have it on disk. It never fails over: if
 * a backup is unreachable, writes wait (clients time out), which is the honest price of a fixed
 * primary. Reads are answered by the primary from applied state, in log order with writes.
 *
 * Each replica reports its `replica.state` after every entry point through the kit's reporter: the
 * primary leads era 0 and knows what is committed; a backup follows it and only stores the log.
 */
export type PbMessage =
  | { readonly kind: 'pb.append'; readonly index: number; readonly entries: readonly Entry[] }
  | { readonly kind: 'pb.ack'; readonly index: number };

interface Entry {
  readonly client: NodeId;
  readonly seq: number;
  readonly op: RegisterOp;
}

const LOG = 'log';
export const RESEND = 'pb.resend';
const RESEND_EVERY = 20_000;
/** Entries per catch-up message: a lagging backup must catch up faster than writes arrive. */
const CATCH_UP_BATCH = 128;

export interface PrimaryBackupOptions {
  readonly primary: NodeId;
  readonly mutants?: ReadonlySet<string>;
}

/** The example protocol's catalogue of bugs, each off by default. */
export const PB_MUTANTS = [
  { id: 'PB1', title: 'no exactly-once: a retransmitted or duplicated request is executed again' },
  { id: 'PB2', title: "the primary counts its own log write as durable without waiting for fsync" },
] as const;

export function primaryBackup(options: PrimaryBackupOptions): (ctx: NodeContext<PbMessage>) => Actor<PbMessage> {
  const mutants = options.mutants ?? new Set<string>();
  return (ctx) => (ctx.id === options.primary ? new Primary(ctx, mutants) : new Backup(ctx, options.primary));
}

class Primary implements Actor<PbMessage> {
  private readonly state = new Registers();
  private log: Entry[] = [];
  /** Entries durable on the primary's own disk. */
  private durable = 0;
  private applied = 0;
  /** Per backup: how many leading entries it has acknowledged as durable. */
  private readonly acked = new Map<NodeId, number>();
  /** Requests awaiting their entry's commit, by log index. */
  private readonly waiting = new Map<number, ClientRequest>();
  /** Exactly-once: the last sequence number seen per client, and its answer once known. */
  private readonly sessions = new Map<NodeId, { seq: number; index: number }>();
  private readonly results = new Map<NodeId, { seq: number; result: RegisterResult }>();
  private readonly reporter: StateReporter;

  constructor(
    private readonly ctx: NodeContext<PbMessage>,
    private readonly mutants: ReadonlySet<string>,
  ) {
    this.reporter = new StateReporter(ctx);
  }

  start(): void {
    this.log = [...this.ctx.disk.log<Entry>(LOG)];
    this.durable = this.log.length;
    for (const [index, e] of this.log.entries()) this.sessions.set(e.client, { seq: e.seq, index });
    for (const peer of this.ctx.peers) this.acked.set(peer, 0);
    this.ctx.setTimer(RESEND, RESEND_EVERY);
    this.publish();
  }

  request(req: ClientRequest): void {
    this.handle(req);
    this.publish();
  }

  private handle(req: ClientRequest): void {
    if (!isRegisterOp(req.op)) {
      this.ctx.reply(req, { type: 'fail', value: { error: 'BadArguments' } });
      return;
    }
    const seen = this.mutants.has('PB1') ? undefined : this.sessions.get(req.client);
    if (seen && seen.seq >= req.seq) {
      // A duplicate: answer once it is applied, from the log, never by executing it again.
      if (seen.seq === req.seq) this.waiting.set(seen.index, req);
      this.applyCommitted();
      return;
    }
    const index = this.log.length;
    const entry: Entry = { client: req.client, seq: req.seq, op: req.op };
    this.log.push(entry);
    this.sessions.set(req.client, { seq: req.seq, index });
    this.waiting.set(index, req);
    this.ctx.disk.append(LOG, [entry]);
    if (this.mutants.has('PB2')) this.durable = index + 1;
    this.reporter.logChanged(index + 1);
    this.ctx.disk.sync(() => {
      this.durable = Math.max(this.durable, index + 1);
      this.applyCommitted();
      this.publish();
    });
    for (const peer of this.ctx.peers) this.ctx.send(peer, { kind: 'pb.append', index, entries: [entry] });
  }

  message(from: NodeId, msg: PbMessage): void {
    if (msg.kind !== 'pb.ack') return;
    if (msg.index > (this.acked.get(from) ?? 0)) this.acked.set(from, msg.index);
    this.applyCommitted();
    this.publish();
  }

  timer(name: string): void {
    if (name !== RESEND) return;
    for (const [peer, acked] of this.acked) {
      if (acked < this.log.length) this.ctx.send(peer, { kind: 'pb.append', index: acked, entries: this.log.slice(acked, acked + CATCH_UP_BATCH) });
    }
    this.ctx.setTimer(RESEND, RESEND_EVERY);
  }

  /** Applies, in order, every entry durable here and on all backups, answering waiting clients. */
  private applyCommitted(): void {
    let committed = this.durable;
    for (const acked of this.acked.values()) committed = Math.min(committed, acked);
    while (this.applied < committed) {
      const index = this.applied++;
      const entry = this.log[index]!;
      const result = this.state.apply(entry.op);
      this.results.set(entry.client, { seq: entry.seq, result });
      const req = this.waiting.get(index);
      if (req) {
        this.waiting.delete(index);
        this.ctx.reply(req, result);
      }
    }
    // Duplicates of already-applied requests get the recorded answer.
    for (const [index, req] of this.waiting) {
      if (index >= this.applied) continue;
      this.waiting.delete(index);
      const last = this.results.get(req.client);
      if (last && last.seq === req.seq) this.ctx.reply(req, last.result);
    }
  }

  private publish(): void {
    const applied = this.applied;
    this.reporter.emit({ role: 'leader', era: 0, leader: this.ctx.id, commit: applied, applied, last: this.log.length, snapIndex: 0, snapEra: 0, eraAt: () => 0 });
  }
}

class Backup implements Actor<PbMessage> {
  private length = 0;
  /** Entries known to be on disk: the only ones we may acknowledge. */
  private durable = 0;
  /** Entries that arrived ahead of a gap (the network reorders), waiting to become contiguous. */
  private readonly early = new Map<number, Entry>();
  private readonly reporter: StateReporter;

  constructor(
    private readonly ctx: NodeContext<PbMessage>,
    private readonly primary: NodeId,
  ) {
    this.reporter = new StateReporter(ctx);
  }

  start(): void {
    this.length = this.durable = this.ctx.disk.log(LOG).length;
    this.publish();
  }

  private publish(): void {
    this.reporter.emit({ role: 'follower', era: 0, leader: this.primary, commit: 0, applied: 0, last: this.length, snapIndex: 0, snapEra: 0, eraAt: () => 0 });
  }

  request(req: ClientRequest): void {
    this.ctx.reply(req, { type: 'redirect', to: this.primary });
  }

  message(from: NodeId, msg: PbMessage): void {
    if (msg.kind !== 'pb.append' || from !== this.primary) return;
    msg.entries.forEach((entry, i) => {
      if (msg.index + i >= this.length) this.early.set(msg.index + i, entry);
    });
    const fresh: Entry[] = [];
    for (let next = this.early.get(this.length); next !== undefined; next = this.early.get(this.length)) {
      this.early.delete(this.length);
      fresh.push(next);
      this.length++;
    }
    if (fresh.length === 0) {
      if (this.durable > 0) this.ctx.send(from, { kind: 'pb.ack', index: this.durable });
      return;
    }
    const upTo = this.length;
    this.reporter.logChanged(upTo - fresh.length + 1);
    this.ctx.disk.append(LOG, fresh);
    this.ctx.disk.sync(() => {
      this.durable = Math.max(this.durable, upTo);
      this.ctx.send(this.primary, { kind: 'pb.ack', index: upTo });
    });
    this.publish();
  }

  timer(): void {}
}
