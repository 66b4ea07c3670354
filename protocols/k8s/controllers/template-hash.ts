/**
 * The `pod-template-hash` of a Deployment's template: FNV-1a (32-bit) over the template's JSON,
 * written with Kubernetes' safe alphabet (no vowels, no look-alike digits), as `ComputeHash` and
 * `SafeEncodeString` do. The new ReplicaSet of a rollout is the one whose hash matches.
 */
import type { PodTemplate } from '../objects.js';

export const TEMPLATE_HASH_LABEL = 'pod-template-hash';

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

export function templateHash(template: PodTemplate): string {
  const text = JSON.stringify(template);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  const digits = String(h >>> 0);
  let out = '';
  for (let i = 0; i < digits.length; i++) out += ALPHANUMS[digits.charCodeAt(i) % ALPHANUMS.length];
  return out;
}
