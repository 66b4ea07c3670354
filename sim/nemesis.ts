import { SimConfigError, assertNever } from './errors.js';
import { type Distribution, sample, validateDistribution } from './latency.js';
import type { LinkOptions } from './network.js';
import type { NodeId } from './node.js';
import type { Rng } from './rng.js';
import type { MessageRule } from './rules.js';
import type { Time } from './time.js';
import type { World } from './world.js';

/** A node, or one chosen when the fault fires: the current leader, any replica, any non-leader. */
export type Target = NodeId | 'leader' | 'random' | 'follower';

/**
 * One fault. A partition's groups cannot reach each other; a node listed in no group keeps all
 * its links, so it bridges the sides. Those with an `…After` field undo themselves after that long, on the same node that
 * was chosen when the fault fired (so "crash the leader, restart it 5s later" restarts that node).
 */
export type Fault =
  | { readonly kind: 'partition'; readonly groups: readonly (readonly NodeId[])[]; readonly healAfter?: Time }
  | { readonly kind: 'isolate'; readonly node: Target; readonly healAfter?: Time }
  | { readonly kind: 'cut'; readonly from: readonly NodeId[]; readonly to: readonly NodeId[]; readonly oneWay?: boolean; readonly healAfter?: Time }
  | { readonly kind: 'heal' }
  | { readonly kind: 'crash'; readonly node: Target; readonly restartAfter?: Time }
  | { readonly kind: 'restart'; readonly node: NodeId | 'all' }
  | { readonly kind: 'pause'; readonly node: Target; readonly resumeAfter?: Time }
  | { readonly kind: 'resume'; readonly node: NodeId | 'all' }
  | { readonly kind: 'skew'; readonly node: Target; readonly delta: Time }
  | { readonly kind: 'clock-rate'; readonly node: Target; readonly rate: number; readonly resetAfter?: Time }
  | { readonly kind: 'network'; readonly settings: Partial<LinkOptions>; readonly resetAfter?: Time }
  | { readonly kind: 'disk-latency'; readonly node: Target; readonly latency: Distribution; readonly resetAfter?: Time }
  | { readonly kind: 'disk-stall'; readonly node: Target; readonly duration: Time }
  | { readonly kind: 'rule'; readonly rule: MessageRule }
  | { readonly kind: 'unrule'; readonly id: string }
  | { readonly kind: 'release'; readonly bucket: string; readonly order?: 'fifo' | 'lifo' | readonly number[] }
  | { readonly kind: 'discard'; readonly bucket: string }
  | { readonly kind: 'fire-timer'; readonly node: Target; readonly timer: string };

export type FaultKind = Fault['kind'];

export interface ScheduledFault {
  readonly at: Time;
  readonly fault: Fault;
}

/** The kinds the random nemesis can draw. */
export type RandomFaultKind =
  | 'partition'
  | 'isolate'
  | 'crash'
  | 'pause'
  | 'skew'
  | 'clock-rate'
  | 'drop'
  | 'duplicate'
  | 'reorder'
  | 'slow-disk'
  | 'disk-stall';

export const RANDOM_FAULT_KINDS: readonly RandomFaultKind[] = [
  'partition',
  'isolate',
  'crash',
  'pause',
  'skew',
  'clock-rate',
  'drop',
  'duplicate',
  'reorder',
  'slow-disk',
  'disk-stall',
];

export interface RandomNemesisOptions {
  /** Time between one random fault and the next. */
  readonly every: Distribution;
  readonly faults: readonly RandomFaultKind[];
  /** How long each random fault lasts before it undoes itself. */
  readonly duration: Distribution;
  readonly from?: Time;
  /** No random fault starts at or after this time. */
  readonly until?: Time;
}

/**
 * Injects faults into a world: a script of faults at given times, and optionally a random mode
 * that draws faults from its own named stream. Everything it does is recorded, resolved to
 * concrete nodes, in `applied`: that list, replayed as a script, reproduces the faults exactly.
 */
export class Nemesis {
  readonly applied: ScheduledFault[] = [];
  /**
   * Network and disk-latency faults are overlays on the settings the world started with: undoing
   * one removes its overlay and recomputes, so overlapping faults never restore each other's state.
   */
  private readonly networkBase: LinkOptions;
  private readonly networkOverlays = new Map<number, Partial<LinkOptions>>();
  private readonly diskBase = new Map<NodeId, Distribution>();
  private readonly diskOverlays = new Map<NodeId, Map<number, Distribution>>();
  private nextOverlay = 0;

  constructor(
    private readonly world: World,
    private readonly rng: Rng,
  ) {
    this.networkBase = world.network.settings;
    for (const id of world.replicaIds) this.diskBase.set(id, world.diskLatency(id));
  }

  /** Schedules each fault at its time. Validates nodes now, so a bad schedule fails before the run. */
  schedule(faults: readonly ScheduledFault[]): void {
    faults.forEach((f, i) => {
      this.validate(f.fault, `nemesis[${i}]`);
      if (!(f.at >= 0)) throw new SimConfigError(`nemesis[${i}].at: expected a non-negative time, got ${f.at}`);
      this.world.at(f.at, () => this.apply(f.fault));
    });
  }

  /** Starts the random mode. */
  random(options: RandomNemesisOptions): void {
    validateDistribution(options.every, 'nemesis.random.every');
    validateDistribution(options.duration, 'nemesis.random.duration');
    if (options.faults.length === 0) throw new SimConfigError('nemesis.random.faults: expected at least one fault kind');
    const tick = (): void => {
      if (options.until !== undefined && this.world.now >= options.until) return;
      this.apply(this.draw(options));
      this.world.at(this.world.now + Math.max(1, sample(options.every, this.rng)), tick);
    };
    this.world.at((options.from ?? 0) + sample(options.every, this.rng), tick);
  }

  /**
   * Undoes every standing fault: heals the network, drops network and disk overlays, turns message
   * loss, duplication and reordering off (even where they were the base setting: they are faults,
   * and liveness is judged once faults stop), resets clock rates, removes message rules, resumes and
   * restarts nodes. Clock offsets (skew) stay: they are a state of the clocks, not a fault.
   */
  quiesce(ruleIds: readonly string[] = []): void {
    this.apply({ kind: 'heal' });
    this.networkOverlays.clear();
    this.networkOverlays.set(this.nextOverlay++, { drop: 0, duplicate: 0, reorder: 0 });
    this.applyNetwork();
    for (const id of this.world.replicaIds) {
      this.diskOverlays.get(id)?.clear();
      this.applyDisk(id);
      this.world.endDiskStall(id);
      this.apply({ kind: 'clock-rate', node: id, rate: 1 });
    }
    for (const id of ruleIds) this.apply({ kind: 'unrule', id });
    this.apply({ kind: 'resume', node: 'all' });
    this.apply({ kind: 'restart', node: 'all' });
  }

  /** Applies one fault now; returns the node it chose, if any. */
  apply(fault: Fault): NodeId | undefined {
    const w = this.world;
    switch (fault.kind) {
      case 'partition':
        this.record({ kind: 'partition', groups: fault.groups });
        w.partition(fault.groups);
        this.later(fault.healAfter, { kind: 'heal' });
        return undefined;
      case 'isolate': {
        const node = this.resolve(fault.node, fault);
        if (node === undefined) return undefined;
        const groups = [[node], w.replicaIds.filter((id) => id !== node)];
        this.record({ kind: 'partition', groups });
        w.partition(groups);
        this.later(fault.healAfter, { kind: 'heal' });
        return node;
      }
      case 'cut':
        this.record({ kind: 'cut', from: fault.from, to: fault.to, oneWay: fault.oneWay ?? false });
        w.cut(fault.from, fault.to, fault.oneWay ?? false);
        this.later(fault.healAfter, { kind: 'heal' });
        return undefined;
      case 'heal':
        this.record(fault);
        w.heal();
        return undefined;
      case 'crash': {
        const node = this.resolve(fault.node, fault);
        if (node === undefined) return undefined;
        this.record({ kind: 'crash', node });
        w.crash(node);
        this.later(fault.restartAfter, { kind: 'restart', node });
        return node;
      }
      case 'restart':
        for (const id of this.all(fault.node)) {
          if (w.isUp(id)) continue;
          this.record({ kind: 'restart', node: id });
          w.restart(id);
        }
        return undefined;
      case 'pause': {
        const node = this.resolve(fault.node, fault);
        if (node === undefined) return undefined;
        this.record({ kind: 'pause', node });
        w.pause(node);
        this.later(fault.resumeAfter, { kind: 'resume', node });
        return node;
      }
      case 'resume':
        for (const id of this.all(fault.node)) {
          if (!w.isPaused(id)) continue;
          this.record({ kind: 'resume', node: id });
          w.resume(id);
        }
        return undefined;
      case 'skew': {
        const node = this.resolve(fault.node, fault);
        if (node === undefined) return undefined;
        this.record({ kind: 'skew', node, delta: fault.delta });
        w.skewClock(node, fault.delta);
        return node;
      }
      case 'clock-rate': {
        const node = this.resolve(fault.node, fault);
        if (node === undefined) return undefined;
        this.record({ kind: 'clock-rate', node, rate: fault.rate });
        w.setClockRate(node, fault.rate);
        this.later(fault.resetAfter, { kind: 'clock-rate', node, rate: 1 });
        return node;
      }
      case 'network': {
        const id = this.nextOverlay++;
        this.networkOverlays.set(id, fault.settings);
        this.applyNetwork();
        this.later(fault.resetAfter, () => {
          this.networkOverlays.delete(id);
          this.applyNetwork();
        });
        return undefined;
      }
      case 'disk-latency': {
        const node = this.resolve(fault.node, fault);
        if (node === undefined) return undefined;
        const id = this.nextOverlay++;
        const overlays = this.diskOverlays.get(node) ?? new Map<number, Distribution>();
        this.diskOverlays.set(node, overlays);
        overlays.set(id, fault.latency);
        this.applyDisk(node);
        this.later(fault.resetAfter, () => {
          overlays.delete(id);
          this.applyDisk(node);
        });
        return node;
      }
      case 'disk-stall': {
        const node = this.resolve(fault.node, fault);
        if (node === undefined) return undefined;
        this.record({ kind: 'disk-stall', node, duration: fault.duration });
        w.stallDisk(node, fault.duration);
        return node;
      }
      case 'rule':
        this.record(fault);
        w.addRule(fault.rule);
        return undefined;
      case 'unrule':
        this.record(fault);
        w.removeRule(fault.id);
        return undefined;
      case 'release':
        this.record(fault);
        w.release(fault.bucket, fault.order ?? 'fifo');
        return undefined;
      case 'discard':
        this.record(fault);
        w.discard(fault.bucket);
        return undefined;
      case 'fire-timer': {
        const node = this.resolve(fault.node, fault);
        if (node === undefined) return undefined;
        this.record({ kind: 'fire-timer', node, timer: fault.timer });
        w.fireTimer(node, fault.timer);
        return node;
      }
      default:
        return assertNever(fault, 'fault');
    }
  }

  private record(fault: Fault): void {
    this.applied.push({ at: this.world.now, fault });
  }

  private later(after: Time | undefined, undo: Fault | (() => void)): void {
    if (after === undefined) return;
    this.world.at(this.world.now + after, typeof undo === 'function' ? undo : () => this.apply(undo));
  }

  /** Sets the network to its base with every standing overlay on top (newest last), and records it. */
  private applyNetwork(): void {
    let settings: Partial<LinkOptions> = { ...this.networkBase };
    for (const o of this.networkOverlays.values()) settings = { ...settings, ...o };
    this.record({ kind: 'network', settings });
    this.world.configureNetwork(settings);
  }

  private applyDisk(node: NodeId): void {
    let latency = this.diskBase.get(node);
    for (const o of this.diskOverlays.get(node)?.values() ?? []) latency = o;
    if (latency === undefined) return;
    this.record({ kind: 'disk-latency', node, latency });
    this.world.setDiskLatency(node, latency);
  }

  private all(node: NodeId | 'all'): readonly NodeId[] {
    return node === 'all' ? this.world.replicaIds : [node];
  }

  /** Picks the node a target names right now; undefined (and a trace note) if there is none. */
  private resolve(target: Target, fault: Fault): NodeId | undefined {
    const w = this.world;
    const live = w.replicaIds.filter((id) => w.isUp(id));
    let node: NodeId | undefined;
    if (target === 'leader') node = w.leader();
    else if (target === 'random') node = live.length ? this.rng.pick(live) : undefined;
    else if (target === 'follower') {
      const leader = w.leader();
      const followers = live.filter((id) => id !== leader);
      node = followers.length ? this.rng.pick(followers) : undefined;
    } else node = target;
    if (node === undefined) w.trace.emit(w.now, 'nemesis.skip', undefined, { fault: fault.kind, target, reason: `no ${target} node` });
    return node;
  }

  private draw(options: RandomNemesisOptions): Fault {
    const rng = this.rng;
    const kind = rng.pick(options.faults);
    const lasting = Math.max(1, sample(options.duration, rng));
    const ids = this.world.replicaIds;
    switch (kind) {
      case 'partition': {
        const shuffled = rng.shuffle(ids);
        const minority = rng.int(1, Math.max(1, Math.floor((ids.length - 1) / 2)));
        return { kind: 'partition', groups: [shuffled.slice(0, minority), shuffled.slice(minority)], healAfter: lasting };
      }
      case 'isolate':
        return { kind: 'isolate', node: rng.chance(0.5) ? 'leader' : 'random', healAfter: lasting };
      case 'crash':
        return { kind: 'crash', node: rng.chance(0.5) ? 'leader' : 'random', restartAfter: lasting };
      case 'pause':
        return { kind: 'pause', node: rng.chance(0.5) ? 'leader' : 'random', resumeAfter: lasting };
      case 'skew':
        return { kind: 'skew', node: 'random', delta: Math.round((rng.next() * 2 - 1) * 2_000_000) };
      case 'clock-rate':
        return { kind: 'clock-rate', node: 'random', rate: rng.pick([0.5, 0.8, 1.25, 2]), resetAfter: lasting };
      case 'drop':
        return { kind: 'network', settings: { drop: rng.pick([0.05, 0.2, 0.5]) }, resetAfter: lasting };
      case 'duplicate':
        return { kind: 'network', settings: { duplicate: rng.pick([0.05, 0.2]) }, resetAfter: lasting };
      case 'reorder':
        return { kind: 'network', settings: { reorder: rng.pick([0.1, 0.3]) }, resetAfter: lasting };
      case 'slow-disk':
        return {
          kind: 'disk-latency',
          node: 'random',
          latency: { kind: 'exponential', mean: rng.pick([5_000, 20_000, 100_000]) },
          resetAfter: lasting,
        };
      case 'disk-stall':
        return { kind: 'disk-stall', node: 'random', duration: lasting };
      default:
        return assertNever(kind, 'random fault kind');
    }
  }

  private validate(fault: Fault, where: string): void {
    const node = (id: string, field: string): void => {
      if (id === 'leader' || id === 'random' || id === 'follower' || id === 'all') return;
      if (!this.world.replicaIds.includes(id) && !this.world.clientIds.includes(id)) {
        throw new SimConfigError(`${where}.${field}: unknown node '${id}' (known: ${[...this.world.replicaIds, ...this.world.clientIds].join(', ')})`);
      }
    };
    switch (fault.kind) {
      case 'partition': {
        const groups = fault.groups;
        const seen = new Map<string, number>();
        groups.forEach((g, gi) =>
          g.forEach((id, ii) => {
            node(id, `groups[${gi}][${ii}]`);
            const before = seen.get(id);
            if (before !== undefined) throw new SimConfigError(`${where}: node '${id}' is in group ${before + 1} and group ${gi + 1}; groups must not overlap`);
            seen.set(id, gi);
          }),
        );
        return;
      }
      case 'cut':
        fault.from.forEach((id, i) => node(id, `from[${i}]`));
        fault.to.forEach((id, i) => node(id, `to[${i}]`));
        return;
      case 'isolate':
      case 'crash':
      case 'restart':
      case 'pause':
      case 'resume':
      case 'skew':
      case 'clock-rate':
      case 'disk-latency':
      case 'disk-stall':
      case 'fire-timer':
        node(fault.node, 'node');
        if (fault.kind === 'clock-rate' && !(fault.rate > 0)) throw new SimConfigError(`${where}.rate: expected a positive number, got ${fault.rate}`);
        if (fault.kind === 'disk-latency') validateDistribution(fault.latency, `${where}.latency`);
        return;
      case 'heal':
      case 'network':
      case 'rule':
      case 'unrule':
      case 'release':
      case 'discard':
        return;
      default:
        assertNever(fault, 'fault');
    }
  }
}
