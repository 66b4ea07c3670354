/**
 * The message path between nodes: a send passes the rule book (drop, hold, crash one end), then
 * the network (cuts, loss, duplication, latency) and becomes a delivery event; when that falls
 * due, `arrive` decides whether the receiver handles it now, later (paused) or never (crashed
 * since, or cut off meanwhile). Held messages wait in buckets until released or discarded.
 */
import { HoldBuckets } from './holds.js';
import type { Network } from './network.js';
import type { EventQueue } from './queue.js';
import type { Message, NodeId } from './node.js';
import { type MessageRule, RuleBook } from './rules.js';
import { type Ev, type Slot, deliveryEvent } from './slot.js';
import type { Time } from './time.js';
import type { Trace } from './trace.js';
import { SimConfigError } from './errors.js';

export class Post {
  sent = 0;
  delivered = 0;
  dropped = 0;
  private nextId = 0;
  private readonly rules = new RuleBook();
  private readonly held = new HoldBuckets();

  constructor(
    private readonly slots: readonly Slot[],
    private readonly byId: ReadonlyMap<NodeId, Slot>,
    private readonly network: Network,
    private readonly trace: Trace,
    /** The world: its `now` is the virtual time. */
    private readonly clock: { readonly now: Time },
    private readonly queue: EventQueue<Ev>,
  ) {}

  send(s: Slot, toId: NodeId, msg: Message): void {
    if (!s.up) return;
    const to = this.byId.get(toId);
    if (to === undefined) throw new SimConfigError(`${s.id} sent '${msg.kind}' to unknown node '${toId}'`);
    const id = this.nextId++;
    this.sent++;
    const trace = this.trace;
    if (trace.records('messages')) {
      trace.emit(this.clock.now, 'net.send', s.id, trace.records('full') ? { id, to: toId, msg: msg.kind, body: msg } : { id, to: toId, msg: msg.kind });
    }
    if (this.rules.size > 0) {
      const rule = this.rules.take('send', s.id, toId, msg);
      if (rule) {
        switch (rule.action.kind) {
          case 'drop':
            this.drop(s.index, to.index, msg, id, `rule:${rule.id}`);
            return;
          case 'hold': {
            const bucket = rule.action.bucket;
            this.held.add(bucket, { from: s.index, to: to.index, msg, id });
            trace.emit(this.clock.now, 'net.hold', s.id, { id, to: toId, msg: msg.kind, bucket });
            return;
          }
          case 'crash-sender':
            s.doomed = true;
            break;
          case 'crash-receiver':
            break;
        }
      }
    }
    const fate = this.network.route(s.index, to.index, this.clock.now);
    if (fate.kind === 'drop') {
      this.drop(s.index, to.index, msg, id, fate.reason);
      return;
    }
    this.enqueue(s.index, to.index, msg, id, fate.at);
    if (fate.duplicateAt !== undefined) {
      if (trace.records('messages')) trace.emit(this.clock.now, 'net.duplicate', s.id, { id, to: toId });
      this.enqueue(s.index, to.index, msg, id, fate.duplicateAt);
    }
  }

  /**
   * A delivery event fell due. Returns the receiving slot when it is to handle the message now;
   * otherwise the message was dropped (the receiver crashed since, or a cut came between) or
   * deferred until the paused receiver resumes.
   */
  arrive(ev: Ev): Slot | undefined {
    const to = this.slots[ev.node]!;
    const msg = ev.payload as Message;
    if (!to.up || to.incarnation !== ev.incarnation) {
      this.drop(ev.from, ev.node, msg, ev.msgId, 'crashed');
      return undefined;
    }
    if (this.network.cutCount(ev.from, ev.node) !== ev.stamp) {
      this.drop(ev.from, ev.node, msg, ev.msgId, 'partition');
      return undefined;
    }
    if (to.paused) {
      to.deferred.push(ev);
      return undefined;
    }
    if (this.rules.size > 0 && this.rules.take('receive', this.slots[ev.from]!.id, to.id, msg)) to.doomed = true;
    this.delivered++;
    if (this.trace.records('messages')) this.trace.emit(this.clock.now, 'net.deliver', to.id, { id: ev.msgId, from: this.slots[ev.from]!.id, msg: msg.kind });
    return to;
  }

  addRule(rule: MessageRule): void {
    const { where: _where, ...match } = rule.match;
    this.rules.add(rule);
    this.trace.emit(this.clock.now, 'net.rule', undefined, { id: rule.id, match, action: rule.action, ...(rule.count === undefined ? {} : { count: rule.count }) });
  }

  removeRule(id: string): void {
    if (this.rules.remove(id)) this.trace.emit(this.clock.now, 'net.unrule', undefined, { id });
  }

  heldCount(bucket: string): number {
    return this.held.count(bucket);
  }

  /** Delivers held messages now, in the order asked for; each meets the network as it is now. */
  release(bucket: string, order: 'fifo' | 'lifo' | readonly number[]): number {
    const chosen = this.held.take(bucket, order);
    for (const h of chosen) {
      this.trace.emit(this.clock.now, 'net.release', this.slots[h.to]!.id, { id: h.id, bucket });
      const fate = this.network.route(h.from, h.to, this.clock.now);
      if (fate.kind === 'drop') this.drop(h.from, h.to, h.msg, h.id, fate.reason);
      else this.enqueue(h.from, h.to, h.msg, h.id, this.clock.now);
    }
    return chosen.length;
  }

  discard(bucket: string): number {
    const dropped = this.held.take(bucket, 'fifo');
    for (const h of dropped) this.drop(h.from, h.to, h.msg, h.id, 'discarded');
    return dropped.length;
  }

  /** The delivery remembers the receiver's incarnation and the link's cut count, checked on arrival. */
  private enqueue(from: number, to: number, msg: Message, id: number, at: Time): void {
    const ev = deliveryEvent(from, to, this.slots[to]!.incarnation, this.network.cutCount(from, to), msg, id);
    ev.time = at;
    this.queue.push(ev);
  }

  private drop(from: number, to: number, msg: Message, id: number, reason: string): void {
    this.dropped++;
    if (this.trace.records('messages')) this.trace.emit(this.clock.now, 'net.drop', this.slots[to]!.id, { id, from: this.slots[from]!.id, msg: msg.kind, reason });
  }
}
