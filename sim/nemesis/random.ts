/** The random mode's draw: one fault of a kind chosen from the allowed ones, from the nemesis's stream. */
import { assertNever } from '../errors.js';
import { sample } from '../latency.js';
import type { NodeId } from '../node.js';
import type { Rng } from '../rng.js';
import type { Fault, RandomNemesisOptions } from './faults.js';

/** Draws the next random fault over `ids` (the nemesis's group). */
export function drawFault(options: RandomNemesisOptions, rng: Rng, ids: readonly NodeId[]): Fault {
  const kind = rng.pick(options.faults);
  const lasting = Math.max(1, sample(options.duration, rng));
  switch (kind) {
    case 'partition': {
      const shuffled = rng.shuffle(ids);
      const minority = rng.int(1, Math.max(1, Math.floor((ids.length - 1) / 2)));
      return { kind: 'partition', groups: [shuffled.slice(0, minority), shuffled.slice(minority)], healAfter: lasting };
    }
    case 'isolate':
      return { kind: 'isolate', node: rng.chance(0.5) ? 'leader' : 'random', healAfter: lasting };
    case 'crash':
      return { kind: 'crash', node: rng.chance(0.5) ? 'leader' : 'random', restartAfter: lasting };
    case 'pause':
      return { kind: 'pause', node: rng.chance(0.5) ? 'leader' : 'random', resumeAfter: lasting };
    case 'skew':
      return { kind: 'skew', node: 'random', delta: Math.round((rng.next() * 2 - 1) * 2_000_000) };
    case 'clock-rate':
      return { kind: 'clock-rate', node: 'random', rate: rng.pick([0.5, 0.8, 1.25, 2]), resetAfter: lasting };
    case 'drop':
      return { kind: 'network', settings: { drop: rng.pick([0.05, 0.2, 0.5]) }, resetAfter: lasting };
    case 'duplicate':
      return { kind: 'network', settings: { duplicate: rng.pick([0.05, 0.2]) }, resetAfter: lasting };
    case 'reorder':
      return { kind: 'network', settings: { reorder: rng.pick([0.1, 0.3]) }, resetAfter: lasting };
    case 'slow-disk':
      return {
        kind: 'disk-latency',
        node: 'random',
        latency: { kind: 'exponential', mean: rng.pick([5_000, 20_000, 100_000]) },
        resetAfter: lasting,
      };
    case 'disk-stall':
      return { kind: 'disk-stall', node: 'random', duration: lasting };
    default:
      return assertNever(kind, 'random fault kind');
  }
}
