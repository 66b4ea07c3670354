import type { DiskHandle } from './disk.js';
import { SimConfigError } from './errors.js';
import type { History } from './history.js';
import type { ClientOutcome, ClientRequest, Message, NodeContext, NodeId, ResponseMessage } from './node.js';
import { Ev, type Slot, TIMER } from './slot.js';
import type { Time } from './time.js';

/** A client's context: a node context plus the history it records into. */
export interface ClientContext<M extends Message = Message> extends NodeContext<M> {
  readonly history: History;
  /** The replicas, for choosing whom to send requests to. */
  readonly replicas: readonly NodeId[];
}

/** What a node's context needs of the world: the only doors from an actor into the kernel. */
export interface KernelPort {
  readonly replicaIds: readonly NodeId[];
  readonly history: History;
  /** True (global) virtual time. */
  now(): Time;
  send(from: Slot, to: NodeId, msg: Message): void;
  schedule(ev: Ev, at: Time): void;
  sync(slot: Slot, onDurable: (() => void) | undefined): void;
  emit(kind: string, node: NodeId | undefined, data?: Record<string, unknown>): void;
}

/** Builds the context through which the actor in `s` acts on the world. */
export function buildContext(s: Slot, kernel: KernelPort): NodeContext | ClientContext {
  const peers = kernel.replicaIds.filter((id) => id !== s.id);
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
  const ctx: NodeContext = {
    id: s.id,
    peers,
    now: () => s.clock.local(kernel.now()),
    send: (to, msg) => kernel.send(s, to, msg),
    setTimer: (name, after) => {
      if (!s.up) return;
      if (!(after >= 0)) throw new SimConfigError(`${s.id}: timer '${name}' set with a negative or invalid delay (${after})`);
      const gen = ++s.timerGen;
      s.timers.set(name, gen);
      kernel.schedule(new Ev(TIMER, s.index, gen, s.incarnation, 0, name, 0), kernel.now() + s.clock.toGlobalDuration(after));
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
    trace: (kind, data) => {
      if (s.up) kernel.emit(kind, s.id, data);
    },
  };
  if (!s.isClient) return { ...ctx, history: kernel.history };
  return { ...ctx, history: kernel.history, replicas: kernel.replicaIds };
}
