/**
 * One end of one connection (connection.ts): its sequence numbers both ways, what the peer has
 * acknowledged, what arrived early, and the deadlines that break it. Pure bookkeeping: the channel
 * decides what to send and when to deliver.
 */
import type { Message, NodeId } from '../../sim/node.js';
import type { Time } from '../../sim/time.js';
import type { BreakReason, Sequenced } from './connection-wire.js';

/** The channel settings a link's deadlines depend on. */
export interface LinkTiming {
  readonly reorderWindow: Time;
  readonly keepAlive: Time;
}

export class Link {
  /** The highest sequence number this end has sent. */
  private sent = 0;
  /** The highest of ours the peer has acknowledged. */
  private acked = 0;
  /** Send times of our unacknowledged segments, oldest first (tracked only with a finite timeout). */
  private unacked: Time[] = [];
  /** The peer's next sequence number expected here. */
  private next = 1;
  /** Segments that arrived ahead of `next`. */
  private early: Map<number, Sequenced<Message>> | undefined;
  /** When the oldest gap opened; -1 when there is none. */
  private gapSince: Time = -1;
  /** Since when an acknowledgement is owed (in-order data arrived, nothing sent since); -1 when none. */
  private owedSince: Time = -1;
  /** When anything last arrived. */
  heard: Time;
  private spokeAt: Time;

  constructor(
    readonly peer: NodeId,
    readonly id: number,
    now: Time,
    /** How long it may be silent or leave a segment unacknowledged. */
    public timeout: Time,
    private readonly timing: LinkTiming,
  ) {
    this.heard = now;
    this.spokeAt = now;
  }

  /** The acknowledgement to put on what this end sends: the last in-order sequence number received. */
  get ack(): number {
    return this.next - 1;
  }

  /** This end opens the connection: its opening is sequence number 1. */
  opening(now: Time): void {
    this.sent = 1;
    if (this.timeout !== Infinity) this.unacked.push(now);
  }

  /** The peer opened it: its opening (sequence number 1) arrived, and is owed an acknowledgement. */
  accepted(now: Time): void {
    this.next = 2;
    this.owedSince = now;
  }

  /** Numbers a segment sent now. */
  number(now: Time): number {
    if (this.timeout !== Infinity) this.unacked.push(now);
    this.spoke(now);
    return ++this.sent;
  }

  /** Something went out (a segment or a keep-alive): it carries the acknowledgement. */
  spoke(now: Time): void {
    this.spokeAt = now;
    this.owedSince = -1;
  }

  setTimeout(timeout: Time, now: Time): void {
    if (this.timeout === Infinity) this.unacked = Array.from({ length: this.sent - this.acked }, () => now);
    this.timeout = timeout;
    if (timeout === Infinity) this.unacked = [];
  }

  acknowledged(ack: number): void {
    const upTo = Math.min(ack, this.sent);
    if (upTo <= this.acked) return;
    if (this.unacked.length > 0) this.unacked.splice(0, upTo - this.acked);
    this.acked = upTo;
  }

  /**
   * A sequenced segment arrived: returns the segments now deliverable in order (none for a
   * duplicate, or for one that arrived early: it waits for the gap before it to fill).
   */
  arrive<P extends Message>(seg: Sequenced<P>, now: Time): Sequenced<P>[] {
    if (seg.seq < this.next || this.early?.has(seg.seq) === true) return []; // a duplicate
    if (seg.seq > this.next) {
      (this.early ??= new Map()).set(seg.seq, seg);
      if (this.gapSince < 0) this.gapSince = now;
      return [];
    }
    const ready: Sequenced<P>[] = [seg];
    this.took(now);
    const early = this.early;
    if (early === undefined) return ready;
    for (let s = early.get(this.next); s !== undefined; s = early.get(this.next)) {
      early.delete(s.seq);
      ready.push(s as Sequenced<P>);
      this.took(now);
    }
    if (early.size === 0) {
      this.early = undefined;
      this.gapSince = -1;
    } else if (this.gapSince >= 0) {
      this.gapSince = now; // progress: the remaining gap gets a full window
    }
    return ready;
  }

  private took(now: Time): void {
    this.next++;
    if (this.owedSince < 0) this.owedSince = now;
  }

  /** Why it must break now, if it must. */
  overdue(now: Time): BreakReason | undefined {
    if (this.gapSince >= 0 && now >= this.gapSince + this.timing.reorderWindow) return 'gap';
    if (now >= this.heard + this.timeout) return 'silence';
    const oldest = this.unacked[0];
    if (oldest !== undefined && now >= oldest + this.timeout) return 'unacknowledged';
    return undefined;
  }

  /** Whether a keep-alive is due: nothing sent for `keepAlive`, or an acknowledgement owed too long. */
  pingDue(now: Time): boolean {
    return now >= this.spokeAt + this.timing.keepAlive || (this.owedSince >= 0 && now >= this.owedSince + this.ackDelay());
  }

  /** The earliest moment something is due. */
  deadline(): Time {
    let at = Math.min(this.heard + this.timeout, this.spokeAt + this.timing.keepAlive);
    if (this.gapSince >= 0) at = Math.min(at, this.gapSince + this.timing.reorderWindow);
    const oldest = this.unacked[0];
    if (oldest !== undefined) at = Math.min(at, oldest + this.timeout);
    if (this.owedSince >= 0 && this.timeout !== Infinity) at = Math.min(at, this.owedSince + this.ackDelay());
    return at;
  }

  /** How long an acknowledgement may be owed before a keep-alive carries it. */
  private ackDelay(): Time {
    return Math.min(this.timing.keepAlive, this.timeout / 4);
  }
}
