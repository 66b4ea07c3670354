/**
 * The nemesis lane above the node lanes, as Jepsen's timeline draws its nemesis: a row per kind of
 * fault, each fault a bar from when it began to when it was undone (a diamond when it has no
 * duration), labelled with what it was; a dashed line where the faults ended, and the bars that end
 * there (undone at the end rather than by themselves) drawn with a dashed edge.
 */
import { COLORS } from '../layout/colors.js';
import type { FaultLane, FaultRow, FaultSpan } from '../layout/faults.js';
import { type DrawContext, clampX, px, r1 } from './context.js';
import { type Layer, fitText } from './marks.js';

/** A colour per kind of fault, shared with the legend and the fault list. */
export const FAULT_COLORS: Readonly<Record<FaultRow, string>> = {
  partition: '#f97316',
  crash: COLORS.down,
  pause: COLORS.paused,
  clock: '#7b4fc9',
  disk: '#9c755f',
  network: '#0e7490',
  messages: '#e8890c',
  timer: '#6b7280',
};

/** First drawn row (over all kinds) of each kind's sub-rows. */
export function rowOffsets(lane: FaultLane): ReadonlyMap<FaultRow, number> {
  const out = new Map<FaultRow, number>();
  let k = 0;
  for (const r of lane.rows) {
    out.set(r.row, k);
    k += r.subs;
  }
  return out;
}

/** The rows of the nemesis lane, in pixels: top of each span's row. */
function rowTop(ctx: DrawContext, offsets: ReadonlyMap<FaultRow, number>, s: FaultSpan): number {
  return ctx.rows.faultRowsY + ((offsets.get(s.row) ?? 0) + s.sub) * ctx.rows.faultRowHeight;
}

/** Draws the faults in the window, their labels where there is room, and the end of the faults. */
export function drawFaults(layer: Layer, ctx: DrawContext, lane: FaultLane): void {
  const offsets = rowOffsets(lane);
  const h = ctx.rows.faultRowHeight;
  const visible = lane.spans.filter((s) => s.start < ctx.plan.hi && s.end >= ctx.plan.lo);
  const bars = visible.filter((s) => !s.point);
  const points = visible.filter((s) => s.point);
  layer
    .selectAll<SVGRectElement, FaultSpan>('rect.fault-span')
    .data(bars, (s) => `${s.row}:${s.start}:${s.sub}`)
    .join('rect')
    .attr('class', (s) => `fault-span ${s.row}${s.undoneAtEnd ? ' undone' : ''}`)
    .attr('data-at', (s) => s.start)
    .attr('data-end', (s) => s.end)
    .attr('x', (s) => r1(clampX(ctx, px(ctx, s.start))))
    .attr('width', (s) => r1(Math.max(2, clampX(ctx, px(ctx, s.end)) - clampX(ctx, px(ctx, s.start)))))
    .attr('y', (s) => rowTop(ctx, offsets, s) + 2)
    .attr('height', h - 4)
    .attr('rx', 2)
    .attr('fill', (s) => FAULT_COLORS[s.row])
    .attr('stroke', (s) => FAULT_COLORS[s.row]);
  layer
    .selectAll<SVGPathElement, FaultSpan>('path.fault-point')
    .data(points, (s) => `${s.row}:${s.start}:${s.sub}`)
    .join('path')
    .attr('class', (s) => `fault-point ${s.row}`)
    .attr('data-at', (s) => s.start)
    .attr('fill', (s) => FAULT_COLORS[s.row])
    .attr('d', (s) => {
      const x = r1(px(ctx, s.start));
      const y = rowTop(ctx, offsets, s) + h / 2;
      return `M${x},${y - 5}L${x + 4},${y}L${x},${y + 5}L${x - 4},${y}Z`;
    });
  // A label runs from its fault's start to the next fault's start in the same row (or the plot's edge).
  const next = new Map<FaultSpan, number>();
  const byRow = new Map<string, FaultSpan[]>();
  for (const s of visible) {
    const key = `${s.row}:${s.sub}`;
    const list = byRow.get(key) ?? [];
    list.push(s);
    byRow.set(key, list);
  }
  for (const list of byRow.values()) list.forEach((s, k) => next.set(s, list[k + 1] === undefined ? ctx.right : px(ctx, (list[k + 1] as FaultSpan).start)));
  const labelX = (s: FaultSpan): number => Math.max(ctx.left, px(ctx, s.start)) + (s.point ? 7 : 4);
  const labels = visible.map((s) => ({ s, text: fitText(s.label, Math.min(ctx.right, next.get(s) ?? ctx.right) - labelX(s) - 4) })).filter((l) => l.text !== '');
  layer
    .selectAll<SVGTextElement, { s: FaultSpan; text: string }>('text.fault-label')
    .data(labels, (l) => `${l.s.row}:${l.s.start}:${l.s.sub}`)
    .join('text')
    .attr('class', (l) => `fault-label ${l.s.row}`)
    .attr('x', (l) => r1(labelX(l.s)))
    .attr('y', (l) => rowTop(ctx, offsets, l.s) + h - 4)
    .text((l) => l.text);
  const end = lane.quiesce;
  const bottom = ctx.rows.faultRowsY + lane.rows.reduce((n, r) => n + r.subs, 0) * h;
  const ends = end !== undefined && end >= ctx.plan.lo && end < ctx.plan.hi ? [end] : [];
  layer
    .selectAll<SVGLineElement, number>('line.faults-end')
    .data(ends)
    .join('line')
    .attr('class', 'faults-end')
    .attr('data-at', (i) => i)
    .attr('x1', (i) => r1(px(ctx, i)))
    .attr('x2', (i) => r1(px(ctx, i)))
    .attr('y1', ctx.rows.nemesisY + 4)
    .attr('y2', Math.max(bottom, ctx.rows.nemesisY + 20));
  layer
    .selectAll<SVGTextElement, number>('text.faults-end-label')
    .data(ends.filter((i) => ctx.right - px(ctx, i) > 80))
    .join('text')
    .attr('class', 'faults-end-label')
    .attr('x', (i) => r1(px(ctx, i) + 4))
    .attr('y', ctx.rows.nemesisY + 13)
    .text('faults end: standing ones undone');
}
