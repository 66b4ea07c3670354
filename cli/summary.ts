import { formatDuration } from '../sim/time.js';
import type { ScheduledFault } from '../sim/nemesis.js';
import type { RunResult } from '../scenarios/result.js';
import { REGISTRY } from '../scenarios/registry.js';
import { evidenceOf } from './evidence.js';

const n = (x: number) => x.toLocaleString('en-US');

/** Counts of each fault kind, e.g. "crash ×2, partition ×1"; the nodes instead when there are few. */
export function faultSummary(faults: readonly ScheduledFault[]): string {
  const byKind = new Map<string, string[]>();
  for (const f of faults) {
    const nodes = byKind.get(f.fault.kind) ?? [];
    const node = (f.fault as { node?: unknown }).node;
    nodes.push(typeof node === 'string' ? node : '');
    byKind.set(f.fault.kind, nodes);
  }
  const parts = [...byKind]
    .sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))
    .map(([kind, nodes]) => (nodes.length <= 3 && nodes.every((x) => x !== '') ? `${kind} ${nodes.join(' ')}` : nodes.length === 1 ? kind : `${kind} ×${nodes.length}`));
  return parts.length ? parts.join(', ') : 'none';
}

/** Who led, in words that are true for protocols that elect leaders and for those with a fixed one. */
export function leaderSummary(result: RunResult): string {
  const s = result.stats;
  const era = REGISTRY.protocol(result.plan.protocol)?.era ?? 'era';
  const leaders = s.leaders ?? [];
  if (s.leaderChanges === 0) return 'none: no replica reported leading';
  if (leaders.length === 1 && s.leaderEras <= 1) {
    return `${leaders[0]} throughout, in one ${era}${s.leaderChanges > 1 ? ` (it took the lead ${s.leaderChanges} times, after being down or out)` : ''}`;
  }
  return `${n(s.leaderChanges)} times a replica became leader, over ${n(s.leaderEras)} ${era}s (${leaders.join(', ')})`;
}

/** The human summary of one run, as `ensemble run` prints it. */
export function runSummary(result: RunResult, wallMs: number, out: string | undefined, replay: string, report: string | undefined): string {
  const s = result.stats;
  const p = result.plan;
  const lines: string[] = [];
  lines.push(`${p.name}  (${p.protocol}, ${p.replicas} replicas, seed ${result.seed}${p.mutants.length ? `, mutants ${p.mutants.join(' ')}` : ''})`);
  const verdict =
    result.verdict === 'ok'
      ? 'ok'
      : result.verdict === 'unknown'
        ? `UNKNOWN: ${result.reason}`
        : `VIOLATION: ${[...new Set(result.violations.map((v) => v.check))].join(', ')}`;
  const expectNote = p.expect === undefined ? '' : (result.verdict === 'ok') === (p.expect === 'ok') ? `  (expected ${p.expect})` : `  (scenario expects ${p.expect}!)`;
  lines.push(row('verdict', verdict + expectNote));
  for (const v of result.violations.slice(0, 5)) {
    lines.push(row('', `- [${v.kind}] ${v.message}`));
    const evidence = evidenceOf(v).text;
    if (evidence) lines.push(row('', `  ${evidence}`));
  }
  if (result.violations.length > 5) lines.push(row('', `... and ${result.violations.length - 5} more (result.json)`));
  lines.push(row('ops', `${n(s.ops)}  (${n(s.opsOk)} ok, ${n(s.opsFailed)} fail, ${n(s.opsUnknown)} unknown)`));
  lines.push(row('faults', `${n(s.faults)}  (${faultSummary(result.faults)})`));
  const undone = result.undone ?? [];
  if (undone.length) lines.push(row('', `then at ${formatDuration(p.duration)} the end of the faults undid what still stood: ${faultSummary(undone)}`));
  lines.push(row(s.leaderChanges > 0 && (s.leaders ?? []).length === 1 && s.leaderEras <= 1 ? 'leader' : 'leaders', leaderSummary(result)));
  const speed = wallMs > 0 ? `${Math.round(s.simulatedMs / wallMs)}x` : '';
  lines.push(row('time', `${formatDuration(s.simulatedMs * 1000)} simulated in ${formatDuration(Math.round(wallMs * 1000))} wall ${speed ? `(${speed})` : ''}`.trimEnd()));
  lines.push(row('messages', `${n(s.messages)} sent, ${n(s.delivered)} delivered, ${n(s.dropped)} dropped  (${n(s.events)} events)`));
  lines.push(row('trace', `${result.traceHash}  (${n(s.traceEvents)} events${result.traceDropped ? `, ${n(result.traceDropped)} beyond the in-memory window` : ''})`));
  if (report !== undefined) lines.push(row('report', `${report}  (open it in a browser${result.verdict === 'violation' ? '; v jumps to the violation' : ''})`));
  if (out !== undefined) lines.push(row('output', out));
  if (result.verdict !== 'ok') lines.push(row('replay', replay));
  return `${lines.join('\n')}\n`;
}

function row(label: string, text: string): string {
  return `  ${label.padEnd(9)} ${text}`;
}

