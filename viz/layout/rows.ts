/**
 * The diagram's vertical layout: the nemesis lane (a row per kind of fault), then the lane
 * groups (replicas, Kubernetes components, clients), then the client history rows. Replicas get tall lanes (they carry the role strip); clients and history rows shrink
 * as their number grows so a run with many clients stays on screen.
 */
import type { Lane, LaneGroup } from './lanes.js';

/** What the vertical layout depends on besides the lanes. */
export interface RowOptions {
  /** Whether client lanes are drawn (they can be hidden to give the replicas room). */
  readonly showClients: boolean;
  /** Number of client history rows. */
  readonly opRows: number;
  /** Rows of k8s leases, if any. */
  readonly leases: number;
  /** Rows of the nemesis lane (one per kind of fault, split where faults overlap); 0 for a run without faults. */
  readonly nemesisRows?: number;
}

/** A section title and where it goes. */
export interface Section {
  readonly title: string;
  readonly y: number;
}

/** Vertical positions of everything in the diagram, in pixels. */
export interface RowLayout {
  /** Top of the axis strip. */
  readonly axisY: number;
  readonly nemesisY: number;
  /** Top of the nemesis lane's first row of faults, and the height of each. */
  readonly faultRowsY: number;
  readonly faultRowHeight: number;
  /** Centre line of each drawn lane, by lane id. */
  readonly laneY: ReadonlyMap<string, number>;
  /** Height of each drawn lane, by lane id. */
  readonly laneHeight: ReadonlyMap<string, number>;
  readonly leaseY: number;
  readonly leaseHeight: number;
  /** Top of the first history row. */
  readonly historyY: number;
  readonly opRowHeight: number;
  readonly sections: readonly Section[];
  readonly height: number;
}

/** Pixel heights of the fixed rows. */
export const AXIS_HEIGHT = 26;
export const NEMESIS_HEIGHT = 22;
/** The nemesis lane's title line, and each of its rows of faults. */
export const NEMESIS_TITLE = 18;
export const FAULT_ROW_HEIGHT = 14;
export const SECTION_GAP = 18;
const LANE_HEIGHT: Readonly<Record<LaneGroup, number>> = { replica: 46, k8s: 30, client: 20 };
const TITLES: Readonly<Record<LaneGroup, string>> = { replica: 'replicas', k8s: 'kubernetes', client: 'clients' };

/** Stacks the rows top to bottom. */
export function layoutRows(lanes: readonly Lane[], options: RowOptions): RowLayout {
  const laneY = new Map<string, number>();
  const laneHeight = new Map<string, number>();
  const sections: Section[] = [];
  const axisY = 0;
  const nemesisY = AXIS_HEIGHT;
  const faultRows = options.nemesisRows ?? 0;
  let y = nemesisY + (faultRows === 0 ? NEMESIS_HEIGHT : NEMESIS_TITLE + faultRows * FAULT_ROW_HEIGHT + 2);
  let group: LaneGroup | undefined;
  const clients = lanes.filter((l) => l.group === 'client').length;
  let leaseY = 0;
  for (const lane of lanes) {
    if (lane.group === 'client' && !options.showClients) continue;
    if (lane.group !== group) {
      if (group === 'k8s') ({ y, leaseY } = addLeases(y, options.leases));
      group = lane.group;
      y += SECTION_GAP;
      sections.push({ title: TITLES[group], y: y - 4 });
    }
    const h = lane.group === 'client' ? Math.max(10, Math.min(LANE_HEIGHT.client, 360 / Math.max(1, clients))) : LANE_HEIGHT[lane.group];
    laneY.set(lane.id, y + h / 2);
    laneHeight.set(lane.id, h);
    y += h;
  }
  if (group === 'k8s') ({ y, leaseY } = addLeases(y, options.leases));
  const opRowHeight = options.opRows === 0 ? 0 : Math.max(5, Math.min(16, 480 / options.opRows));
  let historyY = y;
  if (options.opRows > 0) {
    y += SECTION_GAP;
    sections.push({ title: 'client history', y: y - 4 });
    historyY = y;
    y += opRowHeight * options.opRows;
  }
  return { axisY, nemesisY, faultRowsY: nemesisY + NEMESIS_TITLE, faultRowHeight: FAULT_ROW_HEIGHT, laneY, laneHeight, leaseY, leaseHeight: LEASE_HEIGHT, historyY, opRowHeight, sections, height: y + 8 };
}

const LEASE_HEIGHT = 14;

function addLeases(y: number, leases: number): { y: number; leaseY: number } {
  if (leases === 0) return { y, leaseY: y };
  return { y: y + 4 + leases * LEASE_HEIGHT, leaseY: y + 4 };
}
