/** Turns an initializer found in Python source into a configuration patch for the preview. */
import type { InitializerExpression, PyValue } from '../core/index';
import { isIntegerIn } from '../protocol/guards';
import {
  MAX_DIMENSION,
  MAX_RANK,
  configurableArgs,
  isDType,
  isSeeded,
  isShapeSource,
  type ArgValue,
  type ConfigPatch,
  type SeedSetting,
} from '../protocol/previewConfig';
import { argValue, isSeedInt, type PatchResult } from './patchResult';

/** `SeedGenerator(3)`, `keras.random.SeedGenerator(seed=3)` written as a seed argument. */
export function seedGeneratorSeed(valueText: string): number | undefined {
  const m = /^(?:[A-Za-z_][\w.]*\.)?SeedGenerator\(\s*(?:seed\s*=\s*)?(\d+)\s*(?:,[^)]*)?\)$/.exec(valueText.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * The patch for an initializer the Python reader found: its class, its literal arguments, the seed
 * (an int, or a literal `SeedGenerator(n)`), and the weight's shape and dtype when the layer (or the
 * file's model) tells them, with where the shape comes from.
 * Undefined for a name Keras 3 does not know.
 */
export function patchFromInitializer(expression: InitializerExpression): PatchResult | undefined {
  const className = expression.className;
  if (className === undefined) return undefined;
  const notes: string[] = [];
  const args: Record<string, ArgValue> = {};
  for (const spec of configurableArgs(className)) {
    if (!Object.prototype.hasOwnProperty.call(expression.args, spec.name)) continue;
    const value = argValue(spec.type, expression.args[spec.name]);
    if (value === undefined) {
      notes.push(`${spec.name}=${JSON.stringify(expression.args[spec.name])} is not a valid ${spec.type} value: the default is shown`);
    } else args[spec.name] = value;
  }
  for (const name of expression.nonLiteral) {
    if (name !== 'seed') notes.push(`${name} is not a literal: its default is shown`);
  }
  let seed: SeedSetting | undefined;
  if (isSeeded(className)) {
    const raw: PyValue | undefined = expression.args.seed;
    if (typeof raw === 'boolean') seed = { kind: 'int', value: Number(raw) };
    else if (isSeedInt(raw)) seed = { kind: 'int', value: raw };
    else {
      const argument = expression.argList.find((a) => a.name === 'seed');
      const generatorSeed = argument ? seedGeneratorSeed(argument.valueText) : undefined;
      if (generatorSeed !== undefined) seed = { kind: 'generator', value: generatorSeed, callIndex: 0 };
      else if (argument && raw !== null) notes.push(`seed=${argument.valueText} is not a literal int: the panel's seed is kept`);
    }
  }
  const layer = expression.layer;
  const shape = layer?.shape?.map((d) => (d === undefined || !isIntegerIn(d, 0, MAX_DIMENSION) ? null : d));
  const dtype = layer?.args.dtype;
  const usable = shape !== undefined && shape.length <= MAX_RANK;
  // Where the shape comes from in the file's model, when the model makes every dimension known.
  const shapeSource = usable && shape.every((d) => d !== null) ? layer?.shapeSource?.text : undefined;
  const patch: ConfigPatch = {
    className,
    args,
    ...(usable ? { shape } : {}),
    ...(shapeSource !== undefined && isShapeSource(shapeSource) ? { shapeSource } : {}),
    ...(isDType(dtype) ? { dtype } : {}),
    ...(seed !== undefined ? { seed } : {}),
  };
  return { patch, notes };
}
