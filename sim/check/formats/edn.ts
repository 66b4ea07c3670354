/**
 * A reader for the EDN that Jepsen writes: nil, booleans, numbers, strings, characters, keywords,
 * symbols, lists, vectors, maps, sets, tagged literals (`#inst "…"` reads as its string), `#_`
 * discards, `;` comments and commas as whitespace. Values become plain JavaScript: keywords and
 * symbols their names (`:ok` → "ok"), lists, vectors and sets arrays, maps objects keyed by the
 * keys' names. Each map remembers the line it starts on (`ednLine`).
 */
import { HistoryError } from '../errors.js';
import { MAX_NESTING, tooDeep } from './nesting.js';

export type EdnValue = null | boolean | number | string | readonly EdnValue[] | { readonly [key: string]: EdnValue };

/** A top-level form and the line it starts on (1-based). */
export interface EdnForm {
  readonly value: EdnValue;
  readonly line: number;
}

const lines = new WeakMap<object, number>();

/** The line a map read by `readEdn` starts on. */
export function ednLine(value: EdnValue): number | undefined {
  return typeof value === 'object' && value !== null ? lines.get(value) : undefined;
}

const CLOSERS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };
const DELIMITERS = new Set(['(', ')', '[', ']', '{', '}', '"', ';', ',']);
const NAMED_CHARS: Readonly<Record<string, string>> = { newline: '\n', space: ' ', tab: '\t', return: '\r', backspace: '\b', formfeed: '\f' };
const DISCARD = Symbol('discard');

/** Reads every top-level form of `text`. Throws `HistoryError` naming the line for malformed input. */
export function readEdn(text: string, file?: string): EdnForm[] {
  let pos = 0;
  let line = 1;
  // The reader recurses once per open collection (and per tag or discard): bounded, so a file
  // cannot reach the stack limit.
  let depth = 0;
  const bad = (problem: string, at = line): never => {
    throw new HistoryError(problem, { file, line: at });
  };
  const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ',' || c === '\f';

  const skip = (): void => {
    while (pos < text.length) {
      const c = text[pos] as string;
      if (c === '\n') {
        line++;
        pos++;
      } else if (isSpace(c)) {
        pos++;
      } else if (c === ';') {
        while (pos < text.length && text[pos] !== '\n') pos++;
      } else {
        return;
      }
    }
  };

  const token = (): string => {
    const start = pos;
    while (pos < text.length) {
      const c = text[pos] as string;
      if (isSpace(c) || DELIMITERS.has(c)) break;
      pos++;
    }
    return text.slice(start, pos);
  };

  const readString = (): string => {
    const startLine = line;
    pos++;
    let out = '';
    let chunk = pos;
    for (;;) {
      if (pos >= text.length) bad('unterminated string (expected a closing ")', startLine);
      const c = text[pos] as string;
      if (c === '"') {
        out += text.slice(chunk, pos);
        pos++;
        return out;
      }
      if (c === '\n') line++;
      if (c === '\\') {
        out += text.slice(chunk, pos);
        const e = text[pos + 1];
        const simple: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };
        if (e !== undefined && simple[e] !== undefined) {
          out += simple[e];
          pos += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) {
          out += String.fromCharCode(parseInt(text.slice(pos + 2, pos + 6), 16));
          pos += 6;
        } else {
          bad(`unknown string escape \\${e ?? ''}`);
        }
        chunk = pos;
        continue;
      }
      pos++;
    }
  };

  const atom = (t: string): EdnValue => {
    if (t === 'nil') return null;
    if (t === 'true') return true;
    if (t === 'false') return false;
    if (t.startsWith(':')) {
      if (t.length === 1) bad('empty keyword (expected a name after ":")');
      return t.slice(t.startsWith('::') ? 2 : 1);
    }
    if (/^[+-]?\d/.test(t)) {
      const m = /^([+-]?\d+)\/(\d+)$/.exec(t);
      const n = m ? Number(m[1]) / Number(m[2]) : Number(t.replace(/[NM]$/, ''));
      if (Number.isNaN(n)) bad(`malformed number ${JSON.stringify(t)}`);
      return n;
    }
    return t;
  };

  const read = (): EdnValue | typeof DISCARD => {
    if (++depth > MAX_NESTING) throw tooDeep(file, line);
    try {
      return readValue();
    } finally {
      depth--;
    }
  };

  const readValue = (): EdnValue | typeof DISCARD => {
    skip();
    if (pos >= text.length) bad('unexpected end of input (expected a value)');
    const c = text[pos] as string;
    const startLine = line;
    if (c === '(' || c === '[' || c === '{') {
      pos++;
      const items = readUntil(CLOSERS[c] as string, startLine);
      if (c !== '{') return items;
      return toMap(items, startLine);
    }
    if (c === ')' || c === ']' || c === '}') bad(`unexpected "${c}" (no collection is open here)`);
    if (c === '"') return readString();
    if (c === '\\') {
      pos++;
      if (pos >= text.length) bad('unexpected end of input after "\\" (expected a character)');
      const t = token();
      const ch = t.length === 0 ? (text[pos++] as string) : t;
      if (ch.length === 1) return ch;
      if (Object.hasOwn(NAMED_CHARS, ch)) return NAMED_CHARS[ch] as string;
      if (/^u[0-9a-fA-F]{4}$/.test(ch)) return String.fromCharCode(parseInt(ch.slice(1), 16));
      return bad(`unknown character literal \\${ch}`);
    }
    if (c === '#') {
      const n = text[pos + 1];
      if (n === '{') {
        pos += 2;
        return readUntil('}', startLine);
      }
      if (n === '_') {
        pos += 2;
        read();
        return DISCARD;
      }
      if (n === '#') {
        pos += 2;
        const t = token();
        return t === 'Inf' ? Infinity : t === '-Inf' ? -Infinity : NaN;
      }
      pos++;
      const tag = token();
      if (tag.length === 0) bad('malformed tag after "#"');
      const inner = read();
      return inner === DISCARD ? bad(`tag #${tag} has no value`) : inner;
    }
    const t = token();
    if (t.length === 0) bad(`unexpected character ${JSON.stringify(c)}`);
    return atom(t);
  };

  const readUntil = (closer: string, startLine: number): EdnValue[] => {
    const items: EdnValue[] = [];
    for (;;) {
      skip();
      if (pos >= text.length) bad(`unclosed collection (expected "${closer}")`, startLine);
      const c = text[pos] as string;
      if (c === closer) {
        pos++;
        return items;
      }
      if (c === ')' || c === ']' || c === '}') bad(`unexpected "${c}" (expected "${closer}" to close the collection from line ${startLine})`);
      const v = read();
      if (v !== DISCARD) items.push(v);
    }
  };

  const toMap = (items: EdnValue[], startLine: number): EdnValue => {
    if (items.length % 2 !== 0) bad('a map needs an even number of forms (keys and values)', startLine);
    const map: Record<string, EdnValue> = {};
    for (let i = 0; i < items.length; i += 2) {
      const k = items[i] as EdnValue;
      // defineProperty: a key named __proto__ is a key like any other, never the map's prototype.
      Object.defineProperty(map, typeof k === 'string' ? k : JSON.stringify(k), { value: items[i + 1] as EdnValue, enumerable: true, writable: true, configurable: true });
    }
    lines.set(map, startLine);
    return map;
  };

  const forms: EdnForm[] = [];
  for (;;) {
    skip();
    if (pos >= text.length) return forms;
    const startLine = line;
    const v = read();
    if (v !== DISCARD) forms.push({ value: v, line: startLine });
  }
}
