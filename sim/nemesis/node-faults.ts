/** Faults of nodes: crashes and restarts, pauses, clocks, disks, and forced timers. */
import type { FaultHandler } from './context.js';

export const crash: FaultHandler<'crash'> = (fault, n) => {
  const node = n.resolve(fault.node, fault);
  if (node === undefined) return undefined;
  n.record({ kind: 'crash', node });
  n.world.crash(node);
  n.later(fault.restartAfter, { kind: 'restart', node });
  return node;
};

export const restart: FaultHandler<'restart'> = (fault, n) => {
  for (const id of n.all(fault.node)) {
    if (n.world.isUp(id) || n.world.isRemoved(id)) continue;
    n.record({ kind: 'restart', node: id });
    n.world.restart(id);
  }
  return undefined;
};

export const pause: FaultHandler<'pause'> = (fault, n) => {
  const node = n.resolve(fault.node, fault);
  if (node === undefined) return undefined;
  n.record({ kind: 'pause', node });
  n.world.pause(node);
  n.later(fault.resumeAfter, { kind: 'resume', node });
  return node;
};

export const resume: FaultHandler<'resume'> = (fault, n) => {
  for (const id of n.all(fault.node)) {
    if (!n.world.isPaused(id)) continue;
    n.record({ kind: 'resume', node: id });
    n.world.resume(id);
  }
  return undefined;
};

export const skew: FaultHandler<'skew'> = (fault, n) => {
  const node = n.resolve(fault.node, fault);
  if (node === undefined) return undefined;
  n.record({ kind: 'skew', node, delta: fault.delta });
  n.world.skewClock(node, fault.delta);
  return node;
};

export const clockRate: FaultHandler<'clock-rate'> = (fault, n) => {
  const node = n.resolve(fault.node, fault);
  if (node === undefined) return undefined;
  n.record({ kind: 'clock-rate', node, rate: fault.rate });
  n.world.setClockRate(node, fault.rate);
  n.later(fault.resetAfter, { kind: 'clock-rate', node, rate: 1 });
  return node;
};

export const diskLatency: FaultHandler<'disk-latency'> = (fault, n) => {
  const node = n.resolve(fault.node, fault);
  if (node === undefined) return undefined;
  n.later(fault.resetAfter, n.addDiskOverlay(node, fault.latency));
  return node;
};

export const diskStall: FaultHandler<'disk-stall'> = (fault, n) => {
  const node = n.resolve(fault.node, fault);
  if (node === undefined) return undefined;
  n.record({ kind: 'disk-stall', node, duration: fault.duration });
  n.world.stallDisk(node, fault.duration);
  return node;
};

export const fireTimer: FaultHandler<'fire-timer'> = (fault, n) => {
  const node = n.resolve(fault.node, fault);
  if (node === undefined) return undefined;
  n.record({ kind: 'fire-timer', node, timer: fault.timer });
  n.world.fireTimer(node, fault.timer);
  return node;
};
