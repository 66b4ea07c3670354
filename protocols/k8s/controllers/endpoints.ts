/**
 * The Endpoints controller: each Service's Endpoints object lists the bound, non-terminal pods its
 * selector matches, the Ready ones as addresses and the rest as not-ready addresses, sorted by pod.
 */
import type { WriteResult } from '../api.js';
import { mapMatches } from '../labels.js';
import { isTerminal, type EndpointAddress, type Endpoints, type Pod, type Service } from '../objects.js';
import type { ControllerContext } from './context.js';
import { WorkQueue } from './workqueue.js';

export class EndpointsController {
  readonly queue = new WorkQueue((key, done) => this.sync(key, done));
  /** The pods each Service selects, by name: a sync reads these, not every pod. */
  private readonly members = new Map<string, Set<string>>();

  constructor(private readonly c: ControllerContext) {}

  serviceChanged(svc: Service): void {
    const name = svc.metadata.name;
    const selected = new Set<string>();
    if (this.c.services.get(name) !== undefined) for (const pod of this.c.pods.values()) if (selects(svc, pod)) selected.add(pod.metadata.name);
    this.members.set(name, selected);
    this.queue.add(name);
  }

  /** A pod changed: every Service selecting it (before or after) is synced. */
  podChanged(pod: Pod, old?: Pod, gone = false): void {
    const name = pod.metadata.name;
    for (const svc of this.c.services.values()) {
      const set = this.members.get(svc.metadata.name);
      if (set === undefined) continue;
      const now = !gone && selects(svc, pod);
      if (now) set.add(name);
      else set.delete(name);
      if (now || (old !== undefined && selects(svc, old)) || gone) this.queue.add(svc.metadata.name);
    }
  }

  private sync(name: string, done: () => void): void {
    const c = this.c;
    const svc = c.services.get(name);
    if (!c.pods.synced || !c.endpoints.synced) return done();
    const current = c.endpoints.get(name);
    if (svc === undefined) {
      this.members.delete(name);
      if (current === undefined) return done();
      return c.api.delete('Endpoints', name, current.metadata.resourceVersion, () => done());
    }
    const addresses: EndpointAddress[] = [];
    const notReady: EndpointAddress[] = [];
    for (const name of [...(this.members.get(svc.metadata.name) ?? [])].sort()) {
      const pod = c.pods.get(name);
      if (pod === undefined) continue;
      const node = pod.spec.nodeName;
      if (node === undefined || isTerminal(pod)) continue;
      (pod.status.ready ? addresses : notReady).push({ pod: pod.metadata.name, nodeName: node });
    }
    const observe = (r: WriteResult<Endpoints>): void => {
      if (r.kind === 'ok') c.endpoints.wrote(r.obj, r.span, r.obj.metadata.resourceVersion === 0);
      done();
    };
    if (current === undefined) {
      c.api.create<'Endpoints'>({ kind: 'Endpoints', metadata: { name }, addresses, notReadyAddresses: notReady }, (r) => (r.kind === 'exists' ? done() : observe(r)));
      return;
    }
    if (JSON.stringify(current.addresses) === JSON.stringify(addresses) && JSON.stringify(current.notReadyAddresses) === JSON.stringify(notReady)) return done();
    c.api.update(current, { ...current, addresses, notReadyAddresses: notReady }, (r) => {
      // A conflict means our copy was old: the watch brings the new one, and its event syncs again.
      observe(r);
    });
  }
}

function selects(svc: Service, pod: Pod): boolean {
  return Object.keys(svc.spec.selector).length > 0 && mapMatches(svc.spec.selector, pod.metadata.labels);
}
