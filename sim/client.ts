import type { Distribution } from './latency.js';
import { sample } from './latency.js';
import type { Actor, ClientRequest, Message, NodeId, ResponseMessage } from './node.js';
import type { Rng } from './rng.js';
import type { Time } from './time.js';
import { type ClientContext, requestMessage } from './world.js';

/** One operation a workload wants done: what the history records at invocation. */
export interface OpSpec {
  readonly f: string;
  readonly key?: string;
  readonly value?: unknown;
}

/** Generates a client's operations. `undefined` means the client is done. */
export interface Workload {
  next(rng: Rng, client: NodeId): OpSpec | undefined;
}

export interface WorkloadClientOptions {
  readonly workload: Workload;
  /** How long to wait for an answer before recording the outcome as unknown (`info`). */
  readonly timeout: Time;
  /** Pause between one op's completion and the next op. */
  readonly thinkTime: Distribution;
  /** Pause before following a redirect. */
  readonly redirectDelay?: Time;
  /**
   * Resend an unanswered request this often (same sequence number, so replicas apply it once),
   * as a TCP client would after a lost segment. Default: a quarter of the timeout.
   */
  readonly retransmit?: Time;
  /** The random stream the workload draws from (forked per client by the caller). */
  readonly rng: Rng;
}

/**
 * A Jepsen-style workload client: one operation at a time, sent to a replica as a kernel request
 * message. A redirect is followed within the same operation, and an unanswered request is resent
 * with the same sequence number until the timeout. A timeout records `info`, retires
 * the process (the next op gets a new process id) and moves on to the next replica, because the
 * one it was talking to may be the problem.
 */
export function workloadClient(options: WorkloadClientOptions): (ctx: ClientContext) => Actor {
  return (ctx) => new WorkloadClient(ctx, options);
}

class WorkloadClient implements Actor {
  private process: number;
  private seq = 0;
  private target: number;
  private current: { seq: number; spec: OpSpec } | undefined;
  private done = false;

  constructor(
    private readonly ctx: ClientContext,
    private readonly options: WorkloadClientOptions,
  ) {
    this.process = ctx.history.newProcess();
    this.target = this.process % ctx.replicas.length;
  }

  start(): void {
    this.ctx.setTimer('think', sample(this.options.thinkTime, this.options.rng));
  }

  timer(name: string): void {
    if (name === 'think') this.invoke();
    else if (name === 'timeout') this.timedOut();
    else if (name === 'retry' || name === 'retransmit') this.sendCurrent();
  }

  message(_from: NodeId, msg: Message): void {
    if (msg.kind !== 'client.response') return;
    const { seq, outcome } = msg as ResponseMessage;
    if (!this.current || seq !== this.current.seq) return; // a late answer to an op already given up on
    switch (outcome.type) {
      case 'redirect': {
        const to = outcome.to === undefined ? -1 : this.ctx.replicas.indexOf(outcome.to);
        this.target = to >= 0 ? to : (this.target + 1) % this.ctx.replicas.length;
        this.ctx.cancelTimer('retransmit');
        this.ctx.setTimer('retry', this.options.redirectDelay ?? 1_000);
        return;
      }
      case 'ok':
      case 'fail':
        this.ctx.cancelTimer('timeout');
        this.ctx.cancelTimer('retransmit');
        this.ctx.history.complete(this.process, outcome.type, outcome.value);
        this.current = undefined;
        this.scheduleNext();
        return;
      case 'unknown':
        this.ctx.cancelTimer('timeout');
        this.giveUp();
        return;
    }
  }

  private invoke(): void {
    if (this.done) return;
    const spec = this.options.workload.next(this.options.rng, this.ctx.id);
    if (spec === undefined) {
      this.done = true;
      return;
    }
    this.current = { seq: ++this.seq, spec };
    this.ctx.history.invoke(this.process, spec.f, spec.key, spec.value);
    this.ctx.setTimer('timeout', this.options.timeout);
    this.sendCurrent();
  }

  private sendCurrent(): void {
    if (!this.current) return;
    this.ctx.setTimer('retransmit', this.options.retransmit ?? Math.max(1, Math.floor(this.options.timeout / 4)));
    const request: ClientRequest = { client: this.ctx.id, seq: this.current.seq, op: this.current.spec };
    this.ctx.send(this.ctx.replicas[this.target]!, requestMessage(request));
  }

  private timedOut(): void {
    if (this.current) this.giveUp();
  }

  private giveUp(): void {
    this.ctx.cancelTimer('retry');
    this.ctx.cancelTimer('retransmit');
    this.ctx.history.complete(this.process, 'info', undefined);
    this.process = this.ctx.history.newProcess();
    this.current = undefined;
    this.target = (this.target + 1) % this.ctx.replicas.length;
    this.scheduleNext();
  }

  private scheduleNext(): void {
    this.ctx.setTimer('think', sample(this.options.thinkTime, this.options.rng));
  }
}
