/**
 * The line formats of Porcupine's test data (see ../shared/conformance/porcupine/MANIFEST.md).
 *
 * `porcupine-etcd`: `INFO jepsen.util - <process> :<type> :<f> <value>`, fields separated by runs
 * of blanks, values `nil`, an integer, `[A B]` or `:timed-out`.
 * `porcupine-kv`: `{:process P, :type :invoke|:ok, :f :get|:put|:append, :key "K", :value nil|"V"}`.
 * Both are read with Jepsen's meaning (`:fail` did not happen, `:info` unknown outcome).
 */
import { HistoryError } from '../errors.js';
import type { EventType, HistoryEvent } from '../history.js';

const ETCD = /^INFO\s+jepsen\.util\s+-\s+(\d+)\s+:(invoke|ok|fail|info)\s+:(read|write|cas)\s+(.*?)\s*$/;
const ETCD_SHAPE = 'INFO jepsen.util - <process> :invoke|:ok|:fail|:info :read|:write|:cas <value>';

function etcdValue(raw: string): unknown {
  if (raw === 'nil') return null;
  if (/^-?\d+$/.test(raw)) return Number(raw);
  const pair = /^\[\s*(-?\d+|nil)\s+(-?\d+|nil)\s*\]$/.exec(raw);
  if (pair) return [etcdValue(pair[1] as string), etcdValue(pair[2] as string)];
  if (/^:[\w.-]+$/.test(raw)) return raw.slice(1);
  return undefined;
}

export function parsePorcupineEtcd(text: string, file?: string): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    if (raw.trim().length === 0) continue;
    const line = i + 1;
    const m = ETCD.exec(raw);
    if (!m) throw new HistoryError(`expected \`${ETCD_SHAPE}\`; got ${JSON.stringify(raw.slice(0, 80))}`, { file, line });
    const value = etcdValue(m[4] as string);
    if (value === undefined) throw new HistoryError(`expected a value nil, an integer, [A B] or :keyword; got ${JSON.stringify(m[4])}`, { file, line });
    events.push({ process: Number(m[1]), type: m[2] as EventType, f: m[3] as string, value, line });
  }
  return events;
}

const KV = /^\{:process (\d+), :type :(invoke|ok|fail|info), :f :(get|put|append), :key "((?:[^"\\]|\\.)*)", :value (nil|"((?:[^"\\]|\\.)*)")\}\s*$/;
const KV_SHAPE = '{:process P, :type :invoke|:ok, :f :get|:put|:append, :key "K", :value nil|"V"}';

function unescape(s: string): string {
  return s.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

export function parsePorcupineKv(text: string, file?: string): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    if (raw.trim().length === 0) continue;
    const m = KV.exec(raw);
    if (!m) throw new HistoryError(`expected \`${KV_SHAPE}\`; got ${JSON.stringify(raw.slice(0, 80))}`, { file, line: i + 1 });
    events.push({
      process: Number(m[1]),
      type: m[2] as EventType,
      f: m[3] as string,
      key: unescape(m[4] as string),
      value: m[6] === undefined ? null : unescape(m[6]),
      line: i + 1,
    });
  }
  return events;
}

/** True when the first non-blank line looks like the kv format. */
export function looksLikePorcupineKv(firstLine: string): boolean {
  return KV.test(firstLine);
}
