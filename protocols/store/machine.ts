/**
 * The replicated state machine: the znode tree, the open sessions and the exactly-once table.
 * `apply` is a deterministic function of the machine and the command (no clock, no randomness, no
 * dependence on insertion order), so replicas that apply the same commands agree on every response
 * and on `digest()`. Watches are not here: they are per replica (see `watches.ts`).
 */
import { BAD_ARGUMENTS, DONE, SESSION_EXPIRED } from './answers.js';
import type { Change } from './changes.js';
import type { Applied, CloseSessionCommand, Command, OpCommand, OpenSessionCommand } from './commands.js';
import { DigestSum, Hasher, hex32 } from './digest.js';
import type { ClientId, SessionId, Zxid } from './ids.js';
import { ZXID_ZERO } from './ids.js';
import { assertNever } from '../../sim/errors.js';
import type { Op, OpResult, ReadOp, ResultOf } from './ops.js';
import { isValidPath } from './paths.js';
import { ZnodeTree } from './tree.js';
import type { ZnodeRecord } from './znode.js';

/** An open session as the machine knows it. */
export interface SessionInfo {
  readonly session: SessionId;
  readonly timeoutMs: number;
}

/** A client's last applied request and its response: what a retry of it is answered with. */
export interface ClientRecord {
  readonly client: ClientId;
  readonly seq: number;
  readonly result: OpResult;
}

/** The whole machine as plain JSON, with every list sorted so equal machines give equal snapshots. */
export interface StoreSnapshot {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly appliedZxid: Zxid;
  readonly nodes: readonly ZnodeRecord[];
  readonly sessions: readonly SessionInfo[];
  readonly clients: readonly ClientRecord[];
}

/** Tags snapshots so a future layout change is detected instead of misread. */
export const SNAPSHOT_FORMAT = 'ensemble.store/1';

export class StoreMachine {
  private tree = new ZnodeTree();
  private readonly sessionTable = new Map<SessionId, SessionInfo>();
  private readonly clientTable = new Map<ClientId, ClientEntry>();
  private readonly sessionSum = new DigestSum();
  private readonly clientSum = new DigestSum();
  private applied: Zxid = ZXID_ZERO;

  /** A machine equal to the one `snapshot` was taken of. */
  static fromSnapshot(snapshot: StoreSnapshot): StoreMachine {
    const machine = new StoreMachine();
    machine.restore(snapshot);
    return machine;
  }

  /** The zxid of the last applied command (0 before any). */
  get appliedZxid(): Zxid {
    return this.applied;
  }

  /**
   * Applies one command at position `zxid`, which must be larger than every zxid applied before:
   * applying out of order or twice is a bug in the caller and throws.
   */
  apply(command: Command, zxid: Zxid): Applied {
    if (!(zxid > this.applied)) {
      throw new RangeError(`store: apply at zxid ${zxid} after ${this.applied}; zxids must increase`);
    }
    this.applied = zxid;
    switch (command.kind) {
      case 'op':
        return this.applyOp(command, zxid);
      case 'open-session':
        return this.openSession(command);
      case 'close-session':
        return this.closeSession(command, zxid);
      case 'noop':
        return { response: { kind: 'noop' }, changes: NO_CHANGES };
      default:
        return assertNever(command);
    }
  }

  /**
   * Serves a read from this replica's current state, outside the log (ZooKeeper's local reads;
   * also ReadIndex and lease reads). No session check and no exactly-once bookkeeping: reads change
   * nothing. Registering a requested watch is the caller's job (`WatchManager.register`).
   */
  read<O extends ReadOp>(op: O): ResultOf<O> {
    return this.executeRead(op) as ResultOf<O>;
  }

  /** True when `session` is open. */
  hasSession(session: SessionId): boolean {
    return this.sessionTable.has(session);
  }

  /** The open sessions sorted by id, for a new leader's expiry tracker. */
  sessions(): SessionInfo[] {
    return [...this.sessionTable.values()].sort((x, y) => x.session - y.session);
  }

  /** The last seq applied for `client`, if any. */
  lastSeq(client: ClientId): number | undefined {
    return this.clientTable.get(client)?.seq;
  }

  /** The result of `client`'s request `seq` if it is the last one applied (what a retry is answered with). */
  resultOf(client: ClientId, seq: number): OpResult | undefined {
    const last = this.clientTable.get(client);
    return last !== undefined && last.seq === seq ? last.result : undefined;
  }

  /** Paths of the ephemeral nodes `session` owns, sorted. */
  ephemeralsOf(session: SessionId): string[] {
    return this.tree.ephemeralsOf(session);
  }

  /** Number of znodes, the root included. */
  get nodeCount(): number {
    return this.tree.size;
  }

  /**
   * A 64-bit digest (16 hex digits) of the whole replicated state: tree, sessions, exactly-once
   * table and applied zxid. O(1): the parts are kept up to date incrementally.
   */
  digest(): string {
    const [treeA, treeB] = this.tree.digestLanes();
    const h = DIGEST_HASHER.reset()
      .int(treeA)
      .int(treeB)
      .int(this.sessionSum.a)
      .int(this.sessionSum.b)
      .int(this.clientSum.a)
      .int(this.clientSum.b)
      .int(this.applied);
    return hex32(h.laneA()) + hex32(h.laneB());
  }

  /** The machine as a JSON-serialisable value; it shares no mutable state with the machine. */
  snapshot(): StoreSnapshot {
    const clients = [...this.clientTable.entries()]
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
      .map(([client, entry]): ClientRecord => ({ client, seq: entry.seq, result: entry.result }));
    return {
      format: SNAPSHOT_FORMAT,
      appliedZxid: this.applied,
      nodes: this.tree.records(),
      sessions: this.sessions(),
      clients,
    };
  }

  /** Replaces the whole state with `snapshot`'s (e.g. on InstallSnapshot). A malformed snapshot throws. */
  restore(snapshot: StoreSnapshot): void {
    if (snapshot.format !== SNAPSHOT_FORMAT) throw new Error(`store: unknown snapshot format ${String(snapshot.format)}`);
    const tree = ZnodeTree.fromRecords(snapshot.nodes);
    const sessions = new Set(snapshot.sessions.map((s) => s.session));
    for (const node of snapshot.nodes) {
      if (node.ephemeralOwner !== 0 && !sessions.has(node.ephemeralOwner)) {
        throw new Error(`store: snapshot node ${node.path} is owned by session ${node.ephemeralOwner}, which is not open`);
      }
    }
    this.tree = tree;
    this.sessionTable.clear();
    this.sessionSum.clear();
    for (const info of snapshot.sessions) this.addSession({ session: info.session, timeoutMs: info.timeoutMs });
    this.clientTable.clear();
    this.clientSum.clear();
    for (const record of snapshot.clients) this.remember(record.client, record.seq, record.result);
    this.applied = snapshot.appliedZxid;
  }

  // ---------------------------------------------------------------------------------------------

  private applyOp(command: OpCommand, zxid: Zxid): Applied {
    const { client, seq } = command;
    const last = this.clientTable.get(client);
    // Exactly-once comes first: a retry of an applied write is answered with its original result
    // even if the session has expired since, or the client would see "SessionExpired" for a write
    // that did happen.
    if (last !== undefined && seq <= last.seq) {
      const response =
        seq === last.seq
          ? { kind: 'op' as const, client, seq, result: last.result, duplicate: true }
          : { kind: 'stale' as const, client, seq, lastSeq: last.seq };
      return { response, changes: NO_CHANGES };
    }
    const changes: Change[] = [];
    const result = this.sessionTable.has(command.session)
      ? this.execute(command.op, command.session, zxid, changes)
      : SESSION_EXPIRED;
    this.remember(client, seq, result);
    return { response: { kind: 'op', client, seq, result, duplicate: false }, changes };
  }

  private execute(op: Op, session: SessionId, zxid: Zxid, out: Change[]): OpResult {
    switch (op.f) {
      case 'create':
        return this.tree.create(op.path, op.data, op.mode, session, zxid, out);
      case 'set':
        return this.tree.set(op.path, op.data, op.version, zxid, out);
      case 'delete':
        return this.tree.delete(op.path, op.version, zxid, out);
      case 'multi':
        return this.tree.multi(op.ops, session, zxid, out);
      case 'sync':
        // Through the log, a sync is just a marker: by the time it applies, the replica is caught up.
        return isValidPath(op.path) ? DONE : BAD_ARGUMENTS;
      case 'get':
      case 'exists':
      case 'children':
        return this.executeRead(op);
      default:
        return assertNever(op);
    }
  }

  private executeRead(op: ReadOp): OpResult {
    switch (op.f) {
      case 'get':
        return this.tree.get(op.path);
      case 'exists':
        return this.tree.exists(op.path);
      case 'children':
        return this.tree.children(op.path);
      default:
        return assertNever(op);
    }
  }

  private openSession(command: OpenSessionCommand): Applied {
    const { session } = command;
    // 0 means "no owner" in a stat, so it can never name a session.
    if (!Number.isSafeInteger(session) || session <= 0) throw new RangeError(`store: bad session id ${session}`);
    const created = !this.sessionTable.has(session);
    if (created) this.addSession({ session, timeoutMs: command.timeoutMs });
    return { response: { kind: 'open-session', session, created }, changes: NO_CHANGES };
  }

  private closeSession(command: CloseSessionCommand, zxid: Zxid): Applied {
    const { session, reason } = command;
    const info = this.sessionTable.get(session);
    if (info === undefined) {
      return { response: { kind: 'close-session', session, reason, closed: false, deleted: [] }, changes: NO_CHANGES };
    }
    this.sessionTable.delete(session);
    this.sessionSum.subtract(...sessionHash(info));
    const changes: Change[] = [];
    const deleted = this.tree.deleteEphemerals(session, zxid, changes);
    return { response: { kind: 'close-session', session, reason, closed: true, deleted }, changes };
  }

  private addSession(info: SessionInfo): void {
    this.sessionTable.set(info.session, info);
    this.sessionSum.add(...sessionHash(info));
  }

  private remember(client: ClientId, seq: number, result: OpResult): void {
    const old = this.clientTable.get(client);
    if (old !== undefined) this.clientSum.subtract(old.hashA, old.hashB);
    ENTRY_HASHER.reset().str(client).int(seq).str(JSON.stringify(result));
    const entry: ClientEntry = { seq, result, hashA: ENTRY_HASHER.laneA(), hashB: ENTRY_HASHER.laneB() };
    this.clientTable.set(client, entry);
    this.clientSum.add(entry.hashA, entry.hashB);
  }
}

interface ClientEntry {
  readonly seq: number;
  readonly result: OpResult;
  readonly hashA: number;
  readonly hashB: number;
}

function sessionHash(info: SessionInfo): [number, number] {
  ENTRY_HASHER.reset().int(info.session).int(info.timeoutMs);
  return [ENTRY_HASHER.laneA(), ENTRY_HASHER.laneB()];
}

const NO_CHANGES: readonly Change[] = Object.freeze([]);
const ENTRY_HASHER = new Hasher();
const DIGEST_HASHER = new Hasher();
