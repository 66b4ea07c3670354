/**
 * Jepsen EDN histories: one collection (`[...]` or `(...)`) of op maps, or a bare stream of maps,
 * e.g. `{:process 0, :type :invoke, :f :cas, :value [1 2]}`. Extra keys are ignored; `:nemesis`
 * operations are left out.
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
    const key = op['key'];
    const time = op['time'];
    const index = op['index'];
    events.push({
      process: process as Process,
      type: type as EventType,
      f: f as string,
      ...(key === undefined || key === null ? {} : { key: typeof key === 'string' ? key : JSON.stringify(key) }),
      value: op['value'] ?? null,
      ...(typeof time === 'number' ? { time } : {}),
      ...(typeof index === 'number' ? { index } : {}),
      line,
    });
  }
  return events;
}
