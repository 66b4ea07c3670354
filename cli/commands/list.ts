import { Command } from 'commander';
import { loadScenario } from '../../scenarios/load.js';
import { PROTOCOLS, WORKLOADS } from '../../scenarios/registry.js';
import { shippedScenarios } from '../paths.js';

export function listCommand(): Command {
  return new Command('list')
    .description('list protocols (with their mutants), workloads and shipped scenarios')
    .option('--json', 'print one JSON document')
    .action((flags: { json?: boolean }) => {
      const protocols = Object.values(PROTOCOLS).map((p) => ({
        name: p.name,
        summary: p.summary,
        workloads: p.workloads,
        invariants: Object.keys(p.invariants),
        mutants: p.mutants.map((m) => ({ id: m.id, title: m.title })),
      }));
      const workloads = Object.values(WORKLOADS).map((w) => ({
        name: w.name,
        summary: w.summary,
        ops: w.ops,
        model: w.model,
        checks: Object.keys(w.checks ?? {}),
        mutants: (w.mutants ?? []).map((m) => ({ id: m.id, title: m.title })),
      }));
      const scenarios = shippedScenarios().map(({ name, file }) => {
        const plan = loadScenario(file);
        return { name, protocol: plan.protocol, expect: plan.expect ?? null, mutants: plan.mutants, file };
      });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ protocols, workloads, scenarios })}\n`);
        return;
      }
      const out: string[] = ['Protocols'];
      for (const p of protocols) {
        out.push(`  ${p.name.padEnd(16)} ${p.summary}`);
        for (const m of p.mutants) out.push(`    mutant ${m.id.padEnd(6)} ${m.title}`);
      }
      out.push('', 'Workloads');
      for (const w of workloads) {
        out.push(`  ${w.name.padEnd(16)} ${w.summary} (model: ${w.model}${w.checks.length ? `; checks: ${w.checks.join(', ')}` : ''})`);
        for (const m of w.mutants) out.push(`    mutant ${m.id.padEnd(6)} ${m.title}`);
      }
      out.push('', 'Scenarios');
      for (const s of scenarios) out.push(`  ${s.name.padEnd(34)} ${s.protocol.padEnd(15)} expect ${s.expect ?? '-'}${s.mutants.length ? `  mutants ${s.mutants.join(' ')}` : ''}`);
      process.stdout.write(`${out.join('\n')}\n`);
    });
}
