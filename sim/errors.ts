/**
 * A mistake in how the kernel's public API was called: an unknown node, a negative latency,
 * overlapping partition groups. It carries the stable code `bad-input` so the CLI maps it to exit 2.
 * Protocol bugs are not this: they are ordinary exceptions, or better, violations in the run result.
 */
export class SimConfigError extends Error {
  readonly code = 'bad-input' as const;
  constructor(message: string) {
    super(message);
    this.name = 'SimConfigError';
  }
}

export function assertNever(x: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(x)}`);
}
