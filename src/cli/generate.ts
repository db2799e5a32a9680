/** `keras-init generate` and `keras-init layer`: plan the file (every check), then write it atomically. */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  CoreError,
  LAYER_CLASSES,
  defaultLayerFileName,
  defaultTensorFileName,
  initializerCallText,
  initializerFromText,
  isRandomInitializer,
  layerArguments,
  layerWeights,
  planLayerFile,
  planTensorFile,
  resolveLayerClass,
  seededInitializer,
  suggestInitializerIds,
  type KerasInitializer,
  type LayerArgSpec,
  type WeightFilePlan,
} from '../core/index';
import { GENERATE_HELP, flagOf, layerHelp } from './help';
import { EXIT, UsageError, type CliIo } from './io';
import {
  parseBoolean,
  parseCallIndex,
  parseDType,
  parseIntList,
  parseInteger,
  parseSeed,
  parseShapeOption,
  resolveFormat,
} from './options';
import { formatBytes, writePlan } from './writeFile';

const COMMON_OPTIONS = {
  seed: { type: 'string' },
  dtype: { type: 'string' },
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  force: { type: 'boolean' },
  compress: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Reads the <initializer> argument; an unknown name is a usage error with suggestions. */
export function readInitializer(text: string): KerasInitializer {
  try {
    return initializerFromText(text);
  } catch (e) {
    if (e instanceof CoreError && (e.code === 'UNKNOWN_INITIALIZER' || e.code === 'PARSE_ERROR')) {
      const id = /identifier: (\S+)$/.exec(e.message)?.[1];
      const close = id !== undefined ? suggestInitializerIds(id) : [];
      const hint = close.length > 0 ? ` Did you mean ${close.join(', ')}?` : '';
      const message = e.message.endsWith('.') ? e.message : `${e.message}.`;
      throw new UsageError(`<initializer>: ${message}${hint} Run 'keras-init list' for every accepted id.`);
    }
    throw e;
  }
}

/** A shape as Python prints a tuple: `(784, 256)`, `(3,)`, `()`. */
export function tupleText(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

function resolveTarget(io: CliIo, output: string | undefined, defaultName: string): string {
  return path.resolve(io.cwd, output ?? defaultName);
}

function report(io: CliIo, quiet: boolean | undefined, target: string, summary: string, plan: WeightFilePlan, bytes: number): void {
  if (!quiet) {
    for (const note of plan.notes) io.stderr.write(`Note: ${note}\n`);
    io.stderr.write(`Wrote ${target}: ${summary}, ${formatBytes(bytes)}.\n`);
  }
  io.stdout.write(`${target}\n`);
}

export async function generateCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { ...COMMON_OPTIONS, shape: { type: 'string', short: 's' }, 'seed-call': { type: 'string' } },
  });
  if (values.help) {
    io.stdout.write(GENERATE_HELP);
    return EXIT.ok;
  }
  if (positionals.length === 0) {
    throw new UsageError('generate needs an <initializer>, e.g. keras-init generate he_normal --shape 784,256.', 'generate');
  }
  if (positionals.length > 1) {
    throw new UsageError(
      `generate takes one <initializer>; received ${positionals.length} (${positionals.join(' ')}). Quote a Python call: "HeNormal(seed=42)".`,
      'generate',
    );
  }
  if (values.shape === undefined) throw new UsageError('generate needs --shape, e.g. --shape 784,256 or --shape 3x3x64x128.', 'generate');
  const shape = parseShapeOption('--shape', values.shape);
  const dtype = parseDType('--dtype', values.dtype);
  const format = resolveFormat(values.format, values.output, 'npy');
  if (values.compress && format !== 'npz') throw new UsageError(`--compress applies to .npz only, not .${format}.`, 'generate');
  const seedOption = values.seed !== undefined ? parseSeed('--seed', values.seed) : undefined;
  const callIndex = values['seed-call'] !== undefined ? parseCallIndex('--seed-call', values['seed-call']) : undefined;

  const parsed = readInitializer(positionals[0]);
  if ((seedOption !== undefined || callIndex !== undefined) && !isRandomInitializer(parsed)) {
    throw new UsageError(
      `${seedOption !== undefined ? '--seed' : '--seed-call'}: ${parsed.className} is not random, so it takes no seed.`,
      'generate',
    );
  }
  const configSeed = parsed.config.seed;
  if (seedOption !== undefined && configSeed !== null && configSeed !== undefined) {
    throw new UsageError(
      `--seed ${seedOption} conflicts with the seed already in the initializer (seed=${JSON.stringify(configSeed)}); give only one.`,
      'generate',
    );
  }
  const { initializer: init, seedDrawn: drawn } = seededInitializer(parsed, { seed: seedOption, callIndex });
  const plan = planTensorFile({ initializer: init, shape, dtype, callIndex, format, compress: values.compress });
  const target = resolveTarget(io, values.output, defaultTensorFileName({ initializer: init, shape, format, dtype, callIndex }));
  const bytes = await writePlan(plan, target, values.force ?? false, io);
  if (drawn && !values.quiet) {
    io.stderr.write(`Seed ${init.resolvedSeed} was drawn at random; add --seed ${init.resolvedSeed} to repeat this run.\n`);
  }
  const t = plan.tensors[0];
  const call = callIndex !== undefined ? `, call ${callIndex}` : '';
  report(io, values.quiet, target, `${initializerCallText(init)}${call}, shape ${tupleText(t.shape)}, ${t.dtype}`, plan, bytes);
  return EXIT.ok;
}

/** Options for every layer argument of every layer, as kebab-case flags. */
function layerOptions(): Record<string, { type: 'string' }> {
  const out: Record<string, { type: 'string' }> = {};
  for (const c of LAYER_CLASSES) for (const a of layerArguments(c)) out[flagOf(a.name).slice(2)] = { type: 'string' };
  return out;
}

function layerArgValue(spec: LayerArgSpec, text: string): unknown {
  const flag = flagOf(spec.name);
  switch (spec.type) {
    case 'int':
      return parseInteger(flag, text);
    case 'ints':
      return parseIntList(flag, text);
    case 'bool':
      return parseBoolean(flag, text);
    case 'initializer':
      try {
        return readInitializer(text);
      } catch (e) {
        if (e instanceof UsageError) throw new UsageError(e.message.replace('<initializer>', flag), 'layer');
        throw e;
      }
  }
}

export async function layerCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { ...COMMON_OPTIONS, ...layerOptions(), 'no-bias': { type: 'boolean' } },
  });
  const className = positionals.length > 0 ? resolveLayerClass(positionals[0]) : undefined;
  if (values.help) {
    io.stdout.write(layerHelp(className));
    return EXIT.ok;
  }
  if (positionals.length === 0) throw new UsageError(`layer needs a <Layer>: one of ${LAYER_CLASSES.join(', ')}.`, 'layer');
  if (className === undefined) throw new UsageError(`Unknown layer '${positionals[0]}'; supported: ${LAYER_CLASSES.join(', ')}.`, 'layer');
  if (positionals.length > 1) throw new UsageError(`layer takes one <Layer>; unexpected: ${positionals.slice(1).join(' ')}.`, 'layer');
  const specs = layerArguments(className);
  const args: Record<string, unknown> = {};
  const given = values as Record<string, string | boolean | undefined>;
  const layerKeys = new Set(Object.keys(layerOptions()));
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined || !layerKeys.has(key)) continue;
    if (!specs.some((s) => flagOf(s.name) === `--${key}`)) {
      throw new UsageError(`--${key} does not apply to ${className}; it takes ${specs.map((s) => flagOf(s.name)).join(', ')}.`, 'layer');
    }
  }
  for (const spec of specs) {
    const text = given[flagOf(spec.name).slice(2)];
    if (typeof text === 'string') args[spec.name] = layerArgValue(spec, text);
  }
  if (values['no-bias']) {
    if (!specs.some((s) => s.name === 'use_bias')) throw new UsageError(`--no-bias does not apply to ${className}.`, 'layer');
    if (args.use_bias === true) throw new UsageError('--no-bias conflicts with --use-bias true.', 'layer');
    args.use_bias = false;
  }
  const missing = specs.filter((s) => s.required && args[s.name] === undefined);
  if (missing.length > 0) {
    throw new UsageError(
      `${className} needs ${missing.map((s) => `${flagOf(s.name)} (${s.doc.replace(/\.$/, '')})`).join(', ')}.`,
      'layer',
    );
  }
  const dtype = parseDType('--dtype', values.dtype);
  const format = resolveFormat(values.format, values.output, 'npz', ['npz', 'safetensors']);
  if (values.compress && format !== 'npz') throw new UsageError(`--compress applies to .npz only, not .${format}.`, 'layer');
  const seed = values.seed !== undefined ? parseSeed('--seed', values.seed) : undefined;
  const layer = layerWeights(className, args, { seed });
  const plan = planLayerFile({ layer, format, dtype, compress: values.compress });
  const target = resolveTarget(io, values.output, defaultLayerFileName(layer, format, dtype));
  const bytes = await writePlan(plan, target, values.force ?? false, io);
  if (layer.seedDrawn && !values.quiet) {
    io.stderr.write(`Base seed ${layer.seed} was drawn at random; add --seed ${layer.seed} to repeat this run.\n`);
  }
  if (!values.quiet) {
    for (const v of layer.variables) {
      const seedNote = v.seedAssigned ? `  seed = ${layer.seed} + ${v.index}` : '';
      io.stderr.write(`  ${v.name.padEnd(16)} ${tupleText(v.shape).padEnd(16)} ${initializerCallText(v.initializer)}${seedNote}\n`);
    }
  }
  report(io, values.quiet, target, `${className}, ${layer.variables.length} variables, ${dtype}`, plan, bytes);
  return EXIT.ok;
}
