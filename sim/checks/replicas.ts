/**
 * The checks that hold for every ordering protocol, read from the replicas' `replica.state` reports
 * alone (so they judge Raft, ZAB, Multi-Paxos and a user's protocol alike):
 *
 * - election-safety: at most one leader per era.
 * - state-machine-safety: no two replicas apply different entries at one position (an entry is
 *   named by its position and the era it was proposed in, which every protocol makes unique).
 * - digest-agreement: replicas that applied up to the same position report the same digest of
 *   their state machine (catches a divergence the eras cannot see: a command applied twice, a
 *   snapshot restored wrong).
 * - monotone: within an incarnation, commit and applied never go back, and applied ≤ commit.
 */
import type { NodeId } from '../node.js';
import { type CheckCatalogue, type TraceCheck, ViolationLog } from './check.js';
import { LogMirror, replicaStateOf } from './log-mirror.js';

export function electionSafety(): TraceCheck {
  const out = new ViolationLog('election-safety');
  const leaders = new Map<number, NodeId>();
  const reported = new Set<number>();
  return {
    observe(e) {
      const s = replicaStateOf(e);
      if (s === undefined || s.role !== 'leader') return;
      const other = leaders.get(s.era);
      if (other === undefined) leaders.set(s.era, e.node!);
      else if (other !== e.node && !reported.has(s.era)) {
        reported.add(s.era);
        out.report(e.t, `two leaders in era ${s.era}: ${other} and ${e.node}`, { era: s.era, leaders: [other, e.node] });
      }
    },
    finish: () => out.found,
  };
}

export function stateMachineSafety(): TraceCheck {
  const out = new ViolationLog('state-machine-safety');
  const mirror = new LogMirror();
  const appliedEras: number[] = [];
  const seenApplied = new Map<NodeId, number>();
  return {
    observe(e) {
      const r = mirror.observe(e);
      if (r === undefined) return;
      const { node, log, state: s } = r;
      const from = s.full === true ? log.base : (seenApplied.get(node) ?? log.base);
      for (let i = Math.max(from, log.base) + 1; i <= s.applied; i++) {
        const era = log.eraAt(i);
        if (era === undefined) continue;
        const before = appliedEras[i];
        if (before === undefined) appliedEras[i] = era;
        else if (before !== era) out.report(e.t, `${node} applied entry ${i} of era ${era}; another replica applied era ${before} there`, { node, index: i });
      }
      seenApplied.set(node, s.applied);
    },
    finish: () => out.found,
  };
}

export function digestAgreement(): TraceCheck {
  const out = new ViolationLog('digest-agreement');
  const digests = new Map<number, { readonly digest: string; readonly node: NodeId }>();
  const reported = new Set<number>();
  return {
    observe(e) {
      const s = replicaStateOf(e);
      if (s?.digest === undefined) return;
      const first = digests.get(s.applied);
      if (first === undefined) digests.set(s.applied, { digest: s.digest, node: e.node! });
      else if (first.digest !== s.digest && !reported.has(s.applied)) {
        reported.add(s.applied);
        out.report(e.t, `${e.node}'s state at position ${s.applied} has digest ${s.digest}; ${first.node}'s had ${first.digest}`, { position: s.applied, nodes: [first.node, e.node] });
      }
    },
    finish: () => out.found,
  };
}

export function monotone(): TraceCheck {
  const out = new ViolationLog('monotone');
  const last = new Map<NodeId, { commit: number; applied: number }>();
  return {
    observe(e) {
      if (e.node === undefined) return;
      if (e.kind === 'node.crash') {
        last.delete(e.node);
        return;
      }
      const s = replicaStateOf(e);
      if (s === undefined) return;
      const before = s.full === true ? undefined : last.get(e.node);
      if (s.applied > s.commit) out.report(e.t, `${e.node} applied ${s.applied} beyond its commit position ${s.commit}`);
      if (before !== undefined) {
        if (s.commit < before.commit) out.report(e.t, `${e.node}'s commit position went back from ${before.commit} to ${s.commit}`);
        if (s.applied < before.applied) out.report(e.t, `${e.node}'s applied position went back from ${before.applied} to ${s.applied}`);
      }
      last.set(e.node, { commit: s.commit, applied: s.applied });
    },
    finish: () => out.found,
  };
}

/** The generic checks by name: every protocol's runs offer them. */
export const REPLICA_CHECKS: CheckCatalogue = {
  'election-safety': electionSafety,
  'state-machine-safety': stateMachineSafety,
  'digest-agreement': digestAgreement,
  monotone,
};
