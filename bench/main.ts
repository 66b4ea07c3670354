#!/usr/bin/env node
/**
 * `npm run bench [-- --json] [-- --only kernel,check]`: runs every benchmark section and prints
 * its figures, as a table for people or as one JSON object of named figures for machines.
 */
import { benchCheck } from './check.js';
import { benchExplore } from './explore.js';
import { benchK8s } from './k8s.js';
import { benchKernel } from './kernel.js';
import { benchProtocols } from './protocols.js';
import { benchViz } from './viz.js';

type Section = () => Promise<Record<string, unknown>>;

const SECTIONS: Record<string, Section> = {
  kernel: benchKernel,
  check: benchCheck,
  protocols: benchProtocols,
  explore: benchExplore,
  k8s: benchK8s,
  viz: benchViz,
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const onlyArg = args.find((a) => a.startsWith('--only='))?.slice('--only='.length) ?? args[args.indexOf('--only') + 1];
  const only = args.some((a) => a.startsWith('--only')) && onlyArg ? onlyArg.split(',') : Object.keys(SECTIONS);
  const unknown = only.filter((s) => !(s in SECTIONS));
  if (unknown.length) {
    process.stderr.write(`bench: unknown section(s) ${unknown.join(', ')} (known: ${Object.keys(SECTIONS).join(', ')})\n`);
    process.exit(2);
  }
  const out: Record<string, unknown> = {};
  for (const name of only) {
    process.stderr.write(`bench: ${name}...\n`);
    out[name] = await SECTIONS[name]!();
    if (!json) printSection(name, out[name] as Record<string, unknown>);
  }
  if (json) process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

function printSection(name: string, figures: Record<string, unknown>, prefix = name): void {
  for (const [key, value] of Object.entries(figures)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) printSection(name, value as Record<string, unknown>, `${prefix}.${key}`);
    else process.stdout.write(`${`${prefix}.${key}`.padEnd(48)} ${typeof value === 'number' ? value.toLocaleString('en-US') : JSON.stringify(value)}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(3);
});
