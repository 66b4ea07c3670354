/**
 * What every control-plane actor shares: a store session, the API client over it, its informers,
 * and the plumbing between them. The session's messages and timers go to the session; its watch
 * events to the informer they concern; a lost session, or a replica holding watches gone silent,
 * makes every informer list again; every informer lists again every `relistEvery`, and re-reads its
 * directory every `resyncEvery` (a watch notification lost on the network is otherwise missed until
 * the next full list: the store pushes notifications without a connection that would notice). The
 * registry's directories are made sure of once per incarnation, before the first list.
 */
import type { ClientContext } from '../../sim/context.js';
import type { Actor, Message, NodeId } from '../../sim/node.js';
import type { SessionId } from '../store/ids.js';
import { StoreSession } from '../store/session.js';
import type { WatchMessage } from '../store/wire.js';
import { ApiClient } from './api.js';
import type { FactKind } from './facts.js';
import { Informer, type InformerHandlers, type InformerOptions } from './informer.js';
import type { Kind } from './objects.js';
import type { Timings } from './timings.js';

/** Timer names the component layer owns. */
export const RELIST = 'k8s.relist';
export const PROBE = 'k8s.probe';

/** How long a component waits for an answer before it asks again, at the next replica. */
const RETRANSMIT_AFTER = 200_000;

export abstract class Component implements Actor {
  protected readonly session: StoreSession;
  protected readonly api: ApiClient;
  private readonly informers: Informer<any>[] = [];
  private laidOut = false;

  constructor(
    protected readonly ctx: ClientContext,
    protected readonly timings: Timings,
  ) {
    this.session = new StoreSession(
      ctx,
      {
        opened: (s) => this.opened(s),
        // A lost session took its watches: the informers list again when the next one opens.
        watch: (e) => this.watched(e),
        watchesLost: () => this.relistAll(),
      },
      // Resend like TCP after a lost segment (its minimum retransmission timeout is 200ms), not after a quarter of the timeout.
      { opTimeout: timings.requestTimeout, retransmit: Math.min(RETRANSMIT_AFTER, Math.floor(timings.requestTimeout / 4)), sessionTimeoutMs: Math.round(timings.sessionTimeout / 1_000), traceWatches: false },
    );
    this.api = new ApiClient(this.session, { id: ctx.id, random: () => ctx.random(), now: () => ctx.now() }, timings.defaultTolerationSeconds);
  }

  start(): void {
    this.session.start();
    this.ctx.setTimer(RELIST, this.timings.relistEvery);
    this.ctx.setTimer(PROBE, this.timings.resyncEvery);
  }

  message(from: NodeId, msg: Message): void {
    this.session.message(from, msg);
  }

  timer(name: string): void {
    if (this.session.timer(name)) return;
    if (name === RELIST) {
      this.relistAll();
      this.ctx.setTimer(RELIST, this.timings.relistEvery);
      return;
    }
    if (name === PROBE) {
      if (this.laidOut) for (const i of this.informers) i.probe();
      this.ctx.setTimer(PROBE, this.timings.resyncEvery);
      return;
    }
    this.onTimer(name);
  }

  /** The component's own timers. */
  protected abstract onTimer(name: string): void;

  /** The registry exists and the first session is open: start the informers and the work. */
  protected abstract ready(): void;

  /** Registers an informer; it lists when the component is ready. */
  protected inform<K extends Kind>(kind: K, handlers: InformerHandlers<any>, options?: InformerOptions): Informer<K> {
    const informer = new Informer(this.session, kind, handlers, options);
    this.informers.push(informer);
    return informer;
  }

  /** Records a `k8s.*` fact on this actor's trace lane. */
  protected say(kind: FactKind, data: Record<string, unknown>): void {
    this.ctx.trace(kind, data);
  }

  protected relistAll(): void {
    if (!this.laidOut) return;
    for (const i of this.informers) i.relist();
  }

  private opened(_session: SessionId): void {
    if (this.laidOut) {
      this.relistAll();
      return;
    }
    this.api.ensureLayout(() => {
      if (this.laidOut) return;
      this.laidOut = true;
      this.ready();
      this.relistAll();
    });
  }

  private watched(event: WatchMessage): void {
    for (const i of this.informers) if (i.watch(event)) return;
  }
}
