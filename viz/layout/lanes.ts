/**
 * One lane per node of the run. Lanes are grouped: the replicas the protocol runs on, the
 * Kubernetes components (only when the trace has `k8s.*` events), and the workload's clients.
 * Which group a node belongs to is read from what it does, not from its name, so a user's own
 * protocol with its own naming still gets sensible lanes.
 */
import { type ViewEvent, compareIds, isStateKind, namespaceOf, str } from './events.js';

/** The sections of the diagram, top to bottom. */
export type LaneGroup = 'replica' | 'k8s' | 'client';

/** One node's lane. */
export interface Lane {
  readonly id: string;
  readonly group: LaneGroup;
  /** Position from the top, over all groups. */
  readonly index: number;
}

/** The message kinds between clients and replicas (see sim/client.ts). */
const CLIENT_REQUEST = 'client.request';
const CLIENT_RESPONSE = 'client.response';

/** The lane groups in display order. */
export const LANE_GROUPS: readonly LaneGroup[] = ['replica', 'k8s', 'client'];

/**
 * Lanes for every node that appears in the trace as an event's `node`, a message's sender or
 * receiver, or a k8s event's `component`. A node named by a `k8s.*` event is a Kubernetes
 * component; one that sends client requests is a client; one that emits protocol state, receives
 * client requests or exchanges other messages is a replica. A node that does none of these (a
 * client in a trace recorded without messages) is a client when some other node is a replica.
 */
export function assignLanes(events: readonly ViewEvent[]): readonly Lane[] {
  const seen = new Set<string>();
  const clients = new Set<string>();
  const replicas = new Set<string>();
  const k8s = new Set<string>();
  for (const e of events) {
    const node = e.node;
    if (node !== undefined) seen.add(node);
    if (node !== undefined && isStateKind(e.kind)) replicas.add(node);
    if (e.kind === 'net.send') {
      const to = str(e['to']);
      const msg = e['msg'];
      if (to !== undefined) seen.add(to);
      if (msg === CLIENT_REQUEST) {
        if (node !== undefined) clients.add(node);
        if (to !== undefined) replicas.add(to);
      } else if (msg !== CLIENT_RESPONSE) {
        if (node !== undefined) replicas.add(node);
        if (to !== undefined) replicas.add(to);
      }
    } else if (e.kind === 'net.deliver' || e.kind === 'net.drop') {
      const from = str(e['from']);
      if (from !== undefined) seen.add(from);
      if (e['msg'] !== CLIENT_REQUEST && e['msg'] !== CLIENT_RESPONSE) {
        if (node !== undefined) replicas.add(node);
        if (from !== undefined) replicas.add(from);
      }
    }
    if (namespaceOf(e.kind) === 'k8s') {
      const who = node ?? str(e['component']);
      if (who !== undefined) {
        seen.add(who);
        k8s.add(who);
      }
    }
  }
  const groupOf = (id: string): LaneGroup => {
    if (k8s.has(id)) return 'k8s';
    if (clients.has(id)) return 'client';
    if (replicas.has(id) || replicas.size === 0) return 'replica';
    return 'client';
  };
  const ids = [...seen].sort((a, b) => LANE_GROUPS.indexOf(groupOf(a)) - LANE_GROUPS.indexOf(groupOf(b)) || compareIds(a, b));
  return ids.map((id, index) => ({ id, group: groupOf(id), index }));
}

/** The lane an event is drawn on: its node, or for k8s events without one, their component. */
export function laneOf(event: ViewEvent): string | undefined {
  return event.node ?? (namespaceOf(event.kind) === 'k8s' ? str(event['component']) : undefined);
}
