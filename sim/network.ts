import { SimConfigError } from './errors.js';
import { type Distribution, sample, uniform, validateDistribution } from './latency.js';
import type { NodeId } from './node.js';
import type { Rng } from './rng.js';
import type { Time } from './time.js';

/** Behaviour of one directed link. */
export interface LinkOptions {
  readonly latency: Distribution;
  /** Probability that a message is lost. */
  readonly drop: number;
  /** Probability that a message is delivered twice (the copy with its own latency). */
  readonly duplicate: number;
  /** Probability that a message is held back by an extra `reorderDelay`, letting later ones pass. */
  readonly reorder: number;
  readonly reorderDelay: Distribution;
  /** Deliver in send order on this link (TCP-like); ZAB assumes it. Reordering then cannot happen. */
  readonly fifo: boolean;
}

export interface LinkOverride extends Partial<LinkOptions> {
  readonly from?: NodeId;
  readonly to?: NodeId;
}

export interface NetworkOptions extends Partial<LinkOptions> {
  /** Per-link overrides, applied in order over the defaults (absent from/to = any). */
  readonly links?: readonly LinkOverride[];
}

export const DEFAULT_LINK: LinkOptions = {
  latency: uniform(1_000, 10_000),
  drop: 0,
  duplicate: 0,
  reorder: 0,
  reorderDelay: uniform(0, 20_000),
  fifo: false,
};

/** The fate of one send: delivery times (one, or two for a duplicate), or why it was lost. */
export type Fate =
  | { readonly kind: 'deliver'; readonly at: Time; readonly duplicateAt?: Time }
  | { readonly kind: 'drop'; readonly reason: 'partition' | 'loss' };

/**
 * Links between endpoints: latency, loss, duplication, reordering and partitions. Partitions are
 * a matrix of blocked directed links; each link also counts how many times it has been cut, so a
 * message in flight when its link is cut is dropped at delivery even if the cut has healed since.
 */
export class Network {
  private n: number;
  private readonly index = new Map<NodeId, number>();
  private links: LinkOptions[];
  private blocked: Uint8Array;
  private cuts: Uint32Array;
  private lastDelivery: Float64Array;
  private defaults: LinkOptions;
  private readonly overrides: readonly LinkOverride[];
  private readonly ids: NodeId[];

  constructor(
    ids: readonly NodeId[],
    options: NetworkOptions,
    private readonly rng: Rng,
  ) {
    this.ids = [...ids];
    this.n = ids.length;
    ids.forEach((id, i) => this.index.set(id, i));
    this.defaults = normalise({ ...DEFAULT_LINK, ...stripLinks(options) }, 'network');
    for (const [i, o] of (options.links ?? []).entries()) {
      if (o.from !== undefined) this.indexOf(o.from, `network.links[${i}].from`);
      if (o.to !== undefined) this.indexOf(o.to, `network.links[${i}].to`);
    }
    this.links = new Array<LinkOptions>(this.n * this.n);
    this.overrides = options.links ?? [];
    this.rebuildLinks();
    this.blocked = new Uint8Array(this.n * this.n);
    this.cuts = new Uint32Array(this.n * this.n);
    this.lastDelivery = new Float64Array(this.n * this.n);
  }

  indexOf(id: NodeId, where = 'node'): number {
    const i = this.index.get(id);
    if (i === undefined) throw new SimConfigError(`${where}: unknown node '${id}' (known: ${this.ids.join(', ')})`);
    return i;
  }

  /**
   * Adds an endpoint that joined while the run goes on. Its links take the current defaults and
   * overrides; it is in no partition group, so it reaches everyone until a fault says otherwise.
   */
  add(id: NodeId): void {
    if (this.index.has(id)) throw new SimConfigError(`network: node '${id}' is already connected`);
    const old = this.n;
    const n = old + 1;
    const grow = <T extends Uint8Array | Uint32Array | Float64Array>(from: T, make: (size: number) => T): T => {
      const to = make(n * n);
      for (let a = 0; a < old; a++) to.set(from.subarray(a * old, a * old + old), a * n);
      return to;
    };
    this.blocked = grow(this.blocked, (k) => new Uint8Array(k));
    this.cuts = grow(this.cuts, (k) => new Uint32Array(k));
    this.lastDelivery = grow(this.lastDelivery, (k) => new Float64Array(k));
    this.ids.push(id);
    this.index.set(id, old);
    this.n = n;
    this.links = new Array<LinkOptions>(n * n);
    this.rebuildLinks();
  }

  /** Changes the default link behaviour (e.g. a period of message loss); overrides still apply. */
  configure(options: Partial<LinkOptions>): void {
    this.defaults = normalise({ ...this.defaults, ...options }, 'network');
    this.rebuildLinks();
  }

  get settings(): LinkOptions {
    return this.defaults;
  }

  /** Decides what happens to a message sent now from `from` to `to` (endpoint indexes). */
  route(from: number, to: number, now: Time): Fate {
    const l = from * this.n + to;
    if (this.blocked[l] === 1) return { kind: 'drop', reason: 'partition' };
    const link = this.links[l] as LinkOptions;
    if (link.drop > 0 && this.rng.next() < link.drop) return { kind: 'drop', reason: 'loss' };
    const at = this.arrival(link, l, now);
    if (link.duplicate > 0 && this.rng.next() < link.duplicate) return { kind: 'deliver', at, duplicateAt: this.arrival(link, l, now) };
    return { kind: 'deliver', at };
  }

  private arrival(link: LinkOptions, l: number, now: Time): Time {
    let at = now + sample(link.latency, this.rng);
    if (link.fifo) {
      at = Math.max(at, this.lastDelivery[l] as number);
      this.lastDelivery[l] = at;
    } else if (link.reorder > 0 && this.rng.next() < link.reorder) {
      at += sample(link.reorderDelay, this.rng);
    }
    return at;
  }

  /** How many times the link has been cut so far; a message carries this from its send. */
  cutCount(from: number, to: number): number {
    return this.cuts[from * this.n + to] as number;
  }

  isBlocked(from: number, to: number): boolean {
    return this.blocked[from * this.n + to] === 1;
  }

  /**
   * Replaces the current partition: endpoints in different groups cannot reach each other, in
   * either direction. Endpoints not listed keep every link (so clients, or a bridge node, can
   * still reach both sides).
   */
  partition(groups: readonly (readonly NodeId[])[]): void {
    const groupOf = new Map<number, number>();
    groups.forEach((group, g) => {
      for (const id of group) {
        const i = this.indexOf(id, `partition group ${g + 1}`);
        const seen = groupOf.get(i);
        if (seen !== undefined) {
          throw new SimConfigError(`partition: node '${id}' is in group ${seen + 1} and group ${g + 1}; groups must not overlap`);
        }
        groupOf.set(i, g);
      }
    });
    this.heal();
    for (const [a, ga] of groupOf) for (const [b, gb] of groupOf) if (ga !== gb) this.block(a, b);
  }

  /** Cuts the links from every `from` to every `to`; both ways unless `oneWay`. Adds to existing cuts. */
  cut(from: readonly NodeId[], to: readonly NodeId[], oneWay = false): void {
    const fs = from.map((id) => this.indexOf(id, 'cut.from'));
    const ts = to.map((id) => this.indexOf(id, 'cut.to'));
    for (const a of fs) {
      for (const b of ts) {
        if (a === b) continue;
        this.block(a, b);
        if (!oneWay) this.block(b, a);
      }
    }
  }

  heal(): void {
    this.blocked.fill(0);
  }

  /** Groups of endpoints that can all reach each other both ways (for traces and the viewer). */
  blockedLinks(): [NodeId, NodeId][] {
    const out: [NodeId, NodeId][] = [];
    for (let a = 0; a < this.n; a++) {
      for (let b = 0; b < this.n; b++) if (this.blocked[a * this.n + b] === 1) out.push([this.ids[a]!, this.ids[b]!]);
    }
    return out;
  }

  private block(a: number, b: number): void {
    const l = a * this.n + b;
    if (this.blocked[l] === 1) return;
    this.blocked[l] = 1;
    this.cuts[l] = (this.cuts[l] as number) + 1;
  }

  private rebuildLinks(): void {
    for (let a = 0; a < this.n; a++) {
      for (let b = 0; b < this.n; b++) {
        let link = this.defaults;
        for (const o of this.overrides) {
          if ((o.from === undefined || o.from === this.ids[a]) && (o.to === undefined || o.to === this.ids[b])) {
            link = normalise({ ...link, ...stripEnds(o) }, `network link ${this.ids[a]}->${this.ids[b]}`);
          }
        }
        this.links[a * this.n + b] = link;
      }
    }
  }
}

function stripLinks(o: NetworkOptions): Partial<LinkOptions> {
  const { links: _links, ...rest } = o;
  return rest;
}

function stripEnds(o: LinkOverride): Partial<LinkOptions> {
  const { from: _from, to: _to, ...rest } = o;
  return rest;
}

function normalise(o: LinkOptions, where: string): LinkOptions {
  validateDistribution(o.latency, `${where}.latency`);
  validateDistribution(o.reorderDelay, `${where}.reorderDelay`);
  for (const key of ['drop', 'duplicate', 'reorder'] as const) {
    const p = o[key];
    if (!(p >= 0 && p <= 1)) throw new SimConfigError(`${where}.${key}: expected a probability between 0 and 1, got ${p}`);
  }
  return o;
}
