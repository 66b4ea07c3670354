/**
 * Eviction timing (protocols.md §5.5 inv. 8), in true time.
 *
 * - Never early, in two steps. A node is marked Ready=Unknown only after the grace period of
 *   silence: no heartbeat that reached the store before the controller's confirming read (the
 *   decision's `at`, a store position) was sent within the grace period before the decision. A pod
 *   is evicted for the not-ready or unreachable taint only its toleration after some such decision
 *   about its node. Both are skipped for a controller manager whose clock the nemesis moved: its
 *   own clock is all it has.
 * - Not late: when a node falls silent for good, each of its pods that tolerates the taint for a
 *   limited time is gone by the last heartbeat + grace + toleration + slack (a monitor period, its
 *   turn in the zone's rate-limited queue, and 10s for the store), unless its zone is disrupted
 *   (then Kubernetes evicts slowly or not at all), the run ended first, or something other than
 *   kubelets was faulted (the controller manager or the store may then rightly be late).
 */
import { ViolationLog, type CheckRun, type TraceCheck } from '../../../sim/checks/index.js';
import type { TraceEvent } from '../../../sim/trace.js';
import { FACT, type ConfigFact, type EvictFact, type HeartbeatAckFact, type HeartbeatFact, type NodeReadyFact } from '../facts.js';
import { LABEL_ZONE } from '../scheduler/topology-spread.js';
import { matchingTolerations, minTolerationSeconds, TAINT_NOT_READY, TAINT_UNREACHABLE } from '../taints.js';
import { Ledger } from './ledger.js';

export const EVICTION = 'k8s-eviction';

/** Allowance for store round trips and informer lag in the liveness bound. */
const STORE_SLACK = 10_000_000;

export function evictionCheck(): TraceCheck {
  const ledger = new Ledger();
  /** Per node: its acknowledged heartbeats, when they were sent and where their writes applied. */
  const beats = new Map<string, { readonly sent: number; readonly hi: number }[]>();
  const decisions: { readonly t: number; readonly by: string; readonly fact: NodeReadyFact }[] = [];
  const sent = new Map<string, number>();
  const evictions: { readonly t: number; readonly by: string; readonly fact: EvictFact }[] = [];
  /** When each actor's clock was first moved by the nemesis. */
  const clockFaults = new Map<string, number>();
  /** When the pods' deletions were first heard of, in true time. */
  const deletedAt = new Map<string, number>();
  let config: ConfigFact | undefined;
  let otherFaults = false;
  return {
    observe(e: TraceEvent) {
      ledger.observe(e);
      switch (e.kind) {
        case FACT.heartbeatSent: {
          const f = e as unknown as HeartbeatFact;
          sent.set(`${f.name}#${f.seq}`, e.t);
          return;
        }
        case FACT.heartbeat: {
          const f = e as unknown as HeartbeatAckFact;
          const at = sent.get(`${f.name}#${f.seq}`);
          if (at === undefined) return;
          const list = beats.get(f.name) ?? [];
          list.push({ sent: at, hi: f.hi });
          beats.set(f.name, list);
          return;
        }
        case FACT.nodeReady:
          decisions.push({ t: e.t, by: e.node ?? '', fact: e as unknown as NodeReadyFact });
          return;
        case FACT.evict:
          evictions.push({ t: e.t, by: e.node ?? '', fact: e as unknown as EvictFact });
          return;
        case FACT.podDelete:
        case FACT.podPhase: {
          const pod = (e as unknown as { pod: string }).pod;
          const phase = (e as unknown as { phase?: string }).phase;
          if ((e.kind === FACT.podDelete || phase === 'Failed' || phase === 'Succeeded') && !deletedAt.has(pod)) deletedAt.set(pod, e.t);
          return;
        }
        case FACT.config:
          config = e as unknown as ConfigFact;
          return;
        case 'clock.skew':
        case 'clock.rate':
          if (e.node !== undefined && !clockFaults.has(e.node)) clockFaults.set(e.node, e.t);
          if (e.node !== undefined && !e.node.startsWith('kubelet-')) otherFaults = true;
          return;
        case 'node.crash':
        case 'node.pause':
          if (e.node !== undefined && !e.node.startsWith('kubelet-')) otherFaults = true;
          return;
        case 'net.partition': {
          const groups = (e as unknown as { groups: readonly (readonly string[])[] }).groups;
          if (!groups.some((g) => g.every((id) => id.startsWith('kubelet-')))) otherFaults = true;
          return;
        }
        case 'net.cut':
        case 'disk.stall':
          otherFaults = true;
          return;
      }
    },
    finish(run: CheckRun) {
      const log = new ViolationLog(EVICTION);
      const lastBeatBefore = (node: string, t: number): number | undefined => {
        let last: number | undefined;
        for (const b of beats.get(node) ?? []) if (b.sent <= t) last = b.sent;
        return last;
      };
      const skewed = (by: string, t: number): boolean => {
        const at = clockFaults.get(by);
        return at !== undefined && at <= t;
      };
      // Never early: each Unknown decision came after the grace period of silence...
      for (const { t, by, fact } of decisions) {
        if (fact.status !== 'Unknown' || skewed(by, t)) continue;
        const recent = (beats.get(fact.name) ?? []).find((b) => b.hi <= fact.at && b.sent > t - fact.grace);
        if (recent !== undefined) {
          log.report(t, `node ${fact.name} marked Ready=Unknown though a heartbeat sent ${((t - recent.sent) / 1e6).toFixed(3)}s before (grace ${fact.grace / 1e6}s) had reached the store`, { ...fact, heartbeat: recent });
        }
      }
      // ...and each eviction its toleration after some decision about its node.
      for (const { t, by, fact } of evictions) {
        if ((fact.taint !== TAINT_UNREACHABLE && fact.taint !== TAINT_NOT_READY) || skewed(by, t)) continue;
        const marked = decisions.filter((d) => d.fact.name === fact.name && d.fact.status !== 'True' && d.t <= t);
        if (marked.some((d) => t >= d.t + fact.tolerationSeconds * 1_000_000)) continue;
        const last = marked.at(-1);
        log.report(
          t,
          last === undefined
            ? `pod ${fact.pod} evicted from ${fact.name}, which was never marked not ready`
            : `pod ${fact.pod} evicted from ${fact.name} ${((last.t + fact.tolerationSeconds * 1e6 - t) / 1e6).toFixed(3)}s early: marked at ${last.t}, toleration ${fact.tolerationSeconds}s`,
          fact,
        );
      }
      // Not late.
      if (config === undefined || otherFaults) return log.found;
      const c = config;
      const zoneOf = (node: string): string => ledger.nodes.get(node)?.labels[LABEL_ZONE] ?? '';
      const last = new Map<string, number>();
      for (const name of ledger.nodes.keys()) last.set(name, lastBeatBefore(name, Infinity) ?? 0);
      const silentAt = (node: string, t: number): boolean => last.get(node)! + c.grace < t;
      for (const [name, h] of [...last].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const zone = zoneOf(name);
        const zoneNodes = [...ledger.nodes.keys()].filter((n) => zoneOf(n) === zone);
        const earlier = zoneNodes.filter((n) => n !== name && last.get(n)! <= h && silentAt(n, run.end)).length;
        for (const p of ledger.pods.values()) {
          if (p.bind?.node !== name || p.spec === undefined || p.bind.at > h) continue;
          const { all, used } = matchingTolerations([{ key: TAINT_UNREACHABLE, effect: 'NoExecute' }], p.spec.tolerations);
          const seconds = all ? minTolerationSeconds(used) : 0;
          if (seconds === Infinity) continue;
          const deadline = h + c.grace + c.monitorPeriod + seconds * 1_000_000 + Math.ceil((earlier + 1) * (1_000_000 / Math.max(c.evictionRate, 1e-9))) + STORE_SLACK;
          if (deadline > run.end) continue;
          const gone = deletedAt.get(p.pod);
          if (gone !== undefined && gone <= deadline) continue;
          // A disrupted zone (or cluster) evicts slowly or not at all.
          const silent = zoneNodes.filter((n) => silentAt(n, deadline)).length;
          const fully = silent === zoneNodes.length;
          const partly = silent > 2 && silent / zoneNodes.length >= c.unhealthyZoneThreshold;
          const everywhere = [...ledger.nodes.keys()].every((n) => silentAt(n, deadline));
          if (fully || partly || everywhere) continue;
          if (gone !== undefined && gone > deadline) log.report(gone, `pod ${p.pod} evicted from ${name} ${((gone - deadline) / 1e6).toFixed(3)}s late`, { pod: p.pod, node: name, heartbeat: h, deadline, gone });
          else if (gone === undefined) log.report(deadline, `pod ${p.pod} was never evicted from ${name}, silent since ${h}`, { pod: p.pod, node: name, heartbeat: h, deadline });
        }
      }
      return log.found;
    },
  };
}
