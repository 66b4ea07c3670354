/**
 * Everything the page draws, derived once from the embedded report: lanes, arrows, bands, role
 * strips, op bars, the counterexample, and the indices the cursor moves along. Pure, so the counts
 * the browser tests compare against come from the same code the page runs.
 */
import { type AxisMode, indexAtTime, positions, timesOf } from './axis.js';
import { kindColors } from './colors.js';
import type { ReportData, ReportViolationData } from './data.js';
import { type ViewEvent, isFault, num } from './events.js';
import { type FaultAction, type FaultLane, faultActions, faultLane } from './faults.js';
import { type HistoryLayout, type OpBar, historyBars } from './history.js';
import { type K8sView, k8sView } from './k8s.js';
import { type Lane, assignLanes, laneOf } from './lanes.js';
import { type LinearizationChain, readLinearization } from './linearization.js';
import { type Lifecycle, lifecycle } from './lifecycle.js';
import { type Arrow, pairMessages } from './messages.js';
import { type Band, partitionBands } from './partitions.js';
import { type RoleSegment, roleSegments } from './roles.js';
import { type StateIndex, indexStates } from './state.js';
import { type WitnessView, failingOp, readCounterexample } from './witness.js';

/** A violation with what the page needs to show and jump to it. */
export interface ViolationView {
  readonly violation: ReportViolationData;
  readonly witness: WitnessView | undefined;
  /** History index of the op a jump lands on, for linearizability violations. */
  readonly op: number | undefined;
  /** Event index a jump moves the cursor to. */
  readonly at: number | undefined;
}

/** Everything derived from the report that the views draw. */
export interface ViewModel {
  readonly data: ReportData;
  readonly events: readonly ViewEvent[];
  readonly times: Float64Array;
  readonly lanes: readonly Lane[];
  readonly laneIndex: ReadonlyMap<string, number>;
  /** Lane index of each event, -1 for events on no lane. */
  readonly laneOfEvent: Int32Array;
  readonly arrows: readonly Arrow[];
  /** Deliveries and drops whose send is not in the trace. */
  readonly orphans: number;
  readonly bands: readonly Band[];
  readonly lifecycle: Lifecycle;
  readonly roles: readonly RoleSegment[];
  readonly history: HistoryLayout;
  readonly bars: ReadonlyMap<number, OpBar>;
  readonly states: StateIndex;
  readonly kindColor: ReadonlyMap<string, string>;
  /** Event kinds with their counts, sorted by kind. */
  readonly eventKinds: readonly (readonly [string, number])[];
  /** Event indices of injected faults, ascending. */
  readonly faults: Int32Array;
  /** The nemesis lane: every fault as a bar on its kind's row. */
  readonly faultLane: FaultLane;
  /** The nemesis's actions as the run recorded them (the fault list), or empty for an older report. */
  readonly actions: readonly FaultAction[];
  readonly violations: readonly ViolationView[];
  /** The checker's order for a linearizable history, a chain per partition (empty otherwise). */
  readonly linearization: readonly LinearizationChain[];
  readonly k8s: K8sView | undefined;
}

/** Derives the view model; linear in the trace plus a sort of the arrows' latencies. */
export function buildModel(data: ReportData): ViewModel {
  const events = data.trace;
  const times = timesOf(events);
  const lanes = assignLanes(events);
  const laneIndex = new Map(lanes.map((l) => [l.id, l.index]));
  const laneOfEvent = new Int32Array(events.length);
  const kinds = new Map<string, number>();
  const faults: number[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as ViewEvent;
    const lane = laneOf(e);
    laneOfEvent[i] = lane === undefined ? -1 : (laneIndex.get(lane) ?? -1);
    kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);
    if (isFault(e)) faults.push(i);
  }
  const { arrows, orphans } = pairMessages(events);
  const history = historyBars(data.history, events, times);
  const bars = new Map(history.bars.map((b) => [b.index, b]));
  const violations = data.violations.map((v) => violationView(v, bars, times));
  return {
    data,
    events,
    times,
    lanes,
    laneIndex,
    laneOfEvent,
    arrows,
    orphans,
    bands: partitionBands(
      events,
      lanes.map((l) => l.id),
    ),
    lifecycle: lifecycle(events),
    roles: roleSegments(events),
    history,
    bars,
    states: indexStates(events),
    kindColor: kindColors(arrows.map((a) => a.msg)),
    eventKinds: [...kinds].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
    faults: Int32Array.from(faults),
    faultLane: faultLane(events, data.meta.plan),
    actions: faultActions(data.faults, data.undone, events, times, data.meta.plan),
    violations,
    linearization: readLinearization(data.linearization),
    k8s: k8sView(events),
  };
}

function violationView(violation: ReportViolationData, bars: ReadonlyMap<number, OpBar>, times: Float64Array): ViolationView {
  const witness = violation.kind === 'linearizability' ? readCounterexample(violation.witness) : undefined;
  const op = witness ? failingOp(witness) : undefined;
  const bar = op === undefined ? undefined : bars.get(op);
  const at = num(violation.at);
  const index = bar ? bar.start : at === undefined || times.length === 0 ? undefined : Math.min(indexAtTime(times, at), times.length - 1);
  return { violation, witness, op: bar ? op : undefined, at: index };
}

/** Axis positions of the model's events for a mode (see axis.ts). */
export function axisPositions(model: ViewModel, mode: AxisMode): Float64Array {
  return positions(model.events, mode);
}
