/** The check framework and the checks that hold for every ordering protocol. */
export { MAX_REPORTED, ViolationLog, type CheckCatalogue, type CheckRun, type TraceCheck, type Violation, type ViolationKind } from './check.js';
export { LogMirror, MirroredLog, replicaStateOf, type MirroredReport } from './log-mirror.js';
export { REPLICA_CHECKS, digestAgreement, electionSafety, monotone, stateMachineSafety } from './replicas.js';
