/**
 * The page script's entry: decode the embedded run, derive the view model, build the views, and
 * wire them to one store and the URL hash. Bundled by viz/bundle.ts into an IIFE.
 */
import { indexOfSeq } from '../layout/axis.js';
import { formatTime } from '../layout/events.js';
import { formatHash, parseHash, selectionText } from '../layout/hash.js';
import { buildModel, type ViewModel } from '../layout/model.js';
import { nextIn, nextOnLane, stepCursor } from '../layout/nav.js';
import { witnessSpan } from '../layout/witness.js';
import { labelWidth, witnessRoles } from './ops.js';
import { readPayload } from './decode.js';
import { Diagram } from './diagram.js';
import { byId, el } from './dom.js';
import { fillHeader, updateNotice } from './header.js';
import { renderInspector } from './inspector.js';
import { installKeys } from './keys.js';
import { Store, type ViewState } from './store.js';
import { EventTable } from './table.js';
import { wireDiagram } from './wire.js';

async function boot(): Promise<void> {
  const app = byId('app');
  try {
    const t0 = performance.now();
    const data = await readPayload();
    const t1 = performance.now();
    const model = buildModel(data);
    const t2 = performance.now();
    start(model, app);
    // Where the first paint's time went, for the benchmark and for anyone with devtools open.
    app.dataset['timings'] = `decode ${Math.round(t1 - t0)} model ${Math.round(t2 - t1)} render ${Math.round(performance.now() - t2)}`;
  } catch (error) {
    app.dataset['state'] = 'error';
    byId('loading').textContent = `This report could not be read: ${error instanceof Error ? error.message : String(error)}`;
    throw error;
  }
}

function initialState(model: ViewModel): ViewState {
  const hash = parseHash(location.hash);
  const firstReplica = model.lanes.find((l) => l.group === 'replica')?.id;
  const clients = model.lanes.filter((l) => l.group === 'client').length;
  return {
    cursor: hash.seq === undefined ? 0 : indexOfSeq(model.events, hash.seq),
    lane: hash.lane !== undefined && model.laneIndex.has(hash.lane) ? hash.lane : firstReplica,
    selection: hash.selection,
    axis: hash.axis ?? 'order',
    window: hash.window,
    showClients: clients <= 8,
  };
}

function start(model: ViewModel, app: HTMLElement): void {
  const store = new Store(initialState(model));
  const diagram = new Diagram(model, store, byId<HTMLElement>('diagram') as unknown as SVGSVGElement);
  diagram.onRender = (report) => updateNotice(model, report);
  const table = new EventTable(model, store);
  const inspector = byId('inspector');
  const readout = el('span', { cls: 'readout', attrs: { 'data-testid': 'cursor-readout' } });
  const n = model.events.length;

  const jump = (k: number): void => {
    const v = model.violations[k];
    if (!v || v.at === undefined) return;
    const bar = v.op === undefined ? undefined : model.bars.get(v.op);
    const span = v.witness ? witnessSpan(v.witness, model.bars, n) : undefined;
    // The op, and its client's lane: the counterexample names the client, the lane shows it.
    const lane = bar?.client !== undefined && model.laneIndex.has(bar.client) ? { lane: bar.client } : {};
    store.update({ cursor: v.at, ...(bar ? { selection: { kind: 'op', index: bar.index } } : {}), ...lane });
    const needs = bar && v.witness ? witnessRoles(v.witness).needs.get(bar.index) : undefined;
    if (span) diagram.show(span[0], span[1], bar && needs !== undefined ? { at: bar.start, width: labelWidth(`✗ ${needs}`) } : undefined);
    else diagram.reveal(v.at);
    requestAnimationFrame(() => requestAnimationFrame(() => document.querySelector('rect.op.sel, line.cursor')?.scrollIntoView({ block: 'center', behavior: 'instant' })));
  };
  const violationTargets = model.violations.map((v, k) => ({ k, at: v.at ?? -1 })).filter((v) => v.at >= 0).sort((a, b) => a.at - b.at || a.k - b.k);
  const move = (cursor: number): void => {
    store.update({ cursor });
    diagram.reveal(cursor);
  };
  fillHeader(model, jump);
  toolbar(store, diagram, readout);
  installKeys({
    step: (dir, by) => move(by === 1 ? stepCursor(store.state.cursor, dir, n) : Math.min(n - 1, Math.max(0, store.state.cursor + dir * by))),
    laneStep: (dir) => {
      const lane = store.state.lane === undefined ? -1 : (model.laneIndex.get(store.state.lane) ?? -1);
      if (lane >= 0) move(nextOnLane(model.laneOfEvent, lane, store.state.cursor, dir));
    },
    fault: (dir) => move(nextIn(model.faults, store.state.cursor, dir)),
    violation: (dir) => {
      const cur = store.state.cursor;
      const target = dir > 0 ? violationTargets.find((v) => v.at > cur) : [...violationTargets].reverse().find((v) => v.at < cur);
      const pick = target ?? (dir > 0 ? violationTargets[0] : violationTargets[violationTargets.length - 1]);
      if (pick) jump(pick.k);
    },
    edge: (end) => move(end ? Math.max(0, n - 1) : 0),
    lane: (dir) => {
      const shown = model.lanes.filter((l) => store.state.showClients || l.group !== 'client');
      const k = shown.findIndex((l) => l.id === store.state.lane);
      const next = shown[Math.min(shown.length - 1, Math.max(0, k + dir))];
      if (next) store.update({ lane: next.id });
    },
    zoom: (factor) => diagram.zoomBy(factor, store.state.cursor),
    fit: () => store.update({ window: undefined }),
    toggleAxis: () => {
      const axis = store.state.axis === 'order' ? 'time' : 'order';
      store.update({ axis, window: diagram.windowIn(axis) });
    },
    toggleClients: () => store.update({ showClients: !store.state.showClients }),
    focusSearch: () => table.searchInput.focus(),
    clear: () => store.update({ selection: undefined }),
  });
  wireDiagram(model, store, diagram);

  let hashWrite = '';
  store.subscribe((state, changes) => {
    if (changes.has('axis') || changes.has('layout')) diagram.relayout();
    else if (changes.has('window')) diagram.applyWindow(state.window);
    else diagram.renderCursor();
    if (changes.has('cursor') || changes.has('lane') || changes.has('selection')) renderInspector(inspector, model, store, move);
    if (changes.has('cursor')) table.reveal(state.cursor);
    else table.paint();
    reflect(app, model, state, readout);
    hashWrite = hashOf(model, state);
    if (hashWrite !== location.hash) {
      try {
        history.replaceState(null, '', hashWrite || location.pathname + location.search);
      } catch {
        // Some file: contexts refuse history edits; the view still works without a deep link.
      }
    }
  });
  addEventListener('hashchange', () => {
    if (location.hash === hashWrite) return;
    const h = parseHash(location.hash);
    store.update({
      ...(h.seq === undefined ? {} : { cursor: indexOfSeq(model.events, h.seq) }),
      ...(h.lane !== undefined && model.laneIndex.has(h.lane) ? { lane: h.lane } : {}),
      selection: h.selection,
      ...(h.axis === undefined ? {} : { axis: h.axis }),
      window: h.window,
    });
  });
  let resize: ReturnType<typeof setTimeout> | undefined;
  addEventListener('resize', () => {
    clearTimeout(resize);
    resize = setTimeout(() => diagram.relayout(), 100);
  });

  diagram.relayout();
  renderInspector(inspector, model, store, move);
  table.reveal(store.state.cursor);
  reflect(app, model, store.state, readout);
  app.dataset['state'] = 'ready';
  app.dataset['readyMs'] = String(Math.round(performance.now()));
}

function hashOf(model: ViewModel, state: ViewState): string {
  const e = model.events[state.cursor];
  return formatHash({
    ...(e ? { seq: e.seq } : {}),
    ...(state.lane === undefined ? {} : { lane: state.lane }),
    ...(state.selection ? { selection: state.selection } : {}),
    ...(state.axis === 'order' ? {} : { axis: state.axis }),
    ...(state.window ? { window: state.window } : {}),
  });
}

/** Mirrors the state on #app for tests and for people with devtools open. */
function reflect(app: HTMLElement, model: ViewModel, state: ViewState, readout: HTMLElement): void {
  const e = model.events[state.cursor];
  app.dataset['cursor'] = e ? String(e.seq) : '';
  app.dataset['cursorIndex'] = String(state.cursor);
  app.dataset['lane'] = state.lane ?? '';
  app.dataset['selection'] = selectionText(state.selection);
  app.dataset['axis'] = state.axis;
  readout.textContent = e ? `#${e.seq} · ${formatTime(e.t)} · ${e.kind}${e.node === undefined ? '' : ` · ${e.node}`}` : '';
}

function toolbar(store: Store, diagram: Diagram, readout: HTMLElement): void {
  const bar = byId('toolbar');
  const order = el('button', { text: 'event order', attrs: { 'data-testid': 'axis-order' }, title: 'space events evenly (t)' });
  const time = el('button', { text: 'virtual time', attrs: { 'data-testid': 'axis-time' }, title: 'space events by virtual time (t)' });
  const zoomIn = el('button', { text: '+', title: 'zoom in (+)' });
  const zoomOut = el('button', { text: '−', title: 'zoom out (−)' });
  const fit = el('button', { text: 'whole run', title: 'show the whole run (0)' });
  const clients = el('input', { attrs: { type: 'checkbox', 'data-testid': 'toggle-clients' } });
  const sync = (): void => {
    order.classList.toggle('on', store.state.axis === 'order');
    time.classList.toggle('on', store.state.axis === 'time');
    clients.checked = store.state.showClients;
  };
  order.addEventListener('click', () => store.update({ axis: 'order', window: diagram.windowIn('order') }));
  time.addEventListener('click', () => store.update({ axis: 'time', window: diagram.windowIn('time') }));
  zoomIn.addEventListener('click', () => diagram.zoomBy(2, store.state.cursor));
  zoomOut.addEventListener('click', () => diagram.zoomBy(0.5, store.state.cursor));
  fit.addEventListener('click', () => store.update({ window: undefined }));
  clients.addEventListener('change', () => store.update({ showClients: clients.checked }));
  store.subscribe(sync);
  sync();
  bar.append(
    el('b', { text: 'axis' }),
    order,
    time,
    el('span', { cls: 'sep' }),
    zoomOut,
    zoomIn,
    fit,
    el('span', { cls: 'sep' }),
    el('label', {}, [clients, 'client lanes']),
    el('span', { cls: 'sep' }),
    el('span', { cls: 'empty', text: 'Ctrl+wheel zooms · drag pans · click to place the cursor · ? for keys' }),
    readout,
  );
}

void boot();
