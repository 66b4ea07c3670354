import { formatDuration } from '../sim/time.js';
import type { RunResult } from '../scenarios/result.js';

const n = (x: number) => x.toLocaleString('en-US');

/** Counts of each fault kind, e.g. "crash ×2, partition ×1". */
export function faultSummary(result: RunResult): string {
  const counts = new Map<string, number>();
  for (const f of result.faults) counts.set(f.fault.kind, (counts.get(f.fault.kind) ?? 0) + 1);
  const parts = [...counts].sort((a, b) => b[1] - a[1]).map(([k, c]) => `${k} ×${c}`);
  return parts.length ? parts.join(', ') : 'none';
}

/** The human summary of one run, as `ensemble run` prints it. */
export function runSummary(result: RunResult, wallMs: number, out: string | undefined, replay: string): string {
  const s = result.stats;
  const p = result.plan;
  const lines: string[] = [];
  lines.push(`${p.name}  (${p.protocol}, ${p.replicas} replicas, seed ${result.seed}${p.mutants.length ? `, mutants ${p.mutants.join(' ')}` : ''})`);
  const verdict =
    result.verdict === 'ok'
      ? 'ok'
      : result.verdict === 'unknown'
        ? `UNKNOWN: ${result.reason}`
        : `VIOLATION: ${result.violations.map((v) => `${v.check}`).join(', ')}`;
  const expectNote = p.expect === undefined ? '' : (result.verdict === 'ok') === (p.expect === 'ok') ? `  (expected ${p.expect})` : `  (scenario expects ${p.expect}!)`;
  lines.push(row('verdict', verdict + expectNote));
  for (const v of result.violations.slice(0, 5)) lines.push(row('', `- [${v.kind}] ${v.message}`));
  if (result.violations.length > 5) lines.push(row('', `... and ${result.violations.length - 5} more (result.json)`));
  lines.push(row('ops', `${n(s.ops)}  (${n(s.opsOk)} ok, ${n(s.opsFailed)} fail, ${n(s.opsUnknown)} unknown)`));
  lines.push(row('faults', `${n(s.faults)}  (${faultSummary(result)})`));
  lines.push(row('leaders', `${n(s.leaderChanges)} elected`));
  const speed = wallMs > 0 ? `${Math.round(s.simulatedMs / wallMs)}x` : '';
  lines.push(row('time', `${formatDuration(s.simulatedMs * 1000)} simulated in ${formatDuration(Math.round(wallMs * 1000))} wall ${speed ? `(${speed})` : ''}`));
  lines.push(row('events', `${n(s.events)}  (${n(s.messages)} messages sent, ${n(s.dropped)} dropped)`));
  lines.push(row('trace', `${result.traceHash}  (${n(s.traceEvents)} events${result.traceDropped ? `, ${n(result.traceDropped)} beyond the in-memory window` : ''})`));
  if (out !== undefined) lines.push(row('output', out));
  if (result.verdict !== 'ok') lines.push(row('replay', replay));
  return `${lines.join('\n')}\n`;
}

function row(label: string, text: string): string {
  return `  ${label.padEnd(9)} ${text}`;
}
