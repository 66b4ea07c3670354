/**
 * The nemesis: injects faults into a world, from a script of faults at given times and from an
 * optional random mode that draws faults from its own named stream. Each kind of fault has its
 * handler (`nemesis/handlers.ts`); this class schedules them, resolves targets, layers network and
 * disk settings, and records everything it did while the faults ran, resolved to concrete nodes,
 * in `applied`: that list, replayed as a script (the run ends its faults with `quiesce` again),
 * reproduces the faults exactly. What `quiesce` undoes at the end is recorded apart, in `undone`.
 */
import { SimConfigError } from './errors.js';
import { type Distribution, sample, validateDistribution } from './latency.js';
import type { LinkOptions } from './network.js';
import type { GroupName, NodeId } from './node.js';
import type { Rng } from './rng.js';
import type { Time } from './time.js';
import type { World } from './world.js';
import type { FaultContext } from './nemesis/context.js';
import type { Fault, RandomNemesisOptions, ScheduledFault, Target } from './nemesis/faults.js';
import { FAULT_HANDLERS } from './nemesis/handlers.js';
import { drawFault } from './nemesis/random.js';
import { validateFault } from './nemesis/validate.js';

export { RANDOM_FAULT_KINDS, isPick } from './nemesis/faults.js';
export type { Fault, FaultKind, FaultOf, Pick, RandomFaultKind, RandomNemesisOptions, ScheduledFault, Target } from './nemesis/faults.js';

export interface NemesisOptions {
  /** The group a bare `leader`, `follower` or `random` aims at, and the random mode draws from. */
  readonly group: GroupName;
  /** The groups `all` and the end of the faults (`quiesce`) restart and resume. Default: `[group]`. */
  readonly managed?: readonly GroupName[];
}

export class Nemesis {
  /** The faults, as they happened (every action of the nemesis except the end-of-run undo). */
  readonly applied: ScheduledFault[] = [];
  /**
   * What `quiesce` found standing and undid: a heal, the network and disks back to their base,
   * clocks back to rate 1, rules removed, nodes resumed and restarted. Not faults, and not part of
   * a replayable script: every run ends its faults the same way.
   */
  readonly undone: ScheduledFault[] = [];
  /** Set while `quiesce` runs: its records go to `undone`, and only those that undo something. */
  private standing: Standing | undefined;
  private partitioned = false;
  private readonly rates = new Map<NodeId, number>();
  private readonly rules = new Set<string>();
  /**
   * Network and disk-latency faults are overlays on the settings the world started with: undoing
   * one removes its overlay and recomputes, so overlapping faults never restore each other's state.
   */
  private readonly networkBase: LinkOptions;
  private readonly networkOverlays = new Map<number, Partial<LinkOptions>>();
  private readonly diskBase = new Map<NodeId, Distribution>();
  private readonly diskOverlays = new Map<NodeId, Map<number, Distribution>>();
  private nextOverlay = 0;
  private readonly group: GroupName;
  private readonly managed: readonly GroupName[];
  private readonly context: FaultContext;

  constructor(
    private readonly world: World,
    private readonly rng: Rng,
    options: NemesisOptions,
  ) {
    this.group = options.group;
    this.managed = options.managed ?? [options.group];
    for (const g of [this.group, ...this.managed]) {
      if (!world.groupNames.includes(g)) throw new SimConfigError(`nemesis: unknown group '${g}' (known: ${world.groupNames.join(', ')})`);
    }
    this.networkBase = world.network.settings;
    this.context = {
      world,
      resolve: (target, fault) => this.resolve(target, fault),
      record: (fault) => this.record(fault),
      later: (after, undo) => this.later(after, undo),
      all: (node) => (node === 'all' ? this.managedNodes() : [node]),
      addNetworkOverlay: (settings) => {
        const id = this.nextOverlay++;
        this.networkOverlays.set(id, settings);
        this.applyNetwork();
        return () => {
          this.networkOverlays.delete(id);
          this.applyNetwork();
        };
      },
      addDiskOverlay: (node, latency) => {
        const id = this.nextOverlay++;
        const overlays = this.diskOverlays.get(node) ?? new Map<number, Distribution>();
        this.diskOverlays.set(node, overlays);
        overlays.set(id, latency);
        this.applyDisk(node);
        return () => {
          overlays.delete(id);
          this.applyDisk(node);
        };
      },
    };
  }

  /** Schedules each fault at its time. Validates nodes now, so a bad schedule fails before the run. */
  schedule(faults: readonly ScheduledFault[]): void {
    faults.forEach((f, i) => {
      validateFault(this.world, f.fault, `nemesis[${i}]`);
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
      this.apply(drawFault(options, this.rng, this.world.members(this.group)));
      this.world.at(this.world.now + Math.max(1, sample(options.every, this.rng)), tick);
    };
    this.world.at((options.from ?? 0) + sample(options.every, this.rng), tick);
  }

  /**
   * Undoes every standing fault: heals the network, drops network and disk overlays, turns message
   * loss, duplication and reordering off (even where they were the base setting: they are faults,
   * and liveness is judged once faults stop), resets clock rates, removes message rules, resumes and
   * restarts the managed groups' nodes. Clock offsets (skew) stay: they are a state of the clocks.
   */
  quiesce(ruleIds: readonly string[] = []): void {
    const base = this.networkBase;
    this.standing = {
      network: this.networkOverlays.size > 0 || (base.drop ?? 0) > 0 || (base.duplicate ?? 0) > 0 || (base.reorder ?? 0) > 0,
      disks: new Set([...this.diskOverlays].filter(([, overlays]) => overlays.size > 0).map(([node]) => node)),
    };
    this.apply({ kind: 'heal' });
    this.networkOverlays.clear();
    this.networkOverlays.set(this.nextOverlay++, { drop: 0, duplicate: 0, reorder: 0 });
    this.applyNetwork();
    for (const id of this.managedNodes()) {
      this.diskOverlays.get(id)?.clear();
      this.applyDisk(id);
      this.world.endDiskStall(id);
      this.apply({ kind: 'clock-rate', node: id, rate: 1 });
    }
    for (const id of ruleIds) this.apply({ kind: 'unrule', id });
    this.apply({ kind: 'resume', node: 'all' });
    this.apply({ kind: 'restart', node: 'all' });
    this.standing = undefined;
  }

  /** Applies one fault now; returns the node it chose, if any. */
  apply(fault: Fault): NodeId | undefined {
    return (FAULT_HANDLERS[fault.kind] as (f: Fault, n: FaultContext) => NodeId | undefined)(fault, this.context);
  }

  private record(fault: Fault): void {
    const entry = { at: this.world.now, fault };
    if (this.standing === undefined) this.applied.push(entry);
    else if (this.undoes(fault, this.standing)) this.undone.push(entry);
    this.track(fault);
  }

  /** Keeps what stands (a cut network, clock rates, rules) for `undoes`, from the record itself. */
  private track(fault: Fault): void {
    if (fault.kind === 'partition' || fault.kind === 'cut') this.partitioned = true;
    else if (fault.kind === 'heal') this.partitioned = false;
    else if (fault.kind === 'clock-rate' && typeof fault.node === 'string') this.rates.set(fault.node, fault.rate);
    else if (fault.kind === 'rule') this.rules.add(fault.rule.id);
    else if (fault.kind === 'unrule') this.rules.delete(fault.id);
  }

  /** Whether a record `quiesce` makes undoes a fault that stood (the rest reset what was never changed). */
  private undoes(fault: Fault, standing: Standing): boolean {
    switch (fault.kind) {
      case 'heal':
        return this.partitioned;
      case 'network':
        return standing.network;
      case 'disk-latency':
        return typeof fault.node === 'string' && standing.disks.has(fault.node);
      case 'clock-rate':
        return typeof fault.node === 'string' && (this.rates.get(fault.node) ?? 1) !== fault.rate;
      case 'unrule':
        return this.rules.has(fault.id);
      default:
        // restart and resume record only the nodes they bring back
        return true;
    }
  }

  private later(after: Time | undefined, undo: Fault | (() => void)): void {
    if (after === undefined) return;
    this.world.at(this.world.now + after, typeof undo === 'function' ? undo : () => this.apply(undo));
  }

  private managedNodes(): readonly NodeId[] {
    return this.managed.flatMap((g) => this.world.members(g));
  }

  /** Sets the network to its base with every standing overlay on top (newest last), and records it. */
  private applyNetwork(): void {
    let settings: Partial<LinkOptions> = { ...this.networkBase };
    for (const o of this.networkOverlays.values()) settings = { ...settings, ...o };
    this.record({ kind: 'network', settings });
    this.world.configureNetwork(settings);
  }

  private applyDisk(node: NodeId): void {
    if (!this.diskBase.has(node)) this.diskBase.set(node, this.world.diskLatency(node));
    let latency = this.diskBase.get(node)!;
    for (const o of this.diskOverlays.get(node)?.values() ?? []) latency = o;
    this.record({ kind: 'disk-latency', node, latency });
    this.world.setDiskLatency(node, latency);
  }

  private resolve(target: Target, fault: Fault): NodeId | undefined {
    if (typeof target !== 'object' && target !== 'leader' && target !== 'random' && target !== 'follower') return target;
    const w = this.world;
    const pick = typeof target === 'object' ? target.pick : target;
    const group = typeof target === 'object' ? target.group : this.group;
    const live = w.members(group).filter((id) => w.isUp(id));
    let node: NodeId | undefined;
    if (pick === 'leader') node = w.leader(group);
    else if (pick === 'random') node = live.length ? this.rng.pick(live) : undefined;
    else {
      const leader = w.leader(group);
      const followers = live.filter((id) => id !== leader);
      node = followers.length ? this.rng.pick(followers) : undefined;
    }
    if (node === undefined) {
      const named = typeof target === 'object' ? `${target.pick}-of ${target.group}` : target;
      w.trace.emit(w.now, 'nemesis.skip', undefined, { fault: fault.kind, target: named, reason: `no ${named} node` });
    }
    return node;
  }
}

/** What stood when `quiesce` began that its own records cannot show. */
interface Standing {
  /** A network overlay, or message loss, duplication or reordering in the base settings. */
  readonly network: boolean;
  /** Nodes whose disk had a latency overlay. */
  readonly disks: ReadonlySet<NodeId>;
}
