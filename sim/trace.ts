import type { NodeId } from './node.js';
import type { Time } from './time.js';

/**
 * How much a trace records. Each level includes the ones before it.
 * - none: nothing (the hash is then of nothing: use only where determinism is proven elsewhere).
 * - state: node lifecycle, protocol state, faults, client operations.
 * - messages: plus every send, delivery and drop, without bodies.
 * - full: plus message bodies.
 */
export type TraceLevel = 'none' | 'state' | 'messages' | 'full';
const LEVELS: Record<TraceLevel, number> = { none: 0, state: 1, messages: 2, full: 3 };

export interface TraceEvent {
  readonly seq: number;
  /** Virtual (true) time in microseconds. */
  readonly t: Time;
  readonly kind: string;
  readonly node?: NodeId;
  readonly [field: string]: unknown;
}

export interface TraceOptions {
  readonly level?: TraceLevel;
  /** Receives each event as one JSON line, in order (e.g. to stream to trace.jsonl). */
  readonly sink?: (line: string) => void;
  /**
   * How many events to keep in memory; older ones are dropped and counted in `dropped`. Default
   * 1,000,000. Use a sink for runs whose full trace matters beyond the window.
   */
  readonly keep?: number;
}

/**
 * The run's event stream with a running hash. The hash covers the exact JSON line of every
 * recorded event, so two runs with equal hashes produced byte-identical traces.
 */
export class Trace {
  readonly level: TraceLevel;
  private readonly rank: number;
  private readonly sink: ((line: string) => void) | undefined;
  private readonly keep: number;
  private window: TraceEvent[] = [];
  private start = 0;
  private seq = 0;
  private h1 = 0x811c9dc5;
  private h2 = 0x01000193;
  private readonly listeners: ((event: TraceEvent) => void)[] = [];

  constructor(options: TraceOptions = {}) {
    this.level = options.level ?? 'full';
    this.rank = LEVELS[this.level];
    this.sink = options.sink;
    this.keep = options.keep ?? 1_000_000;
  }

  /** Calls `listener` with every event recorded from now on (streaming checks use this). */
  subscribe(listener: (event: TraceEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Whether events of this level are recorded; check before building an expensive event. */
  records(level: Exclude<TraceLevel, 'none'>): boolean {
    return this.rank >= LEVELS[level];
  }

  emit(t: Time, kind: string, node: NodeId | undefined, data?: Record<string, unknown>): void {
    if (this.rank === 0) return;
    const event: TraceEvent = node === undefined ? { seq: this.seq++, t, kind, ...data } : { seq: this.seq++, t, kind, node, ...data };
    const line = JSON.stringify(event);
    this.mix(line);
    this.sink?.(line);
    for (const listener of this.listeners) listener(event);
    if (this.keep === 0) return;
    this.window.push(event);
    if (this.window.length - this.start > this.keep) {
      this.start++;
      if (this.start > 65_536 && this.start * 2 > this.window.length) {
        this.window = this.window.slice(this.start);
        this.start = 0;
      }
    }
  }

  /** Events recorded so far. */
  get count(): number {
    return this.seq;
  }

  /** Events recorded but no longer kept in memory (they reached the sink, if any, and the hash). */
  get dropped(): number {
    return this.seq - (this.window.length - this.start);
  }

  /** The kept window of events, oldest first. */
  events(): readonly TraceEvent[] {
    return this.start === 0 ? this.window : this.window.slice(this.start);
  }

  /** 64-bit hash (two FNV-1a lanes) of every line recorded, as 16 hex digits. */
  get hash(): string {
    return (this.h1 >>> 0).toString(16).padStart(8, '0') + (this.h2 >>> 0).toString(16).padStart(8, '0');
  }

  private mix(line: string): void {
    let a = this.h1;
    let b = this.h2;
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    a = Math.imul(a ^ 10, 0x01000193);
    b = Math.imul(b ^ 10, 0x5bd1e995);
    this.h1 = a;
    this.h2 = b;
  }
}
