export { PB_MUTANTS, primaryBackup, type PbMessage, type PrimaryBackupOptions } from './node.js';
export { Registers, type RegisterOp, type RegisterResult } from './register.js';
export { registerWorkload, type RegisterMix } from './workload.js';
