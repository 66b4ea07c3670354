/**
 * The diagram's fixed parts: arrowheads and patterns, the clipped plot area, lane backgrounds and
 * lines, section titles, and the labels in the left gutter. Redrawn on layout changes only.
 */
import type { Selection } from 'd3';
import type { ViewModel } from '../layout/model.js';
import { AXIS_HEIGHT, type RowLayout } from '../layout/rows.js';
import type { Layer } from './marks.js';
import { rowOffsets } from './nemesis.js';

/** The SVG's fixed groups. */
export interface Frame {
  readonly axis: Selection<SVGGElement, unknown, null, undefined>;
  readonly lanes: Layer;
  readonly plot: Layer;
  readonly labels: Layer;
  readonly clip: Selection<SVGRectElement, unknown, null, undefined>;
}

/** Creates the defs (arrowheads per message kind, the down-hatch, the plot clip) and the groups. */
export function makeFrame(svg: Selection<SVGSVGElement, unknown, null, undefined>, model: ViewModel): Frame {
  const defs = svg.append('defs');
  [...model.kindColor.values()].forEach((color, i) => {
    defs
      .append('marker')
      .attr('id', `ah-${i}`)
      .attr('viewBox', '0 0 10 10')
      .attr('refX', 9)
      .attr('refY', 5)
      .attr('markerWidth', 7)
      .attr('markerHeight', 7)
      .attr('orient', 'auto-start-reverse')
      .append('path')
      .attr('d', 'M0,1L10,5L0,9Z')
      .attr('fill', color);
  });
  const hatch = defs.append('pattern').attr('id', 'hatch-down').attr('width', 6).attr('height', 6).attr('patternUnits', 'userSpaceOnUse').attr('patternTransform', 'rotate(45)');
  hatch.append('rect').attr('width', 6).attr('height', 6).attr('fill', '#fee2e2');
  hatch.append('line').attr('x1', 0).attr('y1', 0).attr('x2', 0).attr('y2', 6).attr('stroke', '#f87171').attr('stroke-width', 2);
  const clip = defs.append('clipPath').attr('id', 'plot-clip').append('rect');
  const lanes = svg.append('g').attr('class', 'lanes') as unknown as Layer;
  const axis = svg.append('g').attr('class', 'axis').attr('transform', `translate(0,${AXIS_HEIGHT - 4})`);
  const plot = svg.append('g').attr('class', 'plot').attr('clip-path', 'url(#plot-clip)') as unknown as Layer;
  const labels = svg.append('g').attr('class', 'labels') as unknown as Layer;
  return { axis, lanes, plot, labels, clip };
}

interface LaneRow {
  readonly id: string;
  readonly y: number;
  readonly h: number;
}

/** Draws lane backgrounds, lines and labels for the current rows and width. */
export function drawFrame(frame: Frame, model: ViewModel, rows: RowLayout, left: number, right: number): void {
  frame.clip.attr('x', left).attr('y', 0).attr('width', Math.max(0, right - left)).attr('height', rows.height);
  const lanes: LaneRow[] = [...rows.laneY].map(([id, y]) => ({ id, y, h: rows.laneHeight.get(id) ?? 0 }));
  frame.lanes
    .selectAll<SVGRectElement, LaneRow>('rect.lane-bg')
    .data(lanes, (l) => l.id)
    .join('rect')
    .attr('class', 'lane-bg')
    .attr('data-lane', (l) => l.id)
    .attr('x', 0)
    .attr('width', right)
    .attr('y', (l) => l.y - l.h / 2)
    .attr('height', (l) => l.h)
    .attr('fill', 'transparent');
  frame.lanes
    .selectAll<SVGLineElement, LaneRow>('line.lane-line')
    .data(lanes, (l) => l.id)
    .join('line')
    .attr('class', 'lane-line')
    .attr('x1', left)
    .attr('x2', right)
    .attr('y1', (l) => l.y)
    .attr('y2', (l) => l.y);
  const opRows = model.history.rows;
  const rowBands = opRows.length <= 400 ? opRows.map((p, i) => ({ p, i })).filter((r) => r.i % 2 === 1) : [];
  frame.lanes
    .selectAll<SVGRectElement, { p: readonly (number | string)[]; i: number }>('rect.proc-bg')
    .data(rowBands)
    .join('rect')
    .attr('class', 'proc-bg')
    .attr('x', left)
    .attr('width', Math.max(0, right - left))
    .attr('y', (r) => rows.historyY + r.i * rows.opRowHeight)
    .attr('height', rows.opRowHeight)
    .attr('fill', '#f7f8fa');
  frame.labels
    .selectAll<SVGTextElement, { title: string; y: number }>('text.section')
    .data([{ title: 'nemesis', y: rows.nemesisY + 14 }, ...rows.sections])
    .join('text')
    .attr('class', 'section')
    .attr('x', 8)
    .attr('y', (s) => s.y)
    .text((s) => s.title);
  const offsets = rowOffsets(model.faultLane);
  frame.labels
    .selectAll<SVGTextElement, { row: string; k: number }>('text.fault-row-label')
    .data(model.faultLane.rows.map((r) => ({ row: r.row, k: offsets.get(r.row) ?? 0 })))
    .join('text')
    .attr('class', 'fault-row-label')
    .attr('x', 14)
    .attr('y', (r) => rows.faultRowsY + r.k * rows.faultRowHeight + rows.faultRowHeight - 4)
    .text((r) => r.row);
  frame.labels
    .selectAll<SVGTextElement, LaneRow>('text.lane-label')
    .data(lanes, (l) => l.id)
    .join('text')
    .attr('class', 'lane-label')
    .attr('data-lane', (l) => l.id)
    .attr('x', 14)
    .attr('y', (l) => l.y + 4)
    .attr('font-size', (l) => (l.h < 16 ? 9 : 12))
    .text((l) => clip(l.id, 11));
  const every = Math.max(1, Math.ceil(10 / Math.max(1, rows.opRowHeight)));
  frame.labels
    .selectAll<SVGTextElement, { p: readonly (number | string)[]; i: number }>('text.proc-label')
    .data(opRows.map((p, i) => ({ p, i })).filter((r) => r.i % every === 0))
    .join('text')
    .attr('class', 'proc-label')
    .attr('x', 14)
    .attr('y', (r) => rows.historyY + r.i * rows.opRowHeight + Math.min(rows.opRowHeight, 12) - 2)
    .attr('font-size', Math.min(10, Math.max(8, rows.opRowHeight - 2)))
    .attr('fill', '#6b7280')
    .text((r) => model.history.rowNames[r.i] ?? '');
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
