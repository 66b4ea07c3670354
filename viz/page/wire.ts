/**
 * Mouse on the diagram: clicking a mark moves the cursor to its event and selects it (a message,
 * an op, a lane); clicking empty space moves the cursor to the nearest event; hovering shows the
 * mark's details.
 */
import { select } from 'd3';
import type { FaultSpan } from '../layout/faults.js';
import type { Glyph } from '../layout/lifecycle.js';
import type { Arrow } from '../layout/messages.js';
import type { ViewModel } from '../layout/model.js';
import type { OpBar } from '../layout/history.js';
import type { Diagram } from './diagram.js';
import { byId } from './dom.js';
import { witnessRoles } from './ops.js';
import type { Store } from './store.js';
import { hoverTarget, tooltipText } from './tooltip.js';

/** Installs the diagram's click and hover handlers. */
export function wireDiagram(model: ViewModel, store: Store, diagram: Diagram): void {
  const svg = diagram.svgElement;
  const tip = byId('tooltip');
  const roles = witnessRoles(model.violations.find((v) => v.witness)?.witness);
  svg.addEventListener('click', (ev) => {
    const target = ev.target instanceof Element ? ev.target : null;
    const mark = target?.closest('line.msg, path.drop-x, g.glyph, rect.fault-span, path.fault-point, rect.op, circle.lp, .lane-label, rect.lane-bg');
    if (mark) {
      const datum: unknown = select(mark).datum();
      const cls = mark.getAttribute('class') ?? '';
      if (cls.startsWith('msg') || cls === 'drop-x') {
        const a = (datum as { a: Arrow }).a;
        store.update({ cursor: a.send, lane: a.from, selection: { kind: 'msg', id: a.id } });
        return;
      }
      if (cls.startsWith('glyph')) {
        const g = datum as Glyph;
        store.update({ cursor: g.at, lane: g.lane });
        return;
      }
      if (cls.startsWith('fault-')) {
        store.update({ cursor: (datum as FaultSpan).start });
        return;
      }
      if (cls.startsWith('op') || cls === 'lp') {
        const bar = cls === 'lp' ? model.bars.get((datum as { index: number }).index) : (datum as OpBar);
        // An op selects its client's lane too: the client and the op are one person's story.
        if (bar) store.update({ cursor: bar.start, selection: { kind: 'op', index: bar.index }, ...(bar.client !== undefined && model.laneIndex.has(bar.client) ? { lane: bar.client } : {}) });
        return;
      }
      const lane = mark.getAttribute('data-lane');
      if (lane !== null && cls.startsWith('lane-label')) {
        store.update({ lane });
        return;
      }
    }
    const hit = diagram.eventAt(ev.clientX, ev.clientY);
    store.update({ cursor: hit.index, ...(hit.lane === undefined ? {} : { lane: hit.lane }) });
  });
  svg.addEventListener('mousemove', (ev) => {
    const node = hoverTarget(ev.target);
    const text = node ? tooltipText(node, model, roles) : undefined;
    if (text === undefined) {
      tip.hidden = true;
      return;
    }
    tip.textContent = text;
    tip.hidden = false;
    const x = Math.min(ev.clientX + 14, innerWidth - tip.offsetWidth - 8);
    const y = ev.clientY + 16 + tip.offsetHeight > innerHeight ? ev.clientY - tip.offsetHeight - 10 : ev.clientY + 16;
    tip.style.left = `${x}px`;
    tip.style.top = `${y}px`;
  });
  svg.addEventListener('mouseleave', () => (tip.hidden = true));
}
