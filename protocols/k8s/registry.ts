/**
 * Where the API objects live in the store, and how they are encoded. One object per znode, as JSON,
 * under `/registry/<resource>/<name>`; the object's name is its znode's name and its
 * resourceVersion the znode's version, so neither is stored in the data.
 *
 * Two more trees serve the binding: `/registry/bindings/<pod>` is created once, by the binding
 * (so a pod is bound at most once whatever a scheduler believes), and
 * `/registry/nodepods/<node>/<pod>` indexes the pods bound to each node, so a kubelet watches only
 * its own (the mock's `spec.nodeName` field selector).
 */
import type { Stat } from '../store/ops.js';
import { childPath, nameOf } from '../store/paths.js';
import type { Kind, ObjectOf } from './objects.js';

export const REGISTRY = '/registry';
export const BINDINGS = `${REGISTRY}/bindings`;
export const NODE_PODS = `${REGISTRY}/nodepods`;

/** The directory of each kind. */
export const DIRECTORY: Readonly<Record<Kind, string>> = {
  Node: `${REGISTRY}/nodes`,
  Pod: `${REGISTRY}/pods`,
  ReplicaSet: `${REGISTRY}/replicasets`,
  Deployment: `${REGISTRY}/deployments`,
  Service: `${REGISTRY}/services`,
  Endpoints: `${REGISTRY}/endpoints`,
  ConfigMap: `${REGISTRY}/configmaps`,
  Lease: `${REGISTRY}/leases`,
};

/** Every directory, parents first: what a component makes sure exists before it reads. */
export const LAYOUT: readonly string[] = [REGISTRY, ...Object.values(DIRECTORY), BINDINGS, NODE_PODS];

export function pathOf(kind: Kind, name: string): string {
  return childPath(DIRECTORY[kind], name);
}

export function bindingPath(pod: string): string {
  return childPath(BINDINGS, pod);
}

/** The directory indexing the pods bound to `node`. */
export function nodePodsDir(node: string): string {
  return childPath(NODE_PODS, node);
}

export function nodePodPath(node: string, pod: string): string {
  return childPath(nodePodsDir(node), pod);
}

/** The object as stored: its JSON without the name and resourceVersion. */
export function encode(obj: ObjectOf<Kind>): string {
  const { name: _name, resourceVersion: _rv, ...meta } = obj.metadata;
  return JSON.stringify({ ...obj, metadata: meta });
}

/** The object a znode holds, with the name and resourceVersion its path and stat give it. */
export function decode<K extends Kind>(path: string, data: string, stat: Pick<Stat, 'version'>): ObjectOf<K> {
  const raw = JSON.parse(data) as ObjectOf<K>;
  return { ...raw, metadata: { ...raw.metadata, name: nameOf(path), resourceVersion: stat.version } } as ObjectOf<K>;
}
