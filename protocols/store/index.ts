/**
 * The replicated coordination store shared by Raft, ZAB and Paxos: the znode tree state machine,
 * the commands that go through the log, and the per-replica watch manager.
 */
export type { Brand, ClientId, SessionId, Zxid } from './ids.js';
export { clientId, sessionId, zxid, ZXID_ZERO } from './ids.js';
export { checkPath, childPath, formatSequence, isValidPath, nameOf, parentOf } from './paths.js';
export type {
  CheckResult,
  ChildrenList,
  ChildrenOp,
  ChildrenResult,
  CommonError,
  Created,
  CreateMode,
  CreateOp,
  CreateResult,
  DeleteOp,
  DeleteResult,
  Done,
  ErrorResult,
  ExistsAnswer,
  ExistsOp,
  ExistsResult,
  GetOp,
  GetResult,
  GotData,
  MultiDone,
  MultiFailed,
  MultiOp,
  MultiResult,
  Op,
  OpResult,
  ReadOp,
  ResultByOp,
  ResultOf,
  SetDone,
  SetOp,
  SetResult,
  Stat,
  SubOp,
  SubResult,
  SyncOp,
  SyncResult,
  ZkError,
  NoError,
} from './ops.js';
export { ANY_VERSION, isError, isWrite, modeFlags } from './ops.js';
export type { Change, WatchEventType } from './changes.js';
export type {
  Applied,
  CloseSessionCommand,
  CloseSessionResponse,
  Command,
  NoopCommand,
  NoopResponse,
  OpCommand,
  OpenSessionCommand,
  OpenSessionResponse,
  OpResponse,
  Response,
  StaleResponse,
} from './commands.js';
export type { ClientRecord, SessionInfo, StoreSnapshot } from './machine.js';
export { SNAPSHOT_FORMAT, StoreMachine } from './machine.js';
export type { ZnodeRecord } from './znode.js';
export { ZnodeTree } from './tree.js';
export type { SessionWatches, WatchNotification } from './watches.js';
export { WatchManager } from './watches.js';
