/**
 * The operator: the `kubectl` of a run. It applies the spec's ConfigMaps, Services and Deployments
 * (creating what is missing, retrying until the store answers) and, at each change's time, updates
 * a Deployment's image (a rollout) or replica count with a compare-and-set. A change is idempotent
 * (it sets values), so a restarted operator applies every change whose time has passed again, in
 * order, and waits for the rest.
 */
import type { ClientContext } from '../../sim/context.js';
import { Component } from './component.js';
import { rolloutBounds } from './controllers/deployment.js';
import { templateHash } from './controllers/template-hash.js';
import { FACT } from './facts.js';
import type { Deployment } from './objects.js';
import type { ChangeSpec, DeploymentSpec, KubernetesSpec } from './spec.js';

export const OPERATOR_TIMERS = { change: 'kubectl.change', retry: 'kubectl.retry' } as const;

/** How long the operator waits before trying a failed apply again. */
const RETRY = 1_000_000;

export class Operator extends Component {
  private next = 0;
  /** Applies not yet confirmed, retried on the retry timer. */
  private readonly failed: (() => void)[] = [];

  constructor(
    ctx: ClientContext,
    private readonly spec: KubernetesSpec,
  ) {
    super(ctx, spec.timings);
  }

  protected ready(): void {
    for (const cm of this.spec.configMaps) this.createConfigMap(cm.name, cm.data);
    for (const svc of this.spec.services) this.createService(svc.name, svc.selector);
    for (const d of this.spec.deployments) this.createDeployment(d);
    this.due();
  }

  protected onTimer(name: string): void {
    if (name === OPERATOR_TIMERS.change) this.due();
    else if (name === OPERATOR_TIMERS.retry) {
      const again = this.failed.splice(0);
      for (const f of again) f();
    }
  }

  private retry(attempt: () => void): void {
    this.failed.push(attempt);
    this.ctx.setTimer(OPERATOR_TIMERS.retry, RETRY);
  }

  private createConfigMap(name: string, data: Readonly<Record<string, string>>): void {
    this.api.create<'ConfigMap'>({ kind: 'ConfigMap', metadata: { name }, data }, (r) => {
      if (r.kind !== 'ok' && r.kind !== 'exists') this.retry(() => this.createConfigMap(name, data));
    });
  }

  private createService(name: string, selector: Readonly<Record<string, string>>): void {
    this.api.create<'Service'>({ kind: 'Service', metadata: { name }, spec: { selector } }, (r) => {
      if (r.kind !== 'ok' && r.kind !== 'exists') this.retry(() => this.createService(name, selector));
    });
  }

  private createDeployment(d: DeploymentSpec): void {
    const obj: Omit<Deployment, 'metadata'> & { metadata: Partial<Deployment['metadata']> } = {
      kind: 'Deployment',
      metadata: { name: d.name, labels: d.template.metadata.labels },
      spec: { replicas: d.replicas, selector: d.selector, template: d.template, strategy: { maxSurge: d.maxSurge, maxUnavailable: d.maxUnavailable }, minReadySeconds: d.minReadySeconds },
      status: { observedGeneration: 0, replicas: 0, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0, unavailableReplicas: 0 },
    };
    this.api.create<'Deployment'>(obj, (r) => {
      if (r.kind === 'ok') this.said(r.obj, r.span.lo, r.span.hi);
      else if (r.kind !== 'exists') this.retry(() => this.createDeployment(d));
    });
  }

  /** Applies the changes whose time has come, and waits for the next. */
  private due(): void {
    const now = this.ctx.now();
    while (this.next < this.spec.changes.length && this.spec.changes[this.next]!.at <= now) this.change(this.spec.changes[this.next++]!);
    const upcoming = this.spec.changes[this.next];
    if (upcoming !== undefined) this.ctx.setTimer(OPERATOR_TIMERS.change, upcoming.at - now);
  }

  private change(c: ChangeSpec): void {
    this.say(FACT.change, { deployment: c.deployment, ...(c.replicas === undefined ? {} : { replicas: c.replicas }), ...(c.image === undefined ? {} : { image: c.image }) });
    this.api.mutate(
      'Deployment',
      c.deployment,
      (d) => {
        const container = d.spec.template.spec.containers[0];
        const image = c.image ?? container?.image;
        const replicas = c.replicas ?? d.spec.replicas;
        if (replicas === d.spec.replicas && image === container?.image) return undefined;
        const containers = d.spec.template.spec.containers.map((x, i) => (i === 0 && image !== undefined ? { ...x, image } : x));
        return { ...d, spec: { ...d.spec, replicas, template: { ...d.spec.template, spec: { ...d.spec.template.spec, containers } } } };
      },
      (r) => {
        if (r.kind === 'ok') this.said(r.obj, r.span.lo, r.span.hi);
        else if (r.kind !== 'unchanged') this.retry(() => this.change(c));
      },
    );
  }

  private said(d: Deployment, lo: number, hi: number): void {
    this.say(FACT.deployment, { deployment: d.metadata.name, replicas: d.spec.replicas, ...rolloutBounds(d), hash: templateHash(d.spec.template), lo, hi });
  }
}
