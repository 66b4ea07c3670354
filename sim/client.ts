import type { Distribution } from './latency.js';
import { sample } from './latency.js';
import type { Actor, Message, NodeId } from './node.js';
import { RequestLoop } from './request-loop.js';
import type { Rng } from './rng.js';
import type { Time } from './time.js';
import type { ClientContext } from './world.js';

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
  /**
   * Resend an unanswered request this often (same sequence number, so replicas apply it once), to
   * the next replica, as a TCP client would after a lost connection. Default: a quarter of the timeout.
   */
  readonly retransmit?: Time;
  /** The random stream the workload draws from (forked per client by the caller). */
  readonly rng: Rng;
}

const ROUTE = 'op';

/**
 * A Jepsen-style workload client: one operation at a time, sent through the request loop (which
 * follows redirects and resends with the same sequence number). A timeout records `info`, retires
 * the process (the next op gets a new process id) and moves on to the next replica, because the
 * one it was talking to may be the problem.
 */
export function workloadClient(options: WorkloadClientOptions): (ctx: ClientContext) => Actor {
  return (ctx) => new WorkloadClient(ctx, options);
}

class WorkloadClient implements Actor {
  private process: number;
  private readonly loop: RequestLoop;
  private done = false;

  constructor(
    private readonly ctx: ClientContext,
    private readonly options: WorkloadClientOptions,
  ) {
    this.process = ctx.history.newProcess();
    this.loop = new RequestLoop(ctx, { retransmit: options.retransmit ?? Math.max(1, Math.floor(options.timeout / 4)) }, this.process);
  }

  start(): void {
    this.think();
  }

  timer(name: string): void {
    if (this.loop.timer(name)) return;
    if (name === 'think') this.invoke();
    else if (name === 'timeout' && this.loop.current !== undefined) this.giveUp();
  }

  message(_from: NodeId, msg: Message): void {
    const answer = this.loop.receive(msg);
    if (answer === undefined) return;
    this.ctx.cancelTimer('timeout');
    if (answer.outcome.type === 'unknown') {
      this.giveUp();
      return;
    }
    if (answer.outcome.type === 'redirect') return;
    this.loop.end();
    this.ctx.history.complete(this.process, answer.outcome.type, answer.outcome.value);
    this.think();
  }

  private invoke(): void {
    if (this.done) return;
    const spec = this.options.workload.next(this.options.rng, this.ctx.id);
    if (spec === undefined) {
      this.done = true;
      return;
    }
    this.ctx.history.invoke(this.process, spec.f, spec.key, spec.value);
    this.ctx.setTimer('timeout', this.options.timeout);
    this.loop.send(spec, ROUTE);
  }

  private giveUp(): void {
    this.loop.end();
    this.ctx.history.complete(this.process, 'info', undefined);
    this.process = this.ctx.history.newProcess();
    this.loop.skip(ROUTE);
    this.think();
  }

  private think(): void {
    this.ctx.setTimer('think', sample(this.options.thinkTime, this.options.rng));
  }
}
