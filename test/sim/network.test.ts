import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uniform } from '../../sim/latency.js';
import type { Actor, Message, NodeContext, NodeId } from '../../sim/node.js';
import { World } from '../../sim/world.js';
import { ids } from './helpers.js';

interface Stamped extends Message {
  readonly kind: 'stamped';
  readonly sentAt: number;
}
interface Delivery {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly sentAt: number;
  readonly at: number;
}

/** Every node sends a stamped message to every peer every `every` µs. */
function broadcaster(log: Delivery[], every: number) {
  return (ctx: NodeContext<Stamped>): Actor<Stamped> => ({
    start() {
      ctx.setTimer('tick', every);
    },
    message(from, msg) {
      log.push({ from, to: ctx.id, sentAt: msg.sentAt, at: ctx.now() });
    },
    timer() {
      for (const p of ctx.peers) ctx.send(p, { kind: 'stamped', sentAt: ctx.now() });
      ctx.setTimer('tick', every);
    },
  });
}

function world(n: number, log: Delivery[], network = {}, seed = 1): World {
  return new World({
    seed,
    replicas: ids(n).map((id) => ({ id, actor: broadcaster(log, 2_000) })),
    network: { latency: uniform(500, 8_000), ...network },
  });
}

describe('partitions', () => {
  it('nothing crosses a cut while it stands, including messages in flight when it began', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 6 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 5_000, max: 40_000 }),
        fc.integer({ min: 5_000, max: 40_000 }),
        (n, seed, start, length) => {
          const log: Delivery[] = [];
          const w = world(n, log, {}, seed);
          const nodes = ids(n);
          const split = 1 + (seed % (n - 1));
          const groups = [nodes.slice(0, split), nodes.slice(split)];
          const side = (id: NodeId) => (groups[0]!.includes(id) ? 0 : 1);
          w.at(start, () => w.partition(groups));
          w.at(start + length, () => w.heal());
          w.run(start + length + 50_000);
          const crossing = log.filter((d) => side(d.from) !== side(d.to));
          for (const d of crossing) {
            const inFlightAtCut = d.sentAt < start && d.at >= start;
            const duringCut = d.at >= start && d.at <= start + length;
            expect(inFlightAtCut || duringCut).toBe(false);
          }
          // and the partition healed: crossing traffic resumed afterwards
          expect(crossing.some((d) => d.sentAt > start + length)).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('a one-way cut blocks only its direction', () => {
    const log: Delivery[] = [];
    const w = world(3, log);
    w.at(0, () => w.cut(['n1'], ['n2'], true));
    w.run(200_000);
    expect(log.filter((d) => d.from === 'n1' && d.to === 'n2')).toHaveLength(0);
    expect(log.filter((d) => d.from === 'n2' && d.to === 'n1').length).toBeGreaterThan(50);
    expect(log.filter((d) => d.from === 'n1' && d.to === 'n3').length).toBeGreaterThan(50);
  });

  it('a node in no group bridges the sides', () => {
    const log: Delivery[] = [];
    const w = world(3, log);
    w.at(0, () => w.partition([['n1'], ['n3']]));
    w.run(100_000);
    const pairs = new Set(log.map((d) => `${d.from}>${d.to}`));
    expect(pairs.has('n1>n3') || pairs.has('n3>n1')).toBe(false);
    for (const p of ['n1>n2', 'n2>n1', 'n3>n2', 'n2>n3']) expect(pairs.has(p)).toBe(true);
  });
});

describe('loss and duplication', () => {
  const sentCount = (w: World) => w.stats.messagesSent;

  it('drops messages at the configured rate', () => {
    const log: Delivery[] = [];
    const w = world(4, log, { drop: 0.2 });
    w.run(2_000_000);
    const sent = sentCount(w);
    expect(sent).toBeGreaterThan(10_000);
    const rate = 1 - log.length / sent;
    // binomial sd at n=12000, p=0.2 is ~0.004: 5 sd
    expect(Math.abs(rate - 0.2)).toBeLessThan(0.02);
  });

  it('duplicates messages at the configured rate', () => {
    const log: Delivery[] = [];
    const w = world(4, log, { duplicate: 0.1 });
    w.run(2_000_000);
    const extra = log.length / sentCount(w) - 1;
    expect(Math.abs(extra - 0.1)).toBeLessThan(0.015);
  });

  it('reorders only when asked, and FIFO links never reorder', () => {
    const order = (network: object) => {
      const log: Delivery[] = [];
      const w = world(2, log, { latency: uniform(1_000, 1_000), ...network });
      w.run(1_000_000);
      let inversions = 0;
      const fromN1 = log.filter((d) => d.from === 'n1');
      for (let i = 1; i < fromN1.length; i++) if (fromN1[i]!.sentAt < fromN1[i - 1]!.sentAt) inversions++;
      return inversions;
    };
    expect(order({})).toBe(0);
    expect(order({ reorder: 0.3 })).toBeGreaterThan(10);
    expect(order({ reorder: 0.3, fifo: true, latency: uniform(100, 5_000) })).toBe(0);
  });
});
