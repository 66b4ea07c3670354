/**
 * A controller's work queue (client-go's workqueue, cut down): keys wait in FIFO order, each at
 * most once; one key is synced at a time; a key that changes while it is being synced goes back in
 * the queue when that sync ends, so no change is missed and no key is synced twice at once.
 */

/** Syncs one key; calls `done` when its writes are answered. */
export type Sync = (key: string, done: () => void) => void;

export class WorkQueue {
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  private readonly dirty = new Set<string>();
  private active: string | undefined;
  private draining = false;

  constructor(private readonly sync: Sync) {}

  add(key: string): void {
    if (this.active === key) {
      this.dirty.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.queue.push(key);
    this.drain();
  }

  get length(): number {
    return this.queue.length + (this.active === undefined ? 0 : 1);
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    // A sync that finishes at once (nothing to write) lets the next start in the same loop, not deeper.
    while (this.active === undefined && this.queue.length > 0) {
      const key = this.queue.shift()!;
      this.queued.delete(key);
      this.active = key;
      let finished = false;
      this.sync(key, () => {
        if (finished) return;
        finished = true;
        this.active = undefined;
        if (this.dirty.delete(key)) this.add(key);
        else this.drain();
      });
    }
    this.draining = false;
  }
}
