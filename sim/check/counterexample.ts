/**
 * Turns a failed search into something a person can act on: the longest linearizable prefix, the
 * state after it, and every operation that could have come next with the state it needed.
 */
import type { Operation } from './history.js';
import type { Model } from './model.js';
import type { SearchOps } from './search/search.js';
import type { Candidate, Counterexample, OpSummary } from './verdict.js';

/** Most candidates listed; the rest are counted. */
const MAX_CANDIDATES = 24;
/** Prefix operations shown in the text (the value holds them all). */
const PREFIX_SHOWN = 8;

export interface FailedPartition<S, I, O> {
  readonly model: Model<S, I, O>;
  readonly init: S;
  readonly key: string;
  readonly ops: readonly Operation[];
  readonly searchOps: SearchOps<I, O>;
  /** Indices into `ops`, in linearization order. */
  readonly prefix: readonly number[];
}

export function buildCounterexample<S, I, O>(failed: FailedPartition<S, I, O>): Counterexample {
  const { model, ops, searchOps, prefix } = failed;
  const { inputs, outputs, start, after, ret } = searchOps;
  const summary = (k: number): OpSummary => summarize(model, ops[k] as Operation, inputs[k] as I, outputs[k]);
  let state = failed.init;
  const placed = new Uint8Array(ops.length);
  for (const k of prefix) {
    const next = model.step(state, inputs[k] as I, outputs[k]);
    if (next === undefined) throw new Error('check: the longest prefix does not replay');
    state = next;
    placed[k] = 1;
  }
  // The next operation must come before the first return of an operation not yet placed.
  let deadline = -1;
  for (let k = 0; k < ops.length; k++) {
    if (placed[k] === 0 && outputs[k] !== undefined && (deadline < 0 || (ret[k] as number) < (ret[deadline] as number))) deadline = k;
  }
  const horizon = deadline < 0 ? Infinity : (ret[deadline] as number);
  const candidates: Candidate[] = [];
  let more = 0;
  for (let k = 0; k < ops.length; k++) {
    if (placed[k] === 1) continue;
    const first = after[k] as number;
    if ((start[k] as number) > horizon || (first >= 0 && placed[first] === 0)) continue;
    if (candidates.length >= MAX_CANDIDATES) {
      more++;
      continue;
    }
    const input = inputs[k] as I;
    candidates.push({ op: summary(k), needs: model.needs(input, outputs[k]), fits: model.step(state, input, outputs[k]) !== undefined });
  }
  candidates.sort((a, b) => Number(a.fits) - Number(b.fits) || a.op.call - b.op.call);
  const result = {
    partition: failed.key,
    partitionOps: ops.length,
    prefix: prefix.map(summary),
    state: model.describeState(state),
    deadline: deadline < 0 ? undefined : summary(deadline),
    at: deadline < 0 ? undefined : (ops[deadline] as Operation).retTime,
    candidates,
  };
  return { ...result, text: renderCounterexample(result, more) };
}

function summarize<I, O>(model: Model<unknown, I, O>, op: Operation, input: I, output: O | undefined): OpSummary {
  return {
    id: op.id,
    process: op.process,
    client: op.client,
    f: op.f,
    key: op.key,
    value: op.value,
    outcome: op.outcome,
    result: op.result,
    call: op.call,
    ret: Number.isFinite(op.ret) ? op.ret : null,
    line: op.line,
    callTime: op.callTime,
    retTime: op.retTime,
    text: model.describeOp(input, output),
  };
}

/**
 * One operation on one line: who ran it (the client, when the history names it, then the
 * process), what it did, and where to find it (the file's line, or the history's event index).
 */
export function renderOp(op: OpSummary): string {
  const where = op.line === undefined ? `event ${op.call}` : `line ${op.line}`;
  const key = op.key === undefined ? '' : ` [${op.key}]`;
  return `${whoRan(op)}${key}: ${op.text} (${where})`;
}

/** `c4 (process 3)` when the history names the client, `process 3` otherwise. */
export function whoRan(op: { readonly process: unknown; readonly client?: string | undefined }): string {
  return op.client === undefined ? `process ${String(op.process)}` : `${op.client} (process ${String(op.process)})`;
}

function renderCounterexample(c: Omit<Counterexample, 'text'>, more: number): string {
  const lines: string[] = [];
  lines.push(`not linearizable: partition ${c.partition} (${c.partitionOps} operations)`);
  const shown = c.prefix.slice(-PREFIX_SHOWN);
  lines.push(`longest linearizable prefix: ${c.prefix.length} operations${c.prefix.length > shown.length ? `, the last ${shown.length}:` : c.prefix.length ? ':' : ''}`);
  shown.forEach((op, i) => lines.push(`  ${c.prefix.length - shown.length + i + 1}. ${renderOp(op)}`));
  lines.push(`state after it: ${c.state}`);
  if (c.deadline !== undefined) lines.push(`the next operation must take effect before this one returns: ${renderOp(c.deadline)}`);
  lines.push('the operations that could go next, none of which leads to a complete order:');
  for (const cand of c.candidates) {
    lines.push(`  ${renderOp(cand.op)}`);
    lines.push(cand.fits ? `      fits, but no order of the rest works after it` : `      needs ${cand.needs}`);
  }
  if (more > 0) lines.push(`  … and ${more} more`);
  return lines.join('\n');
}
