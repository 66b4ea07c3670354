/** Faults on individual messages: rules that drop, hold or crash on a match, and held buckets. */
import type { FaultHandler } from './context.js';

export const rule: FaultHandler<'rule'> = (fault, n) => {
  n.record(fault);
  n.world.addRule(fault.rule);
  return undefined;
};

export const unrule: FaultHandler<'unrule'> = (fault, n) => {
  n.record(fault);
  n.world.removeRule(fault.id);
  return undefined;
};

export const release: FaultHandler<'release'> = (fault, n) => {
  n.record(fault);
  n.world.release(fault.bucket, fault.order ?? 'fifo');
  return undefined;
};

export const discard: FaultHandler<'discard'> = (fault, n) => {
  n.record(fault);
  n.world.discard(fault.bucket);
  return undefined;
};
