/**
 * What happened to each node as a node: when it was down (crash to restart) or paused (pause to
 * resume), and the point events drawn on its lane as glyphs (crash, restart, pause, resume, clock
 * and disk faults, timers).
 */
import { type ViewEvent, isStateKind, namespaceOf } from './events.js';
import { laneOf } from './lanes.js';

/** Whether a node is running, crashed, or paused. */
export type LaneStatus = 'up' | 'down' | 'paused';

/** A stretch of a lane spent down or paused. */
export interface StatusSegment {
  readonly lane: string;
  readonly status: Exclude<LaneStatus, 'up'>;
  /** Event index where it began. */
  readonly start: number;
  /** Event index where it ended (events.length when it lasted to the end). */
  readonly end: number;
}

/** The shape a point event is drawn with. */
export type GlyphKind = 'crash' | 'restart' | 'pause' | 'resume' | 'clock' | 'disk' | 'timer' | 'fault' | 'k8s' | 'other';

/** A point event on a lane. */
export interface Glyph {
  readonly lane: string;
  /** Event index. */
  readonly at: number;
  readonly kind: GlyphKind;
}

const GLYPH_OF: Readonly<Record<string, GlyphKind>> = {
  'node.crash': 'crash',
  'node.restart': 'restart',
  'node.pause': 'pause',
  'node.resume': 'resume',
  'node.timer': 'timer',
  'clock.skew': 'clock',
  'clock.rate': 'clock',
  'disk.latency': 'disk',
  'disk.stall': 'disk',
  'net.hold': 'fault',
  'net.release': 'fault',
};

/**
 * The glyph for an event on a lane, or undefined for events drawn another way (messages as
 * arrows, protocol state as the role strip, client ops in the history) or not on a lane.
 */
export function glyphKindOf(event: ViewEvent): GlyphKind | undefined {
  const g = GLYPH_OF[event.kind];
  if (g !== undefined) return g;
  const ns = namespaceOf(event.kind);
  if (ns === 'net' || ns === 'client' || event.kind === 'node.start' || isStateKind(event.kind)) return undefined;
  if (ns === 'k8s') return 'k8s';
  return 'other';
}

/** Every lane's segments and glyphs. */
export interface Lifecycle {
  readonly segments: readonly StatusSegment[];
  readonly glyphs: readonly Glyph[];
}

/** Status segments and glyphs for every lane. */
export function lifecycle(events: readonly ViewEvent[]): Lifecycle {
  const segments: StatusSegment[] = [];
  const glyphs: Glyph[] = [];
  const since = new Map<string, { status: 'down' | 'paused'; start: number }>();
  const end = (lane: string, at: number): void => {
    const s = since.get(lane);
    if (s) segments.push({ lane, status: s.status, start: s.start, end: at });
    since.delete(lane);
  };
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as ViewEvent;
    const lane = laneOf(e);
    if (lane === undefined) continue;
    switch (e.kind) {
      case 'node.crash':
        end(lane, i);
        since.set(lane, { status: 'down', start: i });
        break;
      case 'node.pause':
        end(lane, i);
        since.set(lane, { status: 'paused', start: i });
        break;
      case 'node.restart':
      case 'node.resume':
      case 'node.start':
        end(lane, i);
        break;
    }
    const kind = glyphKindOf(e);
    if (kind !== undefined) glyphs.push({ lane, at: i, kind });
  }
  for (const lane of [...since.keys()]) end(lane, events.length);
  segments.sort((a, b) => a.start - b.start);
  return { segments, glyphs };
}

/** A lane's status at event index `at`. */
export function statusAt(segments: readonly StatusSegment[], lane: string, at: number): LaneStatus {
  for (const s of segments) {
    if (s.start > at) break;
    if (s.lane === lane && at < s.end) return s.status;
  }
  return 'up';
}
