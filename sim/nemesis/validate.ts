/** Checks a scripted fault against the world before the run starts, so a bad schedule fails early. */
import { SimConfigError, assertNever } from '../errors.js';
import { validateDistribution } from '../latency.js';
import type { World } from '../world.js';
import type { Fault, Target } from './faults.js';

export function validateFault(world: World, fault: Fault, where: string): void {
  const known = world.nodeIds;
  const node = (target: Target | 'all', field: string): void => {
    if (typeof target === 'object') {
      if (!world.groupNames.includes(target.group)) throw new SimConfigError(`${where}.${field}: unknown group '${target.group}' (known: ${world.groupNames.join(', ')})`);
      return;
    }
    if (target === 'leader' || target === 'random' || target === 'follower' || target === 'all') return;
    if (!known.includes(target)) throw new SimConfigError(`${where}.${field}: unknown node '${target}' (known: ${known.join(', ')})`);
  };
  switch (fault.kind) {
    case 'partition': {
      const seen = new Map<string, number>();
      fault.groups.forEach((g, gi) =>
        g.forEach((id, ii) => {
          node(id, `groups[${gi}][${ii}]`);
          const before = seen.get(id);
          if (before !== undefined) throw new SimConfigError(`${where}: node '${id}' is in group ${before + 1} and group ${gi + 1}; groups must not overlap`);
          seen.set(id, gi);
        }),
      );
      return;
    }
    case 'cut':
      fault.from.forEach((id, i) => node(id, `from[${i}]`));
      fault.to.forEach((id, i) => node(id, `to[${i}]`));
      return;
    case 'isolate':
    case 'crash':
    case 'restart':
    case 'pause':
    case 'resume':
    case 'skew':
    case 'clock-rate':
    case 'disk-latency':
    case 'disk-stall':
    case 'fire-timer':
      node(fault.node, 'node');
      if (fault.kind === 'clock-rate' && !(fault.rate > 0)) throw new SimConfigError(`${where}.rate: expected a positive number, got ${fault.rate}`);
      if (fault.kind === 'disk-latency') validateDistribution(fault.latency, `${where}.latency`);
      return;
    case 'heal':
    case 'network':
    case 'rule':
    case 'unrule':
    case 'release':
    case 'discard':
      return;
    default:
      assertNever(fault, 'fault');
  }
}
