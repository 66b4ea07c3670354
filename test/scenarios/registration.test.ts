/**
 * Open, typed registration: options namespaced per protocol and validated by the loader, message
 * rules and forced timers checked against the protocol's declared kinds and timers, fault targets
 * by group, and a protocol brought by a library user without editing the project.
 */
import { describe, expect, it } from 'vitest';
import type { StandaloneProtocol } from '../../protocols/definition.js';
import { defineOptions, atLeast } from '../../protocols/kit/options.js';
import { StateReporter } from '../../protocols/kit/state-reporter.js';
import { REGISTER_WORKLOAD } from '../../protocols/primary-backup/index.js';
import { parseScenario } from '../../scenarios/load.js';
import { REGISTRY } from '../../scenarios/registry.js';
import { run } from '../../scenarios/run.js';
import { SimConfigError } from '../../sim/errors.js';
import type { Actor, ClientRequest, NodeContext } from '../../sim/node.js';
import { rejection as error } from '../support/rejection.js';

const raft = 'protocol: raft\nreplicas: 3\n';

describe('options, one namespace per protocol and one for the store', () => {
  it('carry settings for several protocols in one file and validate every namespace', () => {
    const plan = parseScenario(`${raft}options:\n  raft: { electionTimeout: 300ms }\n  primary-backup: {}\n  store: { reads: zookeeper }\n`, 'x.yaml');
    expect(plan.options).toEqual({ raft: { electionTimeout: '300ms' }, 'primary-backup': {}, store: { reads: 'zookeeper' } });
    expect(parseScenario(`${raft}options:\n  raft: { electionTimeout: 300ms }\n`, 'x.yaml', { protocol: 'primary-backup' }).protocol).toBe('primary-backup');
  });

  it('name the file, line and field of a bad option', () => {
    expect(error(`${raft}options:\n  raft:\n    electionTimeout: 150\n`)).toBe('bad.yaml:5: options.raft.electionTimeout: expected a duration such as 250ms, 1.5s or 2m, found 150');
    expect(error(`${raft}options:\n  raft: { heartbeatInterval: 1s }\n`)).toBe('bad.yaml:4: options.raft.heartbeatInterval: must be shorter than electionTimeout (150ms)');
    expect(error(`${raft}options:\n  store: { reads: sometimes }\n`)).toBe('bad.yaml:4: options.store.reads: expected linearizable or zookeeper, found "sometimes"');
    expect(error(`${raft}options:\n  raft:\n    membership: [{ at: 1s, add: n9 }]\n`)).toBe('bad.yaml:5: options.raft.membership[0]: unknown replica "n9" (replicas: n1, n2, n3)');
  });

  it('say where an option of the old flat layout went', () => {
    const spaces = [...REGISTRY.optionSpaces().keys()].join(', ');
    expect(error(`${raft}options: { electionTimeout: 300ms }\n`)).toBe(
      `bad.yaml:3: options.electionTimeout: unknown option namespace (expected ${spaces}): options are grouped by protocol; write options: {raft: {electionTimeout: ...}}`,
    );
    expect(error(`${raft}options: { reads: zookeeper }\n`)).toMatch(/options\.reads: unknown option namespace .*it moved to store\.reads \(linearizable \| zookeeper\) or, for Raft's lease reads, raft\.readBarrier: lease$/);
  });
});

describe('message kinds and timers a fault names', () => {
  it('must be ones the protocol (or the store, or the kernel) has', () => {
    expect(parseScenario(`${raft}nemesis:\n  - { at: 1s, hold: { from: n1, kind: [raft.append, store.watch, client.response], bucket: b } }\n`, 'x.yaml').nemesis.script).toHaveLength(1);
    expect(error(`${raft}nemesis:\n  - { at: 1s, drop-messages: { kind: zab.proposal } }\n`)).toMatch(/^bad\.yaml:4: nemesis\[0\]\.drop-messages\.kind: protocol 'raft' sends no message of kind 'zab\.proposal' \(its kinds: client\.request, client\.response, raft\.prevote,/);
    expect(error(`${raft}nemesis:\n  - { at: 1s, fire-timer: { node: n1, timer: election } }\n`)).toBe(
      "bad.yaml:4: nemesis[0].fire-timer.timer: protocol 'raft' has no timer 'election' (its timers: raft.election, raft.election-wait, raft.heartbeat, raft.check-quorum, store.sessions)",
    );
    // The same file under another protocol is refused, not silently ignored.
    expect(() => parseScenario(`${raft}nemesis:\n  - { at: 1s, hold: { kind: raft.append, bucket: b } }\n`, 'x.yaml', { protocol: 'primary-backup' })).toThrow(/sends no message of kind 'raft\.append'/);
  });
});

describe('fault targets by group', () => {
  it('aim at a random member, the leader or a follower of a named group', () => {
    const plan = parseScenario(`${raft}nemesis:\n  - { at: 1s, pause: { random-of: client }, resume-after: 1s }\n  - { at: 2s, crash: { leader-of: replica } }\n`, 'x.yaml');
    expect(plan.nemesis.script.map((f) => f.fault)).toEqual([
      { kind: 'pause', node: { pick: 'random', group: 'client' }, resumeAfter: 1_000_000 },
      { kind: 'crash', node: { pick: 'leader', group: 'replica' } },
    ]);
    expect(error(`${raft}nemesis:\n  - { at: 1s, crash: { random-of: kubelet } }\n`)).toBe("bad.yaml:4: nemesis[0].crash.random-of: unknown group 'kubelet' (expected replica, client)");
    expect(error(`${raft}nemesis:\n  - { at: 1s, crash: { random-of: client } }\n`)).toBe("bad.yaml:4: nemesis[0].crash.random-of: the client group's members can be cut off and paused, not crashed");
    expect(error(`${raft}nemesis:\n  - { at: 1s, crash: { any-of: client } }\n`)).toMatch(/nemesis\[0\]\.crash: expected a node name, leader, follower or random, or \{random-of: group\}/);
  });

  it('runs a pause of a random client', () => {
    const plan = parseScenario(`protocol: primary-backup\nduration: 2s\nnemesis:\n  - { at: 500ms, pause: { random-of: client }, resume-after: 300ms }\n`, 'x.yaml');
    const result = run(plan, { keepTrace: 0 });
    expect(result.faults.filter((f) => f.fault.kind === 'pause').map((f) => (f.fault as { node: string }).node)).toEqual([expect.stringMatching(/^c\d$/)]);
  });
});

/**
 * A user's own protocol, written outside the project: a single replica that serves the register
 * workload alone. It gets every fault, the history, the checker and the generic checks.
 */
const SOLO: StandaloneProtocol<{ readonly delay: number }> = {
  name: 'solo',
  summary: 'one replica, no replication (a library user’s toy)',
  era: 'term',
  messages: [],
  timers: [],
  options: defineOptions({ delay: atLeast(0).optional() }, (raw) => ({ delay: raw.delay ?? 0 })),
  mutants: [{ id: 'SOLO1', title: 'forgets every other write' }],
  checks: {},
  workloads: [REGISTER_WORKLOAD],
  replica: ({ mutants }) => (ctx: NodeContext): Actor => {
    const values = new Map<string, number>();
    const reporter = new StateReporter(ctx);
    let applied = 0;
    return {
      start: () => reporter.emit({ role: 'leader', era: 1, leader: ctx.id, commit: 0, applied: 0, last: 0, snapIndex: 0, snapEra: 0, eraAt: () => 1 }),
      message() {},
      timer() {},
      request(req: ClientRequest) {
        const op = req.op as { f: string; key: string; value: unknown };
        applied++;
        if (op.f === 'read') ctx.reply(req, { type: 'ok', value: values.get(op.key) ?? null });
        else if (op.f === 'write') {
          if (!(mutants.has('SOLO1') && applied % 2 === 0)) values.set(op.key, op.value as number);
          ctx.reply(req, { type: 'ok', value: op.value });
        } else {
          const [from, to] = op.value as [number, number];
          if ((values.get(op.key) ?? null) !== from) ctx.reply(req, { type: 'fail', value: op.value });
          else {
            values.set(op.key, to);
            ctx.reply(req, { type: 'ok', value: op.value });
          }
        }
        reporter.emit({ role: 'leader', era: 1, leader: ctx.id, commit: applied, applied, last: applied, snapIndex: 0, snapEra: 0, eraAt: () => 1 });
      },
    };
  },
};

describe('a protocol brought by a library user', () => {
  const registry = REGISTRY.with([SOLO]);
  const text = 'protocol: solo\nreplicas: 1\nduration: 2s\noptions: { solo: { delay: 3 } }\nnemesis:\n  - { at: 1s, pause: leader, resume-after: 200ms }\n';

  it('loads, validates and runs with every fault and check, without editing the project', () => {
    const plan = parseScenario(text, 'solo.yaml', { registry });
    expect(plan.checks).toEqual(['linearizable', 'liveness', 'election-safety', 'state-machine-safety', 'digest-agreement', 'monotone']);
    const result = run(plan, { protocols: [SOLO], keepTrace: 0 });
    expect(result.verdict).toBe('ok');
    expect(result.faults.some((f) => f.fault.kind === 'pause' && (f.fault as { node: string }).node === 'n1')).toBe(true);
    expect(run({ ...plan, mutants: ['SOLO1'] }, { protocols: [SOLO], keepTrace: 0 }).verdict).toBe('violation');
  });

  it('is unknown to the built-in registry, and its options are checked like any other', () => {
    expect(() => parseScenario(text, 'solo.yaml')).toThrow(/unknown protocol "solo"/);
    expect(() => parseScenario(text.replace('delay: 3', 'delay: -1'), 'solo.yaml', { registry })).toThrow('solo.yaml:4: options.solo.delay: expected a whole number of at least 0');
    const plan = parseScenario(text, 'solo.yaml', { registry });
    expect(() => run(plan)).toThrow(SimConfigError);
    expect(() => REGISTRY.with([SOLO, SOLO])).toThrow("protocol 'solo' is registered twice");
  });
});
