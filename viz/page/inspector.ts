/**
 * The inspector at the cursor: the event under it, every replica's status and role at that
 * moment, the selected replica's state with what changed since its previous state (highlighted,
 * as DSLabs does), its log with commit and apply marks, the messages in flight, the selected op,
 * and the violations with the checker's counterexample.
 */
import { brief, formatTime, payloadOf, type ViewEvent } from '../layout/events.js';
import type { FaultAction } from '../layout/faults.js';
import { statusAt } from '../layout/lifecycle.js';
import { inFlightAt } from '../layout/messages.js';
import type { ViewModel } from '../layout/model.js';
import { eraNameOf, eraOf } from '../layout/roles.js';
import { type FieldRow, diffState, logOf, rebuildLog, stateAt } from '../layout/state.js';
import { count, el } from './dom.js';
import type { Store, ViewState } from './store.js';

const MAX_IN_FLIGHT = 40;

/** Rebuilds the inspector for the current cursor, lane and selection; `move` puts the cursor on an event and shows it. */
export function renderInspector(root: HTMLElement, model: ViewModel, store: Store, move: (cursor: number) => void = (cursor) => store.update({ cursor })): void {
  const state = store.state;
  const parts: Node[] = [];
  const e = model.events[state.cursor];
  parts.push(el('h2', { text: 'Cursor' }));
  if (e) {
    parts.push(el('div', { attrs: { 'data-testid': 'cursor-summary' } }, [el('b', { text: `#${e.seq}` }), ` ${formatTime(e.t)} · `, el('b', { text: e.kind }), e.node === undefined ? '' : ` · ${e.node}`]));
    parts.push(el('div', { cls: 'cursor-event', text: pretty(payloadOf(e)) }));
  } else parts.push(el('div', { cls: 'empty', text: 'The trace is empty.' }));
  parts.push(...cluster(model, store));
  parts.push(...faultList(model, state, move));
  if (state.lane !== undefined) parts.push(...laneState(model, state, state.lane));
  if (state.selection?.kind === 'op') parts.push(...selectedOp(model, state.selection.index));
  if (state.selection?.kind === 'msg') parts.push(...selectedMessage(model, state.selection.id));
  parts.push(...inFlight(model, state));
  parts.push(...violations(model, state));
  root.replaceChildren(...parts);
}

function pretty(value: unknown): string {
  const text = JSON.stringify(value, null, 1) ?? '';
  return text.length > 4000 ? `${text.slice(0, 3999)}…` : text;
}

function cluster(model: ViewModel, store: Store): Node[] {
  const state = store.state;
  const lanes = model.lanes.filter((l) => l.group !== 'client');
  if (lanes.length === 0) return [];
  // Columns the protocol has no data for (an era for primary-backup) are left out.
  const hasEra = model.roles.some((r) => r.era !== undefined);
  const eraName = eraNameOf(model.events);
  const rows = lanes.map((lane) => {
    const status = statusAt(model.lifecycle.segments, lane.id, state.cursor);
    const { current } = stateAt(model.states, lane.id, state.cursor);
    const s = current === undefined ? undefined : (model.events[current] as ViewEvent);
    const era = s ? eraOf(s, eraName) : undefined;
    const log = s ? logOf(s) : undefined;
    const role = s && typeof s['role'] === 'string' ? s['role'] : '';
    const tr = el('tr', { cls: lane.id === state.lane ? 'sel' : '', attrs: { 'data-lane': lane.id } }, [
      el('td', { text: lane.id }),
      el('td', {}, [el('span', { cls: `pill ${status}`, text: status })]),
      el('td', { text: role }),
      ...(hasEra ? [el('td', { text: era ? `${era.field} ${era.value}` : '' })] : []),
      el('td', { cls: 'v', text: log ? `log ${log.length}${log.commit === undefined ? '' : ` c${log.commit}`}${log.applied === undefined ? '' : ` a${log.applied}`}` : '' }),
    ]);
    tr.style.cursor = 'pointer';
    tr.addEventListener('click', () => store.update({ lane: lane.id }));
    return tr;
  });
  return [el('h2', { text: 'Cluster at cursor' }), el('table', { attrs: { 'data-testid': 'cluster' } }, [el('tr', {}, ['node', 'status', 'role', ...(hasEra ? ['era'] : []), 'log'].map((h) => el('th', { text: h }))), ...rows])];
}

/** Rows of the fault list shown around the cursor's fault. */
const FAULTS_SHOWN = 40;

/**
 * The nemesis's actions as the run recorded them (the same count as the header and the CLI), the
 * end-of-run undo apart, linked to the cursor both ways: a click moves the cursor to the action,
 * and the action at or before the cursor is highlighted. Older reports without the record list
 * the faults of the nemesis lane instead.
 */
function faultList(model: ViewModel, state: ViewState, move: (cursor: number) => void): Node[] {
  const actions: readonly FaultAction[] =
    model.actions.length > 0 || Array.isArray(model.data.faults)
      ? model.actions
      : model.faultLane.spans.map((s) => ({ at: (model.events[s.start] as ViewEvent).t, label: `${s.row} ${s.label}`, index: s.start, undo: false }));
  if (actions.length === 0) return [];
  const faults = actions.filter((a) => !a.undo).length;
  const undone = actions.length - faults;
  let current = -1;
  actions.forEach((a, k) => {
    if (a.index <= state.cursor) current = k;
  });
  const from = Math.max(0, Math.min(current - FAULTS_SHOWN / 2, actions.length - FAULTS_SHOWN));
  const shown = actions.slice(from, from + FAULTS_SHOWN);
  const rows = shown.map((a, i) => {
    const k = from + i;
    const tr = el('tr', { cls: `${k === current ? 'current' : k < current ? 'past' : 'future'}${a.undo ? ' undo' : ''}`, attrs: { 'data-index': String(a.index), 'data-testid': 'fault-row' } }, [
      el('td', { cls: 'v', text: formatTime(a.at) }),
      el('td', { text: `${a.undo ? 'undone: ' : ''}${a.label}` }),
    ]);
    tr.addEventListener('click', () => move(a.index));
    return tr;
  });
  const title = `Faults (${count(faults)}${undone > 0 ? `, and ${count(undone)} undone at the end of the faults` : ''})`;
  const more = actions.length > shown.length ? [el('div', { cls: 'empty', text: `showing ${shown.length} of ${actions.length} around the cursor` })] : [];
  return [el('h2', { text: title }), el('div', { cls: 'faults' }, [el('table', { attrs: { 'data-testid': 'faults' } }, rows)]), ...more];
}

function laneState(model: ViewModel, state: ViewState, lane: string): Node[] {
  const out: Node[] = [el('h2', { text: `Node ${lane}` })];
  const { current, previous } = stateAt(model.states, lane, state.cursor);
  if (current === undefined) {
    out.push(el('div', { cls: 'empty', text: 'No protocol state recorded for this node up to the cursor.' }));
    return out;
  }
  const cur = model.events[current] as ViewEvent;
  const prev = previous === undefined ? undefined : (model.events[previous] as ViewEvent);
  out.push(el('div', { cls: 'empty', text: `${cur.kind} as of #${cur.seq} (${formatTime(cur.t)})${prev ? `; highlighted: changed since #${prev.seq}` : ''}` }));
  const eraName = eraNameOf(model.events);
  const log = logOf(cur, rebuildLog(model.events, model.states, lane, state.cursor), eraName);
  if (log) out.push(logView(log, eraName));
  const rows = diffState(prev, cur).map((r: FieldRow) =>
    el('tr', { cls: r.change === 'same' ? '' : r.change === 'added' ? 'added' : 'changed', attrs: { 'data-change': r.change } }, [
      el('th', { text: r.field }),
      el('td', { cls: 'v' }, [...(r.change === 'changed' || r.change === 'removed' ? [el('span', { cls: 'before', text: brief(r.before, 120) })] : []), r.change === 'removed' ? '' : brief(r.value, 400)]),
    ]),
  );
  out.push(el('table', { attrs: { 'data-testid': 'node-state' } }, rows));
  return out;
}

/** Entries drawn at most; a longer log shows its tail, where commit and apply move. */
const LOG_SHOWN = 60;

function logView(log: NonNullable<ReturnType<typeof logOf>>, eraName: string): Node {
  const commit = log.commit ?? 0;
  const applied = log.applied ?? 0;
  if (log.entries && log.entries.length > 0) {
    const shown = log.entries.slice(-LOG_SHOWN);
    const cells = shown.map((entry) =>
      el('span', {
        cls: `e${entry.index <= applied ? ' applied' : entry.index <= commit ? ' committed' : ''}`,
        text: entry.era ?? String(entry.index),
        title: `#${entry.index}${entry.era === undefined ? '' : ` ${eraName} ${entry.era}`}: ${entry.text}`,
      }),
    );
    const earlier = (shown[0]?.index ?? 1) - 1;
    return el('div', {}, [
      el('div', { cls: 'logbar', attrs: { 'data-testid': 'log' } }, [...(earlier > 0 ? [el('span', { cls: 'e', text: `…${earlier}`, title: `${earlier} earlier entries` })] : []), ...cells]),
      legendLine(log.length, log.commit, log.applied, shown.some((e) => e.era !== undefined) ? eraName : undefined),
    ]);
  }
  const scale = Math.max(1, log.length, commit, applied);
  const bar = el('div', { cls: 'progress', attrs: { 'data-testid': 'log' } }, [el('div', { cls: 'p-log' }), el('div', { cls: 'p-commit' }), el('div', { cls: 'p-applied' })]);
  const [a, b, c] = [...bar.children] as HTMLElement[];
  if (a) a.style.width = `${(100 * log.length) / scale}%`;
  if (b) b.style.width = `${(100 * commit) / scale}%`;
  if (c) c.style.width = `${(100 * applied) / scale}%`;
  return el('div', {}, [bar, legendLine(log.length, log.commit, log.applied)]);
}

function legendLine(length: number, commit: number | undefined, applied: number | undefined, eraName?: string): Node {
  const text = `log ${length} entries${commit === undefined ? '' : `, committed ${commit}`}${applied === undefined ? '' : `, applied ${applied}`}${eraName ? `; each entry shows its ${eraName}` : ''}`;
  return el('div', { cls: 'empty', text });
}

function selectedOp(model: ViewModel, index: number): Node[] {
  const bar = model.bars.get(index);
  if (!bar) return [];
  const witness = model.violations.find((v) => v.witness)?.witness;
  const cand = witness?.candidates.find((c) => c.index === index);
  const inPrefix = witness?.prefix.findIndex((p) => p.index === index) ?? -1;
  const rows: [string, string][] = [
    ...(bar.client === undefined ? [] : [['client', `${bar.client} (its lane is selected)`] as [string, string]]),
    ['process', `${String(bar.process)}${bar.client === undefined ? '' : ' (a client starts a new process after each unknown outcome)'}`],
    ['op', `${bar.f}${bar.key === undefined ? '' : ` ${bar.key}`}`],
    ['argument', brief(bar.value)],
    ['outcome', bar.outcome],
    ['result', bar.outcome === 'ok' || bar.outcome === 'fail' ? brief(bar.result) : '—'],
    ['invoked', formatTime((model.events[bar.start] as ViewEvent | undefined)?.t ?? 0)],
    ['returned', bar.end >= model.events.length ? 'never' : `${formatTime((model.events[bar.end] as ViewEvent).t)}${bar.open ? ' (the client gave up: outcome unknown)' : ''}`],
  ];
  if (inPrefix >= 0) rows.push(['linearized', `#${inPrefix + 1} of the longest prefix`]);
  if (cand) rows.push(['checker', cand.fits ? 'fits the state after the prefix, but no order of the rest works after it' : `could not be placed: needs ${cand.needs ?? '?'}`]);
  return [el('h2', { text: `Operation ${index} (history index)` }), el('table', { attrs: { 'data-testid': 'op-detail' } }, rows.map(([k, v]) => el('tr', {}, [el('th', { text: k }), el('td', { cls: 'v', text: v })])))];
}

function selectedMessage(model: ViewModel, id: number): Node[] {
  const copies = model.arrows.filter((a) => a.id === id);
  const first = copies[0];
  if (!first) return [];
  const at = (i: number): string => {
    const e = model.events[i];
    return e ? `#${e.seq} at ${formatTime(e.t)}` : '';
  };
  const rows: [string, string][] = [
    ['kind', first.msg],
    ['route', `${first.from} → ${first.to}`],
    ['sent', at(first.send)],
    ...copies.map((a): [string, string] => [a.status === 'duplicate' ? 'duplicate' : 'fate', a.status === 'in-flight' ? 'still in flight at the end' : `${a.status} ${at(a.end)}${a.reason ? ` (${a.reason})` : ''}${a.delayed ? ', delayed' : ''}`]),
  ];
  const body = (model.events[first.send] as ViewEvent)['body'];
  return [
    el('h2', { text: `Message ${id}` }),
    el('table', { attrs: { 'data-testid': 'msg-detail' } }, rows.map(([k, v]) => el('tr', {}, [el('th', { text: k }), el('td', { cls: 'v', text: v })]))),
    ...(body === undefined ? [] : [el('div', { cls: 'cursor-event', text: pretty(body) })]),
  ];
}

function inFlight(model: ViewModel, state: ViewState): Node[] {
  const all = inFlightAt(model.arrows, state.cursor);
  const mine = state.lane === undefined ? all : all.filter((a) => a.from === state.lane || a.to === state.lane);
  const title = state.lane === undefined ? `In flight (${count(all.length)})` : `In flight to or from ${state.lane} (${count(mine.length)} of ${count(all.length)})`;
  const out: Node[] = [el('h2', { text: title })];
  if (mine.length === 0) return [...out, el('div', { cls: 'empty', text: 'none' })];
  const now = (model.events[state.cursor] as ViewEvent | undefined)?.t ?? 0;
  const rows = mine.slice(0, MAX_IN_FLIGHT).map((a) =>
    el('tr', {}, [el('td', { cls: 'v', text: String(a.id) }), el('td', { text: a.msg }), el('td', { text: `${a.from} → ${a.to}` }), el('td', { cls: 'v', text: `${((now - (model.events[a.send] as ViewEvent).t) / 1000).toFixed(2)}ms ago` })]),
  );
  out.push(el('table', { attrs: { 'data-testid': 'in-flight' } }, rows));
  if (mine.length > MAX_IN_FLIGHT) out.push(el('div', { cls: 'empty', text: `… and ${count(mine.length - MAX_IN_FLIGHT)} more` }));
  return out;
}

function violations(model: ViewModel, state: ViewState): Node[] {
  if (model.violations.length === 0) {
    const chains = model.linearization;
    const placed = chains.reduce((n, c) => n + c.ops.length, 0);
    const order = chains.length === 0 ? '' : ` The checker's linearization orders ${placed} operation${placed === 1 ? '' : 's'} in ${chains.length} partition${chains.length === 1 ? '' : 's'}; each dot on the client history is where one takes effect.`;
    return [el('h2', { text: 'Checks' }), el('div', { cls: 'empty', attrs: { 'data-testid': 'checks' }, text: `No violation found (verdict ${model.data.meta.verdict}).${order}` })];
  }
  const out: Node[] = [el('h2', { text: 'Violations' })];
  const now = (model.events[state.cursor] as ViewEvent | undefined)?.t ?? 0;
  for (const v of model.violations) {
    const at = v.violation.at;
    const when = at === undefined ? '' : at <= now ? ` · evidence at ${formatTime(at)}, before the cursor` : ` · evidence at ${formatTime(at)}, after the cursor`;
    out.push(el('div', {}, [el('b', { text: v.violation.check }), ` ${v.violation.message}${when}`]));
    const w = v.witness;
    if (w) {
      if (w.state !== undefined) out.push(el('div', {}, ['state after the longest prefix: ', el('code', { text: w.state })]));
      out.push(el('div', { cls: 'cx', attrs: { 'data-testid': 'counterexample' }, text: w.text ?? w.candidates.map((c) => `${c.text ?? c.index}: ${c.fits ? 'fits' : `needs ${c.needs ?? '?'}`}`).join('\n') }));
    }
  }
  return out;
}
