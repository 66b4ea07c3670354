/**
 * Capacity (protocols.md §5.5 inv. 3): at every position of the store's order, the pods bound to a
 * node and not terminal request no more CPU and memory than the node has, and are no more than its
 * pod limit. Usage only grows at a binding, so the check looks at each binding's position, counting
 * only the pods certainly there (bound at or before it and not possibly gone by then).
 *
 * A pod its kubelet refused (`OutOfcpu`) is reported beside a violation, not as one: the kubelet's
 * refusal is Kubernetes' own defence against a scheduler that overcommitted.
 */
import { ViolationLog, type TraceCheck } from '../../../sim/checks/index.js';
import { Ledger, type PodLife } from './ledger.js';

export const CAPACITY = 'k8s-capacity';

export function capacityCheck(): TraceCheck {
  const ledger = new Ledger();
  return {
    observe: (e) => void ledger.observe(e),
    finish() {
      const log = new ViolationLog(CAPACITY);
      const byNode = new Map<string, PodLife[]>();
      for (const p of ledger.pods.values()) {
        if (p.bind === undefined || p.spec === undefined) continue;
        const list = byNode.get(p.bind.node) ?? [];
        list.push(p);
        byNode.set(p.bind.node, list);
      }
      for (const [name, pods] of [...byNode].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const node = ledger.nodes.get(name);
        if (node === undefined) continue;
        pods.sort((a, b) => a.bind!.span.hi - b.bind!.span.hi);
        for (const q of pods) {
          const at = q.bind!.span.hi;
          const present = pods.filter((p) => p.bind!.span.hi <= at && !ledger.mayBeGone(p, at));
          const cpu = present.reduce((s, p) => s + p.spec!.requests.cpu, 0);
          const memory = present.reduce((s, p) => s + p.spec!.requests.memory, 0);
          const over: string[] = [];
          if (cpu > node.cpu) over.push(`cpu ${cpu}m > ${node.cpu}m`);
          if (memory > node.memory) over.push(`memory ${memory} > ${node.memory} bytes`);
          if (present.length > node.pods) over.push(`${present.length} pods > ${node.pods}`);
          if (over.length === 0) continue;
          const refused = present.filter((p) => p.failed?.reason?.startsWith('OutOf') === true).map((p) => `${p.pod} (${p.failed!.reason})`);
          log.report(
            q.bind!.at,
            `node ${name} over capacity once ${q.pod} was bound at position ${at}: ${over.join(', ')}` + (refused.length ? `; its kubelet refused ${refused.join(', ')}` : ''),
            { node: name, position: at, pods: present.map((p) => ({ pod: p.pod, cpu: p.spec!.requests.cpu, memory: p.spec!.requests.memory, bound: p.bind!.span })), refused },
          );
          break;
        }
      }
      return log.found;
    },
  };
}
