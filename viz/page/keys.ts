/**
 * Keyboard control, after RaftScope's help modal and DSLabs' n/p: one table drives both the
 * handler and the `?` overlay, so the overlay can never list a key that does nothing.
 */
import { byId, el } from './dom.js';

/** What the keys do; main.ts implements them over the store and the diagram. */
export interface Actions {
  step(dir: 1 | -1, by: number): void;
  laneStep(dir: 1 | -1): void;
  fault(dir: 1 | -1): void;
  violation(dir: 1 | -1): void;
  edge(end: boolean): void;
  lane(dir: 1 | -1): void;
  zoom(factor: number): void;
  fit(): void;
  toggleAxis(): void;
  toggleClients(): void;
  focusSearch(): void;
  clear(): void;
}

interface Binding {
  readonly keys: readonly string[];
  readonly label: string;
  readonly what: string;
  readonly run: (a: Actions, ev: KeyboardEvent) => void;
}

const BINDINGS: readonly Binding[] = [
  { keys: ['ArrowRight'], label: '→', what: 'next event (Shift: 10 events)', run: (a, ev) => a.step(1, ev.shiftKey ? 10 : 1) },
  { keys: ['ArrowLeft'], label: '←', what: 'previous event (Shift: 10 events)', run: (a, ev) => a.step(-1, ev.shiftKey ? 10 : 1) },
  { keys: ['n'], label: 'n', what: 'next event on the selected node', run: (a) => a.laneStep(1) },
  { keys: ['p'], label: 'p', what: 'previous event on the selected node', run: (a) => a.laneStep(-1) },
  { keys: ['ArrowDown', 'j'], label: '↓ / j', what: 'select the next node', run: (a) => a.lane(1) },
  { keys: ['ArrowUp', 'k'], label: '↑ / k', what: 'select the previous node', run: (a) => a.lane(-1) },
  { keys: ['f'], label: 'f', what: 'next fault', run: (a) => a.fault(1) },
  { keys: ['F'], label: 'Shift+f', what: 'previous fault', run: (a) => a.fault(-1) },
  { keys: ['v'], label: 'v', what: 'next violation (the op the checker could not place)', run: (a) => a.violation(1) },
  { keys: ['V'], label: 'Shift+v', what: 'previous violation', run: (a) => a.violation(-1) },
  { keys: ['Home'], label: 'Home', what: 'first event', run: (a) => a.edge(false) },
  { keys: ['End'], label: 'End', what: 'last event', run: (a) => a.edge(true) },
  { keys: ['+', '='], label: '+', what: 'zoom in around the cursor (also Ctrl+wheel)', run: (a) => a.zoom(2) },
  { keys: ['-', '_'], label: '−', what: 'zoom out', run: (a) => a.zoom(0.5) },
  { keys: ['0'], label: '0', what: 'show the whole run', run: (a) => a.fit() },
  { keys: ['t'], label: 't', what: 'axis: event order ↔ virtual time', run: (a) => a.toggleAxis() },
  { keys: ['c'], label: 'c', what: 'show or hide client lanes', run: (a) => a.toggleClients() },
  { keys: ['/'], label: '/', what: 'search the event table', run: (a) => a.focusSearch() },
  { keys: ['Escape'], label: 'Esc', what: 'close this help, clear the selection', run: (a) => a.clear() },
];

/** Binds the keys and builds the `?` overlay from the same table. */
export function installKeys(actions: Actions): void {
  const help = byId('help');
  const rows = BINDINGS.map((b) => el('tr', {}, [el('td', {}, [el('kbd', { text: b.label })]), el('td', { text: b.what })]));
  rows.push(el('tr', {}, [el('td', {}, [el('kbd', { text: '?' })]), el('td', { text: 'show or hide this help' })]));
  const card = el('div', { cls: 'card', attrs: { role: 'dialog', 'aria-label': 'keyboard shortcuts' } }, [
    el('h2', { text: 'Keyboard' }),
    el('table', {}, rows),
    el('p', { cls: 'empty', text: 'Click a mark or a table row to move the cursor there; drag the diagram to pan. The address bar keeps the cursor, selection and zoom: copy it to point someone at this moment.' }),
  ]);
  help.replaceChildren(card);
  help.addEventListener('click', (ev) => {
    if (ev.target === help) help.hidden = true;
  });
  byId('help-button').addEventListener('click', () => (help.hidden = !help.hidden));
  document.addEventListener('keydown', (ev) => {
    const target = ev.target as HTMLElement | null;
    const typing = target !== null && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA');
    if (typing) {
      if (ev.key === 'Escape') target.blur();
      return;
    }
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === '?') {
      help.hidden = !help.hidden;
      ev.preventDefault();
      return;
    }
    if (ev.key === 'Escape' && !help.hidden) {
      help.hidden = true;
      return;
    }
    const binding = BINDINGS.find((b) => b.keys.includes(ev.key));
    if (!binding) return;
    ev.preventDefault();
    binding.run(actions, ev);
  });
}
