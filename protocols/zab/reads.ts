/**
 * Linearizable reads and `sync` on the leader: a read is answered at the commit position of the
 * moment it arrived, once a quorum has echoed a PING round started after that moment. A server that
 * echoes this leader's PING is connected to it and so follows no other leader; a quorum of them
 * proves no later epoch had been established (and committed anything) by then.
 *
 * Every PING broadcast is a round. Reads that arrive while a round is out wait for the next one,
 * which starts at once when the outstanding round is confirmed (so a late echo from before a
 * partition confirms nothing new). Mutant Z4 skips all of this (node.ts): ZooKeeper's `processSync`
 * answers as soon as the leader's last proposal commits, with no quorum round (ZOOKEEPER-1675).
 */
import type { NodeId } from '../../sim/node.js';
import { quorumValue } from '../kit/quorum.js';

type Done = (index: number | undefined) => void;

interface Read {
  readonly done: Done;
  readonly index: number;
}

/** The leader's PING rounds and the reads waiting for one (see above). */
export class ReadRounds {
  private round = 0;
  private readonly echoed = new Map<NodeId, number>();
  private waiting: Read[] = [];
  private rounds: { readonly round: number; readonly reads: Read[] }[] = [];

  constructor(
    private readonly self: NodeId,
    private readonly voters: readonly NodeId[],
    /** Starts a round now: broadcasts a PING carrying `next()`. */
    private readonly broadcast: () => void,
  ) {}

  /** The number of a new round; the reads waiting now join it. */
  next(): number {
    const r = ++this.round;
    if (this.waiting.length > 0) {
      this.rounds.push({ round: r, reads: this.waiting });
      this.waiting = [];
    }
    return r;
  }

  request(done: Done, index: number): void {
    this.waiting.push({ done, index });
    if (this.rounds.length === 0) {
      this.broadcast();
      this.confirm();
    }
  }

  echo(from: NodeId, round: number): void {
    if (round > (this.echoed.get(from) ?? 0)) this.echoed.set(from, round);
    this.confirm();
  }

  /** The leader stepped down: nothing waiting can be confirmed here any more. */
  fail(): void {
    const all = [...this.rounds.flatMap((r) => r.reads), ...this.waiting];
    this.rounds = [];
    this.waiting = [];
    for (const r of all) r.done(undefined);
  }

  private confirm(): void {
    const confirmed = quorumValue(this.voters, (v) => (v === this.self ? this.round : (this.echoed.get(v) ?? 0)));
    let released = 0;
    while (released < this.rounds.length && this.rounds[released]!.round <= confirmed) released++;
    if (released > 0) {
      const done = this.rounds.slice(0, released);
      this.rounds = this.rounds.slice(released);
      for (const r of done) for (const read of r.reads) read.done(read.index);
    }
    if (this.rounds.length === 0 && this.waiting.length > 0) {
      this.broadcast();
      if (this.rounds.length > 0) this.confirm();
    }
  }
}
