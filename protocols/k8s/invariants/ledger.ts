/**
 * The store-side facts of a run, gathered from the `k8s.*` trace events: what each pod was (its
 * spec's scheduling terms), when it was created, bound, failed and deleted, and the desired counts
 * of ReplicaSets and Deployments over time. Several events can tell of one change (the writer's
 * answer, the scheduler's and the controller manager's sightings): their spans are intersected, so
 * every source narrows the position at which the change applied.
 *
 * Positions are the store's (the log index of the command): a total order of every write. A span
 * `[lo, hi]` says the change applied at some position in it; `lo: 0` says nothing about how early.
 */
import type { TraceEvent } from '../../../sim/trace.js';
import { FACT, type BindFact, type DeploymentFact, type NodeStartFact, type PodDeleteFact, type PodFact, type PodPhaseFact, type ReplicasFact } from '../facts.js';

export interface Span {
  lo: number;
  hi: number;
}

/** The narrower of two accounts of the same change. */
export function meet(a: Span | undefined, b: Span): Span {
  return a === undefined ? { lo: b.lo, hi: b.hi } : { lo: Math.max(a.lo, b.lo), hi: Math.min(a.hi, b.hi) };
}

export interface PodLife {
  readonly pod: string;
  spec?: PodFact;
  /** The node of the first binding heard of, and its span. */
  bind?: { readonly node: string; span: Span; readonly at: number };
  /** A binding to a different node than `bind` (a pod bound twice). */
  rebound?: { readonly node: string; readonly at: number };
  failed?: Span & { reason?: string };
  deleted?: Span;
  /** Readiness changes with exact positions, in position order once `sorted`. */
  readonly readiness: { readonly at: number; readonly ready: boolean }[];
}

/** A desired count and the position it was written at (exact facts only). */
export interface Step<T> {
  readonly at: number;
  readonly value: T;
}

export class Ledger {
  readonly nodes = new Map<string, NodeStartFact>();
  readonly pods = new Map<string, PodLife>();
  /** Per ReplicaSet: its Deployment and hash, and its desired counts by position. */
  /**
   * Per ReplicaSet: its Deployment and hash, its desired counts by position, and for each count the
   * Deployment controller wrote, the positions of the Deployment versions it decided it on.
   */
  readonly replicaSets = new Map<string, { deployment?: string; hash: string; readonly steps: Step<number>[]; readonly bases: Map<number, number[]> }>();
  /** Per Deployment: its desired state by position. */
  readonly deployments = new Map<string, Step<Omit<DeploymentFact, 'lo' | 'hi' | 'deployment'>>[]>();

  /** Takes one trace event; returns whether it was a fact of the ledger. */
  observe(e: TraceEvent): boolean {
    switch (e.kind) {
      case FACT.nodeStart: {
        const f = e as unknown as NodeStartFact;
        this.nodes.set(f.name, f);
        return true;
      }
      case FACT.pod: {
        const f = e as unknown as PodFact;
        const p = this.pod(f.pod);
        p.spec ??= f;
        return true;
      }
      case FACT.bind: {
        const f = e as unknown as BindFact;
        const p = this.pod(f.pod);
        if (p.bind === undefined) p.bind = { node: f.name, span: { lo: f.lo, hi: f.hi }, at: e.t };
        else if (p.bind.node === f.name) p.bind.span = meet(p.bind.span, f);
        else p.rebound ??= { node: f.name, at: e.t };
        return true;
      }
      case FACT.podPhase: {
        const f = e as unknown as PodPhaseFact;
        const p = this.pod(f.pod);
        if (f.phase === 'Failed' || f.phase === 'Succeeded') p.failed = { ...meet(p.failed, f), ...(f.reason === undefined ? {} : { reason: f.reason }) };
        else if (f.lo === f.hi) p.readiness.push({ at: f.hi, ready: f.ready });
        return true;
      }
      case FACT.podDelete: {
        const f = e as unknown as PodDeleteFact;
        const p = this.pod(f.pod);
        p.deleted = meet(p.deleted, f);
        return true;
      }
      case FACT.replicas: {
        const f = e as unknown as ReplicasFact;
        let rs = this.replicaSets.get(f.rs);
        if (rs === undefined) this.replicaSets.set(f.rs, (rs = { hash: f.hash, steps: [], bases: new Map() }));
        if (f.deployment !== undefined) rs.deployment = f.deployment;
        if (f.lo === f.hi) rs.steps.push({ at: f.hi, value: f.replicas });
        if (f.basis !== undefined) rs.bases.set(f.replicas, [...(rs.bases.get(f.replicas) ?? []), f.basis]);
        return true;
      }
      case FACT.deployment: {
        const f = e as unknown as DeploymentFact;
        let steps = this.deployments.get(f.deployment);
        if (steps === undefined) this.deployments.set(f.deployment, (steps = []));
        if (f.lo === f.hi) steps.push({ at: f.hi, value: { replicas: f.replicas, maxSurge: f.maxSurge, maxUnavailable: f.maxUnavailable, hash: f.hash } });
        return true;
      }
      default:
        return false;
    }
  }

  /** Whether the pod may have stopped holding resources by position `at` (failed or deleted, possibly). */
  mayBeGone(p: PodLife, at: number): boolean {
    return (p.failed !== undefined && p.failed.lo <= at) || (p.deleted !== undefined && p.deleted.lo <= at);
  }

  /** Whether the pod certainly stopped holding resources by position `at`. */
  isGone(p: PodLife, at: number): boolean {
    return (p.failed !== undefined && p.failed.hi <= at) || (p.deleted !== undefined && p.deleted.hi <= at);
  }

  /** A step timeline sorted by position, equal positions keeping their order of arrival. */
  static sorted<T>(steps: readonly Step<T>[]): Step<T>[] {
    return steps.map((s, i) => [s, i] as const).sort(([a, i], [b, j]) => a.at - b.at || i - j).map(([s]) => s);
  }

  /** The value of a timeline at position `at` (the last step at or before it). */
  static valueAt<T>(sorted: readonly Step<T>[], at: number): T | undefined {
    let value: T | undefined;
    for (const s of sorted) {
      if (s.at > at) break;
      value = s.value;
    }
    return value;
  }

  private pod(name: string): PodLife {
    let p = this.pods.get(name);
    if (p === undefined) this.pods.set(name, (p = { pod: name, readiness: [] }));
    return p;
  }
}
