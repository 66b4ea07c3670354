/**
 * What a write did to the tree, in the order it happened, as the watch manager needs it. The names
 * are ZooKeeper's watch event types: a change of type T fires exactly the watches that deliver T.
 */

/** ZooKeeper's watch event types (`Watcher.Event.EventType`) for the four tree changes. */
export type WatchEventType = 'NodeCreated' | 'NodeDeleted' | 'NodeDataChanged' | 'NodeChildrenChanged';

/**
 * One change: `NodeCreated`, `NodeDeleted` and `NodeDataChanged` name the node itself;
 * `NodeChildrenChanged` names the parent whose child list changed. A create yields
 * `[NodeCreated path, NodeChildrenChanged parent]`, a delete `[NodeDeleted path, NodeChildrenChanged parent]`.
 */
export interface Change {
  readonly type: WatchEventType;
  readonly path: string;
}
