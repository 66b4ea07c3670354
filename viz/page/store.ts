/**
 * The viewer's one selection model, shared by every view (the reference's advice: one time axis,
 * one selection). Views subscribe; a change says what it touched so a cursor step does not redraw
 * the diagram and a zoom does not rebuild the inspector.
 */
import type { AxisMode } from '../layout/axis.js';
import type { Selection } from '../layout/hash.js';

/** Everything that says what the page shows. */
export interface ViewState {
  /** Event index under the cursor. */
  readonly cursor: number;
  /** The selected lane, whose state the inspector shows and n/p step along. */
  readonly lane: string | undefined;
  readonly selection: Selection | undefined;
  readonly axis: AxisMode;
  /** Visible span of the axis, or undefined for the whole run. */
  readonly window: readonly [number, number] | undefined;
  readonly showClients: boolean;
}

/** What an update touched. */
export type Change = 'cursor' | 'lane' | 'selection' | 'axis' | 'window' | 'layout';

type Listener = (state: ViewState, changes: ReadonlySet<Change>) => void;

/** Holds the view state and notifies subscribers once per frame. */
export class Store {
  private current: ViewState;
  private readonly listeners: Listener[] = [];
  private pending = new Set<Change>();
  private scheduled = false;

  constructor(initial: ViewState) {
    this.current = initial;
  }

  get state(): ViewState {
    return this.current;
  }

  subscribe(listener: Listener): void {
    this.listeners.push(listener);
  }

  /**
   * Applies a change now and notifies on the next animation frame, so a burst (a zoom gesture, a
   * held arrow key) costs one redraw per frame.
   */
  update(patch: Partial<ViewState>): void {
    const next = { ...this.current, ...patch };
    const changes = this.pending;
    if (next.cursor !== this.current.cursor) changes.add('cursor');
    if (next.lane !== this.current.lane) changes.add('lane');
    if (next.selection !== this.current.selection) changes.add('selection');
    if (next.axis !== this.current.axis) changes.add('axis');
    if (next.window !== this.current.window) changes.add('window');
    if (next.showClients !== this.current.showClients) changes.add('layout');
    this.current = next;
    if (changes.size === 0 || this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => this.flush());
  }

  /** Notifies now (first paint, tests). */
  flush(): void {
    this.scheduled = false;
    const changes = this.pending;
    this.pending = new Set();
    if (changes.size === 0) return;
    for (const l of this.listeners) l(this.current, changes);
  }
}
