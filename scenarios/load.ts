import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { type Document, LineCounter, isMap, isSeq, isScalar, parseDocument, visit } from 'yaml';
import type { z } from 'zod';
import { type Distribution, constant, uniform } from '../sim/latency.js';
import type { LinkOverride, NetworkOptions } from '../sim/network.js';
import { ScenarioError, formatPath } from './errors.js';
import { namedNodes } from './faults.js';
import type { RunPlan } from './plan.js';
import { PROTOCOLS, WORKLOADS, checksOf, mutantsOf } from './registry.js';
import { type ScenarioFile, scenarioSchema } from './schema.js';

/** What the CLI may override without editing the file. */
export interface ScenarioOverrides {
  readonly seed?: number;
  readonly protocol?: string;
  readonly mutants?: readonly string[];
  readonly trace?: RunPlan['trace'];
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

/** Reads, parses and validates a scenario file into a run plan. Throws ScenarioError. */
export function loadScenario(file: string, overrides: ScenarioOverrides = {}): RunPlan {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ScenarioError(file, '', undefined, `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return parseScenario(text, file, overrides);
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
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ScenarioError(file, '', 1, `expected a map of scenario fields, found ${Array.isArray(raw) ? 'a list' : `"${String(raw)}"`}`);
  const withOverrides = {
    ...(raw as Record<string, unknown>),
    ...(overrides.protocol === undefined ? {} : { protocol: overrides.protocol }),
  };
  const parsed = scenarioSchema.safeParse(withOverrides);
  const at = (path: readonly PropertyKey[]) => lineOf(doc, lines, path);
  if (!parsed.success) throw issueError(file, parsed.error.issues, at);
  const fail = (path: (string | number)[], message: string): never => {
    throw new ScenarioError(file, formatPath(path), at(path), message);
  };
  return toPlan(parsed.data, file, overrides, fail);
}

function toPlan(s: ScenarioFile, file: string, overrides: ScenarioOverrides, fail: (path: (string | number)[], message: string) => never): RunPlan {
  const protocol = PROTOCOLS[s.protocol]!;
  const replicas = s.replicas ?? DEFAULTS.replicas;
  const ids = Array.from({ length: replicas }, (_, i) => `n${i + 1}`);
  const workloadKind = s.workload?.kind ?? protocol.workloads[0]!;
  const workload = WORKLOADS[workloadKind];
  if (!workload || !protocol.workloads.includes(workloadKind)) {
    fail(['workload', 'kind'], `protocol '${protocol.name}' serves ${protocol.workloads.map((w) => `'${w}'`).join(', ')}, found '${workloadKind}'`);
  }
  const mix = s.workload?.mix ?? Object.fromEntries(workload!.ops.map((op) => [op, 1]));
  for (const op of Object.keys(mix)) {
    if (!workload!.ops.includes(op)) fail(['workload', 'mix', op], `workload '${workloadKind}' has no operation '${op}' (expected ${workload!.ops.join(', ')})`);
  }
  if (Object.values(mix).every((w) => w === 0)) fail(['workload', 'mix'], 'expected at least one operation with a positive weight');

  const known = new Set([...ids, 'leader', 'follower', 'random', 'all']);
  const clients = s.workload?.clients ?? DEFAULTS.clients;
  const clientIds = new Set(Array.from({ length: clients }, (_, i) => `c${i + 1}`));
  const nemesis = s.nemesis ?? { script: [] };
  nemesis.script.forEach((f, i) => {
    for (const { node, path } of namedNodes(f.fault)) {
      // Clients can be cut off and paused (a GC pause of a lock holder, say), not crashed.
      const isRuleEnd = f.fault.kind === 'rule' || f.fault.kind === 'cut' || f.fault.kind === 'partition' || f.fault.kind === 'pause' || f.fault.kind === 'resume';
      if (!known.has(node) && !(isRuleEnd && clientIds.has(node))) {
        fail(['nemesis', i, ...path], `unknown node '${node}' (this scenario has replicas ${ids[0]}..${ids[ids.length - 1]}${isRuleEnd ? ` and clients c1..c${clients}` : ''}; targets may also be leader, follower or random)`);
      }
    }
  });
  for (const [i, link] of (s.network?.links ?? []).entries()) {
    for (const end of ['from', 'to'] as const) {
      const node = link[end];
      if (node !== undefined && !ids.includes(node) && !clientIds.has(node)) fail(['network', 'links', i, end], `unknown node '${node}'`);
    }
  }

  /** Names the workload in a message only when it adds to what the protocol offers. */
  const owner = (extra: object | undefined) => `protocol '${protocol.name}'${extra === undefined ? '' : ` with workload '${workloadKind}'`}`;
  const allChecks = checksOf(protocol, workload);
  const checks = s.checks ?? allChecks;
  checks.forEach((c, i) => {
    if (!allChecks.includes(c)) fail(['checks', i], `unknown check '${c}' for ${owner(workload?.checks)} (expected ${allChecks.join(', ')})`);
  });
  const knownMutants = mutantsOf(protocol, workload);
  const mutants = [...new Set([...(s.mutants ?? []), ...(overrides.mutants ?? [])])];
  mutants.forEach((m, i) => {
    if (!knownMutants.some((x) => x.id === m)) {
      const list = knownMutants.map((x) => x.id);
      fail(['mutants', i], `${owner(workload?.mutants)} has no mutant '${m}' (${list.length ? `expected one of ${list.join(', ')}` : 'it has none'})`);
    }
  });

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
    options: s.options ?? {},
    trace: overrides.trace ?? s.trace ?? DEFAULTS.trace,
    ...(s.expect === undefined ? {} : { expect: s.expect }),
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

/** Top-level fields DESIGN.md plans that no layer reads yet: said plainly rather than ignored. */
const NOT_BUILT: Readonly<Record<string, string>> = {
  kubernetes: 'the mock Kubernetes control plane is not built yet, so a scenario cannot declare a cluster',
  cluster: 'the mock Kubernetes control plane is not built yet, so a scenario cannot declare a cluster',
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
