/** What every drawing function of the diagram gets: the model, the rows, and the current x. */
import type { ScaleLinear } from 'd3';
import type { ViewModel } from '../layout/model.js';
import type { RowLayout } from '../layout/rows.js';
import type { WindowPlan } from '../layout/window.js';

/** The shared inputs of a redraw. */
export interface DrawContext {
  readonly model: ViewModel;
  readonly rows: RowLayout;
  /** Axis position to pixels, for the current zoom. */
  readonly x: ScaleLinear<number, number>;
  /** Axis position of each event index (one extra for the end of the run). */
  readonly pos: Float64Array;
  readonly plan: WindowPlan;
  /** Left and right pixel edges of the plot. */
  readonly left: number;
  readonly right: number;
}

/** Pixel x of an event index. */
export function px(ctx: DrawContext, index: number): number {
  return ctx.x(ctx.pos[index] ?? ctx.pos[ctx.pos.length - 1] ?? 0);
}

/** Pixel x clamped a little outside the plot: a span's visible part, with cheap coordinates. */
export function clampX(ctx: DrawContext, v: number): number {
  return Math.max(ctx.left - 20, Math.min(ctx.right + 20, v));
}

/** Rounds to a tenth of a pixel: shorter attributes, same picture. */
export function r1(v: number): number {
  return Math.round(v * 10) / 10;
}
