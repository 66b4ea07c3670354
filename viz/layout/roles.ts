/**
 * The role/era strip on each replica lane, from the replicas' `replica.state` reports: one segment
 * per stretch of equal role and era (Raft's term, ZAB's epoch, a Paxos ballot; the `run.protocol`
 * event says which). A crash ends the segment (a down node has no role); the node's next state
 * report starts the next.
 */
import { PROTOCOL_KIND, type ViewEvent, isStateKind, num, str } from './events.js';

/** A stretch of one role and era on a lane. */
export interface RoleSegment {
  readonly lane: string;
  readonly role: string | undefined;
  /** The replica's finer word for what it did (`pre-vote`, `discovery`), when it said one. */
  readonly phase: string | undefined;
  /** The era, when the state has one. */
  readonly era: string | undefined;
  /** What the era is called (`term`, `epoch`, `ballot`). */
  readonly eraField: string | undefined;
  readonly start: number;
  readonly end: number;
}

/** What the run's protocol counts leadership in, from its `run.protocol` event; `era` if none. */
export function eraNameOf(events: readonly ViewEvent[]): string {
  for (const e of events) if (e.kind === PROTOCOL_KIND) return str(e['era']) ?? 'era';
  return 'era';
}

/** The era of a state report, as text, named `name` (`term`, `epoch`, `ballot`). */
export function eraOf(event: Readonly<Record<string, unknown>>, name = 'era'): { readonly field: string; readonly value: string } | undefined {
  const n = num(event['era']);
  if (n === undefined) return undefined;
  // A protocol may state its era as people write it (a Paxos ballot `2.n3`) in a field of the era's name.
  const shown = name === 'era' ? undefined : str(event[name]);
  return { field: name, value: shown ?? String(n) };
}

/** Role/era segments for every lane that emits state events. */
export function roleSegments(events: readonly ViewEvent[]): readonly RoleSegment[] {
  const eraName = eraNameOf(events);
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
    const phase = str(e['phase']);
    const era = eraOf(e, eraName);
    const cur = open.get(lane);
    // Only role, phase and era start a new segment; other fields change every step.
    if (cur && cur.role === role && cur.phase === phase && cur.era === era?.value) continue;
    close(lane, i);
    open.set(lane, { lane, role, phase, era: era?.value, eraField: era?.field, start: i });
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
