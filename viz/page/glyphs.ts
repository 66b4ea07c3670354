/**
 * Point events as glyphs: crashes, restarts, pauses, resumes, clock and disk faults, timers and
 * k8s events on their lanes (after Stateright's Crash/Recover/Timeout labels), and the faults that
 * belong to no node as flags on the nemesis row, labelled where there is room.
 */
import { COLORS } from '../layout/colors.js';
import type { ViewEvent } from '../layout/events.js';
import type { Glyph, GlyphKind } from '../layout/lifecycle.js';
import { type DrawContext, px, r1 } from './context.js';
import { type Layer, NEMESIS_TEXT_Y } from './marks.js';

const SVG = 'http://www.w3.org/2000/svg';

const GLYPH_PATHS: Readonly<Record<GlyphKind, string>> = {
  crash: 'M-6,-6L6,6M-6,6L6,-6',
  restart: 'M0,-7L6,4L-6,4Z',
  pause: 'M-4,-6V6M4,-6V6',
  resume: 'M-4,-6L6,0L-4,6Z',
  clock: 'M0,-5A5,5 0 1,1 -0.01,-5ZM0,-3V0H3',
  disk: 'M-4,-4H4V4H-4Z',
  timer: '',
  fault: 'M0,-5L5,0L0,5L-5,0Z',
  k8s: 'M-4,-4H4V4H-4Z',
  other: '',
};

const GLYPH_STYLE: Readonly<Record<GlyphKind, { readonly stroke: string; readonly fill: string; readonly width: number }>> = {
  crash: { stroke: COLORS.down, fill: 'none', width: 3 },
  restart: { stroke: 'none', fill: COLORS.restart, width: 0 },
  pause: { stroke: COLORS.paused, fill: 'none', width: 3 },
  resume: { stroke: 'none', fill: COLORS.restart, width: 0 },
  clock: { stroke: '#7b4fc9', fill: '#fff', width: 1.5 },
  disk: { stroke: '#9c755f', fill: '#f3e3d3', width: 1.5 },
  timer: { stroke: 'none', fill: '#9ca3af', width: 0 },
  fault: { stroke: COLORS.delayed, fill: '#fff', width: 1.5 },
  k8s: { stroke: '#0f766e', fill: '#99f6e4', width: 1 },
  other: { stroke: 'none', fill: '#4b5563', width: 0 },
};

/** Glyphs for the point events in the window. */
export function drawGlyphs(layer: Layer, ctx: DrawContext, glyphs: readonly Glyph[]): void {
  const drawn = glyphs.filter((g) => ctx.rows.laneY.has(g.lane));
  const sel = layer
    .selectAll<SVGGElement, Glyph>('g.glyph')
    .data(drawn, (g) => String(g.at))
    .join((enter) => {
      const e = enter.append('g');
      e.each(function (g) {
        const node = this as SVGGElement;
        const d = GLYPH_PATHS[g.kind];
        const style = GLYPH_STYLE[g.kind];
        const shape = document.createElementNS(SVG, d ? 'path' : 'circle');
        if (d) shape.setAttribute('d', d);
        else shape.setAttribute('r', g.kind === 'timer' ? '1.8' : '2.6');
        shape.setAttribute('fill', style.fill);
        shape.setAttribute('stroke', style.stroke);
        shape.setAttribute('stroke-width', String(style.width));
        // A wide transparent target: small glyphs are hard to click.
        const hit = document.createElementNS(SVG, 'circle');
        hit.setAttribute('r', '7');
        hit.setAttribute('fill', 'transparent');
        node.append(hit, shape);
      });
      return e;
    })
    .attr('class', (g) => `glyph ${g.kind}`)
    .attr('data-at', (g) => g.at)
    .attr('transform', (g) => `translate(${r1(px(ctx, g.at))},${ctx.rows.laneY.get(g.lane) as number})`);
  sel.order();
}

/** Faults on no lane (partitions, heals, network settings, rules, quiesce) as flags on the nemesis row. */
export function drawNemesis(layer: Layer, ctx: DrawContext, marks: readonly number[]): void {
  const events = ctx.model.events;
  const y = ctx.rows.nemesisY;
  layer
    .selectAll<SVGPathElement, number>('path.nemesis-mark')
    .data(marks, (i) => String(i))
    .join('path')
    .attr('class', (i) => `nemesis-mark${(events[i] as ViewEvent).kind === 'net.heal' ? ' heal' : ''}`)
    .attr('data-at', (i) => i)
    .attr('d', (i) => {
      const x = r1(px(ctx, i));
      return `M${x - 4},${y + 3}H${x + 4}L${x},${y + 10}Z`;
    });
  // Labels where the next flag leaves room for them; partitions are labelled by their band.
  const labelled = marks.filter((i, k) => {
    const next = marks[k + 1];
    const kind = (events[i] as ViewEvent).kind;
    const room = next === undefined ? ctx.right - px(ctx, i) : px(ctx, next) - px(ctx, i);
    return kind !== 'net.partition' && kind !== 'net.cut' && room > nemesisLabel(events[i] as ViewEvent).length * 6 + 12;
  });
  layer
    .selectAll<SVGTextElement, number>('text.nemesis-label')
    .data(labelled, (i) => String(i))
    .join('text')
    .attr('class', 'nemesis-label')
    .attr('x', (i) => r1(px(ctx, i) + 6))
    .attr('y', y + NEMESIS_TEXT_Y)
    .text((i) => nemesisLabel(events[i] as ViewEvent));
}

function nemesisLabel(e: ViewEvent): string {
  switch (e.kind) {
    case 'net.heal':
      return 'heal';
    case 'net.configure': {
      const set = Object.entries(e).filter(([k, v]) => k !== 'seq' && k !== 't' && typeof v === 'number' && v !== 0);
      return set.length === 0 ? 'network reset' : set.map(([k, v]) => `${k} ${String(v)}`).join(', ');
    }
    default:
      return e.kind.slice(e.kind.indexOf('.') + 1);
  }
}

