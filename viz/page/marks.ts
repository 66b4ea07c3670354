/**
 * The space-time diagram's marks on the node lanes: partition bands, down and paused stretches,
 * role/term strips, message arrows with drop crosses, and event densities when the window is
 * aggregated (glyphs.ts draws the point events). Each function joins its data into its own layer, so a redraw replaces only what
 * changed and a mark's class says what it is (the browser tests count them by class).
 */
import { type Selection, select } from 'd3';
import { BAND_TINTS, ROLE_COLORS } from '../layout/colors.js';
import type { StatusSegment } from '../layout/lifecycle.js';
import type { Arrow } from '../layout/messages.js';
import type { Band } from '../layout/partitions.js';
import { type RoleSegment, roleRank } from '../layout/roles.js';
import { densities } from '../layout/window.js';
import { type DrawContext, clampX, px, r1 } from './context.js';

/** A `<g>` that one kind of mark is joined into. */
export type Layer = Selection<SVGGElement, unknown, null, undefined>;

/** Lane centre and half height, or undefined when the lane is hidden. */
function laneBox(ctx: DrawContext, lane: string): { y: number; h: number } | undefined {
  const y = ctx.rows.laneY.get(lane);
  const h = ctx.rows.laneHeight.get(lane);
  return y === undefined || h === undefined ? undefined : { y, h };
}

/** Partition bands: one tint per side, on exactly the lanes of that side. */
export function drawBands(layer: Layer, ctx: DrawContext, bands: readonly Band[]): void {
  const visible = bands.filter((b) => b.start < ctx.plan.hi && b.end >= ctx.plan.lo);
  const g = layer
    .selectAll<SVGGElement, Band>('g.band')
    .data(visible, (b) => String(b.start))
    .join('g')
    .attr('class', 'band')
    .attr('data-label', (b) => b.label);
  g.each(function (band) {
    const x0 = clampX(ctx, px(ctx, band.start));
    const x1 = clampX(ctx, px(ctx, band.end));
    const cells: { lane: string; tint: string; y: number; h: number }[] = [];
    band.groups.forEach((group, gi) => {
      for (const lane of group) {
        const box = laneBox(ctx, lane);
        if (box) cells.push({ lane, tint: BAND_TINTS[gi % BAND_TINTS.length] as string, y: box.y - box.h / 2, h: box.h });
      }
    });
    const sel = select<SVGGElement, Band>(this);
    sel
      .selectAll<SVGRectElement, (typeof cells)[number]>('rect')
      .data(cells)
      .join('rect')
      .attr('x', r1(x0))
      .attr('width', r1(Math.max(1, x1 - x0)))
      .attr('y', (c) => c.y)
      .attr('height', (c) => c.h)
      .attr('fill', (c) => c.tint);
    sel
      .selectAll<SVGLineElement, (typeof cells)[number]>('line.band-edge')
      .data(cells)
      .join('line')
      .attr('class', 'band-edge')
      .attr('x1', r1(x0))
      .attr('x2', r1(x0))
      .attr('y1', (c) => c.y + 2)
      .attr('y2', (c) => c.y + c.h - 2)
      .attr('stroke', (c) => c.tint);
  });
}

/** Down (hatched) and paused (amber) stretches of lanes. */
export function drawStatuses(layer: Layer, ctx: DrawContext, segments: readonly StatusSegment[]): void {
  const visible = segments.filter((s) => s.start < ctx.plan.hi && s.end >= ctx.plan.lo && ctx.rows.laneY.has(s.lane));
  layer
    .selectAll<SVGRectElement, StatusSegment>('rect.status')
    .data(visible, (s) => `${s.lane}:${s.start}`)
    .join('rect')
    .attr('class', (s) => `status ${s.status}`)
    .attr('data-lane', (s) => s.lane)
    .attr('x', (s) => r1(clampX(ctx, px(ctx, s.start))))
    .attr('width', (s) => r1(Math.max(1, clampX(ctx, px(ctx, s.end)) - clampX(ctx, px(ctx, s.start)))))
    .attr('y', (s) => (laneBox(ctx, s.lane) as { y: number; h: number }).y - 9)
    .attr('height', 18);
}

function roleGeometry(ctx: DrawContext, s: RoleSegment): { x0: number; x1: number; y: number } {
  const box = laneBox(ctx, s.lane) as { y: number; h: number };
  return { x0: clampX(ctx, px(ctx, s.start)), x1: clampX(ctx, px(ctx, s.end)), y: box.y - box.h / 2 + 3 };
}

function visibleRoles(ctx: DrawContext, roles: readonly RoleSegment[]): RoleSegment[] {
  return roles.filter((s) => s.start < ctx.plan.hi && s.end >= ctx.plan.lo && ctx.rows.laneY.has(s.lane));
}

/** The role/era strip at the top of each replica lane (its text is `drawRoleLabels`'). */
export function drawRoles(layer: Layer, ctx: DrawContext, roles: readonly RoleSegment[]): void {
  layer
    .selectAll<SVGGElement, RoleSegment>('g.role')
    .data(visibleRoles(ctx, roles), (s) => `${s.lane}:${s.start}`)
    .join((enter) => {
      const e = enter.append('g');
      e.append('rect');
      return e;
    })
    .attr('class', (s) => `role ${roleRank(s.role)}`)
    .attr('data-lane', (s) => s.lane)
    .select('rect')
    .attr('x', (s) => r1(roleGeometry(ctx, s).x0))
    .attr('width', (s) => r1(Math.max(1, roleGeometry(ctx, s).x1 - roleGeometry(ctx, s).x0 - 1)))
    .attr('y', (s) => roleGeometry(ctx, s).y)
    .attr('height', 11)
    .attr('rx', 2)
    .attr('fill', (s) => ROLE_COLORS[roleRank(s.role)]);
}

/** The strips' text, in a layer above the messages and glyphs so that no mark covers it. */
export function drawRoleLabels(layer: Layer, ctx: DrawContext, roles: readonly RoleSegment[]): void {
  const labelled = visibleRoles(ctx, roles)
    .map((s) => ({ s, text: roleLabel(s, roleGeometry(ctx, s).x1 - Math.max(roleGeometry(ctx, s).x0, ctx.left)) }))
    .filter((l) => l.text !== '');
  layer
    .selectAll<SVGTextElement, { s: RoleSegment; text: string }>('text.role-label')
    .data(labelled, (l) => `${l.s.lane}:${l.s.start}`)
    .join('text')
    .attr('class', (l) => `role-label ${roleRank(l.s.role)}`)
    .attr('x', (l) => r1(Math.max(roleGeometry(ctx, l.s).x0, ctx.left) + 3))
    .attr('y', (l) => roleGeometry(ctx, l.s).y + 9)
    .attr('stroke', (l) => ROLE_COLORS[roleRank(l.s.role)])
    .text((l) => l.text);
}

/** The strip's text, as long as the segment has room for. */
function roleLabel(s: RoleSegment, width: number): string {
  const era = s.era === undefined ? '' : `${(s.eraField ?? 'era').slice(0, 1).toUpperCase()}${s.era}`;
  const long = `${s.role ?? 'state'}${s.phase === undefined ? '' : ` (${s.phase})`}${era ? ` · ${s.eraField} ${s.era}` : ''}`;
  if (width > long.length * 6 + 6) return long;
  if (width > era.length * 6 + 6) return era;
  return '';
}

/** Arrow end points: delivered ones reach the receiver; dropped ones stop short at a cross. */
export function arrowGeometry(ctx: DrawContext, a: Arrow): { x1: number; y1: number; x2: number; y2: number } | undefined {
  const y1 = ctx.rows.laneY.get(a.from);
  const yTo = ctx.rows.laneY.get(a.to);
  if (y1 === undefined || yTo === undefined) return undefined;
  const x1 = px(ctx, a.send);
  if (a.status === 'in-flight') {
    const xe = px(ctx, ctx.pos.length - 1);
    return { x1, y1, x2: xe, y2: y1 + (yTo - y1) * 0.5 };
  }
  const xe = px(ctx, a.end);
  if (a.status === 'dropped') {
    // The cross sits just short of the receiver's lane line, whose message was lost being the
    // question: from above, below the role strip at the top of the lane, never on its text.
    const short = yTo > y1 ? 5 : 12;
    const f = Math.max(0.5, 1 - short / Math.max(1, Math.abs(yTo - y1)));
    return { x1, y1, x2: Math.max(x1 + 12, x1 + (xe - x1) * f), y2: y1 + (yTo - y1) * f };
  }
  return { x1, y1, x2: xe, y2: yTo };
}

/** Message arrows in the window, with a cross at each drop. */
export function drawArrows(layer: Layer, ctx: DrawContext, arrows: readonly Arrow[], markerOf: (msg: string) => string): void {
  const drawn = arrows.flatMap((a) => {
    const g = arrowGeometry(ctx, a);
    return g ? [{ a, ...g }] : [];
  });
  layer
    .selectAll<SVGLineElement, (typeof drawn)[number]>('line.msg')
    .data(drawn, (d) => `${d.a.id}:${d.a.end}`)
    .join('line')
    .attr('class', (d) => `msg ${d.a.status}${d.a.delayed ? ' delayed' : ''}`)
    .attr('data-id', (d) => d.a.id)
    .attr('x1', (d) => r1(d.x1))
    .attr('y1', (d) => d.y1)
    .attr('x2', (d) => r1(d.x2))
    .attr('y2', (d) => r1(d.y2))
    .attr('stroke', (d) => ctx.model.kindColor.get(d.a.msg) ?? '#888')
    .attr('marker-end', (d) => (d.a.status === 'dropped' ? null : `url(#${markerOf(d.a.msg)})`));
  const drops = drawn.filter((d) => d.a.status === 'dropped');
  layer
    .selectAll<SVGPathElement, (typeof drops)[number]>('path.drop-x')
    .data(drops, (d) => `${d.a.id}:${d.a.end}`)
    .join('path')
    .attr('class', 'drop-x')
    .attr('d', (d) => {
      const x = r1(d.x2);
      const y = r1(d.y2);
      return `M${x - 4},${y - 4}L${x + 4},${y + 4}M${x - 4},${y + 4}L${x + 4},${y - 4}`;
    });
}

/** Per-lane event counts in buckets, drawn as bars whose height grows with the log of the count. */
export function drawDensity(layer: Layer, ctx: DrawContext, show: boolean): void {
  const buckets = Math.max(1, Math.floor((ctx.right - ctx.left) / 4));
  const cells: { lane: string; b: number; n: number }[] = [];
  if (show) {
    const [p0, p1] = ctx.x.domain() as [number, number];
    const counts = densities(ctx.model.laneOfEvent, ctx.model.lanes.length, ctx.pos, ctx.plan, p0, p1, buckets);
    for (const lane of ctx.model.lanes) {
      if (!ctx.rows.laneY.has(lane.id)) continue;
      for (let b = 0; b < buckets; b++) {
        const n = counts[lane.index * buckets + b] as number;
        if (n > 0) cells.push({ lane: lane.id, b, n });
      }
    }
  }
  const max = cells.reduce((m, c) => Math.max(m, c.n), 1);
  const width = (ctx.right - ctx.left) / buckets;
  // Bars grow up from the lane's bottom, under the role strip (tall lanes) so its text stays legible.
  const area = (lane: string): { bottom: number; height: number } => {
    const box = laneBox(ctx, lane) as { y: number; h: number };
    const top = box.y - box.h / 2 + (box.h >= 40 ? 16 : 2);
    const bottom = box.y + box.h / 2 - 3;
    return { bottom, height: bottom - top };
  };
  const share = (c: { n: number }): number => Math.log1p(c.n) / Math.log1p(max);
  layer
    .selectAll<SVGRectElement, (typeof cells)[number]>('rect.density')
    .data(cells)
    .join('rect')
    .attr('class', 'density')
    .attr('x', (c) => r1(ctx.left + c.b * width))
    .attr('width', r1(Math.max(1, width - 0.5)))
    .attr('y', (c) => r1(area(c.lane).bottom - Math.max(1, share(c) * area(c.lane).height)))
    .attr('height', (c) => r1(Math.max(1, share(c) * area(c.lane).height)))
    .attr('opacity', (c) => 0.35 + 0.65 * share(c))
    .attr('data-count', (c) => c.n);
}

/** Text cut to fit `width` pixels at the diagram's small font (about 6 px a character). */
export function fitText(text: string, width: number): string {
  const max = Math.floor(width / 6);
  if (text.length <= max) return text;
  return max < 4 ? '' : `${text.slice(0, max - 1)}…`;
}
