/**
 * Registers: `register` (read / write) and `cas-register` (read / write / cas; the etcd model of
 * Porcupine's corpus). One value per key, initially nil; histories without keys are one register.
 *
 * Results: a read's `ok` value is the value read (`null` or absent = nil). A cas's `ok` means it
 * succeeded, unless its value is `false`, which records a cas that answered "not equal" (Jepsen
 * records that as `fail`, which the checker drops instead).
 */
import { whoRan } from '../counterexample.js';
import { assertNever, HistoryError } from '../errors.js';
import type { Operation } from '../history.js';
import { mix32 } from '../hash.js';
import type { Model, ModelOps } from '../model.js';
import { describeValue, Interner, isScalar } from '../values.js';
import { prunableRegisterOps } from './prune-register.js';

/** Values are interned: the state is the id of the current value (0 = nil). */
export type RegisterState = number;

export type RegisterInput =
  | { readonly kind: 'read' }
  | { readonly kind: 'write'; readonly value: number }
  | { readonly kind: 'cas'; readonly from: number; readonly to: number };

/** read: id of the value read; write: 0; cas: 1 succeeded, 0 did not. */
export type RegisterOutput = number;

/** Builds a register model; `cas` adds compare-and-set. */
export function registerModel(withCas: boolean): Model<RegisterState, RegisterInput, RegisterOutput> {
  const values = new Interner();
  const name = withCas ? 'cas-register' : 'register';
  const fs = withCas ? 'read, write or cas' : 'read or write';
  const text = (id: number): string => values.text(id);
  return {
    name,
    summary: withCas
      ? 'one value per key, initially nil: read, write, cas [from to] (the etcd model)'
      : 'one value per key, initially nil: read, write',
    compile(ops: readonly Operation[], file?: string): ModelOps<RegisterInput, RegisterOutput> {
      const inputs: RegisterInput[] = [];
      const outputs: (RegisterOutput | undefined)[] = [];
      // A register holds one scalar: a value of another shape is a malformed history, not a violation.
      const scalar = (op: Operation, value: unknown, what: string, line: number | undefined): number => {
        if (isScalar(value)) return values.id(value);
        throw new HistoryError(`${whoRan(op)}'s ${op.f}: ${what} is ${describeValue(value)}; model ${name} holds one value per key: a number, a string, true, false or nil`, { file, line });
      };
      for (const op of ops) {
        const known = op.outcome === 'ok';
        switch (op.f) {
          case 'read':
            inputs.push(READ);
            outputs.push(known ? scalar(op, op.result, 'the value read', op.retLine ?? op.line) : undefined);
            continue;
          case 'write':
            inputs.push({ kind: 'write', value: scalar(op, op.value, 'the value written', op.line) });
            outputs.push(known ? 0 : undefined);
            continue;
          case 'cas': {
            if (!withCas) break;
            const pair = op.value;
            if (!Array.isArray(pair) || pair.length !== 2) {
              throw new HistoryError(`${whoRan(op)}'s cas: its value is ${describeValue(pair)}; model ${name} expects [from, to]`, { file, line: op.line });
            }
            inputs.push({ kind: 'cas', from: scalar(op, pair[0], 'the value compared (from)', op.line), to: scalar(op, pair[1], 'the value set (to)', op.line) });
            outputs.push(known ? (op.result === false ? 0 : 1) : undefined);
            continue;
          }
          default:
            break;
        }
        throw new HistoryError(`model ${name} has no operation ${JSON.stringify(op.f)} (expected ${fs})`, { file, line: op.line });
      }
      return { inputs, outputs };
    },
    init: () => 0,
    step(state: RegisterState, input: RegisterInput, output: RegisterOutput | undefined): RegisterState | undefined {
      switch (input.kind) {
        case 'read':
          return output === undefined || output === state ? state : undefined;
        case 'write':
          return input.value;
        case 'cas':
          if (state === input.from) return output === 0 ? undefined : input.to;
          return output === 1 ? undefined : state;
        default:
          return assertNever(input);
      }
    },
    hash: (state) => mix32(state),
    equal: (a, b) => a === b,
    partition: (ops) => ops.map((op) => op.key ?? ''),
    prunable: prunableRegisterOps,
    revisits: withCas,
    isRead: (input) => input.kind === 'read',
    pure: (input, output) => input.kind === 'read' || (input.kind === 'cas' && output === 0),
    stateUse: (input, output) => (input.kind === 'write' ? 'overwrites' : output === undefined ? 'blind' : 'observes'),
    describeState: (state) => `value = ${text(state)}`,
    describeOp(input, output) {
      const result = output === undefined ? ' (unknown outcome)' : '';
      switch (input.kind) {
        case 'read':
          return `read → ${output === undefined ? '?' : text(output)}${result}`;
        case 'write':
          return `write ${text(input.value)}${result}`;
        case 'cas':
          return `cas ${text(input.from)} → ${text(input.to)}${output === undefined ? result : output === 1 ? ' ok' : ' (not equal)'}`;
        default:
          return assertNever(input);
      }
    },
    needs(input, output) {
      switch (input.kind) {
        case 'read':
          return output === undefined ? 'any value' : `value = ${text(output)}`;
        case 'write':
          return 'any value';
        case 'cas':
          if (output === undefined) return 'any value';
          return output === 1 ? `value = ${text(input.from)}` : `value ≠ ${text(input.from)}`;
        default:
          return assertNever(input);
      }
    },
  };
}

const READ: RegisterInput = { kind: 'read' };
