/**
 * What the connection layer (connection.ts) puts on the wire: data segments that keep their
 * payload's kind and carry a connection header, and the layer's own `conn.*` messages.
 */
import type { Message } from '../../sim/node.js';

export const CONN_OPEN = 'conn.open';
export const CONN_CALL = 'conn.call';
export const CONN_PING = 'conn.ping';
export const CONN_RESET = 'conn.reset';

/** The kinds the connection layer sends of its own: list them beside a protocol's messages. */
export const CONNECTION_MESSAGE_KINDS = [CONN_OPEN, CONN_CALL, CONN_PING, CONN_RESET] as const;

/** A payload on a connection: its own kind, then the connection header. */
export interface Segment<P extends Message = Message> {
  readonly kind: P['kind'];
  /** The channel (the set of connections) it belongs to. */
  readonly ch: string;
  readonly conn: number;
  readonly seq: number;
  /** The highest sequence number the sender has received in order from the receiver. */
  readonly ack: number;
  readonly body: P;
}

/** The first segment of a connection (sequence number 1), sent by the end that opens it. */
export interface OpenSegment {
  readonly kind: typeof CONN_OPEN;
  readonly ch: string;
  readonly conn: number;
  readonly seq: 1;
  readonly ack: 0;
}

/** A keep-alive: an acknowledgement with no payload. Not sequenced. */
export interface PingSegment {
  readonly kind: typeof CONN_PING;
  readonly ch: string;
  readonly conn: number;
  readonly ack: number;
}

/** The connection is gone at the sender (broken, refused, or unknown to it). */
export interface ResetSegment {
  readonly kind: typeof CONN_RESET;
  readonly ch: string;
  readonly conn: number;
}

/** With `larger-opens`: the smaller end asks the larger one to open a connection to it. */
export interface CallSegment {
  readonly kind: typeof CONN_CALL;
  readonly ch: string;
}

export type ConnectionMessage<P extends Message = Message> = Segment<P> | OpenSegment | PingSegment | ResetSegment | CallSegment;

/** Why a connection broke, as its `broken` handler hears it. */
export type BreakReason = 'gap' | 'reset' | 'silence' | 'unacknowledged' | 'replaced';

/** The sequenced segments: the opening (seq 1 of the opener) and data. */
export type Sequenced<P extends Message> = Segment<P> | OpenSegment;

export const isReset = <P extends Message>(m: ConnectionMessage<P>): m is ResetSegment => m.kind === CONN_RESET;
export const isPing = <P extends Message>(m: ConnectionMessage<P>): m is PingSegment => m.kind === CONN_PING;
export const isOpen = <P extends Message>(m: ConnectionMessage<P>): m is OpenSegment => m.kind === CONN_OPEN;
export const isCall = <P extends Message>(m: ConnectionMessage<P>): m is CallSegment => m.kind === CONN_CALL;
