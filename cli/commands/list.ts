import { Command } from 'commander';
import { ordersStore } from '../../protocols/definition.js';
import { loadScenario } from '../../scenarios/load.js';
import { REGISTRY } from '../../scenarios/registry.js';
import { REPLICA_CHECKS } from '../../sim/checks/index.js';
import type { Cli } from '../io.js';
import { shippedScenarios } from '../paths.js';

export function listCommand(cli: Cli): Command {
  return new Command('list')
    .description('list protocols (with their options and mutants), the store, workloads and shipped scenarios')
    .option('--json', 'print one JSON document')
    .action((flags: { json?: boolean }) => {
      const { io } = cli;
      const store = REGISTRY.store;
      const protocols = REGISTRY.protocols.map((p) => ({
        name: p.name,
        summary: p.summary,
        era: p.era,
        ordersStore: ordersStore(p),
        workloads: REGISTRY.workloadsOf(p).map((w) => w.name),
        options: p.options.keys,
        checks: Object.keys(p.checks),
        messages: p.messages,
        timers: p.timers,
        mutants: p.mutants.map((m) => ({ id: m.id, title: m.title })),
      }));
      const storeInfo = {
        options: store.options.keys,
        timers: store.timers,
        mutants: store.mutants.map((m) => ({ id: m.id, title: m.title })),
        workloads: store.workloads.map((w) => w.name),
      };
      const workloads = REGISTRY.allWorkloads().map((w) => ({
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
      const generic = Object.keys(REPLICA_CHECKS);
      if (flags.json) {
        io.stdout(`${JSON.stringify({ protocols, store: storeInfo, checks: generic, workloads, scenarios })}\n`);
        return;
      }
      const out: string[] = ['Protocols'];
      for (const p of protocols) {
        out.push(`  ${p.name.padEnd(16)} ${p.summary}`);
        out.push(`    ${'options'.padEnd(13)} options.${p.name}: ${p.options.length ? p.options.join(', ') : '(none)'}`);
        if (p.checks.length) out.push(`    ${'checks'.padEnd(13)} ${p.checks.join(', ')}`);
        for (const m of p.mutants) out.push(`    mutant ${m.id.padEnd(6)} ${m.title}`);
      }
      out.push('', `The store (ordered by ${protocols.filter((p) => p.ordersStore).map((p) => p.name).join(', ')})`);
      out.push(`    ${'options'.padEnd(13)} options.store: ${storeInfo.options.join(', ')}`);
      for (const m of storeInfo.mutants) out.push(`    mutant ${m.id.padEnd(6)} ${m.title}`);
      out.push('', `Checks every protocol gets: linearizable, liveness, ${generic.join(', ')}`);
      out.push('', 'Workloads');
      for (const w of workloads) {
        out.push(`  ${w.name.padEnd(16)} ${w.summary} (model: ${w.model}${w.checks.length ? `; checks: ${w.checks.join(', ')}` : ''})`);
        for (const m of w.mutants) out.push(`    mutant ${m.id.padEnd(6)} ${m.title}`);
      }
      out.push('', 'Scenarios');
      for (const s of scenarios) out.push(`  ${s.name.padEnd(34)} ${s.protocol.padEnd(15)} expect ${s.expect ?? '-'}${s.mutants.length ? `  mutants ${s.mutants.join(' ')}` : ''}`);
      io.stdout(`${out.join('\n')}\n`);
    });
}
