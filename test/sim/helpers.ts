import type { Actor, Message, NodeContext, NodeId } from '../../sim/node.js';
import { World, type WorldOptions } from '../../sim/world.js';

/** A message with a counter, for kernel tests. */
export interface Ping extends Message {
  readonly kind: 'ping' | 'pong';
  readonly n: number;
}

export interface Received {
  readonly at: number;
  readonly node: NodeId;
  readonly from: NodeId;
  readonly msg: Ping;
}

/**
 * A test actor that records every message it gets, answers pings with pongs, and (if told to)
 * sends pings to every peer on a timer.
 */
export function recorder(log: Received[], options: { chatterEvery?: number; rounds?: number } = {}) {
  return (ctx: NodeContext<Ping>): Actor<Ping> => {
    let round = 0;
    return {
      start() {
        if (options.chatterEvery) ctx.setTimer('chatter', options.chatterEvery);
      },
      message(from, msg) {
        log.push({ at: ctx.now(), node: ctx.id, from, msg });
        if (msg.kind === 'ping') ctx.send(from, { kind: 'pong', n: msg.n });
      },
      timer() {
        if (!options.chatterEvery || round >= (options.rounds ?? Infinity)) return;
        round++;
        for (const p of ctx.peers) ctx.send(p, { kind: 'ping', n: round });
        ctx.setTimer('chatter', options.chatterEvery);
      },
    };
  };
}

export function ids(n: number, prefix = 'n'): NodeId[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
}

export function chattyWorld(n: number, log: Received[], extra: Partial<WorldOptions> = {}, every = 5_000, rounds = 20): World {
  return new World({
    seed: 1,
    replicas: ids(n).map((id) => ({ id, actor: recorder(log, { chatterEvery: every, rounds }) })),
    ...extra,
  });
}
