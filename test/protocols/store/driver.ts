/** Test helper: a machine plus a zxid counter and shorthand for sessions and client requests. */
import type { Applied, ClientId, Command, Op, OpResult, SessionId, Zxid } from '../../../protocols/store/index.js';
import { clientId, sessionId, StoreMachine, zxid } from '../../../protocols/store/index.js';

export class Driver {
  readonly machine: StoreMachine;
  private next: number;
  private readonly seqs = new Map<string, number>();

  constructor(machine = new StoreMachine()) {
    this.machine = machine;
    this.next = machine.appliedZxid + 1;
  }

  /** Applies a command at the next zxid. */
  apply(command: Command): Applied {
    return this.machine.apply(command, zxid(this.next++));
  }

  /** The zxid the next command will get. */
  get nextZxid(): Zxid {
    return zxid(this.next);
  }

  open(session: number, timeoutMs = 10_000): SessionId {
    const id = sessionId(session);
    this.apply({ kind: 'open-session', session: id, timeoutMs });
    return id;
  }

  close(session: SessionId, reason: 'closed' | 'expired' = 'closed'): Applied {
    return this.apply({ kind: 'close-session', session, reason });
  }

  /** Sends `op` as client `client`'s next request (or with an explicit seq) and returns the result. */
  op(session: SessionId, op: Op, client = `c${session}`, seq?: number): OpResult {
    return this.request(session, op, client, seq).result;
  }

  /** Like `op`, but returns the whole applied outcome. */
  request(session: SessionId, op: Op, client = `c${session}`, seq?: number): Applied & { result: OpResult } {
    const s = seq ?? (this.seqs.get(client) ?? 0) + 1;
    this.seqs.set(client, Math.max(s, this.seqs.get(client) ?? 0));
    const applied = this.apply({ kind: 'op', client: clientId(client), seq: s, session, op });
    if (applied.response.kind !== 'op') throw new Error(`expected an op response, got ${applied.response.kind}`);
    return { ...applied, result: applied.response.result };
  }
}

export function cid(name: string): ClientId {
  return clientId(name);
}
