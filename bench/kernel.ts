import { uniform } from '../sim/latency.js';
import type { Actor, Message, NodeContext } from '../sim/node.js';
import { EventQueue } from '../sim/queue.js';
import { Rng } from '../sim/rng.js';
import type { TraceLevel } from '../sim/trace.js';
import { World } from '../sim/world.js';

interface Ball extends Message {
  readonly kind: 'ping' | 'pong';
}

/** Each node keeps `inFlight` pings going to random peers; every pong triggers the next ping. */
function pingPonger(inFlight: number) {
  return (ctx: NodeContext<Ball>): Actor<Ball> => {
    const peers = ctx.peers;
    const pick = () => peers[Math.floor(ctx.random() * peers.length)]!;
    return {
      start() {
        for (let i = 0; i < inFlight; i++) ctx.send(pick(), { kind: 'ping' });
      },
      message(from, msg) {
        if (msg.kind === 'ping') ctx.send(from, { kind: 'pong' });
        else ctx.send(pick(), { kind: 'ping' });
      },
      timer() {},
    };
  };
}

export interface PingPongFigures {
  readonly nodes: number;
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly traceLevel: TraceLevel;
}

export function pingPong(nodes: number, simulatedSeconds: number, traceLevel: TraceLevel): PingPongFigures {
  const world = new World({
    seed: 1,
    replicas: Array.from({ length: nodes }, (_, i) => ({ id: `n${i + 1}`, actor: pingPonger(4) })),
    network: { latency: uniform(1_000, 10_000) },
    trace: { level: traceLevel, keep: 0 },
  });
  const started = performance.now(); // wall-clock: benchmark timing
  world.run(simulatedSeconds * 1_000_000);
  const seconds = (performance.now() - started) / 1000; // wall-clock: benchmark timing
  const events = world.stats.events;
  return { nodes, events, seconds, eventsPerSecond: events / seconds, traceLevel };
}

/** The same number of events through the bare queue: the ceiling the kernel is measured against. */
export function bareQueue(events: number): { events: number; seconds: number; eventsPerSecond: number } {
  const rng = Rng.fromSeed(1);
  const q = new EventQueue<{ time: number; seq: number }>();
  const live = 20 * 4;
  let now = 0;
  for (let i = 0; i < live; i++) q.push({ time: rng.int(1_000, 10_000), seq: 0 });
  const started = performance.now(); // wall-clock: benchmark timing
  for (let i = 0; i < events; i++) {
    const e = q.pop()!;
    now = e.time;
    q.push({ time: now + rng.int(1_000, 10_000), seq: 0 });
  }
  const seconds = (performance.now() - started) / 1000; // wall-clock: benchmark timing
  return { events, seconds, eventsPerSecond: events / seconds };
}

export async function benchKernel(): Promise<Record<string, unknown>> {
  pingPong(20, 5, 'none'); // warm up the JIT
  const runs = [1, 2, 3].map(() => pingPong(20, 60, 'none'));
  const best = runs.reduce((a, b) => (a.eventsPerSecond > b.eventsPerSecond ? a : b));
  const bare = [1, 2, 3].map(() => bareQueue(best.events)).reduce((a, b) => (a.eventsPerSecond > b.eventsPerSecond ? a : b));
  const traced = pingPong(20, 20, 'messages');
  return {
    pingPong: { nodes: best.nodes, events: best.events, eventsPerSecond: Math.round(best.eventsPerSecond), wallSeconds: round(best.seconds) },
    bareQueue: { events: bare.events, eventsPerSecond: Math.round(bare.eventsPerSecond) },
    ratio: round(bare.eventsPerSecond / best.eventsPerSecond),
    pingPongTracedMessages: { events: traced.events, eventsPerSecond: Math.round(traced.eventsPerSecond) },
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
