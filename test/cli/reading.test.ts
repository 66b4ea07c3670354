/**
 * Reading a run as a new user does (issue 18): the summary leads to the evidence, counts mean one
 * thing everywhere, every printed command works, names never become paths, every verb keeps the
 * `--json` contract, and the small things a person trips over. The CLI runs in-process from
 * source (`cli` in helpers.ts), in a scratch working folder.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { folderName } from '../../cli/output.js';
import { parseScenario } from '../../scenarios/load.js';
import { run } from '../../scenarios/run.js';
import { ROOT, cli, scratch } from './helpers.js';

/** A short primary-backup scenario in `dir`, with `extra` lines. */
function scenario(dir: string, name: string, extra = ''): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, `protocol: primary-backup\nduration: 400ms\nsettle: 200ms\nworkload: { clients: 2, rate: 50/s }\n${extra}`);
  return file;
}

function json(text: string): Record<string, any> {
  const lines = text.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0] as string);
}

describe('the summary leads to the evidence', () => {
  it('prints the report path and the failing operation with its client and virtual time; JSON labels its units', async () => {
    const dir = scratch();
    const r = await cli(['run', 'pb-unsynced-primary', '--out', 'out'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\n {2}report {4}out\/report\.html {2}\(open it in a browser; v jumps to the violation\)\n/);
    // the op the checker could not place: client, process, what it did, when, and its history index
    expect(r.stdout).toMatch(/\n {14}c\d+ \(process \d+\): read → \d+ on k\d, called at \d+\.\d{3} ms, returned at \d+\.\d{3} ms \(history op \d+\)\n/);
    const saved = JSON.parse(readFileSync(join(dir, 'out', 'result.json'), 'utf8'));
    expect(saved.units.time).toMatch(/^microseconds of virtual time/);
    const op = saved.violations[0].evidence.failingOp;
    expect(op).toMatchObject({ client: expect.stringMatching(/^c\d+$/), process: expect.any(Number), historyIndex: expect.any(Number), calledAt: expect.any(Number) });
    // the history names the same client for that op, so its lane is the one to look at
    const history = readFileSync(join(dir, 'out', 'history.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(history[op.historyIndex]).toMatchObject({ index: op.historyIndex, client: op.client, process: op.process, time: op.calledAt });
    const doc = json((await cli(['run', 'pb-unsynced-primary', '--json', '--no-report', '--out', 'again'], dir)).stdout);
    expect(doc.units).toEqual(saved.units);
    expect(doc.violations[0].evidence.failingOp).toEqual(op);
    expect(doc.report).toBeNull();
  });
});

describe('fault counts', () => {
  it('count the faults a scenario lists, and show the end-of-run undo apart', async () => {
    const dir = scratch();
    scenario(dir, 'parts', 'nemesis:\n  - { at: 100ms, partition: [[n1], [n2, n3]] }\n  - { at: 200ms, heal: all }\n  - { at: 300ms, partition: [[n2], [n1, n3]] }\n');
    const r = await cli(['run', 'parts.yaml', '--out', 'o'], dir);
    expect(r.stdout).toContain('  faults    3  (partition ×2, heal)\n');
    expect(r.stdout).toContain('            then at 400ms the end of the faults undid what still stood: heal\n');
    expect(r.stdout).not.toMatch(/disk-latency|clock-rate/);
    const saved = JSON.parse(readFileSync(join(dir, 'o', 'result.json'), 'utf8'));
    expect(saved.stats).toMatchObject({ faults: 3, undone: 1 });
    expect(saved.faults.map((f: { fault: { kind: string } }) => f.fault.kind)).toEqual(['partition', 'heal', 'partition']);
    expect(saved.undone).toEqual([{ at: 400_000, fault: { kind: 'heal' } }]);
  });

  it('keep the record replayable: the faults, run again as a script, give the same trace', async () => {
    const plan = parseScenario(readFileSync(join(ROOT, 'scenarios', 'pb-unsynced-primary.yaml'), 'utf8'), 'pb');
    const small = { ...plan, duration: 3_000_000, settle: { length: 500_000, grace: 200_000 } };
    const first = run(small, { keepTrace: 0 });
    const again = run({ ...small, nemesis: { script: first.faults } }, { keepTrace: 0 });
    expect(again.traceHash).toBe(first.traceHash);
    expect(again.faults).toEqual(first.faults);
    expect(again.undone).toEqual(first.undone);
  });

  it('say nothing was undone when nothing stood', async () => {
    const dir = scratch();
    scenario(dir, 'healed', 'nemesis:\n  - { at: 100ms, crash: n2, restart-after: 50ms }\n');
    const r = await cli(['run', 'healed.yaml', '--out', 'o', '--no-report'], dir);
    expect(r.stdout).toContain('  faults    2  (crash n2, restart n2)\n');
    expect(r.stdout).not.toContain('undid');
  });
});

describe('leaders', () => {
  it('are said truly for a protocol with a fixed primary and for one that elects', async () => {
    const dir = scratch();
    scenario(dir, 'pb', '');
    expect((await cli(['run', 'pb.yaml', '--out', 'a', '--no-report'], dir)).stdout).toContain('  leader    n1 throughout, in one view\n');
    const raft = await cli(['run', 'raft-leader-isolated', '--out', 'b', '--no-report'], dir);
    expect(raft.stdout).toMatch(/\n {2}leaders {3}\d+ times a replica became leader, over \d+ terms \(n\d(, n\d)*\)\n/);
  });
});

describe('a scenario name is never a path', () => {
  it('keeps the run folder under runs/ whatever the name says', async () => {
    const dir = scratch();
    scenario(dir, 'evil', 'name: "../../../../tmp/evil"\n');
    const r = await cli(['run', 'evil.yaml', '--no-report'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  output    runs/tmp-evil-1\n');
    expect(readdirSync(dir).sort()).toEqual(['evil.yaml', 'runs']);
    expect(readdirSync(join(dir, 'runs'))).toEqual(['tmp-evil-1']);
    scenario(dir, 'dots', 'name: ".."\n');
    expect((await cli(['run', 'dots.yaml', '--no-report'], dir)).stdout).toContain('  output    runs/run-1\n');
    // a second run of the same name gets -2
    expect((await cli(['run', 'dots.yaml', '--no-report'], dir)).stdout).toContain('  output    runs/run-1-2\n');
  });

  it('is made one safe folder name, whatever it holds', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (name) => {
        const f = folderName(name);
        expect(f).toMatch(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,79}$/);
        expect(f).not.toContain('..');
      }),
      { numRuns: 500 },
    );
  });
});

describe('every verb keeps the --json contract', () => {
  const ERROR = { error: { code: 'bad-input', message: expect.any(String) }, exitCode: 2 };

  it.each([
    ['run with a bad scenario', ['run', 'bad.yaml', '--json']],
    ['run with an unknown scenario', ['run', 'nosuch', '--json']],
    ['run with a bad flag value', ['run', '--seed', 'x', '--json']],
    ['run with an unknown flag', ['run', '--frobnicate', '--json']],
    ['explore with an unknown scenario', ['explore', 'nosuch', '--json']],
    ['replay of a missing folder', ['replay', 'nowhere', '--json']],
    ['shrink of a missing folder', ['shrink', 'nowhere', '--json']],
    ['view of a missing folder', ['view', 'nowhere', '--json']],
    ['merge of a missing shard', ['merge', 'nowhere', '--json']],
    ['check of a missing file', ['check', 'nowhere.jsonl', '--model', 'kv', '--json']],
    ['list with an unknown flag', ['list', '--frobnicate', '--json']],
  ])('%s: one error document on stdout, exit 2', async (_what, args) => {
    const dir = scratch();
    writeFileSync(join(dir, 'bad.yaml'), 'protocol: primary-backup\nduration: 10 sec\n');
    const r = await cli(args, dir);
    expect(r.code).toBe(2);
    expect(json(r.stdout)).toEqual(ERROR);
    expect(r.stderr).not.toBe('');
  });
});

describe('small things', () => {
  it('an unknown scenario name suggests the nearest', async () => {
    const r = await cli(['run', 'showcas'], scratch());
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("ensemble: unknown scenario 'showcas': did you mean showcase or pb-showcase? (give a shipped scenario's name, listed by ensemble list, or a path to a .yaml file)\n");
  });

  it('a --mutant from the command line is not blamed on a line of the scenario', async () => {
    const r = await cli(['run', 'showcase', '--mutant', 'R99'], scratch());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ensemble: --mutant R99: protocol 'raft' .*has no mutant 'R99' \(.*\) \(scenario showcase\)\n$/);
    // a mutant the file names still points at the file's line
    const dir = scratch();
    scenario(dir, 'm', 'mutants: [R99]\n');
    expect((await cli(['run', 'm.yaml'], dir)).stderr).toMatch(/^ensemble: m\.yaml:5: mutants\[0\]: /);
    // nor is a --trace level too low for the scenario's checks
    expect((await cli(['run', 'showcase', '--trace', 'none'], dir)).stderr).toBe("ensemble: --trace none: check 'election-safety' reads the trace, which level 'none' does not record (use state or higher, or leave the check out) (scenario showcase)\n");
  });

  it('replay says what differs when the saved trace file was edited but the hash matches the run', async () => {
    const dir = scratch();
    scenario(dir, 's', '');
    await cli(['run', 's.yaml', '--out', 'r', '--no-report'], dir);
    const trace = join(dir, 'r', 'trace.jsonl');
    const lines = readFileSync(trace, 'utf8').split('\n');
    lines[3] = lines[3]!.replace(/"t":\d+/, '"t":1');
    writeFileSync(trace, lines.join('\n'));
    const r = await cli(['replay', 'r'], dir);
    expect(r.code).toBe(1);
    const hash = JSON.parse(readFileSync(join(dir, 'r', 'result.json'), 'utf8')).traceHash;
    expect(r.stdout.split('\n')[0]).toBe(`DIFFERENT: the replay has the trace hash result.json saved (${hash}), but r/trace.jsonl does not match it: the saved trace file was changed after the run`);
    expect(r.stdout).toContain('first difference at trace line 4');
    expect(json((await cli(['replay', 'r', '--json'], dir)).stdout)).toMatchObject({ identical: false, differs: 'trace-file' });
  });

  it('an output path that cannot be used is bad input, not an internal error', async () => {
    const dir = scratch();
    scenario(dir, 's', '');
    writeFileSync(join(dir, 'afile'), '');
    expect((await cli(['run', 's.yaml', '--out', 'afile'], dir)).stderr).toBe('ensemble: --out afile: a file is there; give a folder (created if missing, or empty)\n');
    await cli(['run', 's.yaml', '--out', 'r', '--no-report'], dir);
    expect(await cli(['view', 'r', '--out', 'r'], dir)).toMatchObject({ code: 2, stderr: 'ensemble: --out r: is a folder; give the page\'s file name\n' });
    expect(await cli(['view', 'r', '--out', 'no/such/dir/p.html'], dir)).toMatchObject({ code: 2, stderr: expect.stringMatching(/^ensemble: cannot write .*p\.html: ENOENT\n$/) });
    expect(await cli(['shrink', 'r', '--out', 'no/such/dir/s.yaml'], dir)).toMatchObject({ code: 2, stderr: 'ensemble: --out no/such/dir/s.yaml: no folder no/such/dir to write it in\n' });
  });

  it('view says what it wrote', async () => {
    const dir = scratch();
    scenario(dir, 's', '');
    await cli(['run', 's.yaml', '--out', 'r', '--no-report'], dir);
    const r = await cli(['view', 'r'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote r\/report\.html: the viewer page of s, seed 1 \(ok; [\d,]+ events, [\d,]+ history entries\)\. Open it in a browser\.\n$/);
    expect(existsSync(join(dir, 'r', 'report.html'))).toBe(true);
    expect(json((await cli(['view', 'r', '--out', 'v.html', '--json'], dir)).stdout)).toMatchObject({ report: 'v.html', scenario: 's', seed: 1, verdict: 'ok' });
  });
});
