/**
 * The moment a link points at, kept in `location.hash` (after Jepsen's `#i123` anchors and
 * Stateright's step paths): `#e=<seq>&lane=<node>&sel=<op:N|msg:N>&axis=<order|time>&win=<a>~<b>`.
 * Every part is optional; anything unreadable is ignored rather than trusted.
 */
import { AXIS_MODES, type AxisMode } from './axis.js';

/** What is selected besides the cursor: an op (by history index) or a message (by id). */
export type Selection = { readonly kind: 'op'; readonly index: number } | { readonly kind: 'msg'; readonly id: number };

/** The parts of the view a link keeps. */
export interface HashState {
  /** The cursor, as the event's `seq` (stable across trace windows, unlike an array index). */
  readonly seq?: number;
  readonly lane?: string;
  readonly selection?: Selection;
  readonly axis?: AxisMode;
  /** Visible span of the axis, in the axis's units. */
  readonly window?: readonly [number, number];
}

const INT = /^\d{1,15}$/;
const NUM = /^-?\d{1,17}(\.\d{1,9})?$/;

/** Reads `location.hash`; unreadable parts are dropped. */
export function parseHash(hash: string): HashState {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const out: { -readonly [K in keyof HashState]: HashState[K] } = {};
  const e = params.get('e');
  if (e !== null && INT.test(e)) out.seq = Number(e);
  const lane = params.get('lane');
  if (lane !== null && lane.length > 0 && lane.length <= 200) out.lane = lane;
  const sel = params.get('sel');
  const m = sel === null ? null : /^(op|msg):(\d{1,15})$/.exec(sel);
  if (m) out.selection = m[1] === 'op' ? { kind: 'op', index: Number(m[2]) } : { kind: 'msg', id: Number(m[2]) };
  const axis = params.get('axis');
  if (axis !== null && (AXIS_MODES as readonly string[]).includes(axis)) out.axis = axis as AxisMode;
  const win = params.get('win');
  if (win !== null) {
    const [a, b] = win.split('~');
    if (a !== undefined && b !== undefined && NUM.test(a) && NUM.test(b) && Number(a) < Number(b)) out.window = [Number(a), Number(b)];
  }
  return out;
}

/** Writes the state as a hash (empty when there is nothing to keep). */
export function formatHash(state: HashState): string {
  const parts: string[] = [];
  if (state.seq !== undefined) parts.push(`e=${state.seq}`);
  if (state.lane !== undefined) parts.push(`lane=${encodeURIComponent(state.lane)}`);
  if (state.selection) parts.push(`sel=${state.selection.kind === 'op' ? `op:${state.selection.index}` : `msg:${state.selection.id}`}`);
  if (state.axis !== undefined) parts.push(`axis=${state.axis}`);
  if (state.window) parts.push(`win=${round(state.window[0])}~${round(state.window[1])}`);
  return parts.length ? `#${parts.join('&')}` : '';
}

function round(x: number): string {
  return String(Math.round(x * 1000) / 1000);
}

/** The selection as the `data-selection` attribute shows it (`op:12`, `msg:40`, or empty). */
export function selectionText(selection: Selection | undefined): string {
  if (!selection) return '';
  return selection.kind === 'op' ? `op:${selection.index}` : `msg:${selection.id}`;
}
