/**
 * Ensemble's own history: a JSON array of events, or JSON Lines (one event per line):
 * `{"index": n, "process": p, "client"?: "c4", "type": "invoke"|"ok"|"fail"|"info", "f": "...",
 * "key"?: "...", "value"?: any, "time": t}`. `client` names the client actor behind the process
 * (histories written before it existed have none); other fields are ignored.
 */
import { HistoryError } from '../errors.js';
import type { EventType, HistoryEvent } from '../history.js';
import { checkJsonNesting } from './nesting.js';

const TYPES: ReadonlySet<string> = new Set(['invoke', 'ok', 'fail', 'info']);

export function parseJsonHistory(text: string, file?: string): HistoryEvent[] {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) {
    checkJsonNesting(text, file);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new HistoryError(`malformed JSON: ${(e as Error).message}`, { file, line: lineOfJsonError(text, e) });
    }
    if (!Array.isArray(parsed)) throw new HistoryError('expected a JSON array of events', { file, line: 1 });
    const starts = parsed.length > 0 ? elementLines(text) : [];
    return parsed.map((item: unknown, i) => toEvent(item, file, starts[i]));
  }
  const events: HistoryEvent[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] as string).trim();
    if (raw.length === 0) continue;
    checkJsonNesting(raw, file, i + 1);
    let item: unknown;
    try {
      item = JSON.parse(raw);
    } catch (e) {
      throw new HistoryError(`malformed JSON line (expected one event object per line): ${(e as Error).message}`, { file, line: i + 1 });
    }
    events.push(toEvent(item, file, i + 1));
  }
  return events;
}

function toEvent(item: unknown, file: string | undefined, line: number | undefined): HistoryEvent {
  const bad = (problem: string): never => {
    throw new HistoryError(problem, { file, line });
  };
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return bad(`expected an event object; got ${JSON.stringify(item)}`);
  const e = item as Readonly<Record<string, unknown>>;
  const { process, type, f, key, time, index, client } = e;
  if (typeof process !== 'number' && typeof process !== 'string') bad(`expected "process" to be a number or string; got ${JSON.stringify(process ?? null)}`);
  if (typeof type !== 'string' || !TYPES.has(type)) bad(`expected "type" to be "invoke", "ok", "fail" or "info"; got ${JSON.stringify(type ?? null)}`);
  if (typeof f !== 'string' || f.length === 0) bad(`expected "f" to be a non-empty string; got ${JSON.stringify(f ?? null)}`);
  if (key !== undefined && key !== null && typeof key !== 'string') bad(`expected "key" to be a string; got ${JSON.stringify(key)}`);
  if (time !== undefined && typeof time !== 'number') bad(`expected "time" to be a number; got ${JSON.stringify(time)}`);
  if (index !== undefined && typeof index !== 'number') bad(`expected "index" to be a number; got ${JSON.stringify(index)}`);
  if (client !== undefined && (typeof client !== 'string' || client.length === 0)) bad(`expected "client" to be a client's name such as "c4"; got ${JSON.stringify(client)}`);
  return {
    process: process as number | string,
    ...(typeof client === 'string' ? { client } : {}),
    type: type as EventType,
    f: f as string,
    ...(typeof key === 'string' ? { key } : {}),
    ...(e['value'] === undefined ? {} : { value: e['value'] }),
    ...(typeof time === 'number' ? { time } : {}),
    ...(typeof index === 'number' ? { index } : {}),
    ...(line === undefined ? {} : { line }),
  };
}

/** The line of a `JSON.parse` error: where a small scanner finds the text stops being JSON. */
function lineOfJsonError(text: string, e: unknown): number | undefined {
  const m = /position (\d+)/.exec(String((e as Error).message));
  const at = m ? Number(m[1]) : jsonErrorOffset(text);
  let line = 1;
  for (let i = 0; i < at && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Offset of the first character at which `text` is not valid JSON (a recursive-descent scan). */
function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text[i] as string)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          ws();
          if (text[i] !== '"') fail();
          value();
          ws();
          if (text[i] !== ':') fail();
          i++;
        }
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === close) {
          i++;
          return;
        }
        fail();
      }
    }
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      if (i >= text.length) fail();
      i++;
      return;
    }
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (!number) fail();
    i += (number as RegExpExecArray)[0].length;
  };
  try {
    value();
    ws();
    return i;
  } catch (at) {
    return typeof at === 'number' ? at : 0;
  }
}

/** The line each element of the top-level array starts on (a scan that skips strings and nesting). */
function elementLines(text: string): number[] {
  const out: number[] = [];
  let line = 1;
  let depth = 0;
  let expectValue = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) continue;
    if (depth === 1 && expectValue) {
      out.push(line);
      expectValue = false;
    }
    if (c === 34) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) {
        if (text.charCodeAt(i) === 92) i++;
        else if (text.charCodeAt(i) === 10) line++;
      }
    } else if (c === 91 || c === 123) {
      depth++;
      if (depth === 1) expectValue = true;
    } else if (c === 93 || c === 125) {
      depth--;
    } else if (c === 44 && depth === 1) {
      expectValue = true;
    }
  }
  return out;
}
