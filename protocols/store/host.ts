/**
 * A store replica: the store service hosted on any ordering protocol. The host builds the service
 * with the store's options and mutants, gives it to the protocol's replica, and routes the actor's
 * entry points: client requests and `store.*` timers to the service, inside one of the protocol's
 * steps; everything else to the protocol. The protocol only orders commands.
 */
import type { Actor, ClientRequest, Message, NodeContext, NodeId } from '../../sim/node.js';
import type { MutantSet } from '../kit/mutants.js';
import type { StoreMutant, StoreOptions } from './options.js';
import type { Ordering, OrderingNode } from './replication.js';
import { STORE_TIMER_PREFIX, StoreService } from './service.js';

export class StoreHost<M extends Message = Message> implements Actor<M> {
  readonly service: StoreService;
  /** The ordering protocol's replica (tests reach its internals through it). */
  readonly protocol: OrderingNode<M>;

  constructor(ctx: NodeContext<M>, ordering: Ordering<M>, options: StoreOptions, mutants: MutantSet<StoreMutant>) {
    this.service = new StoreService(ctx, {
      reads: options.reads === 'zookeeper' ? 'zookeeper' : mutants.has('S1') ? 'leader-local' : 'linearizable',
      sessionCheckEvery: options.sessionCheckEvery,
      noDedup: mutants.has('S2'),
    });
    this.protocol = ordering(ctx, this.service);
    this.service.bind(this.protocol);
  }

  start(): void {
    this.protocol.start();
  }

  message(from: NodeId, msg: M): void {
    this.protocol.message(from, msg);
  }

  timer(name: string): void {
    if (name.startsWith(STORE_TIMER_PREFIX)) this.protocol.step(() => this.service.timer(name));
    else this.protocol.timer(name);
  }

  request(req: ClientRequest): void {
    this.protocol.step(() => this.service.request(req));
  }
}

/** The replica factory of a store ordered by `ordering`. */
export function storeReplica<M extends Message>(ordering: Ordering<M>, options: StoreOptions, mutants: MutantSet<StoreMutant>): (ctx: NodeContext<M>) => Actor<M> {
  return (ctx) => new StoreHost(ctx, ordering, options, mutants);
}
