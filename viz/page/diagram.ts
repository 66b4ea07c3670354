/**
 * The space-time diagram and the client history under it, in one SVG on one x scale. Zoom and pan
 * move along time only (d3-zoom with `rescaleX`); every redraw draws the visible window, and
 * switches to densities when the window holds more marks than the budget.
 */
import { type ScaleLinear, type Selection, type ZoomBehavior, type ZoomTransform, axisTop, scaleLinear, select, zoom, zoomIdentity } from 'd3';
import { type AxisMode, lowerBound, upperBound } from '../layout/axis.js';
import type { ViewEvent } from '../layout/events.js';
import { axisPositions, type ViewModel } from '../layout/model.js';
import { type RowLayout, layoutRows } from '../layout/rows.js';
import { type WindowPlan, legibleBudget, planWindow } from '../layout/window.js';
import { chainPoints } from '../layout/linearization.js';
import { type LinearizationPoint, type WitnessView, linearizationPoints } from '../layout/witness.js';
import type { DrawContext } from './context.js';
import { px } from './context.js';
import { drawGlyphs } from './glyphs.js';
import { type Layer, drawArrows, drawBands, drawDensity, drawRoleLabels, drawRoles, drawStatuses } from './marks.js';
import { drawFaults } from './nemesis.js';
import { type WitnessRoles, drawLeases, drawLinearization, drawOps, witnessRoles } from './ops.js';
import { drawFrame, type Frame, makeFrame } from './frame.js';
import type { Store, ViewState } from './store.js';

const LEFT = 84;
const RIGHT = 18;
/** Linearization points of a counterexample's prefix kept when the history is aggregated. */
const PREFIX_WHEN_AGGREGATED = 3;

/** What a redraw found, for the header's notice. */
export interface RenderReport {
  readonly plan: WindowPlan;
  /** Events the window could draw one by one. */
  readonly budget: number;
  readonly opsDrawn: boolean;
}

/** Owns the SVG: layout, zoom, redraws by window, the cursor, and hit-testing clicks. */
export class Diagram {
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly frame: Frame;
  private readonly plot: Record<'bands' | 'statuses' | 'density' | 'roles' | 'arrows' | 'glyphs' | 'roleLabels' | 'nemesis' | 'leases' | 'ops' | 'lps' | 'cursor', Layer>;
  private readonly zoomer: ZoomBehavior<SVGSVGElement, unknown>;
  private readonly glyphAt: Int32Array;
  private readonly roles: WitnessRoles & { readonly witness: WitnessView | undefined };
  private readonly markerOf: (msg: string) => string;
  private pos: Float64Array;
  /** Linearization points for `pos` (recomputed when the axis mode changes it). */
  private points: { readonly pos: Float64Array; readonly chains: readonly (readonly LinearizationPoint[])[] } | undefined;
  private base: ScaleLinear<number, number> = scaleLinear();
  private x: ScaleLinear<number, number> = scaleLinear();
  private rows: RowLayout;
  private width = 0;
  onRender: (report: RenderReport) => void = () => undefined;

  constructor(
    private readonly model: ViewModel,
    private readonly store: Store,
    svgNode: SVGSVGElement,
  ) {
    this.svg = select(svgNode);
    this.pos = axisPositions(model, store.state.axis);
    this.rows = this.layoutRows(store.state);
    this.glyphAt = Int32Array.from(model.lifecycle.glyphs.map((g) => g.at));
    const witness = model.violations.find((v) => v.witness)?.witness;
    this.roles = { witness, ...witnessRoles(witness) };
    const kinds = [...model.kindColor.keys()];
    this.markerOf = (msg) => `ah-${Math.max(0, kinds.indexOf(msg))}`;
    this.frame = makeFrame(this.svg, model);
    const plot = this.frame.plot;
    const layer = (cls: string): Layer => plot.append('g').attr('class', cls) as unknown as Layer;
    this.plot = {
      bands: layer('bands'),
      statuses: layer('statuses'),
      roles: layer('roles'),
      density: layer('densities'),
      leases: layer('leases'),
      arrows: layer('arrows'),
      glyphs: layer('glyphs'),
      // Role names above arrows, drop crosses and glyphs: marks pass under them, never over.
      roleLabels: layer('role-labels'),
      nemesis: layer('nemesis'),
      ops: layer('ops'),
      lps: layer('lps'),
      cursor: layer('cursor-layer'),
    };
    this.zoomer = zoom<SVGSVGElement, unknown>()
      // Plain wheel scrolls the page; Ctrl/Alt/Shift+wheel (and trackpad pinch) zooms time.
      .filter((event: Event) => (event.type === 'wheel' ? (event as WheelEvent).ctrlKey || (event as WheelEvent).altKey || (event as WheelEvent).shiftKey || (event as WheelEvent).metaKey : !(event as MouseEvent).button))
      .on('zoom', (event: { transform: ZoomTransform; sourceEvent: unknown }) => {
        this.x = event.transform.rescaleX(this.base);
        if (event.sourceEvent) {
          const [d0, d1] = this.x.domain() as [number, number];
          const [f0, f1] = this.base.domain() as [number, number];
          this.store.update({ window: d0 <= f0 && d1 >= f1 ? undefined : [d0, d1] });
        } else {
          this.render();
        }
      });
    this.svg.call(this.zoomer).on('dblclick.zoom', null);
  }

  private layoutRows(state: ViewState): RowLayout {
    const leases = new Set(this.model.k8s?.leases.map((l) => l.lease) ?? []).size;
    const nemesisRows = this.model.faultLane.rows.reduce((n, r) => n + r.subs, 0);
    return layoutRows(this.model.lanes, { showClients: state.showClients, opRows: this.model.history.rows.length, leases, nemesisRows });
  }

  /** Recomputes sizes, rows and the axis (resize, axis mode, client lanes), then redraws. */
  relayout(): void {
    const state = this.store.state;
    this.pos = axisPositions(this.model, state.axis);
    this.rows = this.layoutRows(state);
    const node = this.svg.node() as SVGSVGElement;
    this.width = Math.max(480, (node.parentElement as HTMLElement).clientWidth);
    this.svg.attr('width', this.width).attr('height', this.rows.height).attr('viewBox', `0 0 ${this.width} ${this.rows.height}`);
    const n = this.model.events.length;
    this.base = scaleLinear()
      .domain([this.pos[0] ?? 0, Math.max((this.pos[0] ?? 0) + 1, this.pos[n] ?? 1)])
      .range([LEFT, this.width - RIGHT]);
    const extent: [[number, number], [number, number]] = [
      [LEFT, 0],
      [this.width - RIGHT, this.rows.height],
    ];
    this.zoomer.extent(extent).translateExtent(extent).scaleExtent([1, Math.max(2, n / 8)]);
    drawFrame(this.frame, this.model, this.rows, LEFT, this.width - RIGHT);
    this.applyWindow(state.window);
  }

  /** Sets the zoom to show `window` (the whole run when undefined) and redraws. */
  applyWindow(window: readonly [number, number] | undefined): void {
    const [f0, f1] = this.base.domain() as [number, number];
    const [d0, d1] = window ?? [f0, f1];
    const b0 = this.base(Math.max(f0, d0));
    const b1 = this.base(Math.min(f1, d1));
    const [r0, r1] = this.base.range() as [number, number];
    const k = b1 > b0 ? (r1 - r0) / (b1 - b0) : 1;
    const t = zoomIdentity.translate(r0 - k * b0, 0).scale(k);
    this.svg.call(this.zoomer.transform, t);
  }

  /** Zooms by `factor` around event index `at`. */
  zoomBy(factor: number, at: number): void {
    const cx = px(this.context(), at);
    this.svg.call(this.zoomer.scaleBy, factor, [Math.min(Math.max(cx, LEFT), this.width - RIGHT), 0]);
    const [d0, d1] = this.x.domain() as [number, number];
    const [f0, f1] = this.base.domain() as [number, number];
    this.store.update({ window: d0 <= f0 && d1 >= f1 ? undefined : [d0, d1] });
  }

  /** Pans so event `at` is in view, keeping the zoom. */
  reveal(at: number): void {
    const p = this.pos[at] ?? 0;
    const [d0, d1] = this.x.domain() as [number, number];
    if (p >= d0 && p <= d1) return;
    const half = (d1 - d0) / 2;
    this.store.update({ window: [p - half, p + half] });
  }

  /**
   * Zooms to show event indices `from`..`to` with a margin on each side, and when `label` is given,
   * room after event `label.at` for `label.width` pixels of text (a counterexample op's label must
   * not run off the right edge).
   */
  show(from: number, to: number, label?: { readonly at: number; readonly width: number }): void {
    const p0 = this.pos[from] ?? 0;
    const p1 = this.pos[to] ?? p0;
    const pad = Math.max((p1 - p0) * 0.15, this.store.state.axis === 'order' ? 20 : 2_000);
    let w0 = p0 - pad;
    let w1 = p1 + pad;
    if (label !== undefined) {
      const plot = this.width - RIGHT - LEFT;
      const at = this.pos[label.at] ?? p0;
      const room = plot - label.width - 12;
      // The label starts where its op does: keep that point far enough from the right edge,
      // widening the window to the right, or where the run ends there, narrowing it from the left.
      if (room > plot / 4 && ((at - w0) / (w1 - w0)) * plot > room) {
        const end = (this.base.domain() as [number, number])[1];
        const r = room / plot;
        w1 = w0 + ((at - w0) * plot) / room;
        if (w1 > end) {
          w1 = end;
          w0 = Math.max(w0, (at - r * end) / (1 - r));
        }
      }
    }
    this.store.update({ window: [w0, w1] });
  }

  /**
   * The current window in another axis mode: the same events in view (undefined: the whole run),
   * so switching between event order and virtual time keeps the zoom.
   */
  windowIn(mode: AxisMode): readonly [number, number] | undefined {
    const w = this.store.state.window;
    if (w === undefined || mode === this.store.state.axis) return w;
    const n = this.model.events.length;
    const here = this.pos.subarray(0, n + 1);
    const lo = Math.min(n, lowerBound(here, w[0]));
    const hi = Math.max(lo, Math.min(n, upperBound(here, w[1]) - 1));
    const there = axisPositions(this.model, mode);
    const q0 = there[lo] ?? 0;
    const q1 = there[hi] ?? q0;
    return q1 > q0 ? [q0, q1] : [q0 - 1, q1 + 1];
  }

  private context(): DrawContext {
    const [d0, d1] = this.x.domain() as [number, number];
    const plan = planWindow(this.pos, this.model.events.length, d0, d1, legibleBudget(this.width - RIGHT - LEFT));
    return { model: this.model, rows: this.rows, x: this.x, pos: this.pos, plan, left: LEFT, right: this.width - RIGHT };
  }

  /** Draws everything that depends on the x scale. */
  render(): void {
    const ctx = this.context();
    const m = this.model;
    const { plan } = ctx;
    this.frame.axis.call(
      axisTop(this.x)
        .ticks(Math.max(2, Math.floor((this.width - LEFT) / 110)))
        .tickFormat((v) => this.tickLabel(Number(v))),
    );
    drawBands(this.plot.bands, ctx, m.bands);
    drawStatuses(this.plot.statuses, ctx, m.lifecycle.segments);
    drawRoles(this.plot.roles, ctx, m.roles);
    drawRoleLabels(this.plot.roleLabels, ctx, m.roles);
    drawDensity(this.plot.density, ctx, plan.aggregate);
    drawArrows(this.plot.arrows, ctx, plan.aggregate ? [] : m.arrows.filter((a) => a.send < plan.hi && (a.end === -1 || a.end >= plan.lo)), this.markerOf);
    const lo = lowerBound(this.glyphAt, plan.lo);
    const hi = lowerBound(this.glyphAt, plan.hi);
    const glyphs = m.lifecycle.glyphs.slice(lo, hi);
    drawGlyphs(this.plot.glyphs, ctx, plan.aggregate ? glyphs.filter((g) => g.kind !== 'timer' && g.kind !== 'other') : glyphs);
    drawFaults(this.plot.nemesis, ctx, m.faultLane);
    drawLeases(this.plot.leases, ctx, m.k8s?.leases ?? []);
    const opsDrawn = drawOps(this.plot.ops, ctx, m.history.bars, this.roles);
    // Points only where their bars are drawn one by one; when the history is aggregated, only the
    // end of a counterexample's prefix, beside the ops that could not follow it.
    const points = this.linearizationPoints();
    drawLinearization(this.plot.lps, ctx, opsDrawn ? points : this.roles.witness ? points.map((c) => c.slice(-PREFIX_WHEN_AGGREGATED)) : [], m.bars);
    this.renderCursor();
    this.onRender({ plan, opsDrawn, budget: legibleBudget(this.width - RIGHT - LEFT) });
  }

  /** The counterexample's prefix, else the run's linearization, placed on the current axis. */
  private linearizationPoints(): readonly (readonly LinearizationPoint[])[] {
    if (this.points?.pos !== this.pos) {
      const pos = this.pos;
      const at = (i: number): number => pos[i] ?? 0;
      const witness = this.roles.witness;
      const chains = witness ? [linearizationPoints(witness.prefix, this.model.bars, at)] : chainPoints(this.model.linearization, this.model.bars, at);
      this.points = { pos, chains };
    }
    return this.points.chains;
  }

  private tickLabel(v: number): string {
    const t = this.store.state.axis === 'time' ? v : (this.model.times[Math.min(this.model.times.length - 1, Math.max(0, Math.round(v)))] ?? 0);
    const [d0, d1] = this.x.domain() as [number, number];
    const span = this.store.state.axis === 'time' ? d1 - d0 : (this.model.times[Math.min(this.model.times.length - 1, Math.round(d1))] ?? 0) - (this.model.times[Math.max(0, Math.round(d0))] ?? 0);
    const digits = span < 5_000 ? 3 : span < 50_000 ? 2 : span < 500_000 ? 1 : 0;
    return `${(t / 1000).toFixed(digits)}ms`;
  }

  /** Moves the cursor line and the highlights; cheap, runs on every step. */
  renderCursor(): void {
    const state = this.store.state;
    const ctx = this.context();
    const e = this.model.events[state.cursor] as ViewEvent | undefined;
    const x = e ? px(ctx, state.cursor) : -100;
    const laneId = e ? (e.node ?? undefined) : undefined;
    const y = laneId === undefined ? undefined : this.rows.laneY.get(laneId);
    this.plot.cursor
      .selectAll<SVGLineElement, number>('line.cursor')
      .data([x])
      .join('line')
      .attr('class', 'cursor')
      .attr('x1', x)
      .attr('x2', x)
      .attr('y1', this.rows.nemesisY)
      .attr('y2', this.rows.height);
    this.plot.cursor
      .selectAll<SVGCircleElement, number>('circle.cursor-mark')
      .data(y === undefined ? [] : [y])
      .join('circle')
      .attr('class', 'cursor-mark')
      .attr('cx', x)
      .attr('cy', (v) => v)
      .attr('r', 8);
    const sel = state.selection;
    this.plot.arrows.selectAll<SVGLineElement, unknown>('line.msg').classed('hl', function () {
      return sel?.kind === 'msg' && this.getAttribute('data-id') === String(sel.id);
    });
    this.plot.ops.selectAll<SVGRectElement, unknown>('rect.op').classed('sel', function () {
      return sel?.kind === 'op' && this.getAttribute('data-index') === String(sel.index);
    });
    this.frame.labels.selectAll<SVGTextElement, unknown>('text.lane-label').classed('sel', function () {
      return this.getAttribute('data-lane') === state.lane;
    });
    this.frame.lanes.selectAll<SVGRectElement, unknown>('rect.lane-bg').classed('sel', function () {
      return this.getAttribute('data-lane') === state.lane;
    });
  }

  /** The event nearest to a click: on the lane under it when one is close, else any. */
  eventAt(clientX: number, clientY: number): { index: number; lane: string | undefined } {
    const rect = (this.svg.node() as SVGSVGElement).getBoundingClientRect();
    const xPix = clientX - rect.left;
    const yPix = clientY - rect.top;
    const p = this.x.invert(xPix);
    const n = this.model.events.length;
    let i = Math.min(n - 1, Math.max(0, lowerBound(this.pos.subarray(0, n), p)));
    if (i > 0 && Math.abs((this.pos[i - 1] as number) - p) < Math.abs((this.pos[i] as number) - p)) i--;
    let lane: string | undefined;
    for (const [id, y] of this.rows.laneY) if (Math.abs(y - yPix) <= (this.rows.laneHeight.get(id) ?? 0) / 2) lane = id;
    if (lane !== undefined) {
      const li = this.model.laneIndex.get(lane) ?? -1;
      let best = -1;
      for (let d = 0; d < 4000 && best < 0; d++) {
        for (const j of [i - d, i + d]) if (j >= 0 && j < n && this.model.laneOfEvent[j] === li && Math.abs(this.x(this.pos[j] as number) - xPix) < 40) best = j;
      }
      if (best >= 0) i = best;
    }
    return { index: i, lane };
  }

  get svgElement(): SVGSVGElement {
    return this.svg.node() as SVGSVGElement;
  }
}
