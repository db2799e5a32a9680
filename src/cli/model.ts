/** `keras-init model <file> --summary`: the layers, shapes, weights and laws of a Keras model read from a .py or .ipynb file. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  MODEL_SEED_RULE,
  ModelWeightsError,
  analyzeModels,
  defaultModel,
  formatModelSummary,
  lineAt,
  lineStarts,
  modelLoadingSnippet,
  modelSummary,
  notebookCodeCells,
  notebookProgram,
  planModelArrayFile,
  planModelWeights,
  type AnalyzedModel,
  type ModelAnalysis,
  type ModelSummary,
} from '../core/index';
import { writeWeightsH5 } from '../node/weightsH5';
import { MODEL_HELP } from './help';
import { EXIT, UsageError, type CliIo } from './io';
import { formatCheck, runCheck } from './modelCheck';
import { parseInteger, parseSeed } from './options';
import { formatBytes, prepareTarget, writePlan } from './writeFile';

/** The program a file holds, and how to name a line of it (`line 12`, or `cell 3, line 2` in a notebook). */
interface Program {
  readonly text: string;
  readonly notebook: boolean;
  /** 1-based program line → 1-based code cell and line in it (notebooks only). */
  readonly cellOf: (line: number) => { cell: number; line: number } | undefined;
}

function readProgram(file: string, display: string): Program {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : String(e);
    throw new ModelFileError(`cannot read ${display}: ${why}.`);
  }
  if (path.extname(file).toLowerCase() !== '.ipynb') return { text, notebook: false, cellOf: () => undefined };
  const program = notebookProgram(notebookCodeCells(text));
  const starts = lineStarts(program.text);
  const cellLines = program.cellStarts.map((offset) => lineAt(starts, offset));
  return {
    text: program.text,
    notebook: true,
    cellOf: (line) => {
      let cell = -1;
      for (let k = 0; k < cellLines.length && cellLines[k] <= line; k++) cell = k;
      return cell < 0 ? undefined : { cell: cell + 1, line: line - cellLines[cell] + 1 };
    },
  };
}

/** A failure about the file itself (exit status 1). */
class ModelFileError extends Error {}

function where(program: Program, line: number): string {
  const inCell = program.cellOf(line);
  return inCell !== undefined ? `cell ${inCell.cell}, line ${inCell.line}` : `line ${line}`;
}

function modelLabel(program: Program, m: AnalyzedModel): string {
  return `${m.variable ?? `(unbound) ${m.name}`} (${m.kind}, "${m.name}", ${where(program, m.line)})`;
}

/** The model --model names (its variable, else its Keras name), or the last one bound to a variable. */
function chooseModel(analysis: ModelAnalysis, program: Program, display: string, wanted: string | undefined): AnalyzedModel {
  const models = analysis.models;
  if (models.length === 0) {
    const read = analysis.layers.length > 0 ? ` (it builds ${analysis.layers.length} layer(s) but no keras.Model or Sequential)` : '';
    throw new ModelFileError(`no Keras model found in ${display}${read}.`);
  }
  if (wanted === undefined) return defaultModel(analysis) ?? models[models.length - 1];
  const byVariable = models.filter((m) => m.variable === wanted);
  const found = byVariable.length > 0 ? byVariable : models.filter((m) => m.name === wanted);
  if (found.length === 0) {
    const list = models.map((m) => `  ${modelLabel(program, m)}`).join('\n');
    throw new UsageError(`--model ${wanted}: no model is bound to that name in ${display}. The models found:\n${list}`);
  }
  return found[found.length - 1];
}

/** The summary as JSON: the file, the model's summary, and what Keras would raise while building. */
function jsonOutput(display: string, program: Program, summary: ModelSummary, analysis: ModelAnalysis, starts: number[]): unknown {
  const cellFields = (line: number): Record<string, number> => {
    const inCell = program.cellOf(line);
    return inCell !== undefined ? { cell: inCell.cell, cellLine: inCell.line } : {};
  };
  return {
    file: display,
    ...summary,
    ...cellFields(summary.line),
    layers: summary.layers.map((r) => ({ ...r, ...cellFields(r.line) })),
    problems: analysis.problems.map((p) => {
      const line = lineAt(starts, p.range.start);
      return { line, ...cellFields(line), type: p.pythonType, message: p.message };
    }),
  };
}

/**
 * What the weight files would record for the unseeded random initializers: each variable's seed
 * under `--seed S`, or how the seeds follow from the seed a write draws. Empty when nothing is random
 * without a seed, or when the model cannot be written (the table says why).
 */
function seedLines(analysis: ModelAnalysis, model: AnalyzedModel, seed: number | undefined): string {
  let plan;
  try {
    plan = planModelWeights(analysis, model, { seed: seed ?? 0 });
  } catch (e) {
    if (e instanceof ModelWeightsError) return '';
    throw e;
  }
  const assigned = plan.variables.filter((v) => v.source.kind === 'initializer' && v.source.seedAssigned);
  if (assigned.length === 0) return '';
  if (seed === undefined) {
    return `Note: ${assigned.length} unseeded random variable(s) get seeds derived from --seed S when written (one is drawn and printed without it); add --seed S to list them.\n`;
  }
  const width = Math.max(...assigned.map((v) => v.path.length));
  const rows = assigned.map((v) => `  ${v.path.padEnd(width)}  seed ${v.source.kind === 'initializer' ? String(v.source.seed) : ''}`);
  return `\nSeeds of the unseeded random variables with --seed ${seed} (${MODEL_SEED_RULE}):\n${rows.join('\n')}\n`;
}

/** The suffix `model.load_weights` requires. */
const WEIGHTS_SUFFIX = '.weights.h5';

/** Writes the model's initial weights as a Keras `.weights.h5`; returns the exit status. */
async function writeModelWeights(
  io: CliIo,
  display: string,
  program: Program,
  model: AnalyzedModel,
  analysis: ModelAnalysis,
  options: { seed?: number; output?: string; force: boolean; quiet: boolean },
): Promise<number> {
  const output = options.output ?? `${model.name}${WEIGHTS_SUFFIX}`;
  const lower = output.toLowerCase();
  const arrays = lower.endsWith('.npz') ? 'npz' : lower.endsWith('.safetensors') ? 'safetensors' : undefined;
  if (arrays === undefined && !output.endsWith(WEIGHTS_SUFFIX)) {
    throw new UsageError(
      `-o ${output}: Keras's model.load_weights() reads files whose name ends in ${WEIGHTS_SUFFIX} (or write .npz / .safetensors, keys = variable paths).`,
    );
  }
  let plan;
  try {
    plan = planModelWeights(analysis, model, { seed: options.seed });
  } catch (e) {
    if (e instanceof ModelWeightsError) {
      const lines = e.layers.map((l) => `  ${l.layer}: ${l.reason}`).join('\n');
      throw new ModelFileError(`cannot write the weights of ${modelLabel(program, model)} from ${display}; nothing was written:\n${lines}`);
    }
    throw e;
  }
  const target = path.resolve(io.cwd, output);
  await prepareTarget(target, options.force, io);
  if (arrays !== undefined) await writePlan(planModelArrayFile(plan, arrays), target, options.force, io);
  else await writeWeightsH5(plan, target, { overwrite: options.force, isCancelled: io.isInterrupted });
  if (!options.quiet) {
    const bytes = (await fs.promises.stat(target)).size;
    const layerVars = plan.variables.filter((v) => v.source.kind === 'initializer');
    const assigned = layerVars.filter((v) => v.source.kind === 'initializer' && v.source.seedAssigned).length;
    io.stderr.write(
      `Wrote ${target}: model ${modelLabel(program, model)}, ${layerVars.length} variables, ${plan.totalValues} values, ${formatBytes(bytes)}.\n`,
    );
    if (plan.variables.length > layerVars.length) io.stderr.write("  with the optimizer's iterations (0) and learning_rate.\n");
    if (plan.seed !== undefined && assigned > 0) {
      io.stderr.write(
        plan.seedDrawn
          ? `Seed ${plan.seed} was drawn at random; add --seed ${plan.seed} to repeat this run.\n`
          : `Seed ${plan.seed} (--seed).\n`,
      );
      io.stderr.write(`  ${assigned} unseeded variable(s): ${MODEL_SEED_RULE}.\n`);
    }
    const snippet = modelLoadingSnippet({ path: output, format: arrays ?? 'weights.h5', variable: model.variable });
    io.stderr.write(`Load it with:\n${snippet.replace(/^(?=.)/gm, '  ')}`);
  }
  io.stdout.write(`${target}\n`);
  return EXIT.ok;
}

export function modelCommand(argv: string[], io: CliIo): number | Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      summary: { type: 'boolean' },
      check: { type: 'boolean' },
      batch: { type: 'string' },
      'input-seed': { type: 'string' },
      training: { type: 'boolean' },
      json: { type: 'boolean' },
      model: { type: 'string', short: 'm' },
      ascii: { type: 'boolean' },
      seed: { type: 'string' },
      output: { type: 'string', short: 'o' },
      force: { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout.write(MODEL_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? 'model takes the <file> to read, e.g. keras-init model train.py (writes its weights) or keras-init model train.py --summary.'
        : `model takes one <file>; unexpected: ${positionals.slice(1).join(' ')}.`,
    );
  }
  const display = positionals[0];
  if (values.check) {
    if (values.summary || values.output !== undefined || values.force) {
      throw new UsageError(
        `--${values.summary ? 'summary' : values.output !== undefined ? 'output' : 'force'} does not apply with --check.`,
      );
    }
    try {
      const program = readProgram(path.resolve(io.cwd, display), display);
      const analysis = analyzeModels(program.text);
      const model = chooseModel(analysis, program, display, values.model);
      const batch = values.batch !== undefined ? parseInteger('--batch', values.batch) : undefined;
      if (batch !== undefined && batch < 1) throw new UsageError(`--batch must be a positive integer; received ${batch}.`);
      const result = runCheck(program.text, {
        model: model.variable ?? model.name,
        batchSize: batch,
        seed: values.seed !== undefined ? parseSeed('--seed', values.seed) : undefined,
        inputSeed: values['input-seed'] !== undefined ? parseSeed('--input-seed', values['input-seed']) : undefined,
        training: values.training ?? false,
      });
      if (values.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else io.stdout.write(formatCheck(result, `${display}, ${where(program, model.line)}`));
      return result.stoppedAt === undefined ? EXIT.ok : EXIT.failure;
    } catch (e) {
      if (e instanceof ModelFileError) {
        io.stderr.write(`keras-init model: ${e.message}\n`);
        return EXIT.failure;
      }
      throw e;
    }
  }
  for (const flag of ['batch', 'input-seed', 'training'] as const) {
    if (values[flag] !== undefined) throw new UsageError(`--${flag} applies with --check only.`);
  }
  if (!values.summary) {
    if (values.json || values.ascii) throw new UsageError(`--${values.json ? 'json' : 'ascii'} applies to --summary only.`);
    const seed = values.seed !== undefined ? parseSeed('--seed', values.seed) : undefined;
    const failed = (e: unknown): number => {
      if (e instanceof ModelFileError) {
        io.stderr.write(`keras-init model: ${e.message}\n`);
        return EXIT.failure;
      }
      throw e;
    };
    try {
      const program = readProgram(path.resolve(io.cwd, display), display);
      const analysis = analyzeModels(program.text);
      const model = chooseModel(analysis, program, display, values.model);
      return writeModelWeights(io, display, program, model, analysis, {
        seed,
        output: values.output,
        force: values.force ?? false,
        quiet: values.quiet ?? false,
      }).catch(failed);
    } catch (e) {
      return failed(e);
    }
  }
  for (const flag of ['output', 'force'] as const) {
    if (values[flag] !== undefined) throw new UsageError(`--${flag} applies when writing the weights, not with --summary.`);
  }
  const summarySeed = values.seed !== undefined ? parseSeed('--seed', values.seed) : undefined;
  try {
    const program = readProgram(path.resolve(io.cwd, display), display);
    const analysis = analyzeModels(program.text);
    const model = chooseModel(analysis, program, display, values.model);
    const summary = modelSummary(analysis, model);
    const starts = lineStarts(program.text);
    if (values.json) {
      io.stdout.write(`${JSON.stringify(jsonOutput(display, program, summary, analysis, starts), null, 2)}\n`);
      return EXIT.ok;
    }
    io.stdout.write(
      formatModelSummary(summary, {
        ascii: values.ascii ?? false,
        where: `${summary.variable ?? 'unbound'}, ${where(program, summary.line)}`,
      }),
    );
    const seeds = seedLines(analysis, model, summarySeed);
    if (summarySeed !== undefined) io.stdout.write(seeds);
    else io.stderr.write(seeds);
    for (const p of analysis.problems) {
      io.stderr.write(`Note: ${where(program, lineAt(starts, p.range.start))}: Keras would raise ${p.pythonType}: ${p.message}\n`);
    }
    const skipped = analysis.syntaxProblems;
    if (skipped.length > 0) {
      const first = skipped[0];
      io.stderr.write(
        `Note: ${skipped.length} statement(s) could not be read and were skipped (first: ${where(program, lineAt(starts, first.start))}: ${first.message}).\n`,
      );
    }
    return EXIT.ok;
  } catch (e) {
    if (e instanceof ModelFileError) {
      io.stderr.write(`keras-init model: ${e.message}\n`);
      return EXIT.failure;
    }
    throw e;
  }
}
