import { z } from 'zod';
import { type Distribution, constant } from '../../sim/latency.js';
import { parseDuration } from '../../sim/time.js';

/** A duration such as `250ms`, `1.5s`, `2m`. */
export const duration = z.string({ error: (i) => `expected a duration such as 250ms, 1.5s or 2m, found ${found(i.input)}` }).transform((text, ctx) => {
  const t = parseDuration(text);
  if (t === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected a duration such as 250ms, 1.5s or 2m, found "${text}"` });
    return z.NEVER;
  }
  return t;
});

/** A duration that may be negative (a clock stepped back): `-2s`. */
export const signedDuration = z.string({ error: (i) => `expected a duration such as 500ms or -2s, found ${found(i.input)}` }).transform((text, ctx) => {
  const negative = text.trim().startsWith('-');
  const t = parseDuration(negative ? text.trim().slice(1) : text);
  if (t === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected a duration such as 500ms or -2s, found "${text}"` });
    return z.NEVER;
  }
  return negative ? -t : t;
});

export const probability = z.number({ error: (i) => `expected a probability between 0 and 1, found ${found(i.input)}` }).min(0, 'expected a probability between 0 and 1').max(1, 'expected a probability between 0 and 1');

/** `400/s`, `20/ms`, or a number (per second). */
export const rate = z.union([z.number(), z.string()], { error: (i) => `expected a rate such as 400/s, found ${found(i.input)}` }).transform((v, ctx) => {
  if (typeof v === 'number') {
    if (v > 0) return v;
    ctx.addIssue({ code: 'custom', message: `expected a positive rate, found ${v}` });
    return z.NEVER;
  }
  const m = /^\s*(\d+(?:\.\d+)?)\s*\/\s*(s|ms|m)\s*$/.exec(v);
  if (!m || Number(m[1]) <= 0) {
    ctx.addIssue({ code: 'custom', message: `expected a rate such as 400/s, found "${v}"` });
    return z.NEVER;
  }
  const per = m[2] === 'ms' ? 1e-3 : m[2] === 'm' ? 60 : 1;
  return Number(m[1]) / per;
});

/**
 * A time distribution: a bare duration (constant), `{constant: 1ms}`, `{uniform: [1ms, 10ms]}` or
 * `{exponential: 5ms, min?: 1ms, max?: 50ms}` (the value is the mean).
 */
export const distribution = z.unknown().transform((v, ctx): Distribution => {
  const fail = (message: string, path: (string | number)[] = []): never => {
    ctx.addIssue({ code: 'custom', message, path });
    return z.NEVER as never;
  };
  const expected = 'a duration (250ms) or one of {constant: 1ms}, {uniform: [1ms, 10ms]}, {exponential: 5ms}';
  const time = (x: unknown, path: (string | number)[]): number => {
    const r = duration.safeParse(x);
    return r.success ? r.data : fail(r.error.issues[0]?.message ?? 'expected a duration', path);
  };
  if (typeof v === 'string') return constant(time(v, []));
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(`expected ${expected}, found ${found(v)}`);
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if ('constant' in o) {
    extra(keys, ['constant'], fail);
    return constant(time(o['constant'], ['constant']));
  }
  if ('uniform' in o) {
    extra(keys, ['uniform'], fail);
    const u = o['uniform'];
    if (!Array.isArray(u) || u.length !== 2) return fail(`expected [min, max], found ${found(u)}`, ['uniform']);
    const min = time(u[0], ['uniform', 0]);
    const max = time(u[1], ['uniform', 1]);
    if (max < min) return fail(`max (${u[1]}) is below min (${u[0]})`, ['uniform']);
    return { kind: 'uniform', min, max };
  }
  if ('exponential' in o) {
    extra(keys, ['exponential', 'min', 'max'], fail);
    return {
      kind: 'exponential',
      mean: time(o['exponential'], ['exponential']),
      ...(o['min'] === undefined ? {} : { min: time(o['min'], ['min']) }),
      ...(o['max'] === undefined ? {} : { max: time(o['max'], ['max']) }),
    };
  }
  return fail(`expected ${expected}, found ${found(v)}`);
});

function extra(keys: string[], allowed: string[], fail: (m: string, p?: (string | number)[]) => never): void {
  for (const k of keys) if (!allowed.includes(k)) fail(`unknown field '${k}' (expected ${allowed.join(', ')})`, [k]);
}

/** How a value looks in an error message: its text for scalars, its kind otherwise. */
export function found(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return `"${v}"`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return 'a list';
  return 'a map';
}
