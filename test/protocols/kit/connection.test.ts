/**
 * The connection layer (protocols/kit/connection.ts): unit tests of one end at a time with the
 * kit's FakeContext (the test carries messages between the two ends, dropping, duplicating and
 * reordering them by hand), then two actors over a world whose network loses, duplicates and
 * reorders messages while the receiver crashes and restarts.
 */
import { describe, expect, it } from 'vitest';
import { type BreakReason, type ConnectionMessage, type ConnectionOptions, Connections, type Segment } from '../../../protocols/kit/connection.js';
import { ConnectionOutbox } from '../../../protocols/kit/connection-outbox.js';
import { FakeContext } from '../../../protocols/kit/fake-context.js';
import { uniform } from '../../../sim/latency.js';
import type { Actor, Message, NodeContext, NodeId } from '../../../sim/node.js';
import { World } from '../../../sim/world.js';

interface Data extends Message {
  readonly kind: 'test.data';
  readonly n: number;
}

const ms = (n: number): number => n * 1_000;
const data = (n: number): Data => ({ kind: 'test.data', n });

/** One end: its fake context, its connections, and what it heard. */
class End {
  readonly ctx: FakeContext<ConnectionMessage<Data>>;
  readonly conns: Connections<Data>;
  readonly delivered: { from: NodeId; n: number }[] = [];
  readonly breaks: { peer: NodeId; reason: BreakReason }[] = [];
  readonly opened: NodeId[] = [];
  refuse = false;

  constructor(id: NodeId, options: Partial<ConnectionOptions> = {}, seed = 1) {
    this.ctx = new FakeContext({ id, seed });
    this.conns = new Connections<Data>(this.ctx, { channel: 'test', reorderWindow: ms(20), timeout: Infinity, keepAlive: Infinity, ...options }, {
      deliver: (from, body) => this.delivered.push({ from, n: body.n }),
      broken: (peer, reason) => this.breaks.push({ peer, reason }),
      accept: () => !this.refuse,
      opened: (peer) => this.opened.push(peer),
    });
  }

  /** The messages sent since the last call, for the other end. */
  out(): ConnectionMessage<Data>[] {
    const sent = this.ctx.sent().map((s) => s.msg);
    this.ctx.take();
    return sent;
  }

  feed(from: NodeId, msgs: readonly ConnectionMessage<Data>[]): void {
    for (const m of msgs) this.conns.receive(from, m);
  }

  /** Moves the clock and fires the channel's timer if it is due. */
  wait(millis: number): void {
    this.ctx.advance(ms(millis));
    const due = this.ctx.timers.get(this.conns.timer);
    if (due !== undefined && due <= this.ctx.now()) {
      this.ctx.timers.delete(this.conns.timer);
      this.conns.timerFired(this.conns.timer);
    }
  }

  get ns(): number[] {
    return this.delivered.map((d) => d.n);
  }
}

/** `a` opens a connection to `b` and sends 1..count; returns what went on the wire. */
function opened(a: End, b: End, count: number): ConnectionMessage<Data>[] {
  a.conns.connect(b.ctx.id);
  for (let n = 1; n <= count; n++) expect(a.conns.send(b.ctx.id, data(n))).toBe(true);
  return a.out();
}

describe('a connection, one end at a time', () => {
  it('delivers in order, once, with the layer header around the payload kind', () => {
    const a = new End('a');
    const b = new End('b');
    const wire = opened(a, b, 3);
    expect(wire.map((m) => m.kind)).toEqual(['conn.open', 'test.data', 'test.data', 'test.data']);
    expect(wire.map((m) => (m as Segment).seq)).toEqual([1, 2, 3, 4]);
    b.feed('a', [...wire, ...wire]);
    expect(b.ns).toEqual([1, 2, 3]);
    expect(b.opened).toEqual(['a']);
    // The answer carries the acknowledgement.
    b.conns.send('a', data(10));
    const back = b.out();
    expect(back).toHaveLength(1);
    expect((back[0] as Segment).ack).toBe(4);
    a.feed('b', back);
    expect(a.ns).toEqual([10]);
  });

  it('waits for a late segment within the reorder window, then delivers in order', () => {
    const a = new End('a');
    const b = new End('b');
    const [open, one, two, three] = opened(a, b, 3);
    b.feed('a', [three!, one!, open!]);
    expect(b.ns).toEqual([1]);
    b.wait(10);
    b.feed('a', [two!]);
    expect(b.ns).toEqual([1, 2, 3]);
    b.wait(50);
    expect(b.breaks).toEqual([]);
  });

  it('delivers segments that overtook the opening once it arrives', () => {
    const a = new End('a');
    const b = new End('b');
    const [open, ...rest] = opened(a, b, 2);
    b.feed('a', rest);
    expect(b.ns).toEqual([]);
    b.feed('a', [open!]);
    expect(b.ns).toEqual([1, 2]);
  });

  it('breaks at the receiver when a gap stays open, and tells the sender', () => {
    const a = new End('a');
    const b = new End('b');
    const [open, one, , three] = opened(a, b, 3);
    b.feed('a', [open!, one!, three!]);
    b.wait(25);
    expect(b.ns).toEqual([1]);
    expect(b.breaks).toEqual([{ peer: 'a', reason: 'gap' }]);
    const reset = b.out();
    expect(reset.map((m) => m.kind)).toEqual(['conn.reset']);
    a.feed('b', reset);
    expect(a.breaks).toEqual([{ peer: 'b', reason: 'reset' }]);
    expect(a.conns.isOpen('b')).toBe(false);
  });

  it('breaks at the sender when nothing is acknowledged for the timeout', () => {
    const a = new End('a', { timeout: ms(100) });
    const b = new End('b', { timeout: ms(100) });
    b.feed('a', opened(a, b, 2));
    b.out(); // the acknowledgements are lost
    a.wait(60);
    expect(a.breaks).toEqual([]);
    a.wait(50);
    expect(a.breaks).toEqual([{ peer: 'b', reason: 'silence' }]);
  });

  it('owes and sends an acknowledgement, and keeps an idle connection alive', () => {
    const a = new End('a', { timeout: ms(100), keepAlive: ms(30) });
    const b = new End('b', { timeout: ms(100), keepAlive: ms(30) });
    b.feed('a', opened(a, b, 2));
    for (let i = 0; i < 20; i++) {
      a.wait(10);
      b.wait(10);
      b.feed('a', a.out());
      a.feed('b', b.out());
    }
    expect(a.breaks).toEqual([]);
    expect(b.breaks).toEqual([]);
    expect(b.ns).toEqual([1, 2]);
  });

  it('breaks an unacknowledged connection even while pings arrive', () => {
    const a = new End('a', { timeout: ms(100), keepAlive: ms(30) });
    const b = new End('b', { timeout: ms(100), keepAlive: ms(30) });
    const [open, one] = opened(a, b, 1);
    b.feed('a', [open!]); // the data segment is lost; nothing after it reveals the gap
    for (let i = 0; i < 12 && a.breaks.length === 0; i++) {
      a.wait(10);
      b.wait(10);
      a.feed('b', b.out().filter((m) => m.kind === 'conn.ping'));
      a.out();
    }
    expect(one).toBeDefined();
    expect(a.breaks).toEqual([{ peer: 'b', reason: 'unacknowledged' }]);
  });

  it('a refused opening is reset', () => {
    const a = new End('a');
    const b = new End('b');
    b.refuse = true;
    b.feed('a', opened(a, b, 1));
    expect(b.ns).toEqual([]);
    a.feed('b', b.out());
    expect(a.breaks).toEqual([{ peer: 'b', reason: 'reset' }]);
  });

  it('a reconnection is a new stream: the old one is never delivered again', () => {
    const a = new End('a');
    const b = new End('b');
    const first = opened(a, b, 2);
    b.feed('a', first.slice(0, 2));
    const second = opened(a, b, 2); // closes the first (a reset goes out), opens anew
    expect(second[0]!.kind).toBe('conn.reset');
    b.feed('a', second);
    b.feed('a', first.slice(2)); // the first connection's late segment
    expect(b.ns).toEqual([1, 1, 2]);
    expect(b.out().map((m) => m.kind)).toEqual(['conn.reset']);
  });

  it('a restarted end never accepts its previous incarnation’s connection', () => {
    const a = new End('a');
    const b = new End('b');
    const wire = opened(a, b, 3);
    b.feed('a', wire.slice(0, 2));
    const reborn = new End('b', {}, 2); // same id, new incarnation: no state
    reborn.feed('a', wire.slice(2));
    reborn.wait(25);
    expect(reborn.ns).toEqual([]);
    const answer = reborn.out();
    expect(answer.map((m) => m.kind)).toEqual(['conn.reset']);
    a.feed('b', answer);
    expect(a.breaks).toEqual([{ peer: 'b', reason: 'reset' }]);
  });

  it('with larger-opens, the smaller end calls and the larger opens: both end on one connection', () => {
    const pairing = { pairing: 'larger-opens' as const };
    const a = new End('a', pairing, 3);
    const b = new End('b', pairing, 4);
    a.conns.connect('b'); // a < b: a call, no connection yet
    expect(a.conns.isOpen('b')).toBe(false);
    b.conns.connect('a'); // at the same time, b opens
    const call = a.out();
    expect(call.map((m) => m.kind)).toEqual(['conn.call']);
    b.feed('a', call); // b had one already: the caller did not know it, so b opens afresh
    expect(b.breaks).toEqual([{ peer: 'a', reason: 'replaced' }]);
    expect(b.opened).toEqual(['a']);
    const opens = b.out();
    expect(opens.map((m) => m.kind)).toEqual(['conn.open', 'conn.open']);
    a.feed('b', opens);
    expect(a.opened).toEqual(['b', 'b']);
    a.conns.send('b', data(1));
    b.conns.send('a', data(2));
    b.feed('a', a.out());
    a.feed('b', b.out());
    expect([a.ns, b.ns]).toEqual([[2], [1]]);
    expect(a.conns.post('b', data(0))!.conn).toBe(b.conns.post('a', data(0))!.conn);
  });

  it('with larger-opens, a restarted smaller end gets a fresh connection, and the stale one is never delivered', () => {
    const pairing = { pairing: 'larger-opens' as const };
    const a = new End('a', pairing, 3);
    const b = new End('b', pairing, 4);
    b.conns.connect('a');
    a.feed('b', b.out());
    const reborn = new End('a', pairing, 5);
    reborn.conns.connect('b');
    b.feed('a', reborn.out());
    const fresh = b.out();
    expect(fresh.map((m) => m.kind)).toEqual(['conn.open']); // no reset: nothing to reset at the caller
    reborn.feed('b', fresh);
    b.conns.send('a', data(7));
    reborn.feed('b', b.out());
    expect(reborn.ns).toEqual([7]);
  });
});

describe('persist before send, in order, per connection', () => {
  it('a message that needs nothing waits behind one held for an fsync', () => {
    const a = new End('a');
    const post = new ConnectionOutbox(a.ctx, [a.conns]);
    a.conns.connect('b');
    a.out();
    a.ctx.disk.put('x', 1);
    post.send(a.conns, 'b', data(1), 'all');
    post.send(a.conns, 'b', data(2), 'none');
    expect(a.out()).toEqual([]);
    post.outbox.flush((f) => f(), () => {});
    a.ctx.completeSyncs();
    const wire = a.out() as Segment<Data>[];
    expect(wire.map((m) => [m.body.n, m.seq])).toEqual([
      [1, 2],
      [2, 3],
    ]);
  });

  it('a held message is dropped if its connection is gone when the write is durable', () => {
    const a = new End('a');
    const post = new ConnectionOutbox(a.ctx, [a.conns]);
    a.conns.connect('b');
    a.ctx.disk.put('x', 1);
    post.send(a.conns, 'b', data(1), 'all');
    a.conns.connect('b'); // a new connection before the fsync
    a.out();
    post.outbox.flush((f) => f(), () => {});
    a.ctx.completeSyncs();
    expect(a.out()).toEqual([]);
  });
});

// ---- over a hostile network ------------------------------------------------------------------

interface Log {
  /** Per connection (sender incarnation and connection count), the numbers delivered, in order. */
  readonly streams: Map<string, number[]>;
  senderBreaks: number;
  receiverBreaks: number;
  /** Streams the receiver saw begin mid-way: must never happen. */
  readonly midway: string[];
}

interface Numbered extends Message {
  readonly kind: 'test.n';
  readonly stream: string;
  readonly n: number;
}

const OPTIONS = { channel: 'test', reorderWindow: ms(30), timeout: ms(200), keepAlive: ms(40) };

function sender(log: Log) {
  return (ctx: NodeContext<any>): Actor<any> => {
    let stream = '';
    let n = 0;
    let count = 0;
    const nonce = Math.floor(ctx.random() * 1e9);
    const conns: Connections<Numbered> = new Connections<Numbered>(ctx, OPTIONS, {
      deliver: () => {},
      broken: () => {
        log.senderBreaks++;
        open();
      },
    });
    const open = (): void => {
      conns.connect('r');
      stream = `${nonce}.${++count}`;
      n = 0;
    };
    return {
      start() {
        open();
        ctx.setTimer('send', ms(2));
      },
      message(from, msg) {
        if (conns.owns(msg)) conns.receive(from, msg);
      },
      timer(name) {
        if (conns.timerFired(name)) return;
        if (!conns.isOpen('r')) open();
        conns.send('r', { kind: 'test.n', stream, n: ++n });
        ctx.setTimer('send', ms(2));
      },
    };
  };
}

function receiver(log: Log) {
  return (ctx: NodeContext<any>): Actor<any> => {
    const conns: Connections<Numbered> = new Connections<Numbered>(ctx, OPTIONS, {
      deliver: (_from, m) => {
        let got = log.streams.get(m.stream);
        if (got === undefined) {
          log.streams.set(m.stream, (got = []));
          if (m.n !== 1) log.midway.push(m.stream);
        }
        got.push(m.n);
      },
      broken: () => log.receiverBreaks++,
    });
    return {
      start() {},
      message(from, msg) {
        if (conns.owns(msg)) conns.receive(from, msg);
      },
      timer(name) {
        conns.timerFired(name);
      },
    };
  };
}

describe('two actors over a network that loses, duplicates and reorders', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`seed ${seed}: every stream is delivered in order, once, from its start; losses break it at both ends`, () => {
      const log: Log = { streams: new Map(), senderBreaks: 0, receiverBreaks: 0, midway: [] };
      const world = new World({
        seed,
        replicas: [
          { id: 's', actor: sender(log) },
          { id: 'r', actor: receiver(log) },
        ],
        network: { latency: uniform(ms(1), ms(10)), drop: 0.01, duplicate: 0.05, reorder: 0.1, reorderDelay: uniform(0, ms(20)) },
        trace: { level: 'none' },
      });
      world.run(ms(1_000));
      world.crash('r');
      world.run(ms(1_200));
      world.restart('r');
      world.configureNetwork({ drop: 0.05 });
      world.run(ms(2_500));
      world.configureNetwork({ drop: 0, duplicate: 0, reorder: 0 });
      world.run(ms(3_500));
      let total = 0;
      for (const [stream, ns] of log.streams) {
        expect(ns, `stream ${stream}`).toEqual(ns.map((_, i) => i + 1));
        total += ns.length;
      }
      expect(log.midway).toEqual([]);
      expect(log.senderBreaks).toBeGreaterThan(0);
      expect(log.receiverBreaks).toBeGreaterThan(0);
      expect(total).toBeGreaterThan(500);
      // After the network calms down the last stream keeps flowing.
      expect([...log.streams.values()].at(-1)!.length).toBeGreaterThan(100);
    });
  }
});
