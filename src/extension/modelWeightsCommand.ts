/**
 * "Generate Model Weights…" (kerasInitializers.generateModelWeights): writes every initial weight of a
 * model read from the editor — as a Keras `.weights.h5` that `model.load_weights` accepts, or `.npz` /
 * `.safetensors` keyed by variable path — the way `keras-init model` does. From the palette it asks for
 * the model (when the file has several), the format, the seed and the file; a CodeLens or the model
 * summary name the model; an argument with `target` asks nothing. Writes with a cancellable progress
 * notification and offers the Python that loads the file. Resolves with a result; never throws.
 */
import * as vscode from 'vscode';
import {
  MODEL_SEED_RULE,
  ModelWeightsError,
  WeightFileError,
  defaultModel,
  modelLoadingSnippet,
  planModelArrayFile,
  planModelWeights,
  writeAtomically,
  type AnalyzedModel,
  type ModelWeightsFormat,
  type ModelWeightsPlan,
} from '../core/index';
import { weightsH5Bytes, writeWeightsH5 } from '../node/weightsH5';
import { Commands } from './commands';
import { parentOf, uriAtomicTarget, uriExists } from './fileWriter';
import { fileName, toUri } from './generateJob';
import { commandFailure } from './commandFailure';
import { ask, askParsed } from './generateWizard';
import { modelFromEditor } from './modelTarget';
import {
  MODEL_WEIGHTS_FORMATS,
  ModelWeightsArgumentError,
  formatForModelTarget,
  parseModelWeightsArgument,
  parseSeedText,
  type ModelWeightsRequest,
} from './modelWeightsArgs';
import { readGenerateSettings, type GenerateSettings } from './settings';
import { summaryProgramFor, type SummaryProgram } from './summarySource';
import { findModel, modelKey, modelLabel } from './summaryTable';
import { writeJob } from './writeWeightFile';

/** What the command resolves with. */
export interface ModelWeightsResult {
  readonly ok: boolean;
  /** The user dismissed a question or cancelled the write. */
  readonly cancelled?: boolean;
  readonly error?: string;
  readonly uri?: string;
  readonly format?: ModelWeightsFormat;
  readonly bytes?: number;
  /** The model's variable, else its Keras name. */
  readonly model?: string;
  /** Every variable written: Keras's path, the dataset in a .weights.h5, shape, dtype and the seed it was drawn with. */
  readonly variables?: readonly VariableWritten[];
  /** The base seed of the seed rule; null when no variable needed one. */
  readonly seed?: number | null;
  readonly seedDrawn?: boolean;
  /** Python that loads the file. */
  readonly python?: string;
}

export interface VariableWritten {
  readonly path: string;
  /** Null for a variable Keras's save_weights does not write either (see PlannedVariable.dataset). */
  readonly dataset: string | null;
  readonly shape: readonly number[];
  readonly dtype: string;
  /** The initializer's seed (its own, or the one the seed rule gave it); null for constants. */
  readonly seed: number | null;
}

/** Models with at least this many values are written under a cancellable progress notification. */
const PROGRESS_MIN_VALUES = 1 << 20;

/** A failure to report to the user as it is (no "could not write" prefix needed). */
class ModelWeightsCommandError extends Error {}

/** The model `request` names in `program`, or its default one. */
function chooseModel(program: SummaryProgram, key: string | null): AnalyzedModel {
  const { models } = program.analysis;
  if (models.length === 0) throw new ModelWeightsCommandError(vscode.l10n.t('No Keras model was found in {0}.', program.fileName));
  if (key === null) return defaultModel(program.analysis) ?? models[models.length - 1];
  const index = findModel(program.analysis, key);
  if (index < 0) {
    throw new ModelWeightsCommandError(
      vscode.l10n.t('{0} has no model named {1}; its models: {2}.', program.fileName, key, models.map(modelLabel).join(', ')),
    );
  }
  return models[index];
}

/** Plans the weights, or explains which layers stop it. */
function plan(program: SummaryProgram, model: AnalyzedModel, seed: number | undefined): ModelWeightsPlan {
  try {
    return planModelWeights(program.analysis, model, { seed });
  } catch (e) {
    if (e instanceof ModelWeightsError) {
      throw new ModelWeightsCommandError(
        vscode.l10n.t(
          'Cannot write the weights of {0}: {1}. Nothing was written.',
          modelLabel(model),
          e.layers.map((l) => `${l.layer}: ${l.reason}`).join('; '),
        ),
      );
    }
    throw e;
  }
}

async function askFormat(): Promise<ModelWeightsFormat> {
  const items = MODEL_WEIGHTS_FORMATS.map((f) => ({
    label: f.label,
    detail:
      f.format === 'weights.h5'
        ? vscode.l10n.t("The file Keras's model.save_weights() writes; model.load_weights() reads it")
        : vscode.l10n.t("Keys are the variables' paths (sequential/dense/kernel), in model.weights order"),
    format: f.format,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Generate Model Weights: format'),
    placeHolder: vscode.l10n.t('Which file format?'),
  });
  return ask(picked).format;
}

function askSeed(randomVariables: number): Promise<number | undefined> {
  return askParsed({
    title: vscode.l10n.t('Generate Model Weights: seed'),
    prompt: vscode.l10n.t(
      '{0} variable(s) have a random initializer without a seed of its own; they get seeds derived from this one. Leave it empty to draw one at random (it is shown afterwards).',
      randomVariables,
    ),
    value: '',
    placeHolder: vscode.l10n.t('e.g. 42 (empty: draw one)'),
    parse: (text) => {
      const parsed = parseSeedText(text);
      if ('problem' in parsed) throw new Error(parsed.problem);
      return parsed.seed;
    },
  });
}

/** Where the save dialog opens: the model file's folder, else its workspace folder, else the first folder. */
function defaultFolder(source: vscode.Uri): vscode.Uri | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(source) ?? vscode.workspace.workspaceFolders?.[0];
  if (source.scheme === 'file' || source.scheme === folder?.uri.scheme) return parentOf(source);
  return folder?.uri;
}

async function askTarget(source: vscode.Uri, name: string, format: ModelWeightsFormat): Promise<vscode.Uri> {
  const info = MODEL_WEIGHTS_FORMATS.find((f) => f.format === format) ?? MODEL_WEIGHTS_FORMATS[0];
  const folder = defaultFolder(source);
  const target = ask(
    await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Generate Model Weights'),
      saveLabel: vscode.l10n.t('Write Weights'),
      defaultUri: folder !== undefined ? vscode.Uri.joinPath(folder, `${name}${info.suffix}`) : undefined,
      // A filter holds one extension after the last dot (`h5`); a longer one makes dialogs append it again.
      filters: { [info.label]: [info.suffix.slice(info.suffix.lastIndexOf('.') + 1)] },
    }),
  );
  // The dialog's filter cannot hold `weights.h5`: a name that lost the `.weights` part gets it back.
  if (format === 'weights.h5' && !target.path.toLowerCase().endsWith('.weights.h5') && target.path.toLowerCase().endsWith('.h5')) {
    return target.with({ path: `${target.path.slice(0, -'.h5'.length)}.weights.h5` });
  }
  return target;
}

type Reporter = (valuesDone: number) => void;

/** Writes `.weights.h5`: straight to a local file, else built in a local temporary and copied (up to the in-memory limit). */
async function writeH5(
  weights: ModelWeightsPlan,
  target: vscode.Uri,
  overwrite: boolean,
  settings: GenerateSettings,
  isCancelled: () => boolean,
  report: Reporter,
): Promise<void> {
  if (target.scheme === 'file') {
    await writeWeightsH5(weights, target.fsPath, { overwrite, isCancelled, onProgress: report });
    return;
  }
  const estimate = weights.totalValues * 4;
  if (estimate > settings.inMemoryLimitBytes) {
    throw new WeightFileError(
      'WRITE_FAILED',
      vscode.l10n.t(
        'The file needs about {0} MiB; outside the local disk files are built in memory up to {1} MiB (setting kerasInitializers.generate.inMemoryLimitMB).',
        Math.ceil(estimate / 2 ** 20),
        Math.round(settings.inMemoryLimitBytes / 2 ** 20),
      ),
    );
  }
  const bytes = await weightsH5Bytes(weights, { isCancelled, onProgress: report });
  const atomic = uriAtomicTarget(target, { inMemoryLimitBytes: settings.inMemoryLimitBytes, expectedBytes: bytes.length });
  await writeAtomically(atomic, [bytes], { overwrite, isCancelled });
}

async function write(
  weights: ModelWeightsPlan,
  format: ModelWeightsFormat,
  target: vscode.Uri,
  overwrite: boolean,
  settings: GenerateSettings,
  log: vscode.LogOutputChannel,
): Promise<number> {
  if (!overwrite && (await uriExists(target).catch(() => false))) {
    throw new WeightFileError(
      'TARGET_EXISTS',
      vscode.l10n.t('{0} already exists; nothing was written.', target.scheme === 'file' ? target.fsPath : target.toString(true)),
    );
  }
  if (format !== 'weights.h5') {
    const arrays = planModelArrayFile(weights, format);
    return writeJob({ plan: arrays, target, overwrite, summary: weights.model }, settings, log);
  }
  const run = async (token?: vscode.CancellationToken, progress?: vscode.Progress<{ increment?: number; message?: string }>) => {
    let shown = 0;
    await writeH5(
      weights,
      target,
      overwrite,
      settings,
      () => token?.isCancellationRequested ?? false,
      (done) => {
        const percent = Math.floor((done / Math.max(1, weights.totalValues)) * 100);
        if (progress !== undefined && percent > shown) {
          progress.report({ increment: percent - shown, message: `${percent}%` });
          shown = percent;
        }
      },
    );
  };
  if (weights.totalValues < PROGRESS_MIN_VALUES) await run();
  else {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Writing {0}', fileName(target)), cancellable: true },
      (progress, token) => run(token, progress),
    );
  }
  return (await vscode.workspace.fs.stat(target)).size;
}

function sizeText(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 2 ** 20 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

function notify(target: vscode.Uri, message: string, python: string): void {
  const reveal = vscode.l10n.t('Reveal');
  const copy = vscode.l10n.t('Copy Python to Load It');
  void vscode.window.showInformationMessage(message, reveal, copy).then(async (choice) => {
    if (choice === reveal) {
      const inWorkspace = vscode.workspace.getWorkspaceFolder(target) !== undefined;
      await vscode.commands.executeCommand(inWorkspace ? 'revealInExplorer' : 'revealFileInOS', target);
    } else if (choice === copy) {
      await vscode.env.clipboard.writeText(python);
    }
  });
}

/** The path the Python snippet names: relative to the workspace folder when the file is in it (Python runs there). */
function pythonPathOf(target: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(target);
  if (folder !== undefined) return vscode.workspace.asRelativePath(target, false);
  return target.scheme === 'file' ? target.fsPath : target.path;
}

/** The request from the command's argument: a menu's URI, a CodeLens's `{ uri, model }`, or a full request. */
function requestOf(argument: unknown): ModelWeightsRequest {
  if (argument instanceof vscode.Uri) return { uri: argument.toString(), model: null, overwrite: false };
  return parseModelWeightsArgument(argument);
}

/** The command: returns a result; never throws. */
export async function generateModelWeights(argument: unknown, log: vscode.LogOutputChannel): Promise<ModelWeightsResult> {
  try {
    const request = requestOf(argument);
    const settings = readGenerateSettings(vscode.workspace);
    const chosen =
      request.uri !== undefined
        ? { uri: vscode.Uri.parse(request.uri, true), model: request.model }
        : await modelFromEditor(undefined, {
            noProgram: vscode.l10n.t('Open a Python file or notebook with a Keras model to write its weights.'),
            pickPlaceholder: vscode.l10n.t('Pick the model whose weights to write'),
          });
    if (chosen === undefined) return { ok: false, cancelled: true };
    const program = await summaryProgramFor(chosen.uri);
    if (program === undefined) {
      throw new ModelWeightsCommandError(vscode.l10n.t('{0} is not a Python file or notebook.', chosen.uri.toString(true)));
    }
    const model = chooseModel(program, chosen.model);
    // Planned first with any seed: a model that cannot be written is refused before any question.
    const probe = plan(program, model, request.seed ?? 0);
    let target: vscode.Uri;
    let format: ModelWeightsFormat;
    let overwrite = request.overwrite;
    let seed = request.seed;
    if (request.target !== undefined) {
      target = toUri(request.target);
      format = formatForModelTarget(fileName(target), request.format);
    } else {
      format = request.format ?? (await askFormat());
      const random = probe.variables.filter((v) => v.source.kind === 'initializer' && v.source.seedAssigned).length;
      if (seed === undefined && random > 0) seed = await askSeed(random);
      target = await askTarget(program.uri, model.name, format);
      format = formatForModelTarget(fileName(target), format);
      // The save dialog asked before returning a file that exists: choosing it is the consent to replace it.
      overwrite = await uriExists(target).catch(() => false);
    }
    const weights = plan(program, model, seed);
    const bytes = await write(weights, format, target, overwrite, settings, log);
    const python = modelLoadingSnippet({ path: pythonPathOf(target), format, variable: model.variable });
    const assigned = weights.variables.filter((v) => v.source.kind === 'initializer' && v.source.seedAssigned).length;
    const layerVariables = weights.variables.filter((v) => v.source.kind === 'initializer').length;
    const seedNote =
      weights.seed === undefined || assigned === 0
        ? ''
        : weights.seedDrawn
          ? vscode.l10n.t(
              ' Seed {0} was drawn at random for {1} unseeded variable(s); give it again to repeat this file.',
              weights.seed,
              assigned,
            )
          : vscode.l10n.t(' Seed {0} for {1} unseeded variable(s).', weights.seed, assigned);
    log.info(`Wrote ${target.toString(true)}: ${modelKey(model)}, ${weights.variables.length} variables, ${bytes} bytes.`);
    if (assigned > 0) log.info(`Base seed ${weights.seed ?? ''}: ${MODEL_SEED_RULE}.`);
    notify(
      target,
      vscode.l10n.t('Wrote {0}: {1}, {2} variables, {3}.', fileName(target), modelKey(model), layerVariables, sizeText(bytes)) + seedNote,
      python,
    );
    return {
      ok: true,
      uri: target.toString(),
      format,
      bytes,
      model: modelKey(model),
      variables: weights.variables.map((v) => ({
        path: v.path,
        dataset: v.dataset,
        shape: [...v.shape],
        dtype: v.dtype,
        seed: v.source.kind === 'initializer' ? (v.source.seed ?? null) : null,
      })),
      seed: weights.seed ?? null,
      seedDrawn: weights.seedDrawn,
      python,
    };
  } catch (e) {
    return commandFailure(e, log, {
      label: 'Generate Model Weights',
      couldNot: vscode.l10n.t('Could not write the model weights: {0}', '{0}'),
      isExpected: (error) => error instanceof ModelWeightsCommandError || error instanceof ModelWeightsArgumentError,
    });
  }
}

/** Registers kerasInitializers.generateModelWeights. */
export function registerModelWeightsCommand(log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.generateModelWeights, (argument?: unknown) => generateModelWeights(argument, log));
}
