/**
 * The model registry: the names are the CLI's `--model` choices. Each call builds a fresh model
 * (models intern a history's values, so an instance belongs to one check).
 */
import type { Model } from '../model.js';
import { kvModel } from './kv.js';
import { registerModel } from './register.js';
import { znodeModel } from './znode/index.js';

export const MODELS = {
  register: () => registerModel(false),
  'cas-register': () => registerModel(true),
  kv: kvModel,
  znode: znodeModel,
} as const;

export type ModelName = keyof typeof MODELS;

export const MODEL_NAMES = Object.keys(MODELS) as readonly ModelName[];

export function isModelName(name: string): name is ModelName {
  return Object.hasOwn(MODELS, name);
}

/** A fresh instance of a registered model; throws `RangeError` naming the choices for an unknown name. */
export function resolveModel(name: string): Model {
  if (!isModelName(name)) throw new RangeError(`unknown model ${JSON.stringify(name)} (expected one of ${MODEL_NAMES.join(', ')})`);
  return MODELS[name]() as unknown as Model;
}
