/**
 * The event table, linked both ways with the diagram (ShiViz's most asked-for feature): one row
 * per event, filtered by node, kind and text; clicking a row moves the cursor, and moving the
 * cursor scrolls the table to its row. Rows are virtual (only the visible ones exist), so 200,000
 * events cost nothing until scrolled to.
 */
import { upperBound } from '../layout/axis.js';
import { brief, formatTime, isFault, namespaceOf, payloadOf, type ViewEvent } from '../layout/events.js';
import type { ViewModel } from '../layout/model.js';
import { byId, count, el } from './dom.js';
import type { Store } from './store.js';

const ROW = 20;
const BAD: ReadonlySet<string> = new Set(['net.drop', 'node.crash', 'client.fail', 'client.info']);

/** The filterable, virtual event table. */
export class EventTable {
  private readonly body: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private readonly counter: HTMLSpanElement;
  private readonly node: HTMLSelectElement;
  private readonly kind: HTMLSelectElement;
  private readonly search: HTMLInputElement;
  private rows = new Int32Array(0);
  private texts: string[] | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The history's client of each op, for the client.* events (which carry an op's index, not a node). */
  private readonly clientOfOp: ReadonlyMap<number, string>;

  constructor(
    private readonly model: ViewModel,
    private readonly store: Store,
  ) {
    this.clientOfOp = new Map(model.data.history.flatMap((op) => (typeof op.client === 'string' ? [[op.index, op.client] as const] : [])));
    const root = byId('events');
    this.node = el('select', { attrs: { 'data-testid': 'filter-node', 'aria-label': 'node' } }, [el('option', { text: 'all nodes', attrs: { value: '' } })]);
    for (const lane of model.lanes) this.node.append(el('option', { text: lane.id, attrs: { value: lane.id } }));
    this.node.append(el('option', { text: '(no node)', attrs: { value: '\u0000' } }));
    this.kind = el('select', { attrs: { 'data-testid': 'filter-kind', 'aria-label': 'kind' } }, [el('option', { text: 'all kinds', attrs: { value: '' } })]);
    const namespaces = [...new Set(model.eventKinds.map(([k]) => namespaceOf(k)))];
    for (const ns of namespaces) this.kind.append(el('option', { text: `${ns}.*`, attrs: { value: `${ns}.*` } }));
    for (const [k, n] of model.eventKinds) this.kind.append(el('option', { text: `${k} (${count(n)})`, attrs: { value: k } }));
    this.search = el('input', { attrs: { type: 'search', placeholder: 'search events (press /)', 'data-testid': 'filter-text', 'aria-label': 'search' } });
    this.counter = el('span', { cls: 'count', attrs: { 'data-testid': 'event-count' } });
    this.spacer = el('div');
    this.body = el('div', { cls: 'table-body', attrs: { 'data-testid': 'event-rows' } }, [this.spacer]);
    const head = el('div', { cls: 'table-head' }, ['seq', 'time', 'node', 'kind', 'details'].map((h) => el('span', { text: h })));
    root.append(el('div', { cls: 'filters' }, [el('b', { text: 'Events' }), this.node, this.kind, this.search, this.counter]), head, this.body);
    for (const input of [this.node, this.kind]) input.addEventListener('change', () => this.refilter());
    this.search.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.refilter(), 150);
    });
    this.body.addEventListener('scroll', () => this.paint());
    this.body.addEventListener('click', (ev) => {
      const row = (ev.target as Element).closest<HTMLElement>('.row');
      const index = Number(row?.dataset['index']);
      if (!row || !Number.isInteger(index)) return;
      const who = this.who(model.events[index]);
      this.store.update({ cursor: index, ...(who === undefined || !model.laneIndex.has(who) ? {} : { lane: who }) });
    });
    this.refilter();
  }

  /** The node an event is about: its own, or for a client.* event the client whose op it is. */
  private who(e: ViewEvent | undefined): string | undefined {
    if (e === undefined) return undefined;
    if (e.node !== undefined || !e.kind.startsWith('client.')) return e.node;
    const index = e['index'];
    return typeof index === 'number' ? this.clientOfOp.get(index) : undefined;
  }

  get searchInput(): HTMLInputElement {
    return this.search;
  }

  private refilter(): void {
    const node = this.node.value;
    const kind = this.kind.value;
    const text = this.search.value.trim().toLowerCase();
    const events = this.model.events;
    if (text && !this.texts) this.texts = events.map((e) => `${e.seq} ${e.kind} ${this.who(e) ?? ''} ${brief(payloadOf(e), 600)}`.toLowerCase());
    const out: number[] = [];
    const prefix = kind.endsWith('.*') ? kind.slice(0, -1) : undefined;
    for (let i = 0; i < events.length; i++) {
      const e = events[i] as ViewEvent;
      const who = this.who(e);
      if (node && (node === '\u0000' ? who !== undefined : who !== node)) continue;
      if (kind && (prefix ? !e.kind.startsWith(prefix) : e.kind !== kind)) continue;
      if (text && !(this.texts?.[i] as string).includes(text)) continue;
      out.push(i);
    }
    this.rows = Int32Array.from(out);
    this.counter.textContent = `${count(out.length)} of ${count(events.length)} events`;
    this.spacer.style.height = `${out.length * ROW}px`;
    this.reveal(this.store.state.cursor);
    this.paint();
  }

  /** Scrolls so the cursor's row (or the nearest shown row after it) is visible. */
  reveal(cursor: number): void {
    const k = Math.max(0, upperBound(this.rows, cursor - 1));
    const top = k * ROW;
    const h = this.body.clientHeight || 320;
    if (top < this.body.scrollTop || top > this.body.scrollTop + h - ROW) this.body.scrollTop = Math.max(0, top - h / 2);
    this.paint();
  }

  /** Builds the visible rows only. */
  paint(): void {
    const h = this.body.clientHeight || 320;
    const first = Math.max(0, Math.floor(this.body.scrollTop / ROW) - 5);
    const last = Math.min(this.rows.length, Math.ceil((this.body.scrollTop + h) / ROW) + 5);
    const cursor = this.store.state.cursor;
    const rows: Node[] = [this.spacer];
    for (let k = first; k < last; k++) {
      const i = this.rows[k] as number;
      const e = this.model.events[i] as ViewEvent;
      const cls = `row${i === cursor ? ' cur' : ''}${BAD.has(e.kind) ? ' bad' : isFault(e) ? ' fault' : ''}`;
      const row = el('div', { cls, attrs: { 'data-index': String(i), 'data-testid': 'event-row' } }, [
        el('span', { text: String(e.seq) }),
        el('span', { text: formatTime(e.t) }),
        el('span', { text: this.who(e) ?? '' }),
        el('span', { text: e.kind }),
        el('span', { text: brief(payloadOf(e), 240) }),
      ]);
      row.style.top = `${k * ROW}px`;
      rows.push(row);
    }
    this.body.replaceChildren(...rows);
  }
}
