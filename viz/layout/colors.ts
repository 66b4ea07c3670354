/**
 * One palette for every view, so a colour means the same thing everywhere: red is reserved for
 * what went wrong (drops, crashes, counterexample ops), Jepsen's ok/info/fail colours for client
 * outcomes, and a categorical set for message kinds, assigned in sorted order so the same kinds
 * get the same colours in every report.
 */
import type { OpOutcome } from './history.js';

/** Message-kind colours: Tableau 10 without its red, which means failure here. */
export const KIND_PALETTE: readonly string[] = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#9c755f', '#ff9da7', '#86bcb6', '#d4a6c8'];

/** Client traffic is background to the protocol's own messages: muted. */
const FIXED: Readonly<Record<string, string>> = { 'client.request': '#a3acb9', 'client.response': '#c3c9d2' };

/** Colours for the message kinds of a run, by kind. */
export function kindColors(kinds: Iterable<string>): ReadonlyMap<string, string> {
  const sorted = [...new Set(kinds)].sort();
  const out = new Map<string, string>();
  let next = 0;
  for (const k of sorted) {
    const fixed = FIXED[k];
    if (fixed !== undefined) out.set(k, fixed);
    else out.set(k, KIND_PALETTE[next++ % KIND_PALETTE.length] as string);
  }
  return out;
}

/** Fixed colours for states and faults, shared by the diagram and the legend. */
export const COLORS = {
  bad: '#d62728',
  dropped: '#d62728',
  delayed: '#e8890c',
  duplicate: '#7b4fc9',
  down: '#d62728',
  paused: '#e0b000',
  restart: '#2a9d4b',
  cursor: '#1f2937',
  selection: '#2563eb',
} as const;

/** Client outcomes, after Jepsen's timeline (ok blue, info orange, fail pink). */
export const OUTCOME_COLORS: Readonly<Record<OpOutcome, string>> = {
  ok: '#6db6fe',
  info: '#ffaa26',
  fail: '#feb5da',
  pending: '#ffd591',
};

/** Role strip colours: leaders dark, candidates warm, followers light. */
export const ROLE_COLORS = {
  leader: '#1e3a8a',
  candidate: '#f59e0b',
  follower: '#bfdbfe',
  other: '#d1d5db',
} as const;

/** Tints for partition groups: each side of a split in its own. */
export const BAND_TINTS: readonly string[] = ['#60a5fa', '#f97316', '#a855f7', '#10b981', '#f43f5e', '#eab308'];
