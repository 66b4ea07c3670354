import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { type Document, LineCounter, isMap, isSeq, isScalar, parseDocument, visit } from 'yaml';
import type { z } from 'zod';
import { type Distribution, constant, uniform } from '../sim/latency.js';
import type { LinkOverride, NetworkOptions } from '../sim/network.js';
import { ScenarioError, formatPath } from './errors.js';
import type { PlanOptions, RunPlan } from './plan.js';
import { REGISTRY, type Registry } from './registry.js';
import { type ScenarioFile, scenarioSchema, scenarioSchemaFor } from './schema.js';
import { type PlanIssue, planIssues } from './validate.js';

/** What the CLI may override without editing the file. */
export interface ScenarioOverrides {
  readonly seed?: number;
  readonly protocol?: string;
  readonly mutants?: readonly string[];
  readonly trace?: RunPlan['trace'];
  /** The protocols it may name: the built-in ones unless a library user brings more. */
  readonly registry?: Registry;
}

export const DEFAULTS = {
  replicas: 3,
  seed: 1,
  duration: 10_000_000,
  settle: { length: 5_000_000, grace: 2_000_000 },
  latency: uniform(1_000, 10_000),
  fsync: uniform(100, 1_000),
  clients: 4,
  rate: 100,
  keys: 4,
  timeout: 500_000,
  trace: 'full',
} as const;

/**
 * Reads, parses and validates a scenario file into a run plan. Throws ScenarioError, naming the
 * file as `shown` (the path as the user gave it; default `file`).
 */
export function loadScenario(file: string, overrides: ScenarioOverrides = {}, shown = file): RunPlan {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ScenarioError(shown, '', undefined, `cannot read the file (${code === 'EISDIR' ? 'it is a folder' : (code ?? String(error))})`);
  }
  return parseScenario(text, shown, overrides);
}

/** Parses scenario text; `file` names it in errors. */
export function parseScenario(text: string, file: string, overrides: ScenarioOverrides = {}): RunPlan {
  const lines = new LineCounter();
  // logLevel 'error': the parser's warnings become our own errors below, never process warnings.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const line = e.linePos?.[0].line ?? lines.linePos(e.pos[0]).line;
    const message = (e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw new ScenarioError(file, '', line, `YAML syntax error: ${message}`);
  }
  visit(doc, {
    Pair(_key, pair) {
      if (pair.key !== null && !isScalar(pair.key)) {
        const offset = (pair.key as { range?: [number, number, number] }).range?.[0];
        throw new ScenarioError(file, '', offset === undefined ? undefined : lines.linePos(offset).line, 'YAML: a map key must be a plain name, found a list or map (a missing space after ":"?)');
      }
    },
  });
  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (error) {
    // An alias to an anchor not yet defined, or too many aliases (a "billion laughs" document).
    throw new ScenarioError(file, '', undefined, `YAML: ${(error as Error).message}`);
  }
  if (raw === null || raw === undefined) throw new ScenarioError(file, '', undefined, 'the file is empty (or only comments): expected a scenario with at least a protocol');
  return scenarioFromValue(raw, file, overrides, (path) => lineOf(doc, lines, path));
}

/**
 * A scenario given as a value (the fields of a scenario file as a JavaScript object), validated as
 * a file is; `name` stands for the file in errors, and `at` gives the line of a field when there is one.
 */
export function scenarioFromValue(raw: unknown, name: string, overrides: ScenarioOverrides = {}, at: (path: readonly PropertyKey[]) => number | undefined = () => undefined): RunPlan {
  const file = name;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ScenarioError(file, '', at([]), `expected a map of scenario fields, found ${Array.isArray(raw) ? 'a list' : `"${String(raw)}"`}`);
  const withOverrides = {
    ...(raw as Record<string, unknown>),
    ...(overrides.protocol === undefined ? {} : { protocol: overrides.protocol }),
  };
  const registry = overrides.registry ?? REGISTRY;
  const parsed = (registry === REGISTRY ? scenarioSchema : scenarioSchemaFor(registry)).safeParse(withOverrides);
  if (!parsed.success) throw issueError(file, parsed.error.issues, (path) => at(path) ?? 0);
  const plan = toPlan(parsed.data, file, overrides, registry);
  const issue = planIssues(plan, registry)[0];
  if (issue !== undefined) throw planError(file, plan, parsed.data, (raw as Record<string, unknown>)['protocol'], overrides, issue, at);
  return plan;
}

/**
 * An issue of the plan as the user should read it: a mutant that came from `--mutant` is the
 * command line's fault, not a line of the file's; an issue under another protocol than the file's says so.
 */
function planError(file: string, plan: RunPlan, s: ScenarioFile, fileProtocol: unknown, overrides: ScenarioOverrides, issue: PlanIssue, at: (path: readonly PropertyKey[]) => number | undefined): ScenarioError {
  const [field, index] = issue.path;
  if (field === 'mutants' && typeof index === 'number') {
    const mutant = plan.mutants[index];
    if (mutant !== undefined && !(s.mutants ?? []).includes(mutant)) return ScenarioError.flag(`--mutant ${mutant}`, `${issue.message} (scenario ${file})`);
  }
  if (field === 'trace' && overrides.trace !== undefined) return ScenarioError.flag(`--trace ${overrides.trace}`, `${issue.message} (scenario ${file})`);
  const flag = overrides.protocol === undefined || overrides.protocol === fileProtocol ? '' : ` (with protocol ${overrides.protocol} in place of the file's ${String(fileProtocol)})`;
  return new ScenarioError(file, formatPath(issue.path), at(issue.path), `${issue.message}${flag}`);
}

/** The plan the file describes, defaults filled in; `planIssues` judges it afterwards. */
function toPlan(s: ScenarioFile, file: string, overrides: ScenarioOverrides, registry: Registry): RunPlan {
  const protocol = registry.protocol(s.protocol)!;
  const workloadKind = s.workload?.kind ?? registry.workloadsOf(protocol)[0]?.name ?? '';
  const workload = registry.workload(protocol, workloadKind);
  const checks = s.checks ?? registry.checksOf(protocol, workload, s.kubernetes !== undefined);
  const mix = s.workload?.mix ?? Object.fromEntries((workload?.ops ?? []).map((op) => [op, 1]));
  const mutants = [...new Set([...(s.mutants ?? []), ...(overrides.mutants ?? [])])];
  const clients = s.workload?.clients ?? DEFAULTS.clients;
  const replicas = s.replicas ?? DEFAULTS.replicas;
  const nemesis = s.nemesis ?? { script: [] };
  const duration = s.duration ?? DEFAULTS.duration;
  const settle = s.settle === undefined ? DEFAULTS.settle : typeof s.settle === 'number' ? { length: s.settle, grace: Math.min(DEFAULTS.settle.grace, s.settle) } : { length: s.settle.length, grace: s.settle.grace ?? Math.min(DEFAULTS.settle.grace, s.settle.length) };
  return {
    name: s.name ?? basename(file, extname(file)),
    protocol: protocol.name,
    replicas,
    seed: overrides.seed ?? s.seed ?? DEFAULTS.seed,
    duration,
    settle,
    network: networkOf(s.network),
    disk: { syncLatency: s.disk?.fsync ?? DEFAULTS.fsync },
    workload: {
      kind: workloadKind,
      clients,
      rate: s.workload?.rate ?? DEFAULTS.rate,
      keys: s.workload?.keys ?? DEFAULTS.keys,
      mix,
      timeout: s.workload?.timeout ?? DEFAULTS.timeout,
    },
    nemesis,
    checks,
    consistency: s.consistency ?? 'linearizable',
    mutants,
    options: (s.options ?? {}) as PlanOptions,
    trace: overrides.trace ?? s.trace ?? DEFAULTS.trace,
    ...(s.expect === undefined ? {} : { expect: s.expect }),
    ...(s.kubernetes === undefined ? {} : { kubernetes: s.kubernetes as Readonly<Record<string, unknown>> }),
  };
}

type LinkFields = NonNullable<ScenarioFile['network']>;

function linkOf(l: Omit<LinkFields, 'links'>): Partial<Omit<LinkOverride, 'from' | 'to'>> {
  return {
    ...(l.latency === undefined ? {} : { latency: l.latency }),
    ...(l.drop === undefined ? {} : { drop: l.drop }),
    ...(l.duplicate === undefined ? {} : { duplicate: l.duplicate }),
    ...(l.reorder === undefined ? {} : { reorder: l.reorder }),
    ...(l['reorder-delay'] === undefined ? {} : { reorderDelay: l['reorder-delay'] as Distribution }),
    ...(l.fifo === undefined ? {} : { fifo: l.fifo }),
  };
}

function networkOf(n: ScenarioFile['network']): NetworkOptions {
  const base = { latency: DEFAULTS.latency as Distribution, ...linkOf(n ?? {}) };
  const links = (n?.links ?? []).map((l) => ({
    ...(l.from === undefined ? {} : { from: l.from }),
    ...(l.to === undefined ? {} : { to: l.to }),
    ...linkOf(l),
  }));
  return links.length ? { ...base, links } : base;
}

function issueError(file: string, issues: readonly z.core.$ZodIssue[], at: (path: readonly PropertyKey[]) => number | undefined): ScenarioError {
  // Report the issue that comes first in the file, so the message points at the first thing to fix.
  const located = issues.map((i) => {
    const path = i.code === 'unrecognized_keys' ? [...i.path, i.keys[0]!] : [...i.path];
    return { issue: i, path, line: at(path) ?? 0 };
  });
  located.sort((a, b) => a.line - b.line);
  const { issue, path, line } = located[0]!;
  return new ScenarioError(file, formatPath(path), line || undefined, describeIssue(issue));
}

/** Top-level fields people try for a feature that has another name: said plainly rather than "unknown". */
const NOT_BUILT: Readonly<Record<string, string>> = {
  cluster: 'a Kubernetes control plane is declared as kubernetes:',
};

function describeIssue(i: z.core.$ZodIssue): string {
  switch (i.code) {
    case 'unrecognized_keys': {
      const key = String(i.keys[0]);
      const hint = i.path.length === 0 && NOT_BUILT[key];
      return `unknown field '${key}'${hint ? ` (${hint})` : ''}`;
    }
    case 'invalid_union': {
      // Prefer the branch that got furthest: its message is the specific one.
      const branches = i.errors.map((errs) => errs[0]).filter((e): e is z.core.$ZodIssue => e !== undefined);
      const specific = branches.find((e) => e.code !== 'invalid_type') ?? branches[0];
      return specific ? describeIssue(specific) : i.message;
    }
    case 'invalid_value':
      return `expected one of ${i.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_type':
      return i.message.startsWith('Invalid input: ') ? i.message.slice('Invalid input: '.length) : i.message;
    default:
      return i.message;
  }
}

/** The line of the deepest YAML node the path reaches (the key's line for a map entry). */
function lineOf(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): number | undefined {
  let node: unknown = doc.contents;
  let line: number | undefined = startLine(node, lines);
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      line = startLine(pair.key, lines) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      line = startLine(node, lines) ?? line;
    } else break;
  }
  return line;
}

function startLine(node: unknown, lines: LineCounter): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? lines.linePos(range[0]).line : undefined;
}

export { constant };
