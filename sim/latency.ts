import { SimConfigError } from './errors.js';
import type { Rng } from './rng.js';
import type { Time } from './time.js';

/** How long something takes, drawn per use. All values in microseconds. */
export type Distribution =
  | { readonly kind: 'constant'; readonly value: Time }
  | { readonly kind: 'uniform'; readonly min: Time; readonly max: Time }
  | { readonly kind: 'exponential'; readonly mean: Time; readonly min?: Time; readonly max?: Time };

export const constant = (value: Time): Distribution => ({ kind: 'constant', value });
export const uniform = (min: Time, max: Time): Distribution => ({ kind: 'uniform', min, max });
export const exponential = (mean: Time, min = 0): Distribution => ({ kind: 'exponential', mean, min });

/** Throws a SimConfigError naming `where` if the distribution can yield a negative or non-finite time. */
export function validateDistribution(d: Distribution, where: string): void {
  const bad = (msg: string): never => {
    throw new SimConfigError(`${where}: ${msg}`);
  };
  const time = (v: number, name: string): void => {
    if (!Number.isFinite(v) || v < 0) bad(`${name} must be a non-negative time, got ${v}`);
  };
  switch (d.kind) {
    case 'constant':
      time(d.value, 'value');
      return;
    case 'uniform':
      time(d.min, 'min');
      time(d.max, 'max');
      if (d.max < d.min) bad(`max (${d.max}) is below min (${d.min})`);
      return;
    case 'exponential':
      time(d.mean, 'mean');
      if (d.min !== undefined) time(d.min, 'min');
      if (d.max !== undefined) time(d.max, 'max');
      return;
    default:
      bad(`unknown distribution ${JSON.stringify(d)}`);
  }
}

/** One draw, rounded to a whole microsecond. */
export function sample(d: Distribution, rng: Rng): Time {
  switch (d.kind) {
    case 'constant':
      return d.value;
    case 'uniform':
      return d.min === d.max ? d.min : Math.round(d.min + rng.next() * (d.max - d.min));
    case 'exponential': {
      const v = Math.round((d.min ?? 0) + rng.exponential(d.mean));
      return d.max === undefined ? v : Math.min(v, d.max);
    }
  }
}
