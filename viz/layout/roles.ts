/**
 * The role/term strip on each replica lane, from the protocol's `<proto>.state` events: one
 * segment per stretch of equal role and term (epoch for ZAB, ballot for Paxos, view for others).
 * A crash ends the segment (a down node has no role); the node's next state event starts the next.
 */
import { type ViewEvent, isStateKind, num, str } from './events.js';

/** Fields that name a protocol's era, in the order they are looked for. */
export const ERA_FIELDS: readonly string[] = ['term', 'epoch', 'ballot', 'view'];

/** A stretch of one role and era on a lane. */
export interface RoleSegment {
  readonly lane: string;
  /** The state event's namespace, e.g. `raft`. */
  readonly proto: string;
  readonly role: string | undefined;
  /** Term, epoch, ballot or view, when the state has one. */
  readonly era: string | undefined;
  /** Which field `era` came from. */
  readonly eraField: string | undefined;
  readonly start: number;
  readonly end: number;
}

/** The era of a state event: the first of ERA_FIELDS it has, as text. */
export function eraOf(event: Readonly<Record<string, unknown>>): { readonly field: string; readonly value: string } | undefined {
  for (const field of ERA_FIELDS) {
    const v = event[field];
    const n = num(v);
    if (n !== undefined) return { field, value: String(n) };
    const s = str(v);
    if (s !== undefined) return { field, value: s };
    // A ballot is often a pair (number, node): show it whole.
    if (Array.isArray(v)) return { field, value: v.map(String).join('.') };
  }
  return undefined;
}

/** Role/era segments for every lane that emits state events. */
export function roleSegments(events: readonly ViewEvent[]): readonly RoleSegment[] {
  const open = new Map<string, Omit<RoleSegment, 'end'>>();
  const out: RoleSegment[] = [];
  const close = (lane: string, at: number): void => {
    const s = open.get(lane);
    if (s && at > s.start) out.push({ ...s, end: at });
    open.delete(lane);
  };
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as ViewEvent;
    const lane = e.node;
    if (lane === undefined) continue;
    if (e.kind === 'node.crash') {
      close(lane, i);
      continue;
    }
    if (!isStateKind(e.kind)) continue;
    const role = str(e['role']);
    const era = eraOf(e);
    const cur = open.get(lane);
    // Only role and era start a new segment; other fields change every step.
    if (cur && cur.role === role && cur.era === era?.value && cur.eraField === era?.field) continue;
    close(lane, i);
    open.set(lane, { lane, proto: e.kind.slice(0, -'.state'.length), role, era: era?.value, eraField: era?.field, start: i });
  }
  for (const lane of [...open.keys()]) close(lane, events.length);
  return out.sort((a, b) => a.start - b.start || (a.lane < b.lane ? -1 : 1));
}

/** Role names ranked so the palette is stable: leaders dark, candidates warm, followers light. */
export function roleRank(role: string | undefined): 'leader' | 'candidate' | 'follower' | 'other' {
  if (role === undefined) return 'other';
  const r = role.toLowerCase();
  if (/leader|primary|master|coordinator|proposer-leader/.test(r)) return 'leader';
  if (/candidate|prevote|pre-candidate|electing|looking|recover/.test(r)) return 'candidate';
  if (/follower|backup|replica|observer|learner|acceptor|following/.test(r)) return 'follower';
  return 'other';
}
