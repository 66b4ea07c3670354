/**
 * Leader election (Raft §5.2, §5.4.1) with PreVote (thesis §9.6) and CheckQuorum's follower lease.
 *
 * A follower that hears no leader for a randomised timeout first asks for pre-votes for the next
 * term without changing its own; only with a majority of them does it campaign for real. Voters
 * grant a pre-vote or vote only to a candidate whose log is at least as up-to-date as theirs (last
 * term, then last index; mutant R8 compares lengths only), and ignore both while they have heard
 * from a leader within the election timeout. A granted vote is answered only once the vote is on
 * disk (mutant R2 answers at once).
 */
import type { NodeId } from '../../sim/node.js';
import type { VoteRequest, VoteResponse } from './messages.js';
import type { RaftNode } from './node.js';
import { quorum, term, type LogIndex, type Term } from './types.js';

/** Firing this timer (the nemesis's `fire-timer`) forces an election timeout now. */
export const ELECTION = 'raft.election';
/**
 * The timer that actually waits. Hearing from the leader only moves a deadline; the timer, when it
 * fires early, waits again for the rest. (Re-arming a timer on every heartbeat and append costs an
 * event each; this costs one per election timeout.)
 */
export const ELECTION_WAIT = 'raft.election-wait';

export class Elections {
  private votes = new Set<NodeId>();
  private deadline = 0;
  private armed = false;

  constructor(private readonly node: RaftNode) {}

  /** Holds the election off for a fresh draw from [timeout, 2·timeout). */
  resetTimer(): void {
    const ctx = this.node.ctx;
    const t = this.node.options.electionTimeout;
    const wait = t + Math.floor(ctx.random() * t);
    this.deadline = ctx.now() + wait;
    if (!this.armed) {
      ctx.setTimer(ELECTION_WAIT, wait);
      this.armed = true;
    }
  }

  /** No election while leading. */
  stopTimer(): void {
    this.node.ctx.cancelTimer(ELECTION_WAIT);
    this.armed = false;
  }

  /** The waiting timer fired: time out, or wait for the rest if the deadline moved. */
  waited(): void {
    this.armed = false;
    const left = this.deadline - this.node.ctx.now();
    if (left > 0) {
      this.node.ctx.setTimer(ELECTION_WAIT, left);
      this.armed = true;
    } else {
      this.timeout();
    }
  }

  timeout(): void {
    const node = this.node;
    if (node.leader !== undefined) return;
    if (!node.log.config.voters.includes(node.ctx.id)) {
      this.resetTimer(); // a spare or a removed replica never campaigns
      return;
    }
    if (node.options.preVote) this.preCampaign();
    else this.campaign();
  }

  private preCampaign(): void {
    const node = this.node;
    node.role = 'pre-candidate';
    node.leaderId = null;
    this.votes = new Set([node.ctx.id]);
    this.resetTimer();
    if (this.won()) {
      this.campaign();
      return;
    }
    this.ask('raft.prevote', term(node.term + 1));
  }

  private campaign(): void {
    const node = this.node;
    node.setTerm(term(node.term + 1), node.ctx.id);
    node.role = 'candidate';
    node.leaderId = null;
    this.votes = new Set([node.ctx.id]);
    this.resetTimer();
    if (this.won()) node.becomeLeader();
    else this.ask('raft.vote', node.term);
  }

  private ask(kind: 'raft.prevote' | 'raft.vote', t: Term): void {
    const node = this.node;
    const msg: VoteRequest = { kind, term: t, lastIndex: node.log.lastIndex, lastTerm: node.log.lastTerm };
    // A real vote request promises the new term and the vote for ourselves: on disk first.
    for (const v of node.log.config.voters) if (v !== node.ctx.id) node.send(v, msg, kind === 'raft.vote' ? 'state' : 'none');
  }

  private won(): boolean {
    const voters = this.node.log.config.voters;
    let n = 0;
    for (const v of voters) if (this.votes.has(v)) n++;
    return n >= quorum(voters);
  }

  private inLease(): boolean {
    const node = this.node;
    if (!node.options.checkQuorum || node.leaderId === null) return false;
    return node.leader !== undefined || node.ctx.now() - node.lastHeard < node.options.electionTimeout;
  }

  onRequest(from: NodeId, m: VoteRequest): void {
    const node = this.node;
    const pre = m.kind === 'raft.prevote';
    const reply = pre ? 'raft.prevote-resp' : 'raft.vote-resp';
    if (m.term > node.term && this.inLease()) return; // we hear from a leader: not now
    if (m.term < node.term || (pre && m.term === node.term)) {
      node.send(from, { kind: reply, term: node.term, granted: false }, 'none');
      return;
    }
    const upToDate = this.upToDate(m.lastIndex, m.lastTerm);
    if (pre) {
      node.send(from, upToDate ? { kind: reply, term: m.term, granted: true } : { kind: reply, term: node.term, granted: false }, 'none');
      return;
    }
    if (m.term > node.term) node.becomeFollower(m.term, null);
    const free = node.vote === from || (node.vote === null && node.leaderId === null);
    if (free && upToDate) {
      if (node.vote !== from) node.setTerm(node.term, from);
      this.resetTimer();
      node.send(from, { kind: reply, term: node.term, granted: true }, node.mutants.has('R2') ? 'none' : 'state');
    } else {
      node.send(from, { kind: reply, term: node.term, granted: false }, 'none');
    }
  }

  private upToDate(lastIndex: LogIndex, lastTerm: Term): boolean {
    const log = this.node.log;
    if (this.node.mutants.has('R8')) return lastIndex >= log.lastIndex;
    return lastTerm > log.lastTerm || (lastTerm === log.lastTerm && lastIndex >= log.lastIndex);
  }

  onResponse(from: NodeId, m: VoteResponse): void {
    const node = this.node;
    if (m.kind === 'raft.prevote-resp') {
      if (node.role !== 'pre-candidate') return;
      if (m.granted && m.term === node.term + 1) {
        this.votes.add(from);
        if (this.won()) this.campaign();
      } else if (!m.granted && m.term > node.term) {
        node.becomeFollower(m.term, null);
      }
      return;
    }
    if (m.term > node.term) {
      node.becomeFollower(m.term, null);
      return;
    }
    if (node.role !== 'candidate' || m.term !== node.term || !m.granted) return;
    this.votes.add(from);
    if (this.won()) node.becomeLeader();
  }
}
