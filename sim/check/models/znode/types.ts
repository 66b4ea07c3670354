/** The znode model's compiled operations and results. */

export type CreateMode = 'persistent' | 'ephemeral' | 'persistent-sequential' | 'ephemeral-sequential';

/** A write that can stand alone or inside `multi`. */
export type ZWrite =
  | {
      readonly kind: 'create';
      readonly path: string;
      /** Canonical JSON of the data. */
      readonly data: string;
      readonly ephemeral: boolean;
      readonly sequential: boolean;
      /** Canonical JSON of the owning session (ephemeral nodes). */
      readonly owner: string;
    }
  | { readonly kind: 'set'; readonly path: string; readonly data: string; readonly version: number }
  | { readonly kind: 'delete'; readonly path: string; readonly version: number }
  | { readonly kind: 'check'; readonly path: string; readonly version: number };

export type ZInput =
  | ZWrite
  | { readonly kind: 'get'; readonly path: string }
  | { readonly kind: 'exists'; readonly path: string }
  | { readonly kind: 'children'; readonly path: string }
  | { readonly kind: 'multi'; readonly ops: readonly ZWrite[] }
  | { readonly kind: 'sync'; readonly path: string }
  | { readonly kind: 'close-session'; readonly owner: string };

/**
 * A result, normalised. Fields a history leaves out are not compared (an `exists` without its
 * version, a `multi` sub-result without its path).
 */
export interface ZResult {
  readonly error?: string;
  /** multi: the failing sub-operation. */
  readonly index?: number;
  readonly path?: string;
  readonly data?: string;
  readonly version?: number;
  readonly exists?: boolean;
  /** children: the names, sorted, joined by NUL. */
  readonly names?: string;
  readonly results?: readonly ZResult[];
}

/** `SessionExpired` says the operation was refused without effect: it fits every state. */
export const EXPIRED = 'SessionExpired';
