/**
 * Controller expectations (`ControllerExpectations` / `UIDTrackingControllerExpectations`): after a
 * ReplicaSet's sync asks for pods to be created or deleted, the next sync waits until the informer
 * has seen those creations and deletions, so a cache that lags behind the controller's own writes
 * never makes it create (or delete) the same pods twice. A failed write lowers the expectation at
 * once; expectations older than the timeout (5 minutes) are given up on.
 */
import type { Time } from '../../../sim/time.js';

/** Kubernetes' `ExpectationsTimeout`. */
export const EXPECTATIONS_TIMEOUT: Time = 5 * 60 * 1_000_000;

interface Expected {
  adds: number;
  readonly deletes: Set<string>;
  readonly at: Time;
}

export class Expectations {
  private readonly byKey = new Map<string, Expected>();

  constructor(private readonly timeout: Time = EXPECTATIONS_TIMEOUT) {}

  /** Whether a sync of `key` may act: nothing expected, all of it seen, or it expired. */
  satisfied(key: string, now: Time): boolean {
    const e = this.byKey.get(key);
    if (e === undefined) return true;
    if (e.adds <= 0 && e.deletes.size === 0) return true;
    return now - e.at > this.timeout;
  }

  expectCreations(key: string, count: number, now: Time): void {
    this.byKey.set(key, { adds: count, deletes: new Set(), at: now });
  }

  expectDeletions(key: string, pods: readonly string[], now: Time): void {
    this.byKey.set(key, { adds: 0, deletes: new Set(pods), at: now });
  }

  /** A pod of `key` appeared (or its creation failed). */
  creationObserved(key: string): void {
    const e = this.byKey.get(key);
    if (e !== undefined) e.adds--;
  }

  /** A pod of `key` went away (or its deletion failed). */
  deletionObserved(key: string, pod: string): void {
    this.byKey.get(key)?.deletes.delete(pod);
  }

  /** When the expectations of `key` expire, if it has unmet ones. */
  expiresAt(key: string): Time | undefined {
    const e = this.byKey.get(key);
    return e === undefined ? undefined : e.at + this.timeout;
  }

  delete(key: string): void {
    this.byKey.delete(key);
  }
}
