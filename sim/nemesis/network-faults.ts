/** Faults of the network: partitions, isolation, cuts, healing, and periods of loss or delay. */
import type { FaultHandler } from './context.js';

export const partition: FaultHandler<'partition'> = (fault, n) => {
  n.record({ kind: 'partition', groups: fault.groups });
  n.world.partition(fault.groups);
  n.later(fault.healAfter, { kind: 'heal' });
  return undefined;
};

/** Cuts one node off from the other members of its group (clients and other groups keep reaching it). */
export const isolate: FaultHandler<'isolate'> = (fault, n) => {
  const node = n.resolve(fault.node, fault);
  if (node === undefined) return undefined;
  const w = n.world;
  const groups = [[node], w.members(w.groupOf(node)).filter((id) => id !== node)];
  n.record({ kind: 'partition', groups });
  w.partition(groups);
  n.later(fault.healAfter, { kind: 'heal' });
  return node;
};

export const cut: FaultHandler<'cut'> = (fault, n) => {
  n.record({ kind: 'cut', from: fault.from, to: fault.to, oneWay: fault.oneWay ?? false });
  n.world.cut(fault.from, fault.to, fault.oneWay ?? false);
  n.later(fault.healAfter, { kind: 'heal' });
  return undefined;
};

export const heal: FaultHandler<'heal'> = (fault, n) => {
  n.record(fault);
  n.world.heal();
  return undefined;
};

export const network: FaultHandler<'network'> = (fault, n) => {
  const remove = n.addNetworkOverlay(fault.settings);
  n.later(fault.resetAfter, remove);
  return undefined;
};
