/**
 * The Deployment controller (RollingUpdate only). Each Deployment owns ReplicaSets, one per pod
 * template, told apart by the template's hash. A sync makes sure the ReplicaSet of the current
 * template exists, then takes one step of the rollout (rolling.ts) and returns: grow the new
 * ReplicaSet as far as maxSurge allows, or else shrink old ones as far as maxUnavailable allows;
 * the ReplicaSets' own updates bring the next sync. Then it writes the Deployment's status.
 *
 * A change of `replicas` alone is handled by the same steps (Kubernetes scales all ReplicaSets in
 * proportion instead; not modelled).
 */
import { FACT } from '../facts.js';
import { controllerOf, type Deployment, type ReplicaSet } from '../objects.js';
import type { ControllerContext } from './context.js';
import { maxSurge, maxUnavailable, newRSNewReplicas, scaleDownOld, type RsCounts, type Strategy } from './rolling.js';
import { TEMPLATE_HASH_LABEL, templateHash } from './template-hash.js';
import { WorkQueue } from './workqueue.js';

export class DeploymentController {
  readonly queue = new WorkQueue((key, done) => this.sync(key, done));

  constructor(private readonly c: ControllerContext) {}

  deploymentChanged(d: Deployment): void {
    this.queue.add(d.metadata.name);
  }

  rsChanged(rs: ReplicaSet): void {
    const owner = controllerOf(rs);
    if (owner?.kind === 'Deployment') this.queue.add(owner.name);
  }

  /** The ReplicaSets a Deployment owns, oldest first. */
  owned(d: Deployment): ReplicaSet[] {
    const out: ReplicaSet[] = [];
    for (const rs of this.c.replicaSets.values()) if (controllerOf(rs)?.uid === d.metadata.uid) out.push(rs);
    return out.sort((a, b) => a.metadata.creationTimestamp - b.metadata.creationTimestamp || (a.metadata.name < b.metadata.name ? -1 : 1));
  }

  private sync(name: string, done: () => void): void {
    const c = this.c;
    const d = c.deployments.get(name);
    if (d === undefined || !c.replicaSets.synced || !c.pods.synced) return done();
    const hash = templateHash(d.spec.template);
    const rss = this.owned(d);
    const newRS = rss.find((rs) => rs.metadata.labels?.[TEMPLATE_HASH_LABEL] === hash);
    const strategy: Strategy = { replicas: d.spec.replicas, maxSurge: d.spec.strategy.maxSurge, maxUnavailable: d.spec.strategy.maxUnavailable };
    if (newRS === undefined) return this.createNewRS(d, hash, rss, strategy, done);
    const old = rss.filter((rs) => rs !== newRS);
    const counts = (rs: ReplicaSet): RsCounts => ({ name: rs.metadata.name, replicas: rs.spec.replicas, available: rs.status.availableReplicas });
    const all = rss.map(counts);

    // Step 1: the new ReplicaSet (down to the desired count if above it, else up as far as surge allows).
    const target = newRS.spec.replicas > d.spec.replicas ? d.spec.replicas : newRSNewReplicas(strategy, all, counts(newRS));
    if (target !== newRS.spec.replicas) return this.scale(d, newRS, target, () => this.writeStatus(d, done));
    // Step 2: old ReplicaSets, as far as availability allows.
    const steps = scaleDownOld(strategy, old.map(counts), counts(newRS));
    if (steps.length > 0) {
      let left = steps.length;
      for (const step of steps) this.scale(d, old.find((rs) => rs.metadata.name === step.name)!, step.to, () => --left === 0 && this.writeStatus(d, done));
      return;
    }
    this.writeStatus(d, done);
  }

  private createNewRS(d: Deployment, hash: string, existing: readonly ReplicaSet[], strategy: Strategy, done: () => void): void {
    const c = this.c;
    const replicas = newRSNewReplicas(
      strategy,
      existing.map((rs) => ({ name: rs.metadata.name, replicas: rs.spec.replicas, available: rs.status.availableReplicas })),
      { name: '', replicas: 0, available: 0 },
    );
    const labels = { ...d.spec.template.metadata.labels, [TEMPLATE_HASH_LABEL]: hash };
    const rs: Omit<ReplicaSet, 'metadata'> & { metadata: Partial<ReplicaSet['metadata']> } = {
      kind: 'ReplicaSet',
      metadata: { name: `${d.metadata.name}-${hash}`, labels, ownerReferences: [{ kind: 'Deployment', name: d.metadata.name, uid: d.metadata.uid, controller: true }] },
      spec: {
        replicas,
        selector: { matchLabels: { ...d.spec.selector.matchLabels, [TEMPLATE_HASH_LABEL]: hash }, ...(d.spec.selector.matchExpressions ? { matchExpressions: d.spec.selector.matchExpressions } : {}) },
        template: { metadata: { labels }, spec: d.spec.template.spec },
        minReadySeconds: d.spec.minReadySeconds,
      },
      status: { replicas: 0, readyReplicas: 0, availableReplicas: 0, observedGeneration: 0 },
    };
    c.api.create<'ReplicaSet'>(rs, (r) => {
      if (r.kind === 'ok') {
        c.say(FACT.replicas, { rs: r.obj.metadata.name, deployment: d.metadata.name, replicas, hash, lo: r.span.lo, hi: r.span.hi, basis: this.basis(d) });
        c.replicaSets.wrote(r.obj, r.span, true);
      }
      done();
    });
  }

  /**
   * Sets a ReplicaSet's desired count with a compare-and-set on the version the decision was made
   * on: a decision made on a stale copy fails instead of applying, and the Deployment is synced
   * again once the copy is fresh (re-applying it to a fresh copy could grow an old ReplicaSet).
   */
  private scale(d: Deployment, rs: ReplicaSet, replicas: number, done: () => void): void {
    const c = this.c;
    const name = rs.metadata.name;
    if (rs.spec.replicas === replicas) return done();
    c.api.update(rs, { ...rs, spec: { ...rs.spec, replicas } }, (r) => {
      if (r.kind === 'ok') {
        c.say(FACT.replicas, { rs: name, deployment: d.metadata.name, replicas, hash: rs.metadata.labels?.[TEMPLATE_HASH_LABEL] ?? '', lo: r.span.lo, hi: r.span.hi, basis: this.basis(d) });
        c.replicaSets.wrote(r.obj, r.span);
        return done();
      }
      if (r.kind !== 'conflict') return done();
      c.api.get('ReplicaSet', name, (g) => {
        if (g.kind === 'ok') c.replicaSets.observe(g.obj, { version: g.stat.version, czxid: g.stat.czxid, mzxid: g.stat.mzxid });
        this.queue.add(d.metadata.name);
        done();
      });
    });
  }

  /** The store position of the Deployment's version a decision was made on (its last change). */
  private basis(d: Deployment): number {
    return this.c.deployments.statOf(d.metadata.name)?.mzxid ?? 0;
  }

  private writeStatus(d: Deployment, done: () => void): void {
    const c = this.c;
    const cur = c.deployments.get(d.metadata.name);
    if (cur === undefined) return done();
    const hash = templateHash(cur.spec.template);
    const rss = this.owned(cur);
    const sum = (f: (rs: ReplicaSet) => number): number => rss.reduce((a, rs) => a + f(rs), 0);
    const available = sum((rs) => rs.status.availableReplicas);
    const status = {
      observedGeneration: cur.metadata.generation,
      replicas: sum((rs) => rs.status.replicas),
      updatedReplicas: rss.find((rs) => rs.metadata.labels?.[TEMPLATE_HASH_LABEL] === hash)?.status.replicas ?? 0,
      readyReplicas: sum((rs) => rs.status.readyReplicas),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, cur.spec.replicas - available),
    };
    if (JSON.stringify(status) === JSON.stringify(cur.status)) return done();
    c.api.mutate(
      'Deployment',
      cur.metadata.name,
      (x) => (JSON.stringify(x.status) === JSON.stringify(status) ? undefined : { ...x, status }),
      (r) => {
        if (r.kind === 'ok') c.deployments.wrote(r.obj, r.span);
        done();
      },
    );
  }
}

/** maxSurge and maxUnavailable of a Deployment, resolved to pod counts. */
export function rolloutBounds(d: Deployment): { readonly maxSurge: number; readonly maxUnavailable: number } {
  const s = { replicas: d.spec.replicas, maxSurge: d.spec.strategy.maxSurge, maxUnavailable: d.spec.strategy.maxUnavailable };
  return { maxSurge: maxSurge(s), maxUnavailable: maxUnavailable(s) };
}
