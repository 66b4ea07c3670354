/**
 * How deep a history file may nest its values. No history needs more than a few levels (a znode
 * `multi` is about five), and every reader and model below walks values recursively (canonical
 * JSON, interning, error messages), so a file nested deeper is refused as bad input before any
 * of them sees it: no file can reach a stack limit.
 */
import { HistoryError } from '../errors.js';

/** The deepest nesting of brackets and braces a history may have. */
export const MAX_NESTING = 100;

/** The refusal, at the line where the nesting passed the limit. */
export function tooDeep(file: string | undefined, line: number): HistoryError {
  return new HistoryError(`values nested more than ${MAX_NESTING} levels deep (no history needs that many; the file is malformed or hostile)`, { file, line });
}

/**
 * Throws `tooDeep` when JSON (or JSON Lines) text nests `[`/`{` deeper than `MAX_NESTING`. A
 * linear scan that skips strings, so it costs nothing next to `JSON.parse`.
 */
export function checkJsonNesting(text: string, file?: string, firstLine = 1): void {
  let depth = 0;
  let line = firstLine;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 34) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) {
        if (text.charCodeAt(i) === 92) i++;
        else if (text.charCodeAt(i) === 10) line++;
      }
    } else if (c === 91 || c === 123) {
      if (++depth > MAX_NESTING) throw tooDeep(file, line);
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
}
