import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Applied, Command } from '../../../protocols/store/index.js';
import { isError, StoreMachine, WatchManager, zxid } from '../../../protocols/store/index.js';
import { commandsArb } from './arbitraries.js';

/** Applies `commands` from zxid `from`, returning every outcome as JSON (so identity means byte equality). */
function run(machine: StoreMachine, commands: readonly Command[], from = 1): string[] {
  return commands.map((command, i) => JSON.stringify(machine.apply(command, zxid(from + i))));
}

describe('state machine properties', () => {
  it('is deterministic: the same commands give the same responses, changes and digest', () => {
    fc.assert(
      fc.property(commandsArb, (commands) => {
        const a = new StoreMachine();
        const b = new StoreMachine();
        const digestsA: string[] = [];
        const digestsB: string[] = [];
        commands.forEach((command, i) => {
          expect(JSON.stringify(b.apply(command, zxid(i + 1)))).toBe(JSON.stringify(a.apply(command, zxid(i + 1))));
          digestsA.push(a.digest());
          digestsB.push(b.digest());
        });
        expect(digestsB).toEqual(digestsA);
        expect(b.snapshot()).toEqual(a.snapshot());
      }),
      { numRuns: 200 },
    );
  });

  it('snapshot, JSON round trip and restore midway change nothing that follows', () => {
    fc.assert(
      fc.property(commandsArb, fc.nat(), (commands, cut) => {
        const split = commands.length === 0 ? 0 : cut % (commands.length + 1);
        const straight = new StoreMachine();
        const expected = run(straight, commands);

        const first = new StoreMachine();
        run(first, commands.slice(0, split));
        const wire = JSON.stringify(first.snapshot());
        const restored = StoreMachine.fromSnapshot(JSON.parse(wire));
        expect(restored.digest()).toBe(first.digest());
        const rest = run(restored, commands.slice(split), split + 1);

        expect(rest).toEqual(expected.slice(split));
        expect(restored.digest()).toBe(straight.digest());
        expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(straight.snapshot()));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the incremental digest equal to one computed from scratch, and failed multis change no node', () => {
    fc.assert(
      fc.property(commandsArb, (commands) => {
        const m = new StoreMachine();
        commands.forEach((command, i) => {
          const before = command.kind === 'op' && command.op.f === 'multi' ? m.snapshot().nodes : undefined;
          const applied: Applied = m.apply(command, zxid(i + 1));
          expect(StoreMachine.fromSnapshot(m.snapshot()).digest()).toBe(m.digest());
          if (before !== undefined && applied.response.kind === 'op' && isError(applied.response.result)) {
            expect(m.snapshot().nodes).toEqual(before);
            expect(applied.changes).toEqual([]);
          }
        });
      }),
      { numRuns: 200 },
    );
  });

  it('answers every retry of the last request with the identical response', () => {
    fc.assert(
      fc.property(commandsArb, (commands) => {
        const m = new StoreMachine();
        const last = new Map<string, { seq: number; result: unknown }>();
        commands.forEach((command, i) => {
          const { response } = m.apply(command, zxid(i + 1));
          if (response.kind === 'op') {
            const prior = last.get(response.client);
            if (response.duplicate) expect(response.result).toBe(prior?.result);
            else last.set(response.client, { seq: response.seq, result: response.result });
            expect(response.duplicate).toBe(prior !== undefined && prior.seq === response.seq);
          } else if (response.kind === 'stale') {
            expect(response.seq).toBeLessThan(last.get(response.client)?.seq ?? 0);
          }
        });
      }),
      { numRuns: 200 },
    );
  });

  it('fires each registered watch at most once and never for a closed session', () => {
    fc.assert(
      fc.property(commandsArb, (commands) => {
        const m = new StoreMachine();
        const w = new WatchManager();
        const closed = new Set<number>();
        commands.forEach((command, i) => {
          const applied = m.apply(command, zxid(i + 1));
          if (command.kind === 'close-session') {
            w.dropSession(command.session);
            closed.add(command.session);
          }
          if (command.kind === 'open-session') closed.delete(command.session);
          const before = w.size;
          const fired = w.fire(applied.changes);
          // A delete fires a session's data and child watch on one path as a single notification.
          expect(before - w.size).toBeGreaterThanOrEqual(fired.length);
          for (const n of fired) expect(closed.has(n.session)).toBe(false);
          if (applied.response.kind === 'op' && command.kind === 'op' && !applied.response.duplicate) {
            w.register(command.session, command.op, applied.response.result);
          }
        });
      }),
      { numRuns: 200 },
    );
  });
});
