/**
 * The primary-backup register: the smallest real protocol, and the example of a protocol with a
 * state of its own (it serves the `register` workload, not the store). Its definition below is
 * everything the rest of the house needs to know about it.
 */
import type { StandaloneProtocol, WorkloadDefinition } from '../definition.js';
import { defineOptions } from '../kit/options.js';
import { PB_MUTANTS, RESEND, primaryBackup } from './node.js';
import { registerWorkload } from './workload.js';

export { PB_MUTANTS, primaryBackup, type PbMessage, type PrimaryBackupOptions } from './node.js';
export { Registers, type RegisterOp, type RegisterResult } from './register.js';
export { registerWorkload, type RegisterMix } from './workload.js';

export const REGISTER_WORKLOAD: WorkloadDefinition = {
  name: 'register',
  summary: 'read / write / cas on integer registers, one per key',
  ops: ['read', 'write', 'cas'],
  model: 'cas-register',
  build: (b) => registerWorkload(b.keys, { read: b.mix['read'] ?? 0, write: b.mix['write'] ?? 0, cas: b.mix['cas'] ?? 0 }),
};

export const PRIMARY_BACKUP: StandaloneProtocol<Record<string, never>> = {
  name: 'primary-backup',
  summary: 'A fixed primary replicating a register map to every backup; the kernel example protocol.',
  era: 'view',
  messages: ['pb.append', 'pb.ack'],
  timers: [RESEND],
  options: defineOptions({}, () => ({})),
  mutants: PB_MUTANTS,
  checks: {},
  workloads: [REGISTER_WORKLOAD],
  replica: ({ ids, mutants }) => primaryBackup({ primary: ids[0]!, mutants }),
};
