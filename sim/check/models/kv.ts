/**
 * Key-value store with get / put / append (Porcupine's `kvModel`): per key a string, initially "".
 * P-compositional by key. The state carries a polynomial hash, updated from the appended text
 * alone, so a step costs O(appended text), not O(value).
 */
import { assertNever, HistoryError } from '../errors.js';
import type { Operation } from '../history.js';
import { mix32, polyHash, polyPow } from '../hash.js';
import type { Model, ModelOps } from '../model.js';
import { KvReads } from './kv-reads.js';
import { prunableKvOps } from './prune-kv.js';

export interface KvState {
  readonly value: string;
  /** `polyHash(value)`. */
  readonly poly: number;
}

export type KvInput =
  | { readonly kind: 'get' }
  | { readonly kind: 'put'; readonly value: string; readonly poly: number }
  | { readonly kind: 'append'; readonly value: string; readonly poly: number; readonly pow: number };

/** A get's value read (with its hash, compared first); 0 for put and append. */
export type KvOutput = { readonly value: string; readonly poly: number } | 0;

const EMPTY: KvState = { value: '', poly: 0 };
const GET: KvInput = { kind: 'get' };

/** The `kv` model. */
export function kvModel(): Model<KvState, KvInput, KvOutput> {
  // Set by `compile`: the values the history's ok gets read, per key.
  let reads = new KvReads([], () => undefined);
  return {
    name: 'kv',
    summary: 'per key a string, initially "": get, put, append (partitioned by key)',
    compile(ops: readonly Operation[], file?: string): ModelOps<KvInput, KvOutput> {
      const text = (op: Operation, v: unknown, what: string, line = op.line): string => {
        if (typeof v === 'string') return v;
        if (v === null || v === undefined) return '';
        throw new HistoryError(`${op.f} expects ${what} to be a string; got ${JSON.stringify(v)}`, { file, line });
      };
      const inputs: KvInput[] = [];
      const outputs: (KvOutput | undefined)[] = [];
      for (const op of ops) {
        if (op.key === undefined) throw new HistoryError(`kv ${op.f} needs a key`, { file, line: op.line });
        const known = op.outcome === 'ok';
        switch (op.f) {
          case 'get': {
            inputs.push(GET);
            if (!known) {
              outputs.push(undefined);
              break;
            }
            const value = text(op, op.result, 'the value read', op.retLine ?? op.line);
            outputs.push({ value, poly: polyHash(value) });
            break;
          }
          case 'put': {
            const value = text(op, op.value, 'its value');
            inputs.push({ kind: 'put', value, poly: polyHash(value) });
            outputs.push(known ? 0 : undefined);
            break;
          }
          case 'append': {
            const value = text(op, op.value, 'its value');
            inputs.push({ kind: 'append', value, poly: polyHash(value), pow: polyPow(value.length) });
            outputs.push(known ? 0 : undefined);
            break;
          }
          default:
            throw new HistoryError(`model kv has no operation ${JSON.stringify(op.f)} (expected get, put or append)`, { file, line: op.line });
        }
      }
      reads = new KvReads(ops, (i) => {
        const output = outputs[i];
        return inputs[i] === GET && output !== undefined && output !== 0 ? output.value : undefined;
      });
      return { inputs, outputs };
    },
    init: () => EMPTY,
    step(state, input, output) {
      switch (input.kind) {
        case 'get':
          if (output === undefined) return state;
          // Hash and length first: most wrong reads are rejected without comparing text.
          return output !== 0 && output.poly === state.poly && output.value.length === state.value.length && output.value === state.value
            ? state
            : undefined;
        case 'put':
          return input.value === state.value ? state : { value: input.value, poly: input.poly };
        case 'append':
          if (input.value.length === 0) return state;
          return { value: state.value + input.value, poly: (Math.imul(state.poly, input.pow) + input.poly) | 0 };
        default:
          return assertNever(input);
      }
    },
    hash: (state) => mix32(state.poly + Math.imul(state.value.length, 0x27d4eb2d)),
    equal: (a, b) => a === b || (a.poly === b.poly && a.value === b.value),
    partition: (ops) => ops.map((op) => op.key ?? ''),
    prunable: (members, ops, compiled) => prunableKvOps(members, ops, compiled, reads),
    isRead: (input) => input.kind === 'get',
    observable(ops) {
      // Until a get observes it, a value only grows by appends: it must begin some value read.
      const key = ops[0]?.key;
      if (key === undefined || ops.some((op) => op.key !== key)) return undefined;
      const begins = reads.mayBegin(key);
      return { accepts: (state) => begins(state.value.length, state.poly) };
    },
    stateUse: (input, output) => (input.kind === 'put' ? 'overwrites' : input.kind === 'append' || output === undefined ? 'blind' : 'observes'),
    describeState: (state) => `value = ${JSON.stringify(state.value)}`,
    describeOp(input, output) {
      const unknown = output === undefined ? ' (unknown outcome)' : '';
      switch (input.kind) {
        case 'get':
          return `get → ${output === undefined || output === 0 ? '?' : JSON.stringify(output.value)}${unknown}`;
        case 'put':
          return `put ${JSON.stringify(input.value)}${unknown}`;
        case 'append':
          return `append ${JSON.stringify(input.value)}${unknown}`;
        default:
          return assertNever(input);
      }
    },
    needs(input, output) {
      if (input.kind === 'get' && output !== undefined && output !== 0) return `value = ${JSON.stringify(output.value)}`;
      return 'any value';
    },
  };
}
