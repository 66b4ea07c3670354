import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../scenarios/errors.js';
import { REGISTRY } from '../../scenarios/registry.js';
import { parseScenario } from '../../scenarios/load.js';
import { rejection } from '../support/rejection.js';

const base = `protocol: primary-backup
replicas: 3
`;

const error = rejection;

describe('scenario loader: bad input gets one precise message', () => {
  it('an unknown field names its line and path', () => {
    expect(error(`${base}workload:\n  clients: 2\n  colour: blue\n`)).toBe("bad.yaml:5: workload.colour: unknown field 'colour'");
    expect(error(`${base}cluster: { nodes: 3 }\n`)).toBe("bad.yaml:3: cluster: unknown field 'cluster' (a Kubernetes control plane is declared as kubernetes:)");
  });

  it('a wrong type says what was expected and found', () => {
    expect(error(`${base}seed: forty-two\n`)).toBe('bad.yaml:3: seed: expected number, received string');
    expect(error(`${base}network: { drop: 2 }\n`)).toBe('bad.yaml:3: network.drop: expected a probability between 0 and 1');
  });

  it('a unit that does not parse', () => {
    expect(error(`${base}duration: 10 sec\n`)).toBe('bad.yaml:3: duration: expected a duration such as 250ms, 1.5s or 2m, found "10 sec"');
    expect(error(`${base}network: { latency: { uniform: [1ms, 10 parsecs] } }\n`)).toBe(
      'bad.yaml:3: network.latency.uniform[1]: expected a duration such as 250ms, 1.5s or 2m, found "10 parsecs"',
    );
  });

  it('a partition naming a replica that does not exist', () => {
    expect(error(`${base}nemesis:\n  - { at: 1s, partition: [[n1], [n2, n7]] }\n`)).toBe(
      "bad.yaml:4: nemesis[0].partition[1][1]: unknown node 'n7' (this scenario has replicas n1..n3 and clients c1..c4; targets may also be leader, follower or random)",
    );
  });

  it('an empty file, or one with only comments', () => {
    expect(error('')).toBe('bad.yaml: the file is empty (or only comments): expected a scenario with at least a protocol');
    expect(error('# nothing here\n# at all\n')).toBe('bad.yaml: the file is empty (or only comments): expected a scenario with at least a protocol');
  });

  it('a YAML syntax error', () => {
    expect(error(`${base}network: { drop: 0.1\n`)).toBe('bad.yaml:4: YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }');
    expect(error(`${base}seed: 1\nseed: 2\n`)).toBe('bad.yaml:4: YAML syntax error: Map keys must be unique');
    expect(error(`${base}seed: *a\n`)).toBe('bad.yaml: YAML: Unresolved alias (the anchor must be set before the alias): a');
    expect(error(`${base}nemesis:\n  - { at: 1s, crash: n1 }: x\n`)).toBe('bad.yaml:4: YAML: a map key must be a plain name, found a list or map (a missing space after ":"?)');
  });

  it('a missing or unknown protocol', () => {
    const names = REGISTRY.protocolNames.join(', ');
    expect(error('replicas: 3\n')).toBe(`bad.yaml:1: protocol: missing field 'protocol' (one of ${names})`);
    expect(error('protocol: paxoss\n')).toBe(`bad.yaml:1: protocol: unknown protocol "paxoss" (expected one of ${names})`);
  });

  it('a fault entry without a time, with two faults, or with an unknown modifier', () => {
    expect(error(`${base}nemesis:\n  - { crash: n1 }\n`)).toBe("bad.yaml:4: nemesis[0].at: missing field 'at' (when the fault happens, e.g. at: 10s)");
    expect(error(`${base}nemesis:\n  - { at: 1s, crash: n1, pause: n2 }\n`)).toBe('bad.yaml:4: nemesis[0]: expected one fault per entry, found crash and pause');
    expect(error(`${base}nemesis:\n  - { at: 1s, crash: n1, heal-after: 2s }\n`)).toBe("bad.yaml:4: nemesis[0].heal-after: unknown field 'heal-after' for a crash fault");
  });

  it('a mix naming an operation the workload does not have', () => {
    expect(error(`${base}workload: { mix: { read: 1, frobnicate: 2 } }\n`)).toBe(
      "bad.yaml:3: workload.mix.frobnicate: workload 'register' has no operation 'frobnicate' (expected read, write, cas)",
    );
  });

  it('an unknown mutant or check', () => {
    expect(error(`${base}mutants: [R1]\n`)).toBe("bad.yaml:3: mutants[0]: protocol 'primary-backup' has no mutant 'R1' (expected one of PB1, PB2)");
    expect(error(`${base}checks: [linearizable, telepathy]\n`)).toBe("bad.yaml:3: checks[1]: unknown check 'telepathy' for protocol 'primary-backup' (expected linearizable, liveness, election-safety, state-machine-safety, digest-agreement, monotone)");
  });
});

describe('scenario loader: defaults and units', () => {
  it('fills every default and converts units to microseconds', () => {
    const plan = parseScenario('protocol: primary-backup\n', 'scenarios/x.yaml');
    expect(plan).toMatchObject({
      name: 'x',
      replicas: 3,
      seed: 1,
      duration: 10_000_000,
      settle: { length: 5_000_000, grace: 2_000_000 },
      workload: { kind: 'register', clients: 4, rate: 100, keys: 4, timeout: 500_000, mix: { read: 1, write: 1, cas: 1 } },
      checks: ['linearizable', 'liveness', 'election-safety', 'state-machine-safety', 'digest-agreement', 'monotone'],
      consistency: 'linearizable',
      mutants: [],
      trace: 'full',
      nemesis: { script: [] },
    });
  });

  it('reads faults, rates and distributions', () => {
    const plan = parseScenario(
      `${base}duration: 1.5m
workload: { rate: 20/ms }
network: { latency: { exponential: 2ms, max: 50ms } }
nemesis:
  - { at: 10s, crash: leader, restart-after: 5s }
  - { at: 12s, skew: { node: n2, by: -250ms } }
  - { at: 13s, hold: { from: n1, kind: pb.append, bucket: b1 } }
  - { random: { every: 3s, faults: [partition, pause] } }
`,
      'x.yaml',
    );
    expect(plan.duration).toBe(90_000_000);
    expect(plan.workload.rate).toBe(20_000);
    expect(plan.network.latency).toEqual({ kind: 'exponential', mean: 2_000, max: 50_000 });
    expect(plan.nemesis.script).toEqual([
      { at: 10_000_000, fault: { kind: 'crash', node: 'leader', restartAfter: 5_000_000 } },
      { at: 12_000_000, fault: { kind: 'skew', node: 'n2', delta: -250_000 } },
      { at: 13_000_000, fault: { kind: 'rule', rule: { id: 'rule-2', match: { from: 'n1', kind: 'pb.append' }, action: { kind: 'hold', bucket: 'b1' } } } },
    ]);
    expect(plan.nemesis.random?.faults).toEqual(['partition', 'pause']);
  });
});

describe('scenario loader: hostile and mangled files', () => {
  const shipped = readdirSync(new URL('../../scenarios/', import.meta.url)).filter((f) => f.endsWith('.yaml'));
  const PIECES = ['{', '}', '[', ']', ':', ', ', '\n', '  ', '- ', '&a ', '*a', '!!binary ', '!!js/function ', '<<: *a\n', '"', "'", '#', '-1', '1e400', '.nan', '~', '__proto__: 1\n', 'constructor: 1\n', '0x10', '10s', 'leader', '{ at: 1s, crash: n9 }', '\u0000', '\t'];

  it('either load or are refused with a ScenarioError, never anything else', () => {
    for (const name of shipped) {
      const text = readFileSync(new URL(`../../scenarios/${name}`, import.meta.url), 'utf8');
      const edit = fc.tuple(fc.nat({ max: text.length }), fc.nat({ max: 8 }), fc.constantFrom(...PIECES));
      fc.assert(
        fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
          let t = text;
          for (const [at, cut, piece] of edits) t = t.slice(0, Math.min(at, t.length)) + piece + t.slice(Math.min(at, t.length) + cut);
          try {
            parseScenario(t, name);
          } catch (e) {
            if (!(e instanceof ScenarioError)) throw e;
          }
        }),
        { numRuns: 25 },
      );
    }
  });

  it('nested too deep, or with alias bombs, are refused', () => {
    expect(() => parseScenario(`protocol: primary-backup\noptions: ${'['.repeat(100_000)}`, 'deep.yaml')).toThrow(ScenarioError);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`)].join('\n');
    expect(() => parseScenario(`protocol: primary-backup\n${bomb}\n`, 'bomb.yaml')).toThrow(ScenarioError);
  });
});
