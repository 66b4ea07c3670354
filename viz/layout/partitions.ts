/**
 * Partition bands: who could talk to whom, over time. The network's blocked links are replayed
 * from `net.partition` (replaces every cut: nodes in different groups cannot reach each other, a
 * node in no group keeps its links), `net.cut` (adds cuts, both ways unless one-way) and `net.heal`
 * (removes them all), exactly as sim/network.ts applies them. While any link among the lanes is
 * blocked, lanes that can reach the same set of lanes (each way) form a group, and each group gets
 * its own tint: a single band over every lane would not show who was cut off (Jepsen's shading
 * does not; Secret Lives' separator does).
 */
import { type ViewEvent, compareIds, strings } from './events.js';

/** One shape the network held for a while, while some link was cut. */
export interface Band {
  /** Event index where the network took this shape. */
  readonly start: number;
  /** Event index where it changed again (events.length when it lasted to the end). */
  readonly end: number;
  /** Lanes grouped by what they could reach; lanes with every link intact are in no group. */
  readonly groups: readonly (readonly string[])[];
  /** Blocked directed links among the lanes, as [from, to]. */
  readonly blocked: readonly (readonly [string, string])[];
  /** A one-line description, e.g. `n1 | n2 n3` or `n1 ↛ n2`. */
  readonly label: string;
}

/** Replays the partition events into bands over `lanes` (the lanes the viewer draws). */
export function partitionBands(events: readonly ViewEvent[], lanes: readonly string[]): readonly Band[] {
  const blocked = new Set<string>();
  const key = (a: string, b: string): string => `${a}\u0000${b}`;
  const bands: Band[] = [];
  let current: { start: number; groups: string[][]; blocked: [string, string][]; label: string } | undefined;
  const close = (at: number): void => {
    if (current && at > current.start) bands.push({ start: current.start, end: at, groups: current.groups, blocked: current.blocked, label: current.label });
    current = undefined;
  };
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as ViewEvent;
    if (e.kind === 'net.partition') {
      blocked.clear();
      const groups = Array.isArray(e['groups']) ? e['groups'].map((g) => strings(g) ?? []) : [];
      groups.forEach((g, gi) =>
        groups.forEach((h, hi) => {
          if (gi !== hi) for (const a of g) for (const b of h) blocked.add(key(a, b));
        }),
      );
    } else if (e.kind === 'net.cut') {
      const from = strings(e['from']) ?? [];
      const to = strings(e['to']) ?? [];
      for (const a of from) {
        for (const b of to) {
          if (a === b) continue;
          blocked.add(key(a, b));
          if (e['oneWay'] !== true) blocked.add(key(b, a));
        }
      }
    } else if (e.kind === 'net.heal') {
      blocked.clear();
    } else {
      continue;
    }
    close(i);
    const shape = shapeOf(lanes, (a, b) => blocked.has(key(a, b)));
    if (shape.blocked.length > 0) current = { start: i, ...shape };
  }
  close(events.length);
  return bands;
}

function shapeOf(lanes: readonly string[], isBlocked: (a: string, b: string) => boolean): { groups: string[][]; blocked: [string, string][]; label: string } {
  const links: [string, string][] = [];
  for (const a of lanes) for (const b of lanes) if (a !== b && isBlocked(a, b)) links.push([a, b]);
  if (links.length === 0) return { groups: [], blocked: [], label: '' };
  const touched = new Set(links.flat());
  const bySignature = new Map<string, string[]>();
  for (const a of lanes) {
    if (!touched.has(a)) continue;
    // Lanes share a group when they reach, and are reached by, the same lanes (themselves included).
    const out = lanes.filter((b) => b === a || !isBlocked(a, b)).join(',');
    const inn = lanes.filter((b) => b === a || !isBlocked(b, a)).join(',');
    const signature = `${out}|${inn}`;
    const list = bySignature.get(signature) ?? [];
    list.push(a);
    bySignature.set(signature, list);
  }
  const groups = [...bySignature.values()].map((g) => g.sort(compareIds)).sort((x, y) => compareIds(x[0] as string, y[0] as string));
  const symmetric = links.every(([a, b]) => isBlocked(b, a));
  const label = symmetric ? groups.map((g) => g.join(' ')).join(' | ') : links.map(([a, b]) => `${a} ↛ ${b}`).join(', ');
  return { groups, blocked: links, label };
}

/** The band in force at event index `at`, if any. */
export function bandAt(bands: readonly Band[], at: number): Band | undefined {
  return bands.find((b) => b.start <= at && at < b.end);
}
