import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ensemble, scratch } from './helpers.js';

describe('ensemble run', () => {
  it('runs the default scenario and writes the run folder', () => {
    const dir = scratch();
    const r = ensemble(['run', '--out', join(dir, 'out'), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ verdict: 'ok', scenario: 'showcase', seed: 42 });
    expect(doc.traceHash).toMatch(/^[0-9a-f]{16}$/);
    for (const key of ['events', 'messages', 'simulatedMs', 'wallMs']) expect(typeof doc.stats[key]).toBe('number');
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['history.jsonl', 'report.html', 'result.json', 'trace.jsonl']);
    const result = JSON.parse(readFileSync(join(dir, 'out', 'result.json'), 'utf8'));
    expect(result.plan.protocol).toBe('raft');
    expect(result.ensembleVersion).toMatch(/^\d+\.\d+\.\d+/);
    // the trace file is what the hash covers
    expect(readFileSync(join(dir, 'out', 'trace.jsonl'), 'utf8').split('\n').length).toBeGreaterThan(1000);
  });

  it('prints a human summary and replays identically', () => {
    const dir = scratch();
    const r = ensemble(['run', 'showcase', '--seed', '7', '--out', join(dir, 'run')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/verdict\s+ok/);
    expect(r.stdout).toMatch(/simulated in/);
    const replay = ensemble(['replay', join(dir, 'run')]);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/^identical: trace [0-9a-f]{16}/);
  });

  it('a replay that differs exits 1 and names the first differing event', () => {
    const dir = scratch();
    ensemble(['run', '--seed', '3', '--out', join(dir, 'run'), '--no-report']);
    const tracePath = join(dir, 'run', 'trace.jsonl');
    const lines = readFileSync(tracePath, 'utf8').split('\n');
    lines[10] = lines[10]!.replace(/"t":\d+/, '"t":123456789');
    writeFileSync(tracePath, lines.join('\n'));
    const r = ensemble(['replay', join(dir, 'run')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('first difference at trace line 11');
  });

  it('bad input: exit 2, one clear message, and nothing written', () => {
    const dir = scratch();
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'protocol: primary-backup\nduration: 10 sec\n');
    const out = join(dir, 'never');
    const r = ensemble(['run', file, '--out', out], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`ensemble: ${file}:2: duration: expected a duration such as 250ms, 1.5s or 2m, found "10 sec"\n`);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual(['bad.yaml']);
  });

  it('refuses a non-empty output folder', () => {
    const dir = scratch();
    mkdirSync(join(dir, 'full'));
    writeFileSync(join(dir, 'full', 'x'), '');
    const r = ensemble(['run', '--out', join(dir, 'full')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the folder exists and is not empty/);
  });

  it('an unknown protocol, mutant, flag or file is bad input', () => {
    expect(ensemble(['run', '--protocol', 'nope']).code).toBe(2);
    expect(ensemble(['run', '--mutant', 'R99']).stderr).toMatch(/has no mutant 'R99'/);
    expect(ensemble(['run', '--frobnicate']).code).toBe(2);
    const missing = ensemble(['run', 'no/such/file.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no\/such\/file\.yaml: cannot read the file \(ENOENT\)/);
    expect(ensemble(['replay', '/nonexistent-folder']).stderr).toMatch(/not a run folder/);
  });
});

describe('ensemble explore and merge', () => {
  it('explores seeds on two workers and merges shards', () => {
    const dir = scratch();
    const a = ensemble(['explore', 'pb-showcase', '--seeds', '6', '--workers', '2', '--shard', '1/2', '--json', '--out', join(dir, 'a')]);
    const b = ensemble(['explore', 'pb-showcase', '--seeds', '6', '--workers', '2', '--shard', '2/2', '--json', '--out', join(dir, 'b')]);
    expect(a.code).toBe(0);
    const da = JSON.parse(a.stdout);
    const db = JSON.parse(b.stdout);
    expect(da).toMatchObject({ seeds: 3, failures: [], unknown: 0, shard: '1/2' });
    expect(db.seeds).toBe(3);
    expect(da.seedsPerSecond).toBeGreaterThan(0);
    const merged = ensemble(['merge', join(dir, 'a'), join(dir, 'b'), '--json']);
    expect(merged.code).toBe(0);
    expect(JSON.parse(merged.stdout)).toMatchObject({ seeds: 6, ok: 6, failures: [] });
  });
});

describe('explore prints commands that outlive it', () => {
  it("a swarm seed's replay command reproduces it, and its folder can move", async () => {
    const dir = scratch();
    const r = ensemble(['explore', 'pb-unsynced-primary', '--seeds', '2', '--swarm', '--workers', '1', '--out', 'found', '--no-report'], dir);
    expect(r.code).toBe(1);
    const seed = readdirSync(join(dir, 'found')).find((f) => f.startsWith('seed-')) as string;
    expect(JSON.parse(readFileSync(join(dir, 'found', 'explore.json'), 'utf8')).failures[0].folder).toBe(seed);
    const saved = JSON.parse(readFileSync(join(dir, 'found', seed, 'result.json'), 'utf8'));
    expect(saved.replay).toBe(`npx ensemble run pb-unsynced-primary --seed ${seed.slice(5)} --swarm --trace messages`);
    renameSync(join(dir, 'found'), join(dir, 'moved'));
    const again = await cli([...saved.replay.split(' ').slice(2), '--json', '--no-report'], dir);
    expect(JSON.parse(again.stdout)).toMatchObject({ traceHash: saved.traceHash, verdict: 'violation' });
    expect((await cli(['replay', join('moved', seed)], dir)).stdout).toMatch(/^identical: /);
    expect(JSON.parse((await cli(['merge', 'moved', '--json'], dir)).stdout).failures[0].folder).toBe(join('moved', seed));
  });

  it('says what it chose when --seeds is not given', () => {
    const dir = scratch();
    writeFileSync(join(dir, 's.yaml'), 'protocol: primary-backup\nseed: 5\nduration: 100ms\nsettle: 50ms\nworkload: { clients: 1, rate: 20/s }\n');
    const r = ensemble(['explore', 's.yaml', '--workers', '1', '--json'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe("explore: 100 seeds, 5..104 (the default --seeds 100, from the scenario's seed 5), on 1 worker, stopping at the first failure");
    expect(JSON.parse(r.stdout)).toMatchObject({ seeds: 100, ok: 100 });
  });
});

describe('ensemble list', () => {
  it('lists protocols, workloads and scenarios as JSON', () => {
    const r = ensemble(['list', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.protocols.map((p: { name: string }) => p.name)).toContain('primary-backup');
    expect(doc.scenarios.map((s: { name: string }) => s.name)).toContain('showcase');
  });
});
