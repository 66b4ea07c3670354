/**
 * Jepsen EDN histories: one collection (`[...]` or `(...)`) of op maps, or a bare stream of maps,
 * e.g. `{:process 0, :type :invoke, :f :cas, :value [1 2]}`. Extra keys are ignored; `:nemesis`
 * operations are left out.
 *
 * Histories of `jepsen.independent` tests (many keys, one register each) wrap every value in a
 * tuple `[key value]` (`#jepsen.independent.Tuple{:key k, :value v}` in older versions):
 * `{:f :read, :value [3 nil]}`, `{:f :cas, :value [3 [1 2]]}`. They are
 * recognised when every invocation's and ok completion's value is such a tuple (a cas's inner
 * value a pair too, which a plain `cas [1 2]` is not), and read as ops on that key.
 */
import { HistoryError } from '../errors.js';
import type { EventType, HistoryEvent, Process } from '../history.js';
import type { EdnValue } from './edn.js';
import { ednLine, readEdn } from './edn.js';

const TYPES: ReadonlySet<string> = new Set(['invoke', 'ok', 'fail', 'info']);

export function parseJepsenEdn(text: string, file?: string): HistoryEvent[] {
  const forms = readEdn(text, file);
  const only = forms[0];
  const items: { readonly value: EdnValue; readonly line: number }[] =
    forms.length === 1 && only !== undefined && Array.isArray(only.value)
      ? (only.value as readonly EdnValue[]).map((value) => ({ value, line: ednLine(value) ?? only.line }))
      : forms;
  const events: HistoryEvent[] = [];
  const ops: { readonly op: { readonly [key: string]: EdnValue }; readonly line: number }[] = [];
  for (const { value, line } of items) {
    const bad = (problem: string): never => {
      throw new HistoryError(problem, { file, line });
    };
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      bad(`expected an op map like {:process 0, :type :invoke, :f :read}; got ${JSON.stringify(value)}`);
    }
    const op = value as { readonly [key: string]: EdnValue };
    const process = op['process'];
    if (process === 'nemesis') continue;
    if (typeof process !== 'number' && typeof process !== 'string') bad(`expected :process to be a number or keyword; got ${JSON.stringify(process ?? null)}`);
    const type = op['type'];
    if (typeof type !== 'string' || !TYPES.has(type)) bad(`expected :type to be :invoke, :ok, :fail or :info; got ${JSON.stringify(type ?? null)}`);
    const f = op['f'];
    if (typeof f !== 'string' || f.length === 0) bad(`expected :f to be a keyword; got ${JSON.stringify(f ?? null)}`);
    ops.push({ op, line });
  }
  // Decided on invocations and ok completions: an info or fail may carry anything (or nil).
  const decisive = ops.filter(({ op }) => op['type'] === 'invoke' || op['type'] === 'ok');
  const independent = decisive.length > 0 && decisive.every(({ op }) => tupleOf(op['value'], op['f'] === 'cas') !== undefined);
  for (const { op, line } of ops) {
    const time = op['time'];
    const index = op['index'];
    const [key, value] = (independent ? tupleOf(op['value'], op['f'] === 'cas') : undefined) ?? [op['key'], op['value']];
    events.push({
      process: op['process'] as Process,
      type: op['type'] as EventType,
      f: op['f'] as string,
      ...(key === undefined || key === null ? {} : { key: typeof key === 'string' ? key : JSON.stringify(key) }),
      value: value ?? null,
      ...(typeof time === 'number' ? { time } : {}),
      ...(typeof index === 'number' ? { index } : {}),
      line,
    });
  }
  return events;
}

/**
 * `[key value]` with a scalar key, or the record form older Jepsen printed,
 * `#jepsen.independent.Tuple{:key k, :value v}`; for a cas, the value a pair `[from to]` as well.
 */
function tupleOf(value: EdnValue | undefined, cas: boolean): readonly [EdnValue, EdnValue] | undefined {
  let pair: readonly [EdnValue | undefined, EdnValue | undefined];
  if (Array.isArray(value) && value.length === 2) pair = [value[0], value[1]];
  else if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 2 && 'key' in value && 'value' in value) {
    const record = value as { readonly [key: string]: EdnValue };
    pair = [record['key'], record['value']];
  } else return undefined;
  const [key, inner] = pair;
  if (typeof key !== 'number' && typeof key !== 'string') return undefined;
  if (cas && !(Array.isArray(inner) && inner.length === 2)) return undefined;
  return [key, inner ?? null];
}
