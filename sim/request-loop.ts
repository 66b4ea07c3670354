/**
 * How a client talks to a replicated service, written once for every client (the generic workload
 * client, the store's client library, and later the control plane's components): one request at a
 * time, each with its own sequence number, sent to a replica the client picks; resent with the same
 * number, to the next replica, when no answer comes within `retransmit` (the one it asked may be down
 * or cut off; the same number lets the service apply it once); a redirect followed to the leader it
 * names, at once, or after `blindRedirectDelay` to the next replica when it names none (the cluster
 * may be electing: do not spin). A client keeps a cursor per route (`write` requests to the leader,
 * `read` ones wherever the service allows), so a request's route decides whom it asks.
 *
 * What an answer means (a result, an unknown outcome, a timeout that retires a history process) is
 * the client's business: the loop hands back every final answer of the request in flight and
 * swallows redirects and stale answers.
 */
import type { ClientContext } from './context.js';
import type { ClientOutcome, Message, NodeId, ResponseMessage } from './node.js';
import { requestMessage } from './node.js';
import type { Time } from './time.js';

export interface RequestLoopOptions {
  /** Resend an unanswered request after this long, to the next replica. */
  readonly retransmit: Time;
  /** Wait this long before trying the next replica after a redirect that names no leader. Default 10ms. */
  readonly blindRedirectDelay?: Time;
  /**
   * Sequence numbers start after this one. Default 0. A client that can crash and restart starts
   * above every number it used before, or the service's exactly-once table takes its new requests
   * for retries of old ones.
   */
  readonly firstSeq?: number;
}

/** Timer names the loop owns; a client passes them to `timer`. */
export const RETRANSMIT = 'retransmit';
export const RESEND = 'resend';

/** An answer the client must act on; `hinted` says whether a redirect named the leader. */
export interface Answer {
  readonly seq: number;
  readonly outcome: ClientOutcome;
  readonly hinted: boolean;
}

interface Call {
  readonly seq: number;
  readonly payload: unknown;
  readonly route: string;
}

export class RequestLoop {
  private seq = 0;
  private call: Call | undefined;
  /** Per route, the position in the replica list of the replica asked next. */
  private readonly cursors = new Map<string, number>();
  private readonly blindDelay: Time;

  /** `start` picks the first replica of every route: clients spread over the replicas by it. */
  constructor(
    private readonly ctx: ClientContext,
    private readonly options: RequestLoopOptions,
    private readonly start: number,
  ) {
    this.blindDelay = options.blindRedirectDelay ?? 10_000;
    this.seq = options.firstSeq ?? 0;
  }

  /** The request in flight, if any. */
  get current(): Call | undefined {
    return this.call;
  }

  /** The replica a request on `route` goes to now. */
  targetOf(route: string): NodeId {
    const replicas = this.ctx.replicas;
    return replicas[this.cursor(route) % replicas.length]!;
  }

  /** Starts a request (ending the one in flight, if any); returns its sequence number. */
  send(payload: unknown, route: string): number {
    this.call = { seq: ++this.seq, payload, route };
    this.transmit();
    return this.seq;
  }

  /** Sends a request no answer is awaited for by the loop (a keep-alive); returns its sequence number. */
  sendAside(payload: unknown, route: string): number {
    const seq = ++this.seq;
    this.ctx.send(this.targetOf(route), requestMessage({ client: this.ctx.id, seq, op: payload }));
    return seq;
  }

  /** Replaces the payload of the request in flight (same sequence number) for its next transmission. */
  amend(payload: unknown): void {
    if (this.call !== undefined) this.call = { ...this.call, payload };
  }

  /** The request in flight is over (answered, or given up on): no more resends. */
  end(): void {
    this.call = undefined;
    this.ctx.cancelTimer(RETRANSMIT);
    this.ctx.cancelTimer(RESEND);
  }

  /** Moves a route on to the next replica (the one it asked timed out). */
  skip(route: string): void {
    this.cursors.set(route, this.cursor(route) + 1);
  }

  /** Handles one of the loop's timers; false when the name is not one of them. */
  timer(name: string): boolean {
    if (name === RETRANSMIT) {
      if (this.call !== undefined) this.skip(this.call.route);
      this.transmit();
      return true;
    }
    if (name === RESEND) {
      this.transmit();
      return true;
    }
    return false;
  }

  /**
   * Reads a response. For the request in flight: a redirect moves its route (to the leader it
   * names, or on to the next replica) and resends, and is swallowed; any other answer is returned.
   * For an aside whose route `asideRoute` names: a redirect moves that route, and the answer is
   * returned (the client decides when to send it again). Anything else (a late answer to a request
   * given up on) is swallowed.
   */
  receive(msg: Message, asideRoute?: (seq: number) => string | undefined): Answer | undefined {
    if (msg.kind !== 'client.response') return undefined;
    const { seq, outcome } = msg as ResponseMessage;
    const inFlight = seq === this.call?.seq;
    const route = inFlight ? this.call!.route : asideRoute?.(seq);
    if (route === undefined) return undefined;
    if (outcome.type !== 'redirect') return { seq, outcome, hinted: false };
    const hinted = outcome.to !== undefined && this.follow(route, outcome.to);
    if (!hinted) this.skip(route);
    if (!inFlight) return { seq, outcome, hinted };
    this.ctx.cancelTimer(RETRANSMIT);
    this.ctx.setTimer(RESEND, hinted ? 0 : this.blindDelay);
    return undefined;
  }

  /** How long to wait before sending again after a redirect. */
  redirectDelay(hinted: boolean): Time {
    return hinted ? 0 : this.blindDelay;
  }

  private follow(route: string, to: NodeId): boolean {
    const i = this.ctx.replicas.indexOf(to);
    if (i < 0) return false;
    this.cursors.set(route, i);
    return true;
  }

  private cursor(route: string): number {
    return this.cursors.get(route) ?? this.start;
  }

  private transmit(): void {
    const c = this.call;
    if (c === undefined) return;
    this.ctx.send(this.targetOf(c.route), requestMessage({ client: this.ctx.id, seq: c.seq, op: c.payload }));
    this.ctx.setTimer(RETRANSMIT, this.options.retransmit);
  }
}
