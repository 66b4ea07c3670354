/**
 * The protocol kit's step machinery, driven through the fake context: persist before send (the
 * outbox), one fsync per step that wrote (the step bracket), and the replica-state report.
 */
import { describe, expect, it } from 'vitest';
import { FakeContext } from '../../../protocols/kit/fake-context.js';
import { Outbox } from '../../../protocols/kit/outbox.js';
import { type ReplicaView, StateReporter } from '../../../protocols/kit/state-reporter.js';
import { Steps } from '../../../protocols/kit/steps.js';
import type { Message } from '../../../sim/node.js';

interface Note extends Message {
  readonly kind: 'test.note';
  readonly n: number;
}
const note = (n: number): Note => ({ kind: 'test.note', n });
const sentNs = (ctx: FakeContext<Note>) => ctx.sent().map((s) => s.msg.n);

describe('outbox: persist before send', () => {
  it('holds a message that needs every write until an fsync covers them, in send order', () => {
    const ctx = new FakeContext<Note>({ id: 'n1', peers: ['n2'] });
    const out = new Outbox(ctx);
    out.send('n2', note(1), 'all');
    ctx.disk.append('log', ['a']);
    out.send('n2', note(2), 'all');
    out.send('n2', note(3), 'none');
    out.send('n2', note(4), 'all');
    expect(sentNs(ctx)).toEqual([1, 3]);
    out.flush((f) => f(), () => undefined);
    ctx.take();
    ctx.completeSyncs();
    expect(sentNs(ctx)).toEqual([2, 4]);
  });

  it('holds a message that needs the state writes only until those are durable', () => {
    const ctx = new FakeContext<Note>({ id: 'n1', peers: ['n2'] });
    const out = new Outbox(ctx);
    ctx.disk.append('log', ['a']);
    out.send('n2', note(1), 'state');
    expect(sentNs(ctx)).toEqual([1]);
    ctx.disk.put('term', 2);
    out.stateWritten();
    out.send('n2', note(2), 'state');
    expect(sentNs(ctx)).toEqual([1]);
    let durable = false;
    out.flush((f) => f(), () => (durable = true));
    ctx.completeSyncs();
    expect(sentNs(ctx)).toEqual([1, 2]);
    expect(durable).toBe(true);
    expect(ctx.storage.durableValue('term')).toBe(2);
  });
});

describe('step bracket', () => {
  function setup() {
    const ctx = new FakeContext<Note>({ id: 'n1', peers: ['n2'] });
    const outbox = new Outbox(ctx);
    const calls: string[] = [];
    const steps = new Steps(ctx, outbox, { beforeSync: () => (calls.push('sync'), () => calls.push('durable')), report: () => calls.push('report') });
    return { ctx, outbox, steps, calls };
  }

  it('issues one fsync for a step that wrote, however many writes, and reports after every step', () => {
    const { ctx, steps, calls } = setup();
    steps.run(() => {
      ctx.disk.append('log', ['a']);
      ctx.disk.append('log', ['b']);
      steps.run(() => ctx.disk.put('x', 1));
    });
    steps.run(() => undefined);
    expect(ctx.take().filter((e) => e.kind === 'sync')).toHaveLength(1);
    expect(calls).toEqual(['sync', 'report', 'report']);
    ctx.completeSyncs();
    expect(calls).toEqual(['sync', 'report', 'report', 'durable', 'report']);
  });

  it('flushes held messages even when the step wrote nothing itself', () => {
    const { ctx, outbox, steps } = setup();
    ctx.disk.append('log', ['a']);
    steps.run(() => outbox.send('n2', note(7), 'all'));
    expect(sentNs(ctx)).toEqual([]);
    ctx.completeSyncs();
    expect(sentNs(ctx)).toEqual([7]);
  });

  it('loses what was not synced when the node crashes', () => {
    const { ctx, steps } = setup();
    steps.run(() => ctx.disk.append('log', ['a']));
    ctx.completeSyncs();
    steps.run(() => ctx.disk.append('log', ['b']));
    ctx.storage.crash();
    expect(ctx.disk.log('log')).toEqual(['a']);
  });
});

describe('state reporter', () => {
  const view = (o: Partial<ReplicaView> & { eras?: number[] } = {}): ReplicaView => {
    const eras = o.eras ?? [];
    return { role: 'follower', era: 1, leader: null, commit: 0, applied: 0, last: eras.length, snapIndex: 0, snapEra: 0, eraAt: (i) => eras[i - 1]!, ...o };
  };

  it('states the whole log first, then only changes, and nothing when nothing changed', () => {
    const ctx = new FakeContext({ id: 'n1' });
    const r = new StateReporter(ctx, () => 'd1');
    r.emit(view({ eras: [1, 1] }));
    r.emit(view({ eras: [1, 1] }));
    r.logChanged(2);
    r.emit(view({ eras: [1, 2, 2], role: 'leader', era: 2, leader: 'n1', commit: 1, applied: 1 }));
    const states = ctx.take().flatMap((e) => (e.kind === 'state' ? [e.state] : []));
    expect(states).toEqual([
      { role: 'follower', era: 1, leader: null, commit: 0, applied: 0, last: 2, full: true, log: { from: 1, eras: [1, 1] }, snap: { index: 0, era: 0 }, digest: 'd1' },
      { role: 'leader', era: 2, leader: 'n1', commit: 1, applied: 1, last: 3, log: { from: 2, eras: [2, 2] }, digest: 'd1' },
    ]);
  });

  it('carries extra fields on every report and sticky ones only when they change', () => {
    const ctx = new FakeContext({ id: 'n1' });
    const r = new StateReporter(ctx);
    const voters = { voters: ['n1', 'n2'] };
    r.emit(view(), { vote: null }, voters);
    r.emit(view({ commit: 1, applied: 1 }), { vote: null }, voters);
    r.emit(view({ commit: 1, applied: 1 }), { vote: 'n2' }, voters);
    r.emit(view({ commit: 1, applied: 1 }), { vote: 'n2' }, { voters: ['n1'] });
    const extras = ctx.take().flatMap((e) => (e.kind === 'state' ? [e.extra] : []));
    expect(extras).toEqual([{ vote: null, voters: ['n1', 'n2'] }, { vote: null }, { vote: 'n2' }, { vote: 'n2', voters: ['n1'] }]);
  });
});
