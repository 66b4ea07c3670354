/**
 * The znode store of this project as a sequential specification: a ZooKeeper tree with create
 * (persistent / ephemeral / sequential), get, set and delete with expected versions, exists,
 * children, all-or-nothing multi, sync (no effect on the state) and close-session (deletes the
 * session's ephemeral nodes). An `ok` whose result is an error is checked like any other result;
 * `SessionExpired` (refused before it took effect) fits every state and changes nothing.
 */
import { assertNever } from '../../errors.js';
import type { Operation } from '../../history.js';
import type { Model, ModelOps } from '../../model.js';
import { canonicalJson } from '../../values.js';
import { apply, resultMatches } from './apply.js';
import { inputOf, resultOf } from './compile.js';
import { znodeLookahead } from './lookahead.js';
import { observesRootChildren, znodeAtoms } from './partition.js';
import { equalStates, initialState } from './state.js';
import type { ZState } from './state.js';
import type { ZInput, ZResult, ZWrite } from './types.js';
import { EXPIRED } from './types.js';

export type { ZInput, ZResult } from './types.js';
export type { ZState } from './state.js';

export function znodeModel(): Model<ZState, ZInput, ZResult> {
  // Set by `compile`: whether this history can observe the root's child list at all.
  let trackRoot = true;
  return {
    name: 'znode',
    summary: 'the ZooKeeper-like znode tree: create, get, set, delete, exists, children, multi, sync, close-session',
    compile(ops: readonly Operation[], file?: string): ModelOps<ZInput, ZResult> {
      const inputs: ZInput[] = [];
      const outputs: (ZResult | undefined)[] = [];
      for (const op of ops) {
        const input = inputOf(op, { file, line: op.line });
        inputs.push(input);
        outputs.push(op.outcome === 'ok' ? resultOf(input, op.result, { file, line: op.retLine ?? op.line }) : undefined);
      }
      trackRoot = observesRootChildren(inputs);
      return { inputs, outputs };
    },
    init: initialState,
    step(state, input, output) {
      if (output !== undefined && output.error === EXPIRED) return state;
      const { result, state: next } = apply(state, input, trackRoot);
      if (output === undefined) return next;
      return resultMatches(result, output) ? next : undefined;
    },
    hash: (state) => state.hash,
    equal: equalStates,
    partition: (_ops, compiled) => znodeAtoms(compiled.inputs),
    lookahead: (ops) => znodeLookahead(ops, trackRoot),
    symmetryKey(op) {
      // The owner of an ephemeral may be the invoking process: keep it in the key.
      return canonicalJson([op.f, op.key ?? null, op.value, op.f === 'create' || op.f === 'multi' ? op.process : null]);
    },
    isRead: (input) => input.kind === 'get' || input.kind === 'exists' || input.kind === 'children',
    pure: (input, output) =>
      input.kind === 'get' || input.kind === 'exists' || input.kind === 'children' || input.kind === 'sync' || (output !== undefined && output.error !== undefined),
    describeState(state) {
      const paths = [...state.nodes.keys()].sort();
      const shown = paths.slice(0, 12).map((p) => {
        const n = state.nodes.get(p);
        if (n === undefined) return p;
        return `${p} = ${n.data} v${n.version}${n.owner === null ? '' : ` (ephemeral of ${n.owner})`}`;
      });
      return `{ ${shown.join(', ')}${paths.length > shown.length ? `, … ${paths.length - shown.length} more` : ''} }`;
    },
    describeOp: (input, output) => `${describeInput(input)} → ${output === undefined ? '? (unknown outcome)' : describeResult(output)}`,
    needs,
  };
}

function describeWrite(w: ZWrite): string {
  switch (w.kind) {
    case 'create':
      return `create ${w.path} ${w.data}${w.ephemeral ? ' ephemeral' : ''}${w.sequential ? ' sequential' : ''}`;
    case 'set':
      return `set ${w.path} ${w.data} @v${w.version}`;
    case 'delete':
      return `delete ${w.path} @v${w.version}`;
    case 'check':
      return `check ${w.path} @v${w.version}`;
    default:
      return assertNever(w);
  }
}

function describeInput(input: ZInput): string {
  switch (input.kind) {
    case 'get':
    case 'exists':
    case 'children':
    case 'sync':
      return `${input.kind} ${input.path}`;
    case 'multi':
      return `multi [${input.ops.map(describeWrite).join('; ')}]`;
    case 'close-session':
      return `close-session ${input.owner}`;
    default:
      return describeWrite(input);
  }
}

function describeResult(r: ZResult): string {
  if (r.error !== undefined) return r.index === undefined ? r.error : `${r.error} at ${r.index}`;
  const parts: string[] = [];
  if (r.path !== undefined) parts.push(r.path);
  if (r.exists !== undefined) parts.push(String(r.exists));
  if (r.data !== undefined) parts.push(r.data);
  if (r.version !== undefined) parts.push(`v${r.version}`);
  if (r.names !== undefined) parts.push(`[${r.names.split('\u0000').filter(Boolean).join(', ')}]`);
  if (r.results !== undefined) parts.push(`[${r.results.map(describeResult).join('; ')}]`);
  return parts.length === 0 ? 'ok' : parts.join(' ');
}

/** The state an operation needed to answer what it did. */
function needs(input: ZInput, output: ZResult | undefined): string {
  if (output === undefined || output.error === EXPIRED) return 'any state';
  const e = output.error;
  switch (input.kind) {
    case 'get':
      return e === undefined ? `${input.path} present with data ${output.data ?? '?'} at version ${output.version ?? '?'}` : `${input.path} ${e === 'NoNode' ? 'absent' : `answering ${e}`}`;
    case 'exists':
      return output.exists === true ? `${input.path} present${output.version === undefined ? '' : ` at version ${output.version}`}` : `${input.path} absent`;
    case 'children':
      return e === undefined ? `${input.path} present with children [${(output.names ?? '').split('\u0000').filter(Boolean).join(', ')}]` : `${input.path} ${e === 'NoNode' ? 'absent' : `answering ${e}`}`;
    case 'set':
      if (e === undefined) return `${input.path} present${input.version === -1 ? '' : ` at version ${input.version}`}, becoming version ${output.version ?? '?'}`;
      return e === 'BadVersion' ? `${input.path} present at a version other than ${input.version}` : `${input.path} ${e === 'NoNode' ? 'absent' : `answering ${e}`}`;
    case 'delete':
      if (e === undefined) return `${input.path} present${input.version === -1 ? '' : ` at version ${input.version}`} with no children`;
      return { NoNode: `${input.path} absent`, BadVersion: `${input.path} at a version other than ${input.version}`, NotEmpty: `${input.path} with children` }[e] ?? `a state answering ${e}`;
    case 'create':
      if (e === undefined) return `${output.path ?? input.path} absent and its parent present and persistent`;
      return { NodeExists: `${input.path} present`, NoNode: `the parent of ${input.path} absent`, NoChildrenForEphemerals: `the parent of ${input.path} ephemeral` }[e] ?? `a state answering ${e}`;
    case 'check':
    case 'multi':
    case 'sync':
    case 'close-session':
      return `a state in which it answers ${describeResult(output)}`;
    default:
      return assertNever(input);
  }
}
