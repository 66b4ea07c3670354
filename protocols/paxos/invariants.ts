/**
 * Multi-Paxos's own safety properties, checked from the trace alone: the `paxos.chosen` events a
 * leader emits when it counts a majority of acceptances for a slot, and the replicas'
 * `replica.state` reports (whose eras are ballots and whose log eras are each value's origin
 * ballot, followed with the kit's LogMirror).
 *
 * - one-value-per-slot: every `paxos.chosen` of a slot names the same value.
 * - chosen-value-persists: once a value is chosen at a slot in ballot b, every leader of a higher
 *   ballot proposes that value there (a leader's log is its proposals: it accepts each first).
 * - promises-monotone: the ballot an acceptor has promised in a reply (`promisedEra`) never goes
 *   back, across crashes and restarts too: a promise on which others counted is never forgotten.
 *
 * "Replicas apply the same command at the same slot" is the generic state-machine-safety check
 * (sim/checks), since a value's era names it; digest-agreement backs it with the state itself.
 */
import type { NodeId } from '../../sim/node.js';
import { type CheckCatalogue, LogMirror, type TraceCheck, ViolationLog } from '../../sim/checks/index.js';

/** What a `paxos.chosen` event says. */
interface Chosen {
  readonly slot: number;
  /** The origin ballot of the value (its identity). */
  readonly value: number;
  /** The ballot in which it was chosen. */
  readonly ballot: number;
  readonly node: NodeId;
}

function chosenOf(e: { readonly kind: string; readonly node?: NodeId; readonly [k: string]: unknown }): Chosen | undefined {
  if (e.kind !== 'paxos.chosen' || e.node === undefined) return undefined;
  return { slot: e['slot'] as number, value: e['value'] as number, ballot: e['ballot'] as number, node: e.node };
}

export function oneValuePerSlot(): TraceCheck {
  const out = new ViolationLog('one-value-per-slot');
  const chosen = new Map<number, Chosen>();
  const reported = new Set<number>();
  return {
    observe(e) {
      const c = chosenOf(e);
      if (c === undefined) return;
      const first = chosen.get(c.slot);
      if (first === undefined) chosen.set(c.slot, c);
      else if (first.value !== c.value && !reported.has(c.slot)) {
        reported.add(c.slot);
        out.report(e.t, `slot ${c.slot} chosen twice: the value of ballot era ${first.value} (by ${first.node} in era ${first.ballot}), then the value of era ${c.value} (by ${c.node} in era ${c.ballot})`, {
          slot: c.slot,
          values: [first.value, c.value],
          nodes: [first.node, c.node],
        });
      }
    },
    finish: () => out.found,
  };
}

export function chosenValuePersists(): TraceCheck {
  const out = new ViolationLog('chosen-value-persists');
  /** slot → the earliest-ballot choice seen there. */
  const chosen = new Map<number, Chosen>();
  /** slot → leaders' proposals seen before any choice there, as [ballot, value, ...]. */
  const proposals = new Map<number, number[]>();
  const mirror = new LogMirror();
  const judge = (at: number, slot: number, ballot: number, value: number, node: NodeId | undefined, c: Chosen): void => {
    if (ballot > c.ballot && value !== c.value) {
      out.report(at, `slot ${slot}: era ${c.value}'s value was chosen in ballot era ${c.ballot}, but the leader of era ${ballot}${node === undefined ? '' : ` (${node})`} proposes era ${value}'s there`, { slot, chosen: c, ballot, value });
    }
  };
  return {
    observe(e) {
      const c = chosenOf(e);
      if (c !== undefined) {
        const first = chosen.get(c.slot);
        if (first === undefined || c.ballot < first.ballot) chosen.set(c.slot, c);
        const seen = proposals.get(c.slot);
        if (seen !== undefined) {
          for (let i = 0; i < seen.length; i += 2) judge(e.t, c.slot, seen[i]!, seen[i + 1]!, undefined, chosen.get(c.slot)!);
          proposals.delete(c.slot);
        }
        return;
      }
      const r = mirror.observe(e);
      if (r === undefined || r.state.role !== 'leader' || r.state.log === undefined) return;
      const { from, eras } = r.state.log;
      const ballot = r.state.era;
      for (let i = 0; i < eras.length; i++) {
        const slot = from + i;
        const value = eras[i]!;
        if (value === 0 || slot <= r.log.base) continue;
        const known = chosen.get(slot);
        if (known !== undefined) judge(e.t, slot, ballot, value, r.node, known);
        else {
          const list = proposals.get(slot);
          if (list === undefined) proposals.set(slot, [ballot, value]);
          else if (list[list.length - 2] !== ballot || list[list.length - 1] !== value) list.push(ballot, value);
        }
      }
    },
    finish: () => out.found,
  };
}

export function promisesMonotone(): TraceCheck {
  const out = new ViolationLog('promises-monotone');
  const highest = new Map<NodeId, { readonly era: number; readonly text: string; readonly at: number }>();
  return {
    observe(e) {
      if (e.kind !== 'replica.state' || e.node === undefined) return;
      const era = e['promisedEra'];
      if (typeof era !== 'number') return;
      const text = String(e['promised']);
      const before = highest.get(e.node);
      if (before === undefined || era > before.era) highest.set(e.node, { era, text, at: e.t });
      else if (era < before.era) {
        out.report(e.t, `${e.node}'s promise went back from ballot ${before.text} (promised by ${before.at / 1000}ms) to ${text}`, { node: e.node, from: before.era, to: era });
        highest.set(e.node, { era, text, at: e.t });
      }
    },
    finish: () => out.found,
  };
}

/** Paxos's own checks by name, beside the generic ones every protocol gets. */
export const PAXOS_CHECKS: CheckCatalogue = {
  'one-value-per-slot': oneValuePerSlot,
  'chosen-value-persists': chosenValuePersists,
  'promises-monotone': promisesMonotone,
};
