/**
 * Hover text for every mark (Maelstrom puts the full payload in a `<title>`; one floating box
 * reading the mark's datum does the same without a second element per mark). Text only.
 */
import { select } from 'd3';
import { brief, formatTime, payloadOf, type ViewEvent } from '../layout/events.js';
import type { FaultSpan } from '../layout/faults.js';
import type { Glyph, StatusSegment } from '../layout/lifecycle.js';
import type { Arrow } from '../layout/messages.js';
import type { ViewModel } from '../layout/model.js';
import type { Band } from '../layout/partitions.js';
import type { RoleSegment } from '../layout/roles.js';
import type { OpBar } from '../layout/history.js';
import type { WitnessRoles } from './ops.js';

/** The marks that have hover text, most specific first. */
const HOVERABLE = 'line.msg, path.drop-x, g.glyph, rect.op, circle.lp, g.role, rect.status, rect.fault-span, path.fault-point, rect.density, g.band, text.lane-label, g.lease';

/** The mark under the pointer that has hover text, if any. */
export function hoverTarget(target: EventTarget | null): Element | null {
  return target instanceof Element ? target.closest(HOVERABLE) : null;
}

/** The hover text for a mark, from its bound datum. */
export function tooltipText(node: Element, model: ViewModel, roles: WitnessRoles): string | undefined {
  const datum: unknown = select(node).datum();
  const t = (i: number): string => {
    const e = model.events[i];
    return e ? `#${e.seq} at ${formatTime(e.t)}` : 'end of run';
  };
  const cls = node.getAttribute('class') ?? '';
  if (cls.startsWith('msg') || cls === 'drop-x') {
    const a = (datum as { a: Arrow }).a;
    const send = model.events[a.send] as ViewEvent;
    const body = send['body'];
    const fate = a.status === 'in-flight' ? 'still in flight at the end' : `${a.status === 'duplicate' ? 'duplicate delivered' : a.status} ${t(a.end)}${a.reason ? ` (${a.reason})` : ''}`;
    return `${a.msg}  ${a.from} → ${a.to}  (message ${a.id})\nsent ${t(a.send)}\n${fate}${a.delayed ? '\ndelayed' : ''}${body === undefined ? '' : `\n${brief(body, 900)}`}`;
  }
  if (cls.startsWith('fault-')) {
    const f = datum as FaultSpan;
    const until = f.point ? '' : f.end >= model.events.length ? '\nuntil the end of the run' : `\nuntil ${t(f.end)}${f.undoneAtEnd ? ', when the end of the faults undid it' : ''}`;
    return `${f.row}: ${f.label}\nfrom ${t(f.start)}${until}`;
  }
  if (cls.startsWith('glyph')) {
    const at = (datum as Glyph).at;
    const e = model.events[at] as ViewEvent;
    return `${e.kind}${e.node === undefined ? '' : ` on ${e.node}`}  ${t(at)}\n${brief(payloadOf(e), 900)}`;
  }
  if (cls.startsWith('op') || cls === 'lp') {
    const bar = cls === 'lp' ? model.bars.get((datum as { index: number }).index) : (datum as OpBar);
    if (!bar) return undefined;
    const result = bar.outcome === 'ok' || bar.outcome === 'fail' ? ` → ${brief(bar.result, 200)}` : '';
    const needs = roles.needs.get(bar.index);
    const role = roles.role.get(bar.index);
    const story = role === 'prefix' ? '\nin the longest linearizable prefix' : role === 'cx' ? `\ncould not be placed next: ${needs ?? ''}` : role === 'cx-fit' ? '\nfits next, but nothing works after it' : '';
    return `${bar.client === undefined ? '' : `${bar.client}, `}process ${String(bar.process)}: ${bar.f}${bar.key === undefined ? '' : ` ${bar.key}`} ${brief(bar.value, 200)}${result}  [${bar.outcome}]\ninvoked ${t(bar.start)}, ${bar.end >= model.events.length ? 'never returned' : bar.open ? `client gave up ${t(bar.end)}; may take effect any time after its call` : `returned ${t(bar.end)}`}${story}`;
  }
  if (cls.startsWith('role')) {
    const s = datum as RoleSegment;
    return `${s.lane}: ${s.role ?? '(no role)'}${s.phase === undefined ? '' : ` (${s.phase})`}${s.era === undefined ? '' : `, ${s.eraField ?? 'era'} ${s.era}`}\nfrom ${t(s.start)} to ${t(s.end)}`;
  }
  if (cls.startsWith('status')) {
    const s = datum as StatusSegment;
    return `${s.lane} ${s.status} from ${t(s.start)} to ${t(s.end)}`;
  }
  if (cls === 'density') return `${(datum as { n: number }).n} events here (aggregated: zoom in to see them)`;
  if (cls === 'band') {
    const b = datum as Band;
    return `partition: ${b.label}\n${b.blocked.map(([x, y]) => `${x} ↛ ${y}`).join(', ')}\nfrom ${t(b.start)} to ${t(b.end)}`;
  }
  if (cls.startsWith('lane-label')) return `${node.getAttribute('data-lane') ?? ''}: click to select`;
  if (cls === 'lease') {
    const l = datum as { lease: string; holder: string; start: number; end: number };
    return `lease ${l.lease} held by ${l.holder}\nfrom ${t(l.start)} to ${t(l.end)}`;
  }
  return undefined;
}
