/**
 * Runs a recipe (a ZooKeeper recipe written as a client behaviour) on the store's client library.
 *
 * A recipe is a generator: it yields the steps it wants done (a store operation, closing its
 * session, or waiting) and is resumed with each step's answer, so it reads top to bottom like the
 * recipe in the ZooKeeper documentation. The driver is the `ObservingWorkload` the client pulls
 * operations from: it hands the client each operation, routes the result back into the generator,
 * answers IDLE while the recipe waits, and keeps the watch events and session changes the client
 * reports so that a wait can end on them. The client records every operation in the history as it
 * does for any workload, so the `linearizable` check keeps working; what the recipe believes
 * (it holds the lock, it leads, what it read) it says through `RecipeEnv.emit` as `recipe.*` trace
 * events, which the recipe's check reads beside the history.
 */
import type { OpSpec } from '../../../sim/client.js';
import type { NodeId } from '../../../sim/node.js';
import type { Rng } from '../../../sim/rng.js';
import type { Time } from '../../../sim/time.js';
import { CLOSE_SESSION, IDLE, type ObservingWorkload, type WorkloadHost } from '../client.js';
import type { SessionId } from '../ids.js';
import type { Op, OpResult } from '../ops.js';
import type { WatchMessage } from '../wire.js';

/** What a recipe asks of the driver. */
export type Step =
  | { readonly kind: 'op'; readonly op: Op }
  /** Close the session (its ephemeral nodes go); the client then opens another. */
  | { readonly kind: 'close' }
  /** Do nothing until the client's clock reads `until`, or sooner on a watch event or a session change if asked. */
  | { readonly kind: 'wait'; readonly until: Time; readonly onWatch: boolean; readonly onSession: boolean };

/** The answer a step resumes the recipe with. */
export type Answer =
  /** `result` is undefined when the outcome is unknown (timed out) or the operation failed. */
  | { readonly kind: 'op'; readonly result: OpResult | undefined }
  | { readonly kind: 'closed' }
  | { readonly kind: 'woken'; readonly by: 'watch' | 'session' | 'time'; readonly events: readonly WatchMessage[] };

export type RecipeGen<T = void> = Generator<Step, T, Answer>;

/** What a recipe can see of the world: its client, its clock, its session, its randomness. */
export interface RecipeEnv {
  readonly id: NodeId;
  /** The client's position among the run's clients, from 0 (`c1` is 0): recipes give roles by it. */
  readonly index: number;
  /** How many clients the run has. */
  readonly clients: number;
  readonly rng: Rng;
  /** When the run's faults stop: recipes that must settle for their check stop changing things then. */
  readonly stopAt: Time;
  readonly mutants: ReadonlySet<string>;
  /** The client's clock. */
  now(): Time;
  /** The session in use: a recipe step always runs with one. */
  session(): SessionId | undefined;
  /** Records `recipe.<event>` on the client's trace lane. */
  emit(event: string, data: Record<string, unknown>): void;
}

export interface RecipeSetup {
  readonly clients: number;
  readonly stopAt: Time;
  readonly mutants: ReadonlySet<string>;
}

export type Recipe = (env: RecipeEnv) => RecipeGen;

/** The recipe's client behaviour as a workload for the store client (one per client). */
export function recipeWorkload(recipe: Recipe, setup: RecipeSetup): ObservingWorkload {
  return new RecipeDriver(recipe, setup);
}

const MAX_EVENTS = 64;

const NO_HOST: WorkloadHost = { id: 'c0', now: () => 0, trace: () => undefined };

class RecipeDriver implements ObservingWorkload {
  private host: WorkloadHost = NO_HOST;
  private gen: RecipeGen | undefined;
  private rng: Rng | undefined;
  private session: SessionId | undefined;
  private sessionChanges = 0;
  /** The step yielded and not yet answered, and the session count when a wait began. */
  private pending: Step | undefined;
  private waitFrom = 0;
  private answer: Answer | undefined;
  private events: WatchMessage[] = [];
  private finished = false;

  constructor(
    private readonly recipe: Recipe,
    private readonly setup: RecipeSetup,
  ) {}

  bind(host: WorkloadHost): void {
    this.host = host;
  }

  next(rng: Rng): OpSpec | undefined {
    if (this.finished) return undefined;
    if (this.gen === undefined) {
      this.rng = rng;
      this.gen = this.recipe(this.env());
      return this.resume(undefined);
    }
    const step = this.pending;
    if (step?.kind === 'wait') {
      const woken = this.woken(step);
      if (woken === undefined) return { f: IDLE, value: Math.max(0, step.until - this.host.now()) };
      return this.resume(woken);
    }
    // The client reports how every operation and close ends before it asks again; should one
    // slip through unreported, an unknown outcome keeps the recipe going rather than stalled.
    return this.resume(this.answer ?? (step?.kind === 'close' ? { kind: 'closed' } : { kind: 'op', result: undefined }));
  }

  observe(_op: Op, result: OpResult): void {
    if (this.pending?.kind === 'op') this.answer = { kind: 'op', result };
  }

  unanswered(): void {
    if (this.pending?.kind === 'op') this.answer = { kind: 'op', result: undefined };
  }

  sessionChanged(session: SessionId | undefined): void {
    this.session = session;
    this.sessionChanges++;
    if (session === undefined && this.pending?.kind === 'close') this.answer = { kind: 'closed' };
  }

  watched(event: WatchMessage): void {
    // Kept until a wait takes them; a recipe that never waits on watches needs only the latest few.
    if (this.events.push(event) > MAX_EVENTS) this.events.shift();
  }

  private env(): RecipeEnv {
    const host = this.host;
    const match = /(\d+)$/.exec(host.id);
    return {
      id: host.id,
      index: match ? Math.max(0, Number(match[1]) - 1) : 0,
      clients: this.setup.clients,
      rng: this.rng!,
      stopAt: this.setup.stopAt,
      mutants: this.setup.mutants,
      now: () => host.now(),
      session: () => this.session,
      emit: (event, data) => host.trace(`recipe.${event}`, data),
    };
  }

  private woken(step: Extract<Step, { kind: 'wait' }>): Answer | undefined {
    const take = (by: 'watch' | 'session' | 'time'): Answer => {
      const events = this.events;
      this.events = [];
      return { kind: 'woken', by, events };
    };
    if (step.onSession && this.sessionChanges !== this.waitFrom) return take('session');
    if (step.onWatch && this.events.length > 0) return take('watch');
    if (this.host.now() >= step.until) return take('time');
    return undefined;
  }

  /** Resumes the recipe until it asks for something the client must do. */
  private resume(answer: Answer | undefined): OpSpec | undefined {
    let input = answer;
    for (;;) {
      this.answer = undefined;
      const r = input === undefined ? this.gen!.next(undefined as never) : this.gen!.next(input);
      if (r.done === true) {
        this.finished = true;
        this.pending = undefined;
        return undefined;
      }
      const step = r.value;
      this.pending = step;
      switch (step.kind) {
        case 'op':
          return { f: step.op.f, ...('path' in step.op ? { key: step.op.path } : {}), value: step.op };
        case 'close':
          return { f: CLOSE_SESSION };
        case 'wait': {
          this.waitFrom = this.sessionChanges;
          const woken = this.woken(step);
          if (woken === undefined) return { f: IDLE, value: Math.max(0, step.until - this.host.now()) };
          input = woken;
          continue;
        }
      }
    }
  }
}
