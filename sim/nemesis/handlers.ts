/** The handler of every fault kind: adding a kind of fault is a handler here and its schema. */
import type { FaultHandlers } from './context.js';
import { discard, release, rule, unrule } from './message-faults.js';
import { cut, heal, isolate, network, partition } from './network-faults.js';
import { clockRate, crash, diskLatency, diskStall, fireTimer, pause, restart, resume, skew } from './node-faults.js';

export const FAULT_HANDLERS: FaultHandlers = {
  partition,
  isolate,
  cut,
  heal,
  network,
  crash,
  restart,
  pause,
  resume,
  skew,
  'clock-rate': clockRate,
  'disk-latency': diskLatency,
  'disk-stall': diskStall,
  'fire-timer': fireTimer,
  rule,
  unrule,
  release,
  discard,
};
