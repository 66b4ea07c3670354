/**
 * A follower's synchronization, one step at a time (the kit's FakeContext; the leader's side of the
 * connection is a second Connections on a fake context of its own): what NEWLEADER writes, in which
 * order and behind which fsync its ACK waits, in the correct ZAB and in mutants Z1 and Z2; and what
 * a crash between the fsyncs leaves on disk.
 */
import { describe, expect, it } from 'vitest';
import { Connections } from '../../../protocols/kit/connection.js';
import { FakeContext } from '../../../protocols/kit/fake-context.js';
import { mutantSet } from '../../../protocols/kit/mutants.js';
import type { QuorumMessage, ZabWire } from '../../../protocols/zab/messages.js';
import type { ZabMutant } from '../../../protocols/zab/mutants.js';
import { ZabNode } from '../../../protocols/zab/node.js';
import { DEFAULT_ZAB_OPTIONS } from '../../../protocols/zab/options.js';
import { type Txn, zxid } from '../../../protocols/zab/types.js';
import type { Command } from '../../../protocols/store/commands.js';
import type { ReplicatedService } from '../../../protocols/store/replication.js';
import type { StoreSnapshot } from '../../../protocols/store/machine.js';

const NOOP: Command = { kind: 'noop' };
const txn = (e: number, c: number): Txn => ({ zxid: zxid(e, c), by: 'n3', cmd: NOOP });

/** A service that only records what was applied. */
class Recorder implements ReplicatedService {
  readonly applied: number[] = [];
  apply(index: number): void {
    this.applied.push(index);
  }
  snapshot(): StoreSnapshot {
    return { format: 'ensemble.store/1', appliedZxid: 0 as never, nodes: [], sessions: [], clients: [] };
  }
  restore(): void {}
  leadershipChanged(): void {}
  digest(): string {
    return '';
  }
}

/** n1, following n3, with n3's end of their quorum connection in the test's hands. */
class Follower {
  readonly ctx = new FakeContext<ZabWire>({ id: 'n1', peers: ['n2', 'n3'] });
  readonly leaderCtx = new FakeContext<ZabWire>({ id: 'n3', peers: ['n1', 'n2'], seed: 3 });
  readonly leader: Connections<QuorumMessage>;
  readonly service = new Recorder();
  readonly node: ZabNode;
  /** What n3 heard from n1. */
  readonly heard: QuorumMessage[] = [];

  constructor(mutants: readonly ZabMutant[] = [], acceptedEpoch = 0) {
    if (acceptedEpoch > 0) {
      this.ctx.disk.put('zab.acceptedEpoch', acceptedEpoch);
      this.ctx.completeSyncs();
    }
    this.node = new ZabNode(this.ctx, this.service, DEFAULT_ZAB_OPTIONS, mutantSet<ZabMutant>(mutants), ['n1', 'n2', 'n3']);
    this.leader = new Connections<QuorumMessage>(this.leaderCtx, { channel: 'quorum', reorderWindow: 40_000, timeout: Infinity, keepAlive: Infinity }, { deliver: (_from, m) => this.heard.push(m) });
    this.node.start();
    this.ctx.completeSyncs();
    this.ctx.take();
    this.node.step(() => this.node.elected({ leader: 'n3', zxid: zxid(0, 0), electionEpoch: 1, peerEpoch: 0 }));
    this.toLeader();
    expect(this.heard.map((m) => m.kind)).toEqual(['zab.followerinfo']);
  }

  /** Delivers what n1 sent to n3 (only sends: fsyncs stay pending until `sync`). */
  toLeader(): void {
    for (const s of this.ctx.sent()) if (s.to === 'n3' && this.leader.owns(s.msg)) this.leader.receive('n1', s.msg);
    this.ctx.take();
  }

  /** n3 sends `msg` to n1, which handles it as one step. */
  fromLeader(msg: QuorumMessage): void {
    this.leader.send('n1', msg);
    for (const s of this.leaderCtx.sent()) this.node.message('n3', s.msg as ZabWire);
    this.leaderCtx.take();
  }

  /** Completes every pending fsync, and those their callbacks issue. */
  sync(): void {
    this.ctx.completeSyncs();
  }

  /** Completes only the fsyncs pending now (what their callbacks issue stays pending). */
  syncRound(): void {
    const fake = this.ctx as unknown as { pendingSyncs: { readonly point: number; readonly done: (() => void) | undefined }[] };
    const round = fake.pendingSyncs;
    fake.pendingSyncs = [];
    for (const s of round) {
      this.ctx.storage.complete(s.point);
      s.done?.();
    }
  }

  get acks(): QuorumMessage[] {
    return this.heard.filter((m) => m.kind === 'zab.ack');
  }

  durable(): { acceptedEpoch: number | undefined; currentEpoch: number | undefined; txns: number } {
    const disk = this.ctx.storage;
    return { acceptedEpoch: disk.durableValue('zab.acceptedEpoch'), currentEpoch: disk.durableValue('zab.currentEpoch'), txns: disk.durableLog('zab.log.0').length };
  }

  /** Up to NEWLEADER of epoch 2: LEADERINFO, ACKEPOCH, then a DIFF of two committed txns. */
  syncedToNewLeader(): void {
    this.fromLeader({ kind: 'zab.leaderinfo', epoch: 2 });
    this.toLeader();
    expect(this.heard.map((m) => m.kind)).toEqual(['zab.followerinfo']); // ACKEPOCH waits for acceptedEpoch on disk
    this.sync();
    this.toLeader();
    expect(this.heard.at(-1)).toEqual({ kind: 'zab.ackepoch', currentEpoch: 0, lastZxid: zxid(0, 0) });
    expect(this.durable().acceptedEpoch).toBe(2);
    this.fromLeader({ kind: 'zab.diff', zxid: zxid(1, 2), txns: [txn(1, 1), txn(1, 2)] });
    this.fromLeader({ kind: 'zab.newleader', zxid: zxid(2, 0) });
    this.toLeader();
  }
}

describe('a follower at NEWLEADER', () => {
  it('writes the synced txns, then currentEpoch, and acknowledges once both are on disk', () => {
    const f = new Follower();
    f.syncedToNewLeader();
    expect(f.acks).toEqual([]);
    expect(f.durable()).toEqual({ acceptedEpoch: 2, currentEpoch: undefined, txns: 0 });
    f.syncRound();
    f.toLeader();
    expect(f.durable()).toEqual({ acceptedEpoch: 2, currentEpoch: 2, txns: 2 });
    expect(f.acks).toEqual([{ kind: 'zab.ack', zxid: zxid(2, 0) }]);
    // Nothing is delivered before UPTODATE: the leader may not have its quorum yet.
    expect(f.service.applied).toEqual([]);
    f.fromLeader({ kind: 'zab.uptodate' });
    expect(f.service.applied).toEqual([1, 2]);
    expect(f.node.commit).toBe(2);
  });

  it('Z1 acknowledges once currentEpoch alone is on disk; the txns are logged only at UPTODATE', () => {
    const f = new Follower(['Z1']);
    f.syncedToNewLeader();
    f.syncRound();
    f.toLeader();
    expect(f.acks).toEqual([{ kind: 'zab.ack', zxid: zxid(2, 0) }]);
    expect(f.durable()).toEqual({ acceptedEpoch: 2, currentEpoch: 2, txns: 0 });
    f.ctx.storage.crash(); // the leader may now commit txns this follower never wrote
    expect(f.durable().txns).toBe(0);
  });

  it('Z2 syncs currentEpoch first: a crash between the two fsyncs keeps the epoch without the txns', () => {
    const f = new Follower(['Z2']);
    f.syncedToNewLeader();
    f.syncRound(); // the epoch's fsync; the txns are written as it completes, with an fsync of their own
    f.toLeader();
    expect(f.acks).toEqual([]);
    expect(f.ctx.syncsPending).toBeGreaterThan(0);
    expect(f.durable()).toEqual({ acceptedEpoch: 2, currentEpoch: 2, txns: 0 });
    f.ctx.storage.crash();
    expect(f.durable()).toEqual({ acceptedEpoch: 2, currentEpoch: 2, txns: 0 });
  });

  it('Z2 acknowledges after the second fsync', () => {
    const f = new Follower(['Z2']);
    f.syncedToNewLeader();
    f.syncRound();
    f.syncRound();
    f.syncRound();
    f.toLeader();
    expect(f.durable()).toEqual({ acceptedEpoch: 2, currentEpoch: 2, txns: 2 });
    expect(f.acks).toEqual([{ kind: 'zab.ack', zxid: zxid(2, 0) }]);
  });
});

describe('a follower in broadcast', () => {
  it('logs a PROPOSAL and acknowledges it once on disk, delivers on COMMIT, echoes PING', () => {
    const f = new Follower();
    f.syncedToNewLeader();
    f.sync();
    f.fromLeader({ kind: 'zab.uptodate' });
    f.toLeader();
    const before = f.heard.length;
    f.fromLeader({ kind: 'zab.proposal', txn: txn(2, 1) });
    f.toLeader();
    expect(f.heard.length).toBe(before);
    f.sync();
    f.toLeader();
    expect(f.heard.at(-1)).toEqual({ kind: 'zab.ack', zxid: zxid(2, 1) });
    f.fromLeader({ kind: 'zab.commit', zxid: zxid(2, 1) });
    expect(f.service.applied).toEqual([1, 2, 3]);
    f.fromLeader({ kind: 'zab.ping', zxid: zxid(2, 1), round: 7 });
    f.toLeader();
    expect(f.heard.at(-1)).toEqual({ kind: 'zab.ping', zxid: zxid(2, 1), round: 7 });
  });

  it('answers -1 for an epoch it already accepted, and refuses an older one', () => {
    const same = new Follower([], 2);
    same.fromLeader({ kind: 'zab.leaderinfo', epoch: 2 });
    same.toLeader();
    same.sync();
    same.toLeader();
    expect(same.heard.at(-1)).toEqual({ kind: 'zab.ackepoch', currentEpoch: -1, lastZxid: zxid(0, 0) });
    const older = new Follower([], 3);
    older.fromLeader({ kind: 'zab.leaderinfo', epoch: 2 });
    expect(older.node.role.kind).toBe('looking');
  });
});
