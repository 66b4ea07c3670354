import { z } from 'zod';
import type { TraceLevel } from '../sim/trace.js';
import { nemesisSchema } from './faults.js';
import { REGISTRY, type Registry } from './registry.js';
import { distribution, duration, probability, rate } from '../protocols/kit/units.js';

/**
 * The scenario file's schema: the truth about which fields exist, their types and their defaults.
 * README's "Scenario files" section documents the same, field by field.
 */
const linkFields = {
  latency: distribution.optional(),
  drop: probability.optional(),
  duplicate: probability.optional(),
  reorder: probability.optional(),
  'reorder-delay': distribution.optional(),
  fifo: z.boolean().optional(),
};

const networkSchema = z.strictObject({
  ...linkFields,
  links: z.array(z.strictObject({ from: z.string().optional(), to: z.string().optional(), ...linkFields })).optional(),
});

const workloadSchema = z.strictObject({
  kind: z.string().optional(),
  clients: z.number().int().min(1).max(1000).optional(),
  rate: rate.optional(),
  keys: z.number().int().min(1).max(10_000).optional(),
  mix: z.record(z.string(), z.number().nonnegative()).optional(),
  timeout: duration.optional(),
});

const settleSchema = z.union([duration, z.strictObject({ length: duration, grace: duration.optional() })]);

const TRACE_LEVELS = ['none', 'state', 'messages', 'full'] as const satisfies readonly TraceLevel[];

const optionsSchema = z.record(z.string(), z.unknown(), { error: 'expected a map of option namespaces, such as {raft: {electionTimeout: 300ms}, store: {reads: zookeeper}}' });

/** The schema for a registry's protocols (the built-in registry's is `scenarioSchema`). */
export function scenarioSchemaFor(registry: Registry) {
  const names = registry.protocolNames.join(', ');
  return z.strictObject({
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  protocol: z.string({ error: (i) => (i.input === undefined ? `missing field 'protocol' (one of ${names})` : 'expected a protocol name') }).refine((p) => registry.protocol(p) !== undefined, {
    error: (i) => `unknown protocol "${String(i.input)}" (expected one of ${names})`,
  }),
  replicas: z.number().int().min(1, 'expected at least 1 replica').max(15, 'expected at most 15 replicas').optional(),
  seed: z.number().int().nonnegative().max(2 ** 32 - 1).optional(),
  duration: duration.optional(),
  settle: settleSchema.optional(),
  network: networkSchema.optional(),
  disk: z.strictObject({ fsync: distribution.optional() }).optional(),
  workload: workloadSchema.optional(),
  nemesis: nemesisSchema.optional(),
  checks: z.array(z.string()).optional(),
  consistency: z.enum(['linearizable', 'zookeeper']).optional(),
  mutants: z.array(z.string()).optional(),
  options: optionsSchema.optional(),
  trace: z.enum(TRACE_LEVELS).optional(),
  expect: z.enum(['ok', 'violation']).optional(),
  kubernetes: z.record(z.string(), z.unknown(), { error: 'expected a map describing the cluster: nodes, deployments, services, timings, changes' }).optional(),
  });
}

export const scenarioSchema = scenarioSchemaFor(REGISTRY);

export type ScenarioFile = z.output<typeof scenarioSchema>;
