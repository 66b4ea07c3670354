import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Disk } from '../../sim/disk.js';
import { constant, uniform } from '../../sim/latency.js';
import type { Actor, NodeContext } from '../../sim/node.js';
import { World } from '../../sim/world.js';
import { type Received, chattyWorld, recorder } from './helpers.js';

describe('disk', () => {
  it('a crash loses exactly the writes no completed sync covered', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant('sync' as const), fc.integer({ min: 0, max: 99 })), { maxLength: 60 }),
        fc.array(fc.boolean(), { maxLength: 60 }),
        (steps, completes) => {
          const disk = new Disk();
          const written: number[] = [];
          let durable: number[] = [];
          const points: { point: number; upTo: number }[] = [];
          for (const step of steps) {
            if (step === 'sync') points.push({ point: disk.syncPoint(), upTo: written.length });
            else {
              disk.write({ op: 'append', key: 'log', items: [step] });
              written.push(step);
            }
          }
          // complete some syncs (in issue order, as the world does)
          points.forEach((p, i) => {
            if (completes[i]) {
              disk.complete(p.point);
              if (p.upTo > durable.length) durable = written.slice(0, p.upTo);
            }
          });
          expect(disk.log('log')).toEqual(written);
          disk.crash();
          expect(disk.log('log')).toEqual(durable);
          expect(disk.unsyncedWrites).toBe(0);
        },
      ),
    );
  });

  it('through the world: unsynced writes vanish on crash, synced ones survive restart', () => {
    const seen: unknown[] = [];
    const actor = (ctx: NodeContext): Actor => ({
      start() {
        seen.push(ctx.disk.get('v'));
        if (ctx.disk.get('v') === undefined) {
          ctx.disk.put('v', 'synced');
          ctx.disk.sync(() => {
            ctx.disk.put('v', 'unsynced');
            ctx.disk.put('w', 'unsynced too');
          });
        }
      },
      message() {},
      timer() {},
    });
    const w = new World({ seed: 1, replicas: [{ id: 'n1', actor }], disk: { syncLatency: constant(1_000) } });
    w.run(5_000);
    expect(w.disk('n1').get('v')).toBe('unsynced');
    w.crash('n1');
    w.restart('n1');
    expect(seen).toEqual([undefined, 'synced']);
    expect(w.disk('n1').get('w')).toBeUndefined();
  });

  it('a stalled disk completes no sync until the stall ends', () => {
    let durableAt = -1;
    const actor = (ctx: NodeContext): Actor => ({
      start() {
        ctx.setTimer('write', 10_000);
      },
      message() {},
      timer() {
        ctx.disk.put('k', 1);
        ctx.disk.sync(() => (durableAt = ctx.now()));
      },
    });
    const w = new World({ seed: 1, replicas: [{ id: 'n1', actor }], disk: { syncLatency: constant(2_000) } });
    w.at(5_000, () => w.stallDisk('n1', 100_000));
    w.run(1_000_000);
    expect(durableAt).toBe(105_000);
  });
});

describe('pause', () => {
  it('a paused node handles nothing while paused, and everything after', () => {
    const log: Received[] = [];
    const w = chattyWorld(3, log, {}, 5_000, 40);
    w.at(30_000, () => w.pause('n2'));
    w.at(90_000, () => w.resume('n2'));
    w.run(400_000);
    const atN2 = log.filter((r) => r.node === 'n2');
    expect(atN2.filter((r) => r.at > 30_000 && r.at < 90_000)).toHaveLength(0);
    // messages sent to n2 during the pause arrive at resume time
    expect(atN2.filter((r) => r.at === 90_000).length).toBeGreaterThan(5);
    // n2's own timer fired late: its pings resumed after 90ms
    const fromN2 = log.filter((r) => r.from === 'n2' && r.msg.kind === 'ping');
    expect(fromN2.some((r) => r.at > 90_000)).toBe(true);
  });
});

describe('clocks', () => {
  it('a node whose clock runs at half speed fires its timers at twice the true time', () => {
    const fired: { local: number; trueTime: number }[] = [];
    let world!: World;
    const actor = (ctx: NodeContext): Actor => ({
      start() {
        ctx.setTimer('t', 10_000);
      },
      message() {},
      timer() {
        fired.push({ local: ctx.now(), trueTime: world.now });
        ctx.setTimer('t', 10_000);
      },
    });
    world = new World({ seed: 1, replicas: [{ id: 'n1', actor }] });
    world.setClockRate('n1', 0.5);
    world.run(60_000);
    expect(fired.map((f) => f.trueTime)).toEqual([20_000, 40_000, 60_000]);
    expect(fired.map((f) => f.local)).toEqual([10_000, 20_000, 30_000]);
  });

  it('skew shifts what now() reads without moving timers set before it', () => {
    const reads: number[] = [];
    const actor = (ctx: NodeContext): Actor => ({
      start() {
        ctx.setTimer('t', 10_000);
      },
      message() {},
      timer() {
        reads.push(ctx.now());
      },
    });
    const w = new World({ seed: 1, replicas: [{ id: 'n1', actor }] });
    w.at(1_000, () => w.skewClock('n1', 500_000));
    w.run(20_000);
    expect(reads).toEqual([510_000]);
  });
});

describe('message-level control', () => {
  it('holds matching messages and releases them in the chosen order', () => {
    const log: Received[] = [];
    const w = new World({
      seed: 1,
      replicas: ['n1', 'n2'].map((id) => ({ id, actor: recorder(log, { chatterEvery: id === 'n1' ? 1_000 : 0, rounds: 3 }) })),
      network: { latency: constant(100) },
    });
    w.addRule({ id: 'h', match: { from: 'n1', kind: 'ping' }, action: { kind: 'hold', bucket: 'b' } });
    w.run(10_000);
    expect(w.heldCount('b')).toBe(3);
    w.removeRule('h');
    w.release('b', 'lifo');
    w.run(20_000);
    expect(log.filter((r) => r.node === 'n2').map((r) => r.msg.n)).toEqual([3, 2, 1]);
  });

  it('crashes the receiver right after it handles a matching message', () => {
    const log: Received[] = [];
    const w = chattyWorld(3, log, { network: { latency: uniform(100, 200) } }, 1_000, 5);
    w.addRule({ id: 'c', match: { to: 'n3', kind: 'ping' }, action: { kind: 'crash-receiver' }, count: 1 });
    w.run(50_000);
    expect(w.isUp('n3')).toBe(false);
    expect(log.filter((r) => r.node === 'n3')).toHaveLength(1);
  });

  it('forces a timer to fire now', () => {
    const log: Received[] = [];
    const w = chattyWorld(2, log, { network: { latency: constant(10) } }, 1_000_000, 1);
    w.run(100);
    w.fireTimer('n1', 'chatter');
    w.run(200);
    expect(log.filter((r) => r.node === 'n2' && r.msg.kind === 'ping')).toHaveLength(1);
  });
});

describe('bad input to the kernel', () => {
  const make = () => chattyWorld(3, []);
  it('names the unknown node', () => {
    expect(() => make().crash('n9')).toThrow(/unknown node 'n9'/);
    expect(() => make().partition([['n1'], ['n7']])).toThrow(/partition group 2: unknown node 'n7'/);
  });
  it('refuses overlapping partition groups', () => {
    expect(() => make().partition([['n1', 'n2'], ['n2', 'n3']])).toThrow(/'n2' is in group 1 and group 2/);
  });
  it('refuses negative latency and probabilities out of range', () => {
    expect(() => chattyWorld(2, [], { network: { latency: uniform(-5, 10) } })).toThrow(/network.latency: min must be a non-negative time, got -5/);
    expect(() => chattyWorld(2, [], { network: { drop: 1.5 } })).toThrow(/network.drop: expected a probability between 0 and 1, got 1.5/);
  });
  it('refuses duplicate node ids', () => {
    expect(() => new World({ seed: 1, replicas: [{ id: 'a', actor: recorder([]) }, { id: 'a', actor: recorder([]) }] })).toThrow(/'a' is used twice/);
  });
});

describe('disk latency changes', () => {
  it('a disk that gets faster drains syncs already queued; one that gets slower keeps its promises', () => {
    const done: number[] = [];
    let world!: World;
    const actor = (ctx: NodeContext): Actor => ({
      start() {
        ctx.setTimer('w', 1_000);
      },
      message() {},
      timer() {
        ctx.disk.put('k', 1);
        ctx.disk.sync(() => done.push(world.now));
      },
    });
    world = new World({ seed: 1, replicas: [{ id: 'n1', actor }], disk: { syncLatency: constant(500_000) } });
    world.at(2_000, () => world.setDiskLatency('n1', constant(10_000)));
    world.run(1_000_000);
    // issued at 1ms with 500ms latency; the disk got fast at 2ms: done at 12ms, not 501ms
    expect(done).toEqual([12_000]);

    const later: number[] = [];
    const slow = new World({
      seed: 1,
      replicas: [{ id: 'n1', actor: (ctx) => ({ start() { ctx.disk.put('k', 1); ctx.disk.sync(() => later.push(slow.now)); }, message() {}, timer() {} }) }],
      disk: { syncLatency: constant(5_000) },
    });
    slow.at(1_000, () => slow.setDiskLatency('n1', constant(900_000)));
    slow.run(1_000_000);
    expect(later).toEqual([5_000]);
  });
});

describe('runaway runs', () => {
  it('a message storm stops the world at the pending-event bound instead of exhausting memory', () => {
    const storm = (ctx: NodeContext): Actor => ({
      start() {
        for (const p of ctx.peers) ctx.send(p, { kind: 'echo' });
      },
      // every message begets two: the queue doubles each round trip
      message(from) {
        ctx.send(from, { kind: 'echo' });
        ctx.send(from, { kind: 'echo' });
      },
      timer() {},
    });
    const w = new World({ seed: 1, replicas: ['n1', 'n2'].map((id) => ({ id, actor: storm })), maxPendingEvents: 10_000, trace: { level: 'none' } });
    w.run(10_000_000);
    expect(w.runaway).toBeDefined();
    expect(w.runaway!.pending).toBeGreaterThan(10_000);
    expect(w.now).toBeLessThan(10_000_000);
  });
});
