/**
 * fast-check generators for store commands over a small universe of paths, sessions and clients, so
 * random sequences collide often (NodeExists, BadVersion, NotEmpty, duplicate retries, expiry).
 */
import fc from 'fast-check';
import type { Command, CreateMode, Op, SubOp } from '../../../protocols/store/index.js';
import { clientId, sessionId } from '../../../protocols/store/index.js';
import { assertNever } from '../../../sim/errors.js';

export const PATHS = ['/', '/a', '/b', '/a/x', '/a/y', '/b/x', '/a/x/z'] as const;
const pathArb = fc.oneof({ weight: 20, arbitrary: fc.constantFrom(...PATHS) }, { weight: 1, arbitrary: fc.constantFrom('bad', '/a/', '//') });
const dataArb = fc.constantFrom('', 'v', 'w', 'ünï');
const versionArb = fc.integer({ min: -1, max: 3 });
const modeArb: fc.Arbitrary<CreateMode> = fc.constantFrom('persistent', 'ephemeral', 'persistent-sequential', 'ephemeral-sequential');

const subOpArb: fc.Arbitrary<SubOp> = fc.oneof(
  fc.record({ op: fc.constant('create' as const), path: pathArb, data: dataArb, mode: modeArb }),
  fc.record({ op: fc.constant('set' as const), path: pathArb, data: dataArb, version: versionArb }),
  fc.record({ op: fc.constant('delete' as const), path: pathArb, version: versionArb }),
  fc.record({ op: fc.constant('check' as const), path: pathArb, version: versionArb }),
);

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ f: fc.constant('create' as const), path: pathArb, data: dataArb, mode: modeArb }) },
  { weight: 3, arbitrary: fc.record({ f: fc.constant('set' as const), path: pathArb, data: dataArb, version: versionArb }) },
  { weight: 3, arbitrary: fc.record({ f: fc.constant('delete' as const), path: pathArb, version: versionArb }) },
  { weight: 2, arbitrary: fc.record({ f: fc.constant('get' as const), path: pathArb, watch: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ f: fc.constant('exists' as const), path: pathArb, watch: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ f: fc.constant('children' as const), path: pathArb, watch: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ f: fc.constant('multi' as const), ops: fc.array(subOpArb, { maxLength: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ f: fc.constant('sync' as const), path: pathArb }) },
);

/**
 * A command before its seq is known: `retry` reuses the client's last seq (a duplicate), `stale`
 * an older one, `next` a fresh one. `materialize` turns a list of these into concrete commands.
 */
type Step =
  | { readonly kind: 'op'; readonly client: number; readonly session: number; readonly retry: 'next' | 'retry' | 'stale'; readonly op: Op }
  | { readonly kind: 'open'; readonly session: number }
  | { readonly kind: 'close'; readonly session: number; readonly expired: boolean }
  | { readonly kind: 'noop' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant('op' as const),
      client: fc.integer({ min: 1, max: 3 }),
      session: fc.constantFrom(1, 1, 1, 2, 2, 3),
      retry: fc.constantFrom('next', 'next', 'next', 'next', 'next', 'next', 'retry', 'stale'),
      op: opArb,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('open' as const), session: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), session: fc.integer({ min: 1, max: 3 }), expired: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'noop' as const }) },
);

/** Concrete commands, with seqs resolved per client; starts by opening sessions 1 and 2. */
export function materialize(steps: readonly Step[]): Command[] {
  const seqs = new Map<number, number>();
  const commands: Command[] = [
    { kind: 'open-session', session: sessionId(1), timeoutMs: 1000 },
    { kind: 'open-session', session: sessionId(2), timeoutMs: 2000 },
  ];
  for (const step of steps) {
    switch (step.kind) {
      case 'op': {
        const last = seqs.get(step.client) ?? 0;
        const seq = step.retry === 'next' || last === 0 ? last + 1 : step.retry === 'retry' ? last : Math.max(1, last - 1);
        seqs.set(step.client, Math.max(seq, last));
        commands.push({ kind: 'op', client: clientId(`c${step.client}`), seq, session: sessionId(step.session), op: step.op });
        break;
      }
      case 'open':
        commands.push({ kind: 'open-session', session: sessionId(step.session), timeoutMs: 500 * step.session });
        break;
      case 'close':
        commands.push({ kind: 'close-session', session: sessionId(step.session), reason: step.expired ? 'expired' : 'closed' });
        break;
      case 'noop':
        commands.push({ kind: 'noop' });
        break;
      default:
        assertNever(step);
    }
  }
  return commands;
}

/** Long enough sequences (fast-check's default size would keep most of them tiny) to build real trees. */
export const commandsArb: fc.Arbitrary<Command[]> = fc.array(stepArb, { maxLength: 120, size: 'max' }).map(materialize);
