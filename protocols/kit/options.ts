/**
 * A protocol's options (a scenario's `options.<protocol>` map): declared as a zod shape, defaults
 * filled and cross-field rules checked in one `build` function, validated by the scenario loader
 * before a run (its errors name the file, the line and the field) and parsed again, typed, when
 * the replicas are built.
 */
import { z } from 'zod';
import { SimConfigError } from '../../sim/errors.js';
import type { NodeId } from '../../sim/node.js';
import { found } from './units.js';

/** What options may be checked against: the run's replicas. */
export interface OptionContext {
  readonly replicas: readonly NodeId[];
}

/** One problem, at a path inside the options map. */
export interface OptionIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export type OptionsResult<O> = { readonly ok: true; readonly value: O } | { readonly ok: false; readonly issues: readonly OptionIssue[] };

export interface OptionsSpec<O> {
  /** The option names, in declaration order (for `ensemble list` and for hints). */
  readonly keys: readonly string[];
  parse(raw: unknown, context: OptionContext): OptionsResult<O>;
}

/** Reports a problem found while building the options; `build` goes on and the issues are returned. */
export type Complain = (path: readonly (string | number)[], message: string) => void;

/**
 * Options from a zod shape (every field optional) and a `build` that fills defaults and checks the
 * rules between fields.
 */
export function defineOptions<S extends z.ZodRawShape, O>(shape: S, build: (raw: z.output<z.ZodObject<S>>, context: OptionContext, complain: Complain) => O): OptionsSpec<O> {
  const schema = z.strictObject(shape);
  const keys = Object.keys(shape);
  return {
    keys,
    parse(raw, context) {
      const parsed = schema.safeParse(raw ?? {});
      if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => describe(i, keys)) };
      const issues: OptionIssue[] = [];
      const value = build(parsed.data, context, (path, message) => issues.push({ path, message }));
      return issues.length ? { ok: false, issues } : { ok: true, value };
    },
  };
}

/** Parses options for code that builds replicas; throws SimConfigError naming `where` (e.g. `options.raft`). */
export function parseOptions<O>(spec: OptionsSpec<O>, raw: unknown, context: OptionContext, where: string): O {
  const result = spec.parse(raw, context);
  if (result.ok) return result.value;
  const first = result.issues[0]!;
  throw new SimConfigError(`${where}${first.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')}: ${first.message}`);
}

function describe(i: z.core.$ZodIssue, keys: readonly string[]): OptionIssue {
  if (i.code === 'unrecognized_keys') return { path: [...(i.path as (string | number)[]), String(i.keys[0])], message: `unknown option (known: ${keys.join(', ')})` };
  const message = i.code === 'invalid_type' && i.message.startsWith('Invalid input: ') ? i.message.slice('Invalid input: '.length) : i.message;
  return { path: i.path as (string | number)[], message };
}

// ---- field types ------------------------------------------------------------------------------

/** A whole number of at least `min`. */
export const atLeast = (min: number) =>
  z.number({ error: (i) => `expected a whole number of at least ${min}, found ${found(i.input)}` }).int(`expected a whole number of at least ${min}`).min(min, `expected a whole number of at least ${min}`);

export const flag = z.boolean({ error: (i) => `expected true or false, found ${found(i.input)}` });

/** A number in [0, 1). */
export const fraction = z.number({ error: (i) => `expected a number in [0, 1), found ${found(i.input)}` }).min(0, 'expected a number in [0, 1)').lt(1, 'expected a number in [0, 1)');

export { duration, found } from './units.js';
