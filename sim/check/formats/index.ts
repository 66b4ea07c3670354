/**
 * The history formats the checker imports, as a registry (its keys are the CLI's `--format`
 * choices), and a guess from the content when no format is named.
 */
import { HistoryError } from '../errors.js';
import type { HistoryEvent } from '../history.js';
import { parseJepsenEdn } from './jepsen.js';
import { parseJsonHistory } from './json.js';
import { looksLikePorcupineKv, parsePorcupineEtcd, parsePorcupineKv } from './porcupine.js';

export const FORMATS = {
  'porcupine-etcd': parsePorcupineEtcd,
  'porcupine-kv': parsePorcupineKv,
  'jepsen-edn': parseJepsenEdn,
  json: parseJsonHistory,
} as const satisfies Record<string, (text: string, file?: string) => HistoryEvent[]>;

export type FormatName = keyof typeof FORMATS;

export const FORMAT_NAMES = Object.keys(FORMATS) as readonly FormatName[];

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(FORMATS, name);
}

export interface ParsedHistory {
  readonly format: FormatName;
  readonly events: HistoryEvent[];
}

/**
 * Tells the format from the first meaningful characters: `INFO` (Porcupine etcd log), `{:` (EDN;
 * the Porcupine kv layout when the line matches it exactly), `{"` or `[{"` (JSON), `[`, `(` or `;`
 * (EDN). An empty text is an empty JSON history. Throws `HistoryError` when nothing fits.
 */
export function guessFormat(text: string, file?: string): FormatName {
  const start = text.search(/\S/);
  if (start < 0) return 'json';
  const firstLine = text.slice(start, (text.indexOf('\n', start) + 1 || text.length + 1) - 1);
  if (firstLine.startsWith('INFO')) return 'porcupine-etcd';
  const next = (from: number): string => text.slice(from).trimStart()[0] ?? '';
  const c = text[start];
  if (c === '{') {
    const after = next(start + 1);
    if (after === ':') return looksLikePorcupineKv(firstLine) ? 'porcupine-kv' : 'jepsen-edn';
    if (after === '"' || after === '}') return 'json';
  }
  if (c === '[') {
    const after = next(start + 1);
    if (after === ']') return 'json';
    if (after === '{') return next(text.indexOf('{', start) + 1) === ':' ? 'jepsen-edn' : 'json';
    return 'jepsen-edn';
  }
  if (c === '(' || c === ';') return 'jepsen-edn';
  const line = text.slice(0, start).split('\n').length;
  throw new HistoryError(
    `cannot tell the history format from ${JSON.stringify(firstLine.slice(0, 40))} (expected a Porcupine etcd log, Porcupine kv lines, Jepsen EDN or JSON; name one with --format)`,
    { file, line },
  );
}

/** Parses a history in the named format, or the guessed one. */
export function parseHistory(text: string, options: { readonly format?: FormatName; readonly file?: string } = {}): ParsedHistory {
  const format = options.format ?? guessFormat(text, options.file);
  return { format, events: FORMATS[format](text, options.file) };
}
