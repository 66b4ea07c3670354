/**
 * Kubernetes resource quantities: CPU in millicores, memory in bytes, parsed from the notation
 * users write ("500m", "1.5", "256Mi", "1G", "129e6"). As `resource.Quantity` does, a fractional
 * result rounds up (`MilliValue` for CPU, `Value` for memory), so a request is never understated.
 */

/** Binary suffixes (powers of 1024) and decimal ones (powers of 1000); `m` is milli. */
const SUFFIX: Readonly<Record<string, number>> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const QUANTITY = /^([+]?[0-9]+(?:\.[0-9]*)?|[+]?\.[0-9]+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)|[eE]([+-]?[0-9]+))?$/;

/** A quantity in base units (cores, bytes), or undefined when `text` is not Kubernetes notation. */
export function parseQuantity(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? text : undefined;
  const m = QUANTITY.exec(text.trim());
  if (m === null) return undefined;
  const amount = Number(m[1]);
  if (m[3] !== undefined) return amount * 10 ** Number(m[3]);
  return amount * SUFFIX[m[2] ?? '']!;
}

/** CPU as whole millicores ("500m" → 500, "2" → 2000, 0.25 → 250); undefined when malformed. */
export function parseCpu(text: string | number): number | undefined {
  const q = parseQuantity(text);
  return q === undefined ? undefined : roundUp(q * 1000);
}

/** Memory as whole bytes ("256Mi" → 268435456, "1G" → 1e9); undefined when malformed. */
export function parseMemory(text: string | number): number | undefined {
  const q = parseQuantity(text);
  return q === undefined ? undefined : roundUp(q);
}

/** Millicores in Kubernetes notation: 2000 → "2", 500 → "500m". */
export function formatCpu(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** Bytes in the largest exact binary unit: 268435456 → "256Mi", 1500 → "1500". */
export function formatMemory(bytes: number): string {
  for (const unit of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'] as const) {
    const size = SUFFIX[unit]!;
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}

/** Rounds up, ignoring binary floating-point noise below a millionth ("0.1" * 1000 is 100, not 101). */
function roundUp(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - r) < 1e-6 ? r : Math.ceil(x);
}
