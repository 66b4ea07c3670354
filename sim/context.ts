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
  const disk: DiskHandle = {
    get: (key) => s.disk.get(key),
    put: (key, value) => s.disk.write({ op: 'put', key, value }),
    delete: (key) => s.disk.write({ op: 'delete', key }),
    log: (key) => s.disk.log(key),
    append: (key, items) => s.disk.write({ op: 'append', key, items }),
    truncate: (key, length) => s.disk.write({ op: 'truncate', key, length }),
    sync: (onDurable) => kernel.sync(s, onDurable),
    get unsyncedWrites() {
      return s.disk.unsyncedWrites;
    },
  };
  // The peers list is rebuilt only when the group changes (the world replaces its member list).
  let groupSeen: readonly NodeId[] | undefined;
  let peers: readonly NodeId[] = [];
  const ctx: NodeContext = {
    id: s.id,
    group: s.group,
    get peers() {
      const members = kernel.members(s.group);
      if (members !== groupSeen) {
        groupSeen = members;
        peers = members.filter((id) => id !== s.id);
      }
      return peers;
    },
    members: (group) => kernel.members(group),
    now: () => s.clock.local(kernel.now()),
    send: (to, msg) => kernel.send(s, to, msg),
    setTimer: (name, after) => {
      if (!s.up) return;
      if (!(after >= 0)) throw new SimConfigError(`${s.id}: timer '${name}' set with a negative or invalid delay (${after})`);
      const gen = ++s.timerGen;
      s.timers.set(name, gen);
      kernel.schedule(timerEvent(s.index, s.incarnation, gen, name), kernel.now() + s.clock.toGlobalDuration(after));
    },
    cancelTimer: (name) => {
      s.timers.delete(name);
    },
    disk,
    reply: (request: ClientRequest, outcome: ClientOutcome) => {
      const response: ResponseMessage = { kind: 'client.response', seq: request.seq, outcome };
      kernel.send(s, request.client, response);
    },
    random: () => s.rng.next(),
    traced: kernel.traced,
    trace: (kind, data) => {
      if (s.up) kernel.emit(kind, s.id, data);
    },
    reportState: (state, extra) => {
      if (s.up) kernel.reportState(s, state, extra);
    },
    history: kernel.history,
  };
  const serves = s.serves;
  if (serves === undefined) return ctx;
  return Object.defineProperty(ctx, 'replicas', { get: () => kernel.members(serves), enumerable: true }) as ClientContext;
}
