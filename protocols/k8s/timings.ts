/**
 * Every timing of the control plane, with Kubernetes' defaults. Tests run scaled-down clusters by
 * shortening them (a 5s grace period, 10s tolerations) through the `kubernetes.timings` section.
 */
import type { Distribution } from '../../sim/latency.js';
import type { Time } from '../../sim/time.js';

export interface Timings {
  /** A store operation unanswered this long is given up (recorded `info`). Default 10s. */
  readonly requestTimeout: Time;
  /** The store session timeout of every component. Default 10s. */
  readonly sessionTimeout: Time;
  /** Informers list everything again this often (a watch event lost on the way is otherwise never noticed). Default 60s. */
  readonly relistEvery: Time;
  /** Controllers go over every object again, and informers re-read their directory, this often. Default 30s. */
  readonly resyncEvery: Time;

  /** Kubelet: the node Lease's duration (`nodeLeaseDurationSeconds`). Default 40s. */
  readonly nodeLeaseDuration: Time;
  /** Kubelet: how often it renews the node Lease (a quarter of the duration). Default 10s. */
  readonly nodeLeaseRenewInterval: Time;
  /** Kubelet: how often it checks its pods' reported status against what it runs. Default 10s. */
  readonly nodeStatusUpdateFrequency: Time;
  /** Kubelet: how long a pod takes from admission to Ready (containers pulled and started). */
  readonly podStartup: Distribution;

  /** Node lifecycle: how often node health is checked (`--node-monitor-period`). Default 5s. */
  readonly nodeMonitorPeriod: Time;
  /** Node lifecycle: silence before Ready=Unknown (`--node-monitor-grace-period`, 50s since 1.32). */
  readonly nodeMonitorGracePeriod: Time;
  /** Node lifecycle: the grace for a node that never reported Ready (`--node-startup-grace-period`). Default 60s. */
  readonly nodeStartupGracePeriod: Time;
  /** Nodes tainted for eviction per second in a healthy zone (`--node-eviction-rate`). Default 0.1. */
  readonly nodeEvictionRate: number;
  /** ...in a partially disrupted zone of a large cluster (`--secondary-node-eviction-rate`). Default 0.01. */
  readonly secondaryNodeEvictionRate: number;
  /** Unhealthy share at which a zone is partially disrupted (`--unhealthy-zone-threshold`). Default 0.55. */
  readonly unhealthyZoneThreshold: number;
  /** Above this many nodes a zone counts as large (`--large-cluster-size-threshold`). Default 50. */
  readonly largeClusterSizeThreshold: number;
  /** Admission's not-ready/unreachable toleration (`--default-*-toleration-seconds`), seconds. Default 300. */
  readonly defaultTolerationSeconds: number;

  /** Scheduler: time spent per scheduling cycle. Default 1ms. */
  readonly schedulingCycle: Time;
  /** Scheduler: first backoff of an unschedulable pod, doubled per attempt (`podInitialBackoffSeconds`). Default 1s. */
  readonly podInitialBackoff: Time;
  /** Scheduler: the largest backoff (`podMaxBackoffSeconds`). Default 10s. */
  readonly podMaxBackoff: Time;
  /** Scheduler: an unschedulable pod is retried at least this often, event or not. Default 5 minutes. */
  readonly unschedulableFlush: Time;
}

const s = (n: number): Time => n * 1_000_000;

export const DEFAULT_TIMINGS: Timings = {
  requestTimeout: s(10),
  sessionTimeout: s(10),
  relistEvery: s(60),
  resyncEvery: s(30),
  nodeLeaseDuration: s(40),
  nodeLeaseRenewInterval: s(10),
  nodeStatusUpdateFrequency: s(10),
  podStartup: { kind: 'uniform', min: 500_000, max: s(2) },
  nodeMonitorPeriod: s(5),
  nodeMonitorGracePeriod: s(50),
  nodeStartupGracePeriod: s(60),
  nodeEvictionRate: 0.1,
  secondaryNodeEvictionRate: 0.01,
  unhealthyZoneThreshold: 0.55,
  largeClusterSizeThreshold: 50,
  defaultTolerationSeconds: 300,
  schedulingCycle: 1_000,
  podInitialBackoff: s(1),
  podMaxBackoff: s(10),
  unschedulableFlush: s(300),
};

/** One draw from a distribution with an actor's own random stream (`ctx.random`), in whole microseconds. */
export function draw(d: Distribution, random: () => number): Time {
  switch (d.kind) {
    case 'constant':
      return d.value;
    case 'uniform':
      return Math.round(d.min + random() * (d.max - d.min));
    case 'exponential': {
      const v = Math.round((d.min ?? 0) - d.mean * Math.log(1 - random()));
      return d.max === undefined ? v : Math.min(v, d.max);
    }
  }
}
