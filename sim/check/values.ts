/** Value helpers shared by the models: canonical JSON text and interning. */

/**
 * JSON with object keys sorted, so equal values give equal text; `undefined` reads as `null`
 * (a missing value is nil).
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : JSON.stringify(String(value));
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
    }
    default:
      return JSON.stringify(String(value));
  }
}

/** Maps canonical texts to small integers and back; id 0 is always `null` (nil). */
export class Interner {
  private readonly ids = new Map<string, number>([['null', 0]]);
  private readonly texts: string[] = ['null'];

  /** The id of `value` (by canonical JSON). */
  id(value: unknown): number {
    const text = canonicalJson(value);
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.ids.set(text, id);
      this.texts.push(text);
    }
    return id;
  }

  /** The canonical text of an id; `nil` for null. */
  text(id: number): string {
    return id === 0 ? 'nil' : (this.texts[id] ?? `#${id}`);
  }
}

/** A value a register can hold: a number, a string, a boolean, or nil (null or absent). */
export function isScalar(value: unknown): boolean {
  return value === null || value === undefined || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/** A value for an error message: its kind and, cut short, its JSON. */
export function describeValue(value: unknown): string {
  const kind = value === null || value === undefined ? 'nil' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a map' : typeof value === 'number' && !Number.isFinite(value) ? 'a non-finite number' : `a ${typeof value}`;
  if (value === null || value === undefined) return kind;
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return `${kind} ${text.length > 60 ? `${text.slice(0, 59)}…` : text}`;
}
