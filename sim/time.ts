/**
 * Virtual time. One unit is a microsecond, kept as an integer so that event order never depends
 * on floating-point rounding. Durations and instants share the unit.
 */
export type Time = number;

export const MICROS_PER_MS = 1_000;
export const MICROS_PER_SECOND = 1_000_000;

export const ms = (n: number): Time => Math.round(n * MICROS_PER_MS);
export const seconds = (n: number): Time => Math.round(n * MICROS_PER_SECOND);

const UNIT_MICROS: Record<string, number> = {
  us: 1,
  µs: 1,
  ms: MICROS_PER_MS,
  s: MICROS_PER_SECOND,
  m: 60 * MICROS_PER_SECOND,
  h: 3600 * MICROS_PER_SECOND,
};

const DURATION = /^\s*(\d+(?:\.\d+)?)\s*(us|µs|ms|s|m|h)\s*$/;

/**
 * Parses "250ms", "1.5s", "2m", "40us". Returns undefined when the text is not a duration, so the
 * caller can name the field in its own error message. A bare number is not accepted: a unit-less
 * duration is the most common way to be off by a factor of a thousand.
 */
export function parseDuration(text: string): Time | undefined {
  const match = DURATION.exec(text);
  if (!match) return undefined;
  const [, amount, unit] = match;
  return Math.round(Number(amount) * (UNIT_MICROS[unit as string] as number));
}

/** "12.345s", "250ms", "40us": the shortest exact-ish form, for summaries and traces read by people. */
export function formatDuration(t: Time): string {
  if (t >= MICROS_PER_SECOND) return `${trim(t / MICROS_PER_SECOND)}s`;
  if (t >= MICROS_PER_MS) return `${trim(t / MICROS_PER_MS)}ms`;
  return `${t}us`;
}

function trim(n: number): string {
  return Number(n.toFixed(3)).toString();
}
