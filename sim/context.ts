import type { DiskHandle } from './disk.js';
import { SimConfigError } from './errors.js';
import type { History } from './history.js';
import type { ClientOutcome, ClientRequest, GroupName, Message, NodeContext, NodeId, ResponseMessage } from './node.js';
import type { ReplicaState } from './replica-state.js';
import { type Slot, timerEvent, type Ev } from './slot.js';
import type { Time } from './time.js';

/** A client's context: a node context plus the history it records into. */
export interface ClientContext<M extends Message = Message> extends NodeContext<M> {
  readonly history: History;
  /** The members of the group it serves (the replicas it sends requests to). */
  readonly replicas: readonly NodeId[];
}

/** What a node's context needs of the world: the only doors from an actor into the kernel. */
export interface KernelPort {
  readonly history: History;
  /** The members of a group, as a list that changes identity whenever the group does. */
  members(group: GroupName): readonly NodeId[];
  /** True (global) virtual time. */
  now(): Time;
  send(from: Slot, to: NodeId, msg: Message): void;
  schedule(ev: Ev, at: Time): void;
  sync(slot: Slot, onDurable: (() => void) | undefined): void;
  emit(kind: string, node: NodeId | undefined, data?: Record<string, unknown>): void;
  reportState(slot: Slot, state: ReplicaState, extra: Readonly<Record<string, unknown>> | undefined): void;
  /** Whether the trace records state-level events. */
  readonly traced: boolean;
}

/** Builds the context through which the actor in `s` acts on the world. */
export function buildContext(s: Slot, kernel: KernelPort): NodeContext | ClientContext {
  return s.serves === undefined ? new Context(s, kernel) : new ClientContextImpl(s, kernel, s.serves);
}

/** A node's disk as its actor sees it: writes go through the slot's disk, syncs through the kernel. */
class SlotDisk implements DiskHandle {
  constructor(
    private readonly s: Slot,
    private readonly kernel: KernelPort,
  ) {}

  get<T>(key: string): T | undefined {
    return this.s.disk.get(key);
  }
  put(key: string, value: unknown): void {
    this.s.disk.write({ op: 'put', key, value });
  }
  delete(key: string): void {
    this.s.disk.write({ op: 'delete', key });
  }
  log<T>(key: string): readonly T[] {
    return this.s.disk.log(key);
  }
  append(key: string, items: readonly unknown[]): void {
    this.s.disk.write({ op: 'append', key, items });
  }
  truncate(key: string, length: number): void {
    this.s.disk.write({ op: 'truncate', key, length });
  }
  sync(onDurable?: () => void): void {
    this.kernel.sync(this.s, onDurable);
  }
  get unsyncedWrites(): number {
    return this.s.disk.unsyncedWrites;
  }
}

// A class, not an object literal: one shape for every context keeps the hot calls (send, now,
// random, setTimer) monomorphic.
class Context implements NodeContext {
  readonly id: NodeId;
  readonly group: GroupName;
  readonly disk: DiskHandle;
  readonly history: History;
  readonly traced: boolean;
  /** The peers list is rebuilt only when the group changes (the world replaces its member list). */
  private groupSeen: readonly NodeId[] | undefined;
  private peerList: readonly NodeId[] = [];

  constructor(
    protected readonly s: Slot,
    protected readonly kernel: KernelPort,
  ) {
    this.id = s.id;
    this.group = s.group;
    this.disk = new SlotDisk(s, kernel);
    this.history = kernel.history;
    this.traced = kernel.traced;
  }

  get peers(): readonly NodeId[] {
    const members = this.kernel.members(this.s.group);
    if (members !== this.groupSeen) {
      this.groupSeen = members;
      this.peerList = members.filter((id) => id !== this.s.id);
    }
    return this.peerList;
  }

  members(group: GroupName): readonly NodeId[] {
    return this.kernel.members(group);
  }

  now(): Time {
    return this.s.clock.local(this.kernel.now());
  }

  send(to: NodeId, msg: Message): void {
    this.kernel.send(this.s, to, msg);
  }

  setTimer(name: string, after: Time): void {
    const s = this.s;
    if (!s.up) return;
    if (!(after >= 0)) throw new SimConfigError(`${s.id}: timer '${name}' set with a negative or invalid delay (${after})`);
    const gen = ++s.timerGen;
    s.timers.set(name, gen);
    const now = this.kernel.now();
    this.kernel.schedule(timerEvent(s.index, s.incarnation, gen, name), now + s.clock.toGlobalDuration(after));
  }

  cancelTimer(name: string): void {
    this.s.timers.delete(name);
  }

  reply(request: ClientRequest, outcome: ClientOutcome): void {
    const response: ResponseMessage = { kind: 'client.response', seq: request.seq, outcome };
    this.kernel.send(this.s, request.client, response);
  }

  random(): number {
    return this.s.rng.next();
  }

  trace(kind: string, data?: Record<string, unknown>): void {
    if (this.s.up) this.kernel.emit(kind, this.s.id, data);
  }

  reportState(state: ReplicaState, extra?: Readonly<Record<string, unknown>>): void {
    if (this.s.up) this.kernel.reportState(this.s, state, extra);
  }
}

class ClientContextImpl extends Context implements ClientContext {
  constructor(
    s: Slot,
    kernel: KernelPort,
    private readonly serves: GroupName,
  ) {
    super(s, kernel);
  }

  get replicas(): readonly NodeId[] {
    return this.kernel.members(this.serves);
  }
}
