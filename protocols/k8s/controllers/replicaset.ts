/**
 * The ReplicaSet controller: keeps each ReplicaSet's active pods (not terminal) at its desired count.
 * Too few: it creates the missing ones (at most 500 a sync) in slow-start batches, stopping at the
 * first failure. Too many: it deletes the worst-ranked. Either way it records expectations, and a
 * sync does nothing until the informer has seen the pods it created and deleted. Then it writes the
 * status (replicas, ready, available).
 */
import type { WriteResult } from '../api.js';
import { FACT } from '../facts.js';
import { controllerOf, isTerminal, type Pod, type ReplicaSet } from '../objects.js';
import { BURST_REPLICAS, slowStartBatches } from './batches.js';
import type { ControllerContext } from './context.js';
import { Expectations } from './expectations.js';
import { rankForDeletion } from './ranking.js';
import { WorkQueue } from './workqueue.js';

export class ReplicaSetController {
  readonly queue = new WorkQueue((key, done) => this.sync(key, done));
  private readonly expectations = new Expectations();

  constructor(private readonly c: ControllerContext) {}

  // ---- events -------------------------------------------------------------------------------------

  podAdded(pod: Pod): void {
    const owner = ownerRs(pod);
    if (owner === undefined) return;
    this.expectations.creationObserved(owner);
    this.queue.add(owner);
  }

  podChanged(pod: Pod): void {
    const owner = ownerRs(pod);
    if (owner !== undefined) this.queue.add(owner);
  }

  podDeleted(pod: Pod): void {
    const owner = ownerRs(pod);
    if (owner === undefined) return;
    this.expectations.deletionObserved(owner, pod.metadata.name);
    this.queue.add(owner);
  }

  rsChanged(rs: ReplicaSet): void {
    this.queue.add(rs.metadata.name);
  }

  rsDeleted(rs: ReplicaSet): void {
    this.expectations.delete(rs.metadata.name);
  }

  // ---- sync ---------------------------------------------------------------------------------------

  private sync(name: string, done: () => void): void {
    const c = this.c;
    const rs = c.replicaSets.get(name);
    if (rs === undefined || !c.pods.synced) return done();
    const now = c.now();
    if (!this.expectations.satisfied(name, now)) {
      const at = this.expectations.expiresAt(name);
      if (at !== undefined) c.after(at - now + 1, () => this.queue.add(name));
      return done();
    }
    const active = this.activePods(rs);
    const diff = active.length - rs.spec.replicas;
    if (diff < 0) this.create(rs, Math.min(-diff, BURST_REPLICAS), () => this.writeStatus(rs.metadata.name, done));
    else if (diff > 0) this.remove(rs, active, Math.min(diff, BURST_REPLICAS), () => this.writeStatus(rs.metadata.name, done));
    else this.writeStatus(name, done);
  }

  private activePods(rs: ReplicaSet): Pod[] {
    const out: Pod[] = [];
    for (const n of this.c.podsOf(rs.metadata.name)) {
      const p = this.c.pods.get(n);
      if (p !== undefined && !isTerminal(p) && controllerOf(p)?.uid === rs.metadata.uid) out.push(p);
    }
    return out;
  }

  private create(rs: ReplicaSet, count: number, done: () => void): void {
    const name = rs.metadata.name;
    this.expectations.expectCreations(name, count, this.c.now());
    const batches = slowStartBatches(count);
    let attempted = 0;
    const next = (i: number): void => {
      const size = batches[i];
      if (size === undefined) return done();
      let left = size;
      let failed = false;
      attempted += size;
      for (let k = 0; k < size; k++) {
        this.createOne(rs, (ok) => {
          if (!ok) failed = true;
          if (--left > 0) return;
          if (!failed) return next(i + 1);
          // Stop at the first failing batch; the creations never attempted are not expected.
          for (let s = attempted; s < count; s++) this.expectations.creationObserved(name);
          done();
        });
      }
    };
    next(0);
  }

  private createOne(rs: ReplicaSet, done: (ok: boolean) => void): void {
    const t = rs.spec.template;
    const pod: Omit<Pod, 'metadata'> & { metadata: Partial<Pod['metadata']> } = {
      kind: 'Pod',
      metadata: {
        generateName: `${rs.metadata.name}-`,
        labels: t.metadata.labels,
        ownerReferences: [{ kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid, controller: true }],
      },
      spec: t.spec,
      status: { phase: 'Pending', ready: false },
    };
    this.c.api.create<'Pod'>(pod, (r) => {
      if (r.kind === 'ok') {
        this.c.pods.wrote(r.obj, r.span, true);
        return done(true);
      }
      // A failed (or unanswered) creation is not awaited: if it did apply, the informer brings it.
      this.expectations.creationObserved(rs.metadata.name);
      done(false);
    });
  }

  private remove(rs: ReplicaSet, active: readonly Pod[], count: number, done: () => void): void {
    const name = rs.metadata.name;
    const victims = rankForDeletion(active, this.siblingsOnNode(rs)).slice(0, count);
    this.expectations.expectDeletions(
      name,
      victims.map((p) => p.metadata.name),
      this.c.now(),
    );
    let left = victims.length;
    for (const pod of victims) {
      this.c.api.deletePod(pod, (r: WriteResult<undefined>) => {
        if (r.kind === 'ok') {
          this.c.say(FACT.podDelete, { pod: pod.metadata.name, reason: 'scale-down', lo: r.span.lo, hi: r.span.hi });
          this.c.pods.forget(pod.metadata.name, r.span.hi);
        } else this.expectations.deletionObserved(name, pod.metadata.name);
        if (--left === 0) done();
      });
    }
  }

  /** Active pods of the ReplicaSet and its siblings (same owning Deployment), per node. */
  private siblingsOnNode(rs: ReplicaSet): Map<string, number> {
    const owner = controllerOf(rs)?.uid;
    const out = new Map<string, number>();
    for (const other of this.c.replicaSets.values()) {
      if (other.metadata.name !== rs.metadata.name && (owner === undefined || controllerOf(other)?.uid !== owner)) continue;
      for (const p of this.activePods(other)) {
        const node = p.spec.nodeName;
        if (node !== undefined) out.set(node, (out.get(node) ?? 0) + 1);
      }
    }
    return out;
  }

  private writeStatus(name: string, done: () => void): void {
    const c = this.c;
    const rs = c.replicaSets.get(name);
    if (rs === undefined) return done();
    const active = this.activePods(rs);
    const now = c.now();
    const minReady = rs.spec.minReadySeconds * 1_000_000;
    const ready = active.filter((p) => p.status.ready);
    const available = ready.filter((p) => minReady === 0 || (p.status.readySince ?? now) + minReady <= now);
    if (available.length < ready.length) {
      const soonest = Math.min(...ready.filter((p) => !available.includes(p)).map((p) => (p.status.readySince ?? now) + minReady));
      c.after(Math.max(1, soonest - now), () => this.queue.add(name));
    }
    const status = { replicas: active.length, readyReplicas: ready.length, availableReplicas: available.length, observedGeneration: rs.metadata.generation };
    if (JSON.stringify(status) === JSON.stringify(rs.status)) return done();
    c.api.mutate(
      'ReplicaSet',
      name,
      (cur) => (JSON.stringify(cur.status) === JSON.stringify(status) ? undefined : { ...cur, status }),
      (r) => {
        if (r.kind === 'ok') c.replicaSets.wrote(r.obj, r.span);
        done();
      },
    );
  }
}

function ownerRs(pod: Pod): string | undefined {
  const o = controllerOf(pod);
  return o?.kind === 'ReplicaSet' ? o.name : undefined;
}
