/**
 * The linearizability checker: pure functions over histories. It imports nothing from the rest of
 * the project.
 *
 * ```ts
 * const result = check(parseHistory(text, { file }).events, { model: 'cas-register' });
 * if (result.verdict === 'not-linearizable') console.log(result.counterexample.text);
 * ```
 */
export { check, DEFAULT_BUDGET } from './check.js';
export type { CheckBudget, CheckOptions } from './check.js';
export type { CheckResult, Candidate, Consistency, Counterexample, Linearization, OpSummary, PartitionReport, PartitionVerdict, ResultCommon, Verdict } from './verdict.js';
export { renderOp, whoRan } from './counterexample.js';
export { HistoryError } from './errors.js';
export { pairOperations } from './history.js';
export type { EventType, HistoryEvent, Operation, PairedHistory, Process } from './history.js';
export type { Model, ModelOps, StateTest, StateUse } from './model.js';
export { MODELS, MODEL_NAMES, isModelName, resolveModel } from './models/index.js';
export type { ModelName } from './models/index.js';
export { registerModel } from './models/register.js';
export type { RegisterInput, RegisterOutput, RegisterState } from './models/register.js';
export { kvModel } from './models/kv.js';
export type { KvInput, KvOutput, KvState } from './models/kv.js';
export { znodeModel } from './models/znode/index.js';
export type { ZInput, ZResult, ZState } from './models/znode/index.js';
export { FORMATS, FORMAT_NAMES, guessFormat, isFormatName, parseHistory } from './formats/index.js';
export type { FormatName, ParsedHistory } from './formats/index.js';
export { parsePorcupineEtcd, parsePorcupineKv } from './formats/porcupine.js';
export { parseJepsenEdn } from './formats/jepsen.js';
export { parseJsonHistory } from './formats/json.js';
export { readEdn } from './formats/edn.js';
export { checkJsonNesting, MAX_NESTING } from './formats/nesting.js';
export type { EdnValue } from './formats/edn.js';
export type { Lookahead, TimedOps } from './model.js';
export type { ZNode } from './models/znode/state.js';
export type { ZWrite } from './models/znode/types.js';
export type { EdnForm } from './formats/edn.js';
