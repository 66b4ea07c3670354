/**
 * Shared, frozen answers. Results are immutable values, so one instance serves every caller, and
 * freezing makes an accidental mutation by a consumer fail loudly instead of corrupting a cached
 * exactly-once response.
 */

export const DONE = Object.freeze({});
export const NO_NODE = Object.freeze({ error: 'NoNode' as const });
export const NODE_EXISTS = Object.freeze({ error: 'NodeExists' as const });
export const BAD_VERSION = Object.freeze({ error: 'BadVersion' as const });
export const NOT_EMPTY = Object.freeze({ error: 'NotEmpty' as const });
export const NO_CHILDREN_FOR_EPHEMERALS = Object.freeze({ error: 'NoChildrenForEphemerals' as const });
export const BAD_ARGUMENTS = Object.freeze({ error: 'BadArguments' as const });
export const SESSION_EXPIRED = Object.freeze({ error: 'SessionExpired' as const });
