/**
 * Reads znode operations from history values. Invocation values: create `{path, data, mode,
 * session?}`, get / exists / children / sync `{path}`, set `{path, data, version}`, delete `{path,
 * version}`, multi `{ops: [{op, …}], session?}`, close-session `{session}`; the path may also come
 * from the event's `key`. An ephemeral node's owner is `session`, or the invoking process.
 */
import { assertNever, HistoryError } from '../../errors.js';
import type { Operation } from '../../history.js';
import { canonicalJson } from '../../values.js';
import type { CreateMode, ZInput, ZResult, ZWrite } from './types.js';

type Where = { readonly file?: string | undefined; readonly line?: number | undefined };
type Record_ = Readonly<Record<string, unknown>>;

const MODES: ReadonlySet<string> = new Set<CreateMode>(['persistent', 'ephemeral', 'persistent-sequential', 'ephemeral-sequential']);

function isRecord(v: unknown): v is Record_ {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(where: Where, what: string, got: unknown): never {
  throw new HistoryError(`${what}; got ${JSON.stringify(got) ?? String(got)}`, where);
}

function path(op: Operation, v: Record_, where: Where, what: string): string {
  const p = v['path'] ?? op.key;
  if (typeof p !== 'string') fail(where, `${what} expects a string path`, v);
  return p;
}

function version(v: Record_, where: Where, what: string): number {
  const n = v['version'] ?? -1;
  if (typeof n !== 'number' || !Number.isInteger(n)) fail(where, `${what} expects an integer version (-1: any)`, v);
  return n;
}

function writeOf(op: Operation, v: unknown, kind: unknown, where: Where, owner: string): ZWrite {
  const what = `${String(kind)}`;
  if (!isRecord(v)) fail(where, `${what} expects an object value`, v);
  switch (kind) {
    case 'create': {
      const mode = v['mode'] ?? 'persistent';
      if (typeof mode !== 'string' || !MODES.has(mode)) fail(where, 'create expects mode persistent, ephemeral, persistent-sequential or ephemeral-sequential', v);
      return {
        kind: 'create',
        path: path(op, v, where, what),
        data: canonicalJson(v['data']),
        ephemeral: mode.startsWith('ephemeral'),
        sequential: mode.endsWith('sequential'),
        owner,
      };
    }
    case 'set':
      return { kind: 'set', path: path(op, v, where, what), data: canonicalJson(v['data']), version: version(v, where, what) };
    case 'delete':
      return { kind: 'delete', path: path(op, v, where, what), version: version(v, where, what) };
    case 'check':
      return { kind: 'check', path: path(op, v, where, what), version: version(v, where, what) };
    default:
      return fail(where, 'a multi sub-operation must be create, set, delete or check', kind);
  }
}

/** The compiled input of one operation. */
export function inputOf(op: Operation, where: Where): ZInput {
  const v = op.value ?? {};
  if (!isRecord(v)) fail(where, `${op.f} expects an object value`, v);
  const owner = canonicalJson(v['session'] ?? op.process);
  switch (op.f) {
    case 'create':
    case 'set':
    case 'delete':
      return writeOf(op, v, op.f, where, owner);
    case 'get':
    case 'exists':
    case 'children':
    case 'sync':
      return { kind: op.f, path: path(op, v, where, op.f) };
    case 'multi': {
      const ops = v['ops'];
      if (!Array.isArray(ops)) fail(where, 'multi expects {ops: [...]}', v);
      return { kind: 'multi', ops: ops.map((sub: unknown) => writeOf(op, sub, isRecord(sub) ? sub['op'] : undefined, where, owner)) };
    }
    case 'close-session':
      if (v['session'] === undefined) fail(where, 'close-session expects {session}', v);
      return { kind: 'close-session', owner };
    default:
      return fail(where, 'model znode has no such operation (expected create, get, set, delete, exists, children, multi, sync or close-session)', op.f);
  }
}

/** The normalised result of an `ok` completion: an error stays an error, a success keeps the fields the model compares. */
export function resultOf(input: ZInput, value: unknown, where: Where): ZResult {
  const v = value ?? {};
  if (!isRecord(v)) fail(where, `${input.kind} expects an object result`, value);
  const error = v['error'];
  if (error !== undefined) {
    if (typeof error !== 'string') fail(where, 'an error result must be {error: string}', value);
    const index = v['index'];
    if (index !== undefined && (typeof index !== 'number' || !Number.isInteger(index))) fail(where, 'a multi error index must be an integer', value);
    return index === undefined ? { error } : { error, index };
  }
  return successOf(input.kind, v, where);
}

function successOf(kind: ZInput['kind'], v: Record_, where: Where): ZResult {
  const num = (field: string, optional: boolean): number | undefined => {
    const n = v[field];
    if (n === undefined && optional) return undefined;
    if (typeof n !== 'number' || !Number.isInteger(n)) fail(where, `${kind} expects an integer ${field} in its result`, v);
    return n;
  };
  switch (kind) {
    case 'create': {
      const p = v['path'];
      if (typeof p !== 'string') fail(where, 'create expects a result {path} or {error}', v);
      return { path: p };
    }
    case 'get':
      if (!('data' in v)) fail(where, 'get expects a result {data, version} or {error}', v);
      return { data: canonicalJson(v['data']), version: num('version', false) as number };
    case 'set':
      return { version: num('version', false) as number };
    case 'exists': {
      const exists = v['exists'];
      if (typeof exists !== 'boolean') fail(where, 'exists expects a result {exists, version?}', v);
      const version = exists ? num('version', true) : undefined;
      return version === undefined ? { exists } : { exists, version };
    }
    case 'children': {
      const names = v['children'];
      if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) fail(where, 'children expects a result {children: string[]} or {error}', v);
      return { names: [...(names as string[])].sort().join('\u0000') };
    }
    case 'multi': {
      const results = v['results'];
      if (!Array.isArray(results)) fail(where, 'multi expects a result {results: [...]} or {error, index}', v);
      return {
        results: results.map((r: unknown) => {
          if (!isRecord(r)) fail(where, 'a multi sub-result must be an object', r);
          const out: { path?: string; version?: number } = {};
          if (typeof r['path'] === 'string') out.path = r['path'];
          if (typeof r['version'] === 'number') out.version = r['version'];
          return out;
        }),
      };
    }
    case 'delete':
    case 'check':
    case 'sync':
    case 'close-session':
      return {};
    default:
      return assertNever(kind);
  }
}
