/**
 * The header (scenario, protocol, seed, verdict, replay command, violations, legend) and the
 * notice that says when the page is not showing everything: an aggregated window, a trace that
 * starts late, deliveries whose send is missing.
 */
import { COLORS, OUTCOME_COLORS, ROLE_COLORS, BAND_TINTS } from '../layout/colors.js';
import { formatTime, num, record } from '../layout/events.js';
import type { ViewModel } from '../layout/model.js';
import { roleRank } from '../layout/roles.js';
import { MARK_BUDGET, OP_BUDGET } from '../layout/window.js';
import type { RenderReport } from './diagram.js';
import { byId, count, el, svgChild, svgSample } from './dom.js';
import { FAULT_COLORS } from './nemesis.js';

/** Fills the header once; `onJump(k)` moves to violation k. */
export function fillHeader(model: ViewModel, onJump: (k: number) => void): void {
  const meta = model.data.meta;
  document.title = `${meta.scenario} · seed ${meta.seed} · ${meta.verdict} — Ensemble`;
  byId('scenario').textContent = meta.scenario;
  const verdict = byId('verdict');
  verdict.textContent = meta.verdict === 'violation' ? `violation${model.violations.length === 1 ? '' : `s: ${model.violations.length}`}` : meta.verdict === 'ok' ? 'ok: no violation found' : `unknown${meta.reason ? `: ${meta.reason}` : ''}`;
  verdict.className = `verdict ${meta.verdict === 'ok' || meta.verdict === 'violation' ? meta.verdict : 'unknown'}`;
  const plan = record(meta.plan);
  const stats = meta.stats;
  const items: [string, string][] = [
    ['protocol', meta.protocol],
    ['seed', String(meta.seed)],
    ['replicas', String(num(plan?.['replicas']) ?? model.lanes.filter((l) => l.group === 'replica').length)],
    ['events', count(model.events.length)],
    // The run's own counts, as the CLI prints them: messages sent (not drawn copies), and the
    // nemesis's actions (not every fault-like event), the end-of-run undo apart.
    ['messages sent', count(num(stats['messages']) ?? model.arrows.filter((a) => a.status !== 'duplicate').length)],
    ['ops', count(model.history.bars.length)],
    ['faults', count(faultCount(model))],
    ...(undoneCount(model) > 0 ? [['undone at the end', count(undoneCount(model))] as [string, string]] : []),
    ['simulated', formatTime((num(stats['simulatedMs']) ?? 0) * 1000)],
    ['trace hash', meta.traceHash],
    ['ensemble', meta.ensembleVersion],
  ];
  const metaRow = byId('meta');
  for (const [k, v] of items) metaRow.append(el('span', {}, [`${k} `, el('b', { text: v })]));
  byId('replay').textContent = meta.replayCommand;
  byId('copy-replay').addEventListener('click', () => {
    void navigator.clipboard?.writeText(meta.replayCommand).catch(() => undefined);
    const range = document.createRange();
    range.selectNodeContents(byId('replay'));
    getSelection()?.removeAllRanges();
    getSelection()?.addRange(range);
  });
  const jump = byId<HTMLButtonElement>('jump-violation');
  if (model.violations.length > 0) {
    jump.hidden = false;
    jump.addEventListener('click', () => onJump(0));
    const list = byId('violations');
    list.hidden = false;
    model.violations.forEach((v, k) => {
      const show = el('button', { text: 'show' });
      show.addEventListener('click', () => onJump(k));
      const at = v.violation.at === undefined ? '' : ` at ${formatTime(v.violation.at)}`;
      list.append(el('div', { cls: 'v', attrs: { 'data-testid': 'violation' } }, [el('span', { cls: 'check', text: v.violation.check }), ` ${v.violation.message}${at} `, show]));
    });
  }
  fillLegend(model);
}

/** The nemesis's actions while the faults ran: the run's record, else its statistics, else the trace's fault events. */
function faultCount(model: ViewModel): number {
  if (Array.isArray(model.data.faults)) return model.actions.filter((a) => !a.undo).length;
  return num(model.data.meta.stats['faults']) ?? model.faults.length;
}

function undoneCount(model: ViewModel): number {
  return Array.isArray(model.data.undone) ? model.actions.filter((a) => a.undo).length : (num(model.data.meta.stats['undone']) ?? 0);
}

function fillLegend(model: ViewModel): void {
  const legend = byId('legend');
  const item = (sample: Node, label: string): HTMLElement => el('span', { cls: 'item' }, [sample, label]);
  const line = (color: string, dash = '', width = 2): SVGSVGElement =>
    svgSample(24, 10, (s) => svgChild(s, 'line', { x1: 1, y1: 5, x2: 23, y2: 5, stroke: color, 'stroke-width': width, 'stroke-dasharray': dash }));
  const box = (color: string, stroke = 'none'): SVGSVGElement => svgSample(18, 10, (s) => svgChild(s, 'rect', { x: 0.5, y: 0.5, width: 17, height: 9, rx: 2, fill: color, stroke }));
  const path = (d: string, stroke: string, fill = 'none'): SVGSVGElement =>
    svgSample(16, 16, (s) => svgChild(s, 'path', { d, stroke, fill, 'stroke-width': 2, transform: 'translate(8,8)' }));
  legend.append(el('span', { cls: 'group', text: 'messages' }));
  for (const [kind, color] of model.kindColor) legend.append(item(line(color), kind));
  legend.append(item(path('M-4,-4L4,4M-4,4L4,-4', COLORS.dropped), 'dropped'));
  legend.append(item(line('#555', '1.5 2.5'), 'duplicate'));
  legend.append(item(line('#555', '7 3'), 'delayed'));
  legend.append(item(line('#555', '2 4', 1.3), 'in flight at end'));
  legend.append(el('span', { cls: 'group', text: 'nodes' }));
  legend.append(item(path('M-5,-5L5,5M-5,5L5,-5', COLORS.down), 'crash'));
  legend.append(item(box('#fee2e2', '#f87171'), 'down'));
  legend.append(item(path('M0,-6L5,4L-5,4Z', 'none', COLORS.restart), 'restart'));
  legend.append(item(box('#fde68a'), 'paused'));
  // The roles this run's replicas reported, not a fixed list: a fixed primary has no candidates.
  for (const [rank, names] of rolesSeen(model)) legend.append(item(box(ROLE_COLORS[rank]), names.join(' / ')));
  legend.append(item(box(`${BAND_TINTS[0] as string}55`), 'partition side'));
  if (model.faultLane.rows.length > 0) {
    legend.append(el('span', { cls: 'group', text: 'nemesis' }));
    for (const r of model.faultLane.rows) legend.append(item(box(`${FAULT_COLORS[r.row]}55`, FAULT_COLORS[r.row]), r.row));
  }
  legend.append(el('span', { cls: 'group', text: 'client ops' }));
  legend.append(item(box(OUTCOME_COLORS.ok), 'ok'));
  legend.append(item(box(OUTCOME_COLORS.fail), 'fail'));
  legend.append(item(box(OUTCOME_COLORS.info), 'unknown (info)'));
  legend.append(item(line(OUTCOME_COLORS.info, '4 3', 1.5), 'may still take effect'));
  if (model.violations.some((v) => v.witness)) {
    legend.append(item(box('#fca5a5', COLORS.bad), 'could not be placed'));
    legend.append(item(svgSample(16, 10, (s) => svgChild(s, 'circle', { cx: 8, cy: 5, r: 3, fill: '#111827' })), 'linearization point'));
  }
}

/** The role names the replicas reported, by the colour they are drawn in (leaders first). */
function rolesSeen(model: ViewModel): [ReturnType<typeof roleRank>, string[]][] {
  const ranks = new Map<ReturnType<typeof roleRank>, Set<string>>();
  for (const s of model.roles) {
    if (s.role === undefined) continue;
    const rank = roleRank(s.role);
    const names = ranks.get(rank) ?? new Set<string>();
    names.add(s.role);
    ranks.set(rank, names);
  }
  const order = ['leader', 'candidate', 'follower', 'other'] as const;
  return order.filter((r) => ranks.has(r)).map((r) => [r, [...(ranks.get(r) as Set<string>)].sort()]);
}

/** Says what the current window leaves out; hidden when it shows everything. */
export function updateNotice(model: ViewModel, report: RenderReport): void {
  const notes: string[] = [];
  const dropped = model.data.meta.traceDropped;
  if (dropped > 0) notes.push(`The trace starts late: the first ${count(dropped)} events are not in this page, so anything before them is not shown (trace.jsonl has every event).`);
  const after = model.data.meta.traceOmittedAfter ?? 0;
  if (after > 0) notes.push(`The trace ends early: the last ${count(after)} events are not in this page (trace.jsonl has every event).`);
  if (model.orphans > 0) notes.push(`${count(model.orphans)} deliveries or drops have no send in the kept trace and are not drawn.`);
  if (report.plan.aggregate) {
    notes.push(
      `Aggregated: this window holds ${count(report.plan.count)} events, more than the ${count(report.budget)} that can be drawn legibly at this width (at most ${count(MARK_BUDGET)}), so lanes show event density instead of individual messages. Zoom in (Ctrl+wheel or +) to see each event.`,
    );
  }
  if (!report.opsDrawn) notes.push(`Client history aggregated: more operations in this window than can be drawn legibly at this width (at most ${count(OP_BUDGET)}); rows show op density and linearization points are left out. Counterexample ops are always drawn. Zoom in to see each operation.`);
  const notice = byId('notice');
  notice.hidden = notes.length === 0;
  notice.textContent = notes.join(' ');
  notice.dataset['aggregated'] = String(report.plan.aggregate);
}
