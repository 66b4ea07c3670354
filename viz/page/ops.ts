/**
 * The client history under the lanes: op bars per process coloured by outcome, and the checker's
 * story on top of them (Porcupine's view): for a linearizable run the order it found, with each
 * operation's linearization point joined in order; for a violation the longest linearizable
 * prefix likewise, and the operations that could not go next in red, each labelled with the model
 * state it needed.
 */
import { OUTCOME_COLORS } from '../layout/colors.js';
import { brief, record } from '../layout/events.js';
import type { OpBar } from '../layout/history.js';
import type { LeaseSegment } from '../layout/k8s.js';
import { legibleOps } from '../layout/window.js';
import { windowRuns } from '../layout/linearization.js';
import type { LinearizationPoint, WitnessView } from '../layout/witness.js';
import { type DrawContext, clampX, px, r1 } from './context.js';
import { type Layer, fitText } from './marks.js';

/** How each op figures in the counterexample, by history index. */
export interface WitnessRoles {
  readonly role: ReadonlyMap<number, 'prefix' | 'cx' | 'cx-fit'>;
  readonly needs: ReadonlyMap<number, string>;
}

/** Indexes the counterexample by op, for styling bars and labels. */
export function witnessRoles(witness: WitnessView | undefined): WitnessRoles {
  const role = new Map<number, 'prefix' | 'cx' | 'cx-fit'>();
  const needs = new Map<number, string>();
  if (witness) {
    for (const op of witness.prefix) role.set(op.index, 'prefix');
    for (const c of witness.candidates) {
      role.set(c.index, c.fits ? 'cx-fit' : 'cx');
      if (c.needs !== undefined) needs.set(c.index, `${c.text ?? ''}${c.text ? ' — ' : ''}needs ${c.needs}`);
    }
  }
  return { role, needs };
}

function rowTop(ctx: DrawContext, bar: OpBar): number {
  return ctx.rows.historyY + bar.row * ctx.rows.opRowHeight;
}

/**
 * Draws the bars in the window; returns false when there were more than can be drawn legibly at
 * this width and rows show op density instead (the counterexample's ops are drawn either way).
 */
export function drawOps(layer: Layer, ctx: DrawContext, bars: readonly OpBar[], roles: WitnessRoles): boolean {
  const visible = bars.filter((b) => b.start < ctx.plan.hi && b.tail >= ctx.plan.lo);
  const aggregate = visible.length > legibleOps(ctx.right - ctx.left, ctx.model.history.rows.length);
  const drawn = aggregate ? visible.filter((b) => roles.role.has(b.index)) : visible;
  const h = ctx.rows.opRowHeight;
  layer
    .selectAll<SVGRectElement, OpBar>('rect.op')
    .data(drawn, (b) => String(b.index))
    .join('rect')
    .attr('class', (b) => `op ${b.outcome}${roles.role.has(b.index) ? ` ${roles.role.get(b.index) as string}` : ''}`)
    .attr('data-index', (b) => b.index)
    .attr('x', (b) => r1(clampX(ctx, px(ctx, b.start))))
    .attr('width', (b) => r1(Math.max(2, clampX(ctx, px(ctx, b.end)) - clampX(ctx, px(ctx, b.start)))))
    .attr('y', (b) => r1(rowTop(ctx, b) + 1))
    .attr('height', r1(Math.max(2, h - 2)))
    .attr('rx', Math.min(3, h / 4))
    .attr('fill', (b) => (roles.role.get(b.index) === 'cx' ? '#fca5a5' : OUTCOME_COLORS[b.outcome]));
  // Op text inside bars wide enough for it, as Jepsen's timeline does; skipped in crowded windows.
  const texts = h >= 11 && drawn.length <= 600 ? drawn.filter((b) => roles.role.get(b.index) !== 'cx') : [];
  layer
    .selectAll<SVGTextElement, OpBar>('text.op-label')
    .data(texts, (b) => String(b.index))
    .join('text')
    .attr('class', 'op-label')
    .attr('x', (b) => r1(Math.max(ctx.left, px(ctx, b.start)) + 3))
    .attr('y', (b) => r1(rowTop(ctx, b) + h / 2 + 3.5))
    .text((b) => fitText(opText(b), clampX(ctx, px(ctx, b.end)) - Math.max(ctx.left, px(ctx, b.start)) - 6));
  const tails = drawn.filter((b) => b.open && b.tail > b.end);
  layer
    .selectAll<SVGLineElement, OpBar>('line.op-tail')
    .data(tails, (b) => String(b.index))
    .join('line')
    .attr('class', 'op-tail')
    .attr('x1', (b) => r1(clampX(ctx, px(ctx, b.end))))
    .attr('x2', (b) => r1(clampX(ctx, px(ctx, b.tail))))
    .attr('y1', (b) => r1(rowTop(ctx, b) + h / 2))
    .attr('y2', (b) => r1(rowTop(ctx, b) + h / 2))
    .attr('stroke', OUTCOME_COLORS.info);
  const labelled = drawn.filter((b) => roles.needs.has(b.index) && roles.role.get(b.index) === 'cx');
  layer
    .selectAll<SVGTextElement, OpBar>('text.cx-label')
    .data(labelled, (b) => String(b.index))
    .join('text')
    .attr('class', 'cx-label')
    .attr('data-index', (b) => b.index)
    .attr('x', (b) => r1(Math.max(ctx.left, px(ctx, b.start)) + 3))
    .attr('y', (b) => r1(rowTop(ctx, b) + h / 2 + 3.5))
    .attr('paint-order', 'stroke')
    .attr('stroke', '#fff')
    .attr('stroke-width', 3)
    .text((b) => `✗ ${roles.needs.get(b.index) as string}`);
  drawOpDensity(layer, ctx, aggregate ? visible : []);
  return !aggregate;
}

function drawOpDensity(layer: Layer, ctx: DrawContext, bars: readonly OpBar[]): void {
  const buckets = Math.max(1, Math.floor((ctx.right - ctx.left) / 4));
  const counts = new Map<string, { row: number; b: number; n: number }>();
  const width = ctx.right - ctx.left;
  for (const bar of bars) {
    const x = clampX(ctx, px(ctx, bar.start));
    const b = Math.min(buckets - 1, Math.max(0, Math.floor(((x - ctx.left) / width) * buckets)));
    const k = `${bar.row}:${b}`;
    const c = counts.get(k) ?? { row: bar.row, b, n: 0 };
    c.n++;
    counts.set(k, c);
  }
  const cells = [...counts.values()];
  const max = cells.reduce((m, c) => Math.max(m, c.n), 1);
  const h = ctx.rows.opRowHeight;
  layer
    .selectAll<SVGRectElement, (typeof cells)[number]>('rect.op-density')
    .data(cells)
    .join('rect')
    .attr('class', 'op-density')
    .attr('x', (c) => r1(ctx.left + (c.b * width) / buckets))
    .attr('width', r1(Math.max(1, width / buckets - 0.5)))
    .attr('y', (c) => r1(ctx.rows.historyY + c.row * h + 1))
    .attr('height', r1(Math.max(2, h - 2)))
    .attr('fill', OUTCOME_COLORS.ok)
    .attr('opacity', (c) => 0.3 + 0.7 * (c.n / max));
}

/**
 * Linearization points, each chain's joined in order: the counterexample's prefix, or for a
 * linearizable run the order the checker found (a chain per partition). Numbered when there is
 * one chain and room for the numbers.
 */
export function drawLinearization(layer: Layer, ctx: DrawContext, chains: readonly (readonly LinearizationPoint[])[], bars: ReadonlyMap<number, OpBar>): void {
  const h = ctx.rows.opRowHeight;
  const at = (p: LinearizationPoint): { x: number; y: number } => {
    const bar = bars.get(p.index) as OpBar;
    return { x: r1(ctx.x(p.pos)), y: r1(rowTop(ctx, bar) + h / 2) };
  };
  const [p0, p1] = ctx.x.domain() as [number, number];
  const runs = chains.flatMap((c) => windowRuns(c, p0, p1)).filter((r) => r.length > 1);
  const visible = chains.flatMap((c) => c.filter((p) => p.pos >= p0 && p.pos <= p1));
  layer
    .selectAll<SVGPathElement, readonly LinearizationPoint[]>('path.lp-path')
    .data(runs)
    .join('path')
    .attr('class', 'lp-path')
    .attr('d', (ps) => ps.map((p, i) => `${i === 0 ? 'M' : 'L'}${at(p).x},${at(p).y}`).join(''));
  layer
    .selectAll<SVGCircleElement, LinearizationPoint>('circle.lp')
    .data(visible, (p) => String(p.index))
    .join('circle')
    .attr('class', 'lp')
    .attr('data-index', (p) => p.index)
    .attr('r', Math.max(2, Math.min(3.5, h / 3)))
    .attr('cx', (p) => at(p).x)
    .attr('cy', (p) => at(p).y);
  layer
    .selectAll<SVGTextElement, LinearizationPoint>('text.lp-label')
    .data(chains.length === 1 && visible.length <= 60 ? visible : [], (p) => String(p.index))
    .join('text')
    .attr('class', 'lp-label')
    .attr('x', (p) => at(p).x + 3)
    .attr('y', (p) => at(p).y - 3)
    .text((p) => String(p.order));
}

/** Kubernetes leases: who held each, when. */
export function drawLeases(layer: Layer, ctx: DrawContext, leases: readonly LeaseSegment[]): void {
  const names = [...new Set(leases.map((l) => l.lease))].sort();
  const visible = leases.filter((l) => l.start < ctx.plan.hi && l.end >= ctx.plan.lo);
  const g = layer
    .selectAll<SVGGElement, LeaseSegment>('g.lease')
    .data(visible, (l) => `${l.lease}:${l.start}`)
    .join((enter) => {
      const e = enter.append('g');
      e.append('rect');
      e.append('text');
      return e;
    })
    .attr('class', 'lease');
  const y = (l: LeaseSegment): number => ctx.rows.leaseY + names.indexOf(l.lease) * ctx.rows.leaseHeight;
  g.select('rect')
    .attr('x', (l) => r1(clampX(ctx, px(ctx, l.start))))
    .attr('width', (l) => r1(Math.max(1, clampX(ctx, px(ctx, l.end)) - clampX(ctx, px(ctx, l.start)) - 1)))
    .attr('y', (l) => y(l) + 1)
    .attr('height', ctx.rows.leaseHeight - 2)
    .attr('fill', '#ccfbf1')
    .attr('stroke', '#0f766e')
    .attr('stroke-width', 0.5);
  g.select('text')
    .attr('x', (l) => r1(Math.max(ctx.left, px(ctx, l.start)) + 3))
    .attr('y', (l) => y(l) + ctx.rows.leaseHeight - 4)
    .text((l) => `${l.lease}: ${l.holder}`);
}

/** Pixels a counterexample label takes (10px bold text, about 6.4px a character, and its margins). */
export function labelWidth(text: string): number {
  return Math.ceil(text.length * 6.4) + 8;
}

/** An op in a few characters: `read k1 → 4`, `cas k0 [2,1] ✗`, `create /a data=7 mode=ephemeral`. */
export function opText(b: OpBar): string {
  const read = b.f === 'read' || b.f === 'get' || b.f === 'exists' || b.f === 'children';
  const arg = read || b.value === null || b.value === undefined ? '' : ` ${argText(b.value)}`;
  const res = b.outcome === 'ok' ? (read || isError(b.result) ? ` → ${argText(b.result)}` : '') : b.outcome === 'fail' ? ' ✗' : ' ?';
  return `${b.f}${b.key === undefined ? '' : ` ${b.key}`}${arg}${res}`;
}

/** Fields an op's record repeats from the op itself (store requests carry their own f and path). */
const REPEATED: ReadonlySet<string> = new Set(['f', 'path', 'key', 'session']);

function argText(value: unknown): string {
  const r = record(value);
  if (!r) return brief(value, 24);
  const parts = Object.entries(r)
    .filter(([k]) => !REPEATED.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : brief(v, 16)}`);
  return parts.join(' ');
}

function isError(value: unknown): boolean {
  return record(value)?.['error'] !== undefined;
}
