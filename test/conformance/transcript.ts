/**
 * A run as a readable transcript, one line per state-level event: what the golden files record next
 * to the trace hash, so a change in behaviour shows up as a diff a person can read (etcd's raft
 * testdata does the same for scripted interactions).
 */
import type { TraceEvent } from '../../sim/trace.js';

const SKIP = new Set(['seq', 't', 'kind', 'node']);

export function transcript(events: readonly TraceEvent[]): string {
  return events.map(line).join('\n');
}

function line(e: TraceEvent): string {
  const at = `${(e.t / 1000).toFixed(3).padStart(9)}ms`;
  const who = (e.node ?? '-').padEnd(3);
  return `${at} ${who} ${e.kind}${fields(e)}`;
}

function fields(e: TraceEvent): string {
  if (e.kind === 'replica.state') {
    const s = e as TraceEvent & { role: string; era: number; leader: string | null; commit: number; applied: number; last: number; phase?: string; log?: { from: number; eras: number[] } };
    const log = s.log === undefined ? '' : ` log@${s.log.from}=[${s.log.eras.join(',')}]`;
    const extra = Object.entries(e)
      .filter(([k]) => !SKIP.has(k) && !['role', 'era', 'leader', 'commit', 'applied', 'last', 'phase', 'log', 'digest', 'snap', 'full'].includes(k))
      .map(([k, v]) => ` ${k}=${JSON.stringify(v)}`)
      .join('');
    return ` ${s.role}${s.phase === undefined ? '' : `(${s.phase})`} era=${s.era} leader=${s.leader ?? '-'} commit=${s.commit} applied=${s.applied} last=${s.last}${log}${extra}`;
  }
  const rest = Object.entries(e).filter(([k]) => !SKIP.has(k));
  return rest.length ? ` ${rest.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ')}` : '';
}
