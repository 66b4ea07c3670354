/**
 * TCP-like connections between two actors over the simulator's datagrams, which the network may
 * lose, duplicate and reorder. ZooKeeper's quorum peers talk over TCP and ZAB assumes what TCP
 * gives; Paxos and the Kubernetes watches can use the same layer.
 *
 * What a connection gives its two ends:
 * - in order, at most once: segments carry per-connection sequence numbers; duplicates are dropped,
 *   and one that arrives early waits (up to `reorderWindow`) for the ones before it;
 * - a loss breaks it: a gap that stays open for `reorderWindow` breaks the connection at the
 *   receiver, which tells the sender (`conn.reset`, best effort); the sender also breaks it when a
 *   segment stays unacknowledged, or nothing is heard, for `timeout` (acknowledgements ride on every
 *   segment, and on `conn.ping` keep-alives when there is nothing else to send);
 * - a new connection is a new stream: reconnecting opens a connection with a fresh id, and a segment
 *   of any other connection (an old one, or one a crashed incarnation opened) is never delivered:
 *   its sender is told `conn.reset`.
 *
 * One actor may run several independent sets of connections (a *channel* each, e.g. ZAB's election
 * and quorum channels); each keeps at most one connection per peer, the newest one opened. Where
 * both ends connect to each other (`pairing: 'larger-opens'`, ZooKeeper's QuorumCnxManager rule)
 * only the end with the larger id opens: the smaller one sends `conn.call` and the larger opens a
 * fresh connection back, so two ends never race to open.
 *
 * Data segments keep their payload's `kind`, so message rules, traces and the viewer see the
 * protocol's own kinds (`zab.proposal`); the layer's own messages are `conn.open`, `conn.call`,
 * `conn.ping` and `conn.reset`. Every deadline is served by one timer per channel, `conn.<channel>`.
 */
import type { Message, NodeContext, NodeId } from '../../sim/node.js';
import type { Time } from '../../sim/time.js';
import { Link } from './connection-link.js';
import {
  type BreakReason,
  CONN_CALL,
  CONN_OPEN,
  CONN_PING,
  CONN_RESET,
  type CallSegment,
  type ConnectionMessage,
  type OpenSegment,
  type PingSegment,
  type ResetSegment,
  type Segment,
  type Sequenced,
  isCall,
  isOpen,
  isPing,
  isReset,
} from './connection-wire.js';

export {
  CONNECTION_MESSAGE_KINDS,
  CONN_CALL,
  CONN_OPEN,
  CONN_PING,
  CONN_RESET,
  type BreakReason,
  type CallSegment,
  type ConnectionMessage,
  type OpenSegment,
  type PingSegment,
  type ResetSegment,
  type Segment,
} from './connection-wire.js';

export interface ConnectionOptions {
  /** The channel's name: tags its messages and names its timer (`conn.<channel>`). */
  readonly channel: string;
  /** How long a segment that arrived early waits for the ones before it; then the gap is a loss. */
  readonly reorderWindow: Time;
  /**
   * A connection breaks when nothing was heard on it, or its oldest unacknowledged segment was sent,
   * this long ago (per connection, see `setTimeout`). Infinity: never.
   */
  readonly timeout: Time;
  /** Send a keep-alive when nothing was sent for this long. Infinity: never. */
  readonly keepAlive: Time;
  /**
   * Who opens: `either` end (the newest connection stands; default), or only the `larger-opens`
   * (node ids compared as strings), for channels where both ends connect to each other.
   */
  readonly pairing?: 'either' | 'larger-opens';
}

export interface ConnectionHandlers<P extends Message> {
  /** A payload arrived in order on the connection with `from`. */
  deliver(from: NodeId, body: P): void;
  /** The connection with `peer` broke; nothing more arrives on it. Not called for `close`. */
  broken?(peer: NodeId, reason: BreakReason): void;
  /** Whether to accept a connection `from` opens (or calls for) now (default: yes). A refusal resets it. */
  accept?(from: NodeId): boolean;
  /** A connection with `peer` opened that this end did not ask for: `peer` opened it, or called for it. */
  opened?(peer: NodeId): void;
}

/**
 * A segment bound to the connection it was written for but not numbered yet (see `post`): `transmit`
 * numbers and sends it, only on that connection.
 */
export type Posted<P extends Message = Message> = Segment<P>;

/** The fields `transmit` fills in. */
type Unnumbered<P extends Message> = { -readonly [K in keyof Segment<P>]: Segment<P>[K] };

/** Segments of a connection whose opening has not arrived yet (it may be late, or lost). */
interface Unopened<P extends Message> {
  readonly id: number;
  readonly since: Time;
  readonly early: Map<number, Segment<P>>;
}

export class Connections<P extends Message> {
  private readonly links = new Map<NodeId, Link>();
  private readonly unopened = new Map<NodeId, Unopened<P>>();
  /** The last connection with each peer that ended here: its late segments are answered at once. */
  private readonly ended = new Map<NodeId, number>();
  private readonly timerName: string;
  private armedAt = Infinity;
  private readonly nonce: number;
  private count = 0;

  constructor(
    private readonly ctx: NodeContext<any>,
    readonly options: ConnectionOptions,
    private readonly handlers: ConnectionHandlers<P>,
  ) {
    this.timerName = `conn.${options.channel}`;
    // Fresh ids in every incarnation: a restarted actor never reuses a connection of its past.
    this.nonce = 1 + Math.floor(ctx.random() * 0x0fffffff);
  }

  /** The timer this channel uses. */
  get timer(): string {
    return this.timerName;
  }

  /** Whether a message belongs to this channel. */
  owns(msg: Message): msg is ConnectionMessage<P> {
    return (msg as { ch?: unknown }).ch === this.options.channel;
  }

  isOpen(peer: NodeId): boolean {
    return this.links.has(peer);
  }

  /** The peers this channel has a connection with, in the order the connections were made. */
  peers(): NodeId[] {
    return [...this.links.keys()];
  }

  /** When anything last arrived on the connection with `peer` (this actor's clock). */
  heardFrom(peer: NodeId): Time | undefined {
    return this.links.get(peer)?.heard;
  }

  /**
   * Opens a new connection to `peer`, closing the current one (the peer is told). With
   * `larger-opens` and a larger peer, asks the peer to open one instead: there is no connection
   * until it does (`opened`).
   */
  connect(peer: NodeId): void {
    this.close(peer);
    if (this.options.pairing === 'larger-opens' && peer > this.ctx.id) {
      this.ctx.send(peer, { kind: CONN_CALL, ch: this.options.channel } satisfies CallSegment);
      return;
    }
    this.open(peer);
  }

  /** Ends the connection with `peer`, if any; the peer is told. The `broken` handler is not called. */
  close(peer: NodeId): void {
    const link = this.links.get(peer);
    if (link === undefined) return;
    this.drop(link);
    this.reset(peer, link.id);
  }

  closeAll(): void {
    for (const peer of [...this.links.keys()]) this.close(peer);
  }

  /** Changes how long the connection with `peer` may be silent or unacknowledged. */
  setTimeout(peer: NodeId, timeout: Time): void {
    const link = this.links.get(peer);
    if (link === undefined || link.timeout === timeout) return;
    link.setTimeout(timeout, this.ctx.now());
    this.schedule(link.deadline());
  }

  /** Sends `body` on the connection with `peer`; false (nothing sent) when there is none. */
  send(peer: NodeId, body: P): boolean {
    const posted = this.post(peer, body);
    return posted !== undefined && this.transmit(peer, posted);
  }

  /**
   * Binds `body` to the current connection with `peer` without sending it, for an outbox that holds
   * it until a write is durable. Undefined when there is no connection.
   */
  post(peer: NodeId, body: P): Posted<P> | undefined {
    const link = this.links.get(peer);
    return link === undefined ? undefined : { kind: body.kind, ch: this.options.channel, conn: link.id, seq: 0, ack: 0, body };
  }

  /** Numbers and sends a posted segment if its connection still stands; false when it is gone. */
  transmit(peer: NodeId, posted: Posted<P>): boolean {
    const link = this.links.get(peer);
    if (link === undefined || link.id !== posted.conn) return false;
    const seg = posted as Unnumbered<P>;
    seg.seq = link.number(this.ctx.now());
    seg.ack = link.ack;
    this.schedule(link.deadline());
    this.ctx.send(peer, seg);
    return true;
  }

  /** Handles a message of this channel (see `owns`). */
  receive(from: NodeId, msg: ConnectionMessage<P>): void {
    if (isCall(msg)) {
      this.called(from);
      return;
    }
    const link = this.links.get(from);
    if (isReset(msg)) {
      if (link?.id === msg.conn) this.break(link, 'reset', false);
      else if (this.unopened.get(from)?.id === msg.conn) this.unopened.delete(from);
      return;
    }
    if (link === undefined || link.id !== msg.conn) {
      this.stranger(from, msg);
      return;
    }
    link.heard = this.ctx.now();
    link.acknowledged(msg.ack);
    if (!isPing(msg)) this.arrive(link, msg);
  }

  /** Handles this channel's timer; false for any other timer. */
  timerFired(name: string): boolean {
    if (name !== this.timerName) return false;
    this.armedAt = Infinity;
    const now = this.ctx.now();
    const window = this.options.reorderWindow;
    let next = Infinity;
    for (const [peer, u] of [...this.unopened]) {
      if (now >= u.since + window) {
        this.unopened.delete(peer);
        this.reset(peer, u.id);
      } else next = Math.min(next, u.since + window);
    }
    for (const link of [...this.links.values()]) {
      const reason = link.overdue(now);
      if (reason !== undefined) {
        this.break(link, reason, true);
        continue;
      }
      if (link.pingDue(now)) this.ping(link, now);
      next = Math.min(next, link.deadline());
    }
    this.schedule(next);
    return true;
  }

  // ---- arrivals -------------------------------------------------------------------------------

  /** Delivers what the segment makes deliverable, in order, while the connection stands. */
  private arrive(link: Link, seg: Sequenced<P>): void {
    const ready = link.arrive(seg, this.ctx.now());
    this.schedule(link.deadline());
    for (const s of ready) {
      if (this.links.get(link.peer) !== link) return; // a handler closed or replaced it
      if (!isOpen(s)) this.handlers.deliver(link.peer, s.body);
    }
  }

  /** A message of a connection other than the current one with `from`. */
  private stranger(from: NodeId, msg: Sequenced<P> | PingSegment): void {
    if (isOpen(msg)) {
      this.incoming(from, msg);
      return;
    }
    if (isPing(msg) || this.ended.get(from) === msg.conn) {
      this.reset(from, msg.conn);
      return;
    }
    // Perhaps it overtook its opening: keep it for a reorder window.
    let u = this.unopened.get(from);
    if (u?.id !== msg.conn) {
      u = { id: msg.conn, since: this.ctx.now(), early: new Map() };
      this.unopened.set(from, u);
      this.schedule(u.since + this.options.reorderWindow);
    }
    u.early.set(msg.seq, msg);
  }

  /** `from` opened a connection: it replaces whatever this end had with `from` (the newest stands). */
  private incoming(from: NodeId, open: OpenSegment): void {
    if (this.ended.get(from) === open.conn) return; // a late copy of an opening already ended here
    if (this.handlers.accept?.(from) === false) {
      this.refuse(from, open.conn);
      return;
    }
    const now = this.ctx.now();
    const link = new Link(from, open.conn, now, this.options.timeout, this.options);
    link.accepted(now);
    const current = this.links.get(from);
    if (current !== undefined) this.drop(current);
    this.links.set(from, link);
    this.schedule(link.deadline());
    if (current !== undefined) this.handlers.broken?.(from, 'replaced');
    const u = this.unopened.get(from);
    if (u?.id === open.conn) {
      this.unopened.delete(from);
      for (const seq of [...u.early.keys()].sort((a, b) => a - b)) {
        if (this.links.get(from) !== link) break;
        this.arrive(link, u.early.get(seq)!);
      }
    }
    if (this.links.get(from) === link) this.handlers.opened?.(from);
  }

  /**
   * The smaller end of a `larger-opens` pair wants a connection: it has none it knows of, so
   * whatever this end has is stale. A fresh one replaces it (no reset: the caller has nothing to
   * reset, and a reset crossing the new opening could break it).
   */
  private called(from: NodeId): void {
    if (this.options.pairing !== 'larger-opens' || from > this.ctx.id || this.handlers.accept?.(from) === false) return;
    const current = this.links.get(from);
    if (current !== undefined) this.drop(current);
    this.open(from);
    if (current !== undefined) this.handlers.broken?.(from, 'replaced');
    if (this.links.has(from)) this.handlers.opened?.(from);
  }

  private open(peer: NodeId): void {
    const now = this.ctx.now();
    const id = this.nonce * 0x1000000 + (++this.count % 0x1000000);
    const link = new Link(peer, id, now, this.options.timeout, this.options);
    link.opening(now);
    this.links.set(peer, link);
    this.ctx.send(peer, { kind: CONN_OPEN, ch: this.options.channel, conn: id, seq: 1, ack: 0 } satisfies OpenSegment);
    this.schedule(link.deadline());
  }

  private refuse(from: NodeId, conn: number): void {
    this.ended.set(from, conn);
    if (this.unopened.get(from)?.id === conn) this.unopened.delete(from);
    this.reset(from, conn);
  }

  // ---- ends -------------------------------------------------------------------------------------

  private break(link: Link, reason: BreakReason, tellPeer: boolean): void {
    this.drop(link);
    if (tellPeer) this.reset(link.peer, link.id);
    this.ctx.trace('conn.break', { ch: this.options.channel, peer: link.peer, conn: link.id, reason });
    this.handlers.broken?.(link.peer, reason);
  }

  private drop(link: Link): void {
    if (this.links.get(link.peer) === link) this.links.delete(link.peer);
    this.ended.set(link.peer, link.id);
  }

  private reset(peer: NodeId, conn: number): void {
    this.ctx.send(peer, { kind: CONN_RESET, ch: this.options.channel, conn } satisfies ResetSegment);
  }

  private ping(link: Link, now: Time): void {
    link.spoke(now);
    this.ctx.send(link.peer, { kind: CONN_PING, ch: this.options.channel, conn: link.id, ack: link.ack } satisfies PingSegment);
  }

  private schedule(at: Time): void {
    if (!(at < this.armedAt) || at === Infinity) return;
    this.armedAt = at;
    this.ctx.setTimer(this.timerName, Math.max(0, at - this.ctx.now()));
  }
}
