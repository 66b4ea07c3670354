/**
 * Point events as glyphs: crashes, restarts, pauses, resumes, clock and disk faults, timers and
 * k8s events on their lanes (after Stateright's Crash/Recover/Timeout labels). Every fault is also on
 * the nemesis lane (nemesis.ts).
 */
import { COLORS } from '../layout/colors.js';
import type { Glyph, GlyphKind } from '../layout/lifecycle.js';
import { type DrawContext, px, r1 } from './context.js';
import type { Layer } from './marks.js';

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
