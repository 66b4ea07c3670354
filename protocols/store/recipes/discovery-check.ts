/**
 * `discovery-membership`: once sessions settle, discovery lists exactly the live members.
 *
 * The live members are the members whose last word was to join (they are running and mean to be
 * listed). Once nothing has changed for `SETTLE` before the end of the run (no join or leave, no
 * create or delete in the group, no session closed or expired), every observer's last listing must
 * be exactly those. A run that changed later is not judged: its sessions had no time to settle.
 * Listings during the run are not judged either: a member that crashed stays listed until its
 * session expires, which is how ephemeral nodes are meant to work.
 */
import { GROUP } from './discovery.js';
import { MAX_REPORTED, type TraceCheck, type Violation } from '../../../sim/checks/index.js';
import { RecipeEvents, secs, storeCalls } from './facts.js';

export const DISCOVERY_MEMBERSHIP = 'discovery-membership';

/** How long the membership must be still before the end for the listings to be judged. */
export const SETTLE = 3_000_000;

export function discoveryMembership(): TraceCheck {
  const events = new RecipeEvents('discovery');
  return {
    observe: (event) => events.observe(event),
    finish(run) {
      const out: Violation[] = [];
      let changed = 0;
      const intent = new Map<string, 'join' | 'leave'>();
      for (const e of events.list) {
        if (e.kind !== 'join' && e.kind !== 'leave') continue;
        intent.set(e.client, e.kind);
        changed = Math.max(changed, e.at);
      }
      for (const c of storeCalls(run.history)) {
        const path = c.args['path'];
        const inGroup = (c.f === 'create' || c.f === 'delete') && typeof path === 'string' && path.startsWith(`${GROUP}/`);
        if (inGroup || c.f === 'close-session') changed = Math.max(changed, c.invokedAt);
      }
      if (run.end - changed < SETTLE) return out;
      const live = [...intent].filter(([, i]) => i === 'join').map(([m]) => m).sort();
      const views = new Map<string, { members: string[]; at: number }>();
      for (const e of events.of('view')) views.set(e.client, { members: [...(e.fields['members'] as string[])].sort(), at: e.at });
      for (const o of events.of('role')) {
        if (o.fields['role'] !== 'observer' || out.length >= MAX_REPORTED) continue;
        const view = views.get(o.client);
        if (view === undefined) {
          out.push({ kind: 'invariant', check: DISCOVERY_MEMBERSHIP, at: run.end, message: `observer ${o.client} never listed ${GROUP}; the live members are [${live.join(', ')}]` });
          continue;
        }
        const missing = live.filter((m) => !view.members.includes(m));
        const extra = view.members.filter((m) => !live.includes(m));
        if (missing.length || extra.length) {
          out.push({
            kind: 'invariant',
            check: DISCOVERY_MEMBERSHIP,
            at: run.end,
            message: `observer ${o.client} last listed [${view.members.join(', ')}] (at ${secs(view.at)}), but the live members are [${live.join(', ')}]${missing.length ? `: missing ${missing.join(', ')}` : ''}${extra.length ? `${missing.length ? ';' : ':'} not live ${extra.join(', ')}` : ''} (membership still since ${secs(changed)})`,
            witness: { observer: o.client, view, live, missing, extra },
          });
        }
      }
      return out;
    },
  };
}
