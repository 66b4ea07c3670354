/**
 * `key-rotation`: rotations are serialized and nobody sees a key go back.
 *
 * - One key per generation: every value of a key that was acknowledged or read names one material
 *   per generation; two rotations of the same generation both acknowledged would leave two clients
 *   each holding its own "new" key.
 * - Each rotation replaces the key it was derived from: a key created at generation 0 and version
 *   0 always holds the generation equal to its version (every version is one rotation).
 * - No going back: each client sees a key's generations in order.
 */
import { MAX_REPORTED, type TraceCheck, type Violation } from '../../../sim/checks/index.js';
import { RecipeEvents, observationsOf, secs, storeCalls } from './facts.js';
import { KEYS, keyOf } from './keys.js';

export const KEY_ROTATION = 'key-rotation';

export function keyRotation(): TraceCheck {
  const events = new RecipeEvents('keys');
  return {
    observe: (event) => events.observe(event),
    finish(run) {
      const out: Violation[] = [];
      const report = (v: Omit<Violation, 'kind' | 'check'>) => {
        if (out.length < MAX_REPORTED) out.push({ kind: 'invariant', check: KEY_ROTATION, ...v });
      };
      const calls = storeCalls(run.history);
      const paths = new Set<string>();
      for (const c of calls) if (typeof c.args['path'] === 'string' && c.args['path'].startsWith(`${KEYS}/`)) paths.add(c.args['path']);
      for (const path of [...paths].sort()) {
        const materials = new Map<number, { material: string; at: number }>();
        const doubled = new Set<number>();
        const skewed = new Set<number>();
        for (const o of observationsOf(calls, path)) {
          const key = keyOf(o.data);
          if (key === undefined) continue;
          const first = materials.get(key.generation);
          if (first === undefined) materials.set(key.generation, { material: key.material, at: o.at });
          else if (first.material !== key.material && !doubled.has(key.generation)) {
            doubled.add(key.generation);
            report({ at: o.at, message: `${path} generation ${key.generation} has two keys: '${first.material}' (seen at ${secs(first.at)}) and '${key.material}' (at ${secs(o.at)})` });
          }
          if (key.generation !== o.version && !skewed.has(o.version)) {
            skewed.add(o.version);
            report({ at: o.at, message: `${path} version ${o.version} holds generation ${key.generation}: a rotation did not replace the key it was derived from` });
          }
        }
      }
      const latest = new Map<string, { generation: number; at: number }>();
      for (const e of events.of('seen')) {
        const id = `${e.client} ${String(e.fields['key'])}`;
        const generation = Number(e.fields['generation']);
        const before = latest.get(id);
        if (before !== undefined && generation < before.generation) {
          report({ at: e.at, message: `${e.client} saw ${String(e.fields['key'])} go back from generation ${before.generation} (at ${secs(before.at)}) to ${generation} (at ${secs(e.at)})` });
        } else latest.set(id, { generation, at: e.at });
      }
      return out;
    },
  };
}
