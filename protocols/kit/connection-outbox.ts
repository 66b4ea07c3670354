/**
 * Persist-before-send over connections. The kit's `Outbox` holds a message until the write it
 * promises is durable, and lets a message that promises nothing overtake held ones; on a connection
 * that would reorder the stream. Here a message waits behind every message held before it on the
 * same connection, and is numbered only when it is actually sent (so the receiver sees no gap), and
 * a message held for a connection that has meanwhile closed is never sent on a later one.
 *
 * Give `outbox` to the step bracket (steps.ts) as any protocol gives its Outbox.
 */
import type { Message, NodeContext, NodeId } from '../../sim/node.js';
import type { Connections, Posted } from './connection.js';
import { type Needs, Outbox } from './outbox.js';

export class ConnectionOutbox {
  readonly outbox: Outbox<Posted>;
  /** Messages held per connection id. */
  private readonly held = new Map<number, number>();
  private readonly byName = new Map<string, Connections<any>>();
  /** The message being handed to the outbox right now (to tell "sent at once" from "held"). */
  private handing: Posted | undefined;

  constructor(ctx: NodeContext<any>, channels: readonly Connections<any>[]) {
    for (const c of channels) this.byName.set(c.options.channel, c);
    this.outbox = new Outbox<Posted>(withSend(ctx, (to, posted) => this.release(to, posted)));
  }

  /** Notes a write that messages sent with `state` depend on (see Outbox). */
  stateWritten(): void {
    this.outbox.stateWritten();
  }

  /** Sends `body` on the current connection with `peer` (if any) once `needs` is durable, in order. */
  send<P extends Message>(channel: Connections<P>, peer: NodeId, body: P, needs: Needs): void {
    const posted = channel.post(peer, body);
    if (posted === undefined) return;
    const before = this.held.get(posted.conn) ?? 0;
    this.handing = posted;
    this.outbox.send(peer, posted, before > 0 ? 'all' : needs);
    if (this.handing === posted) {
      this.handing = undefined;
      this.held.set(posted.conn, before + 1);
    }
  }

  private release(to: NodeId, posted: Posted): void {
    if (this.handing === posted) this.handing = undefined;
    else {
      const left = (this.held.get(posted.conn) ?? 1) - 1;
      if (left > 0) this.held.set(posted.conn, left);
      else this.held.delete(posted.conn);
    }
    this.byName.get(posted.ch)?.transmit(to, posted);
  }
}

/** The same context, with `send` going to `send` (what the outbox releases goes through the connections). */
function withSend<M extends Message>(ctx: NodeContext<any>, send: (to: NodeId, msg: M) => void): NodeContext<M> {
  const proxy = Object.create(ctx) as NodeContext<M>;
  Object.defineProperty(proxy, 'send', { value: send });
  return proxy;
}
