/**
 * The questions of "Generate Weight File…": whatever the argument does not give — one tensor or a
 * whole layer; the initializer (prefilled from the one under the cursor), the shape (presets, or typed
 * with live validation), the seed, dtype and format, or the layer and its arguments — then a save
 * dialog. Dismissing any question throws Dismissed.
 */
import * as vscode from 'vscode';
import { homeFolder } from '../node/homeFolder';
import { uriExists } from './fileWriter';
import {
  LAYER_CLASSES,
  REGISTRY,
  TEXT_FORMAT_MAX_VALUES,
  WEIGHT_FILE_DTYPES,
  WEIGHT_FORMATS,
  createSampleStream,
  defaultLayerFileName,
  defaultTensorFileName,
  extensionOf,
  initializerFromText,
  isRandomInitializer,
  layerArguments,
  layerSummary,
  layerWeights,
  parseLayerArguments,
  parseShape,
  planLayerFile,
  registryEntry,
  seededInitializer,
  type KerasInitializer,
  type LayerClassName,
  type WeightFormat,
  errorText,
  signature,
} from '../core/index';
import { formatForTarget, suggestionAt, type EditorSuggestion, type GenerateRequest } from './generateArgs';
import { programText } from './language/documents';
import { fileName, tensorPlan, tensorSummary, type Job } from './generateJob';
import type { GenerateSettings } from './settings';

/** The user dismissed a question: not an error. */
export class Dismissed extends Error {}

export function ask<T>(value: T | undefined): T {
  if (value === undefined) throw new Dismissed();
  return value;
}

/** The initializer under the cursor of the active Python editor, if any. */
function editorSuggestion(): EditorSuggestion | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined || editor.document.languageId !== 'python') return undefined;
  try {
    // A notebook cell is read with its notebook's other code cells (the model may start in an earlier one).
    const program = programText(editor.document);
    return suggestionAt(program.text, program.start + editor.document.offsetAt(editor.selection.active));
  } catch {
    return undefined;
  }
}

/** A registry class with its arguments at their defaults, as Python, to edit in the input box. */
function defaultCall(className: string): string {
  const args = (registryEntry(className)?.args ?? []).filter((a) => a.type !== 'seed' && a.type !== 'axes');
  return signature(className, args);
}

function validationMessage(check: () => unknown): string | undefined {
  try {
    check();
    return undefined;
  } catch (e) {
    return errorText(e);
  }
}

/**
 * An input box whose text must parse (and pass `check`): the parse error is shown while typing, and
 * the parsed value is returned. Dismissing it throws `Dismissed`.
 */
export async function askParsed<T>(options: {
  readonly title: string;
  readonly prompt: string;
  readonly value: string;
  readonly placeHolder?: string;
  readonly parse: (text: string) => T;
  readonly check?: (parsed: T) => string | undefined;
}): Promise<T> {
  const { parse, check } = options;
  const text = ask(
    await vscode.window.showInputBox({
      title: options.title,
      prompt: options.prompt,
      value: options.value,
      placeHolder: options.placeHolder,
      ignoreFocusOut: true,
      validateInput: (t) => {
        let parsed: T;
        try {
          parsed = parse(t);
        } catch (e) {
          return errorText(e);
        }
        return check?.(parsed);
      },
    }),
  );
  return parse(text);
}

function typeInitializer(value: string): Promise<KerasInitializer> {
  return askParsed({
    title: vscode.l10n.t('Generate Weight File: initializer'),
    prompt: vscode.l10n.t("An id (he_normal), a Python call (VarianceScaling(scale=2.0, mode='fan_out', seed=3)) or a Keras JSON config"),
    value,
    parse: initializerFromText,
  });
}

async function pickInitializer(suggestion: EditorSuggestion | undefined): Promise<KerasInitializer> {
  type Item = vscode.QuickPickItem & { readonly pick: () => Promise<KerasInitializer> };
  const items: Item[] = [];
  if (suggestion !== undefined) {
    items.push({
      label: suggestion.label,
      description: vscode.l10n.t('under the cursor'),
      detail: suggestion.weight,
      pick: async () => suggestion.initializer,
    });
    items.push({ label: '', kind: vscode.QuickPickItemKind.Separator, pick: async () => suggestion.initializer });
  }
  for (const e of REGISTRY) {
    const editable = e.args.some((a) => a.type !== 'seed' && a.type !== 'axes');
    items.push({
      label: e.className,
      description: e.aliases[0],
      detail: e.summary,
      pick: editable ? () => typeInitializer(defaultCall(e.className)) : async () => initializerFromText(e.className),
    });
  }
  items.push({
    label: vscode.l10n.t('$(edit) Type an initializer…'),
    detail: vscode.l10n.t('An id, a Python call with literal arguments, or a Keras JSON config'),
    alwaysShow: true,
    pick: () => typeInitializer(suggestion?.label ?? ''),
  });
  const chosen = ask(
    await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Generate Weight File: initializer'),
      placeHolder: vscode.l10n.t('The initializer whose values the file holds'),
      matchOnDescription: true,
      ignoreFocusOut: true,
    }),
  );
  return chosen.pick();
}

/** Shapes offered first; only those the initializer accepts are shown. */
const SHAPE_PRESETS: readonly [string, number[]][] = [
  ['Dense kernel', [784, 256]],
  ['Conv2D kernel', [3, 3, 64, 128]],
  ['LSTM recurrent kernel (units 128)', [128, 512]],
  ['Embedding (vocabulary 10000)', [10000, 128]],
  ['Bias', [256]],
];

/** Keras's checks of a call with this shape (Identity needs 2-D, Orthogonal 2-D or more...). */
function shapeProblem(init: KerasInitializer, shape: number[]): string | undefined {
  return validationMessage(() => createSampleStream(init, shape, { dtype: 'float32' }));
}

function typeShape(init: KerasInitializer, value: string): Promise<number[]> {
  return askParsed({
    title: vscode.l10n.t('Generate Weight File: shape'),
    prompt: vscode.l10n.t('Dimensions as 784x256, (3, 3, 64, 128), [784, 256] or 784, 256'),
    value,
    parse: parseShape,
    check: (shape) => shapeProblem(init, shape),
  });
}

async function pickShape(init: KerasInitializer, suggestion: EditorSuggestion | undefined): Promise<number[]> {
  type Item = vscode.QuickPickItem & { readonly shape?: number[] };
  const items: Item[] = [];
  const fromEditor = suggestion?.shape;
  if (fromEditor !== undefined && shapeProblem(init, fromEditor) === undefined) {
    items.push({
      label: fromEditor.join(' × '),
      description: vscode.l10n.t('from the editor'),
      detail: [suggestion?.weight, suggestion?.shapeSource].filter((x) => x !== undefined).join(' · ') || undefined,
      shape: fromEditor,
    });
  }
  for (const [label, shape] of SHAPE_PRESETS) {
    if (shapeProblem(init, shape) === undefined) items.push({ label: shape.join(' × '), description: label, shape });
  }
  items.push({ label: vscode.l10n.t('$(edit) Type a shape…'), alwaysShow: true });
  const chosen = ask(
    await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Generate Weight File: shape'),
      placeHolder: vscode.l10n.t('The shape of the weight'),
      ignoreFocusOut: true,
    }),
  );
  return chosen.shape ?? typeShape(init, fromEditor?.join('x') ?? '');
}

const UINT32_MAX = 2 ** 32 - 1;

function askSeed(drawn: number, what: string): Promise<number> {
  return askParsed({
    title: vscode.l10n.t('Generate Weight File: seed'),
    prompt: vscode.l10n.t(
      '{0}: an integer from 0 to {1}. Keras gives an unseeded initializer a random seed; a fixed one makes the file reproducible. Prefilled with a random seed.',
      what,
      UINT32_MAX,
    ),
    value: String(drawn),
    parse: (t) => {
      if (!/^\s*\d+\s*$/.test(t) || Number(t) > UINT32_MAX) {
        throw new Error(vscode.l10n.t('The seed must be an integer from 0 to {0}.', UINT32_MAX));
      }
      return Number(t.trim());
    },
  });
}

async function pickDType(settings: GenerateSettings): Promise<string> {
  const order = [settings.defaultDType, ...WEIGHT_FILE_DTYPES.filter((d) => d !== settings.defaultDType)];
  const chosen = ask(
    await vscode.window.showQuickPick(
      order.map((d) => ({ label: d, description: d === settings.defaultDType ? vscode.l10n.t('default') : undefined })),
      { title: vscode.l10n.t('Generate Weight File: dtype'), ignoreFocusOut: true },
    ),
  );
  return chosen.label;
}

async function pickFormat(
  settings: GenerateSettings,
  totalValues: number,
  layer: boolean,
): Promise<{ format: WeightFormat; compress: boolean }> {
  type Item = vscode.QuickPickItem & { readonly format: WeightFormat; readonly compress: boolean };
  const items: Item[] = [];
  for (const f of WEIGHT_FORMATS) {
    if (layer && !f.multiTensor) continue;
    if (f.text && totalValues > TEXT_FORMAT_MAX_VALUES) continue;
    items.push({ label: f.extensions[0], description: f.label, format: f.format, compress: false });
    if (f.format === 'npz') {
      items.push({
        label: `${f.extensions[0]}`,
        description: vscode.l10n.t('NumPy archive, compressed (savez_compressed)'),
        format: 'npz',
        compress: true,
      });
    }
  }
  const preferred = layer ? 'npz' : settings.defaultFormat;
  items.sort((a, b) => Number(b.format === preferred && !b.compress) - Number(a.format === preferred && !a.compress));
  const chosen = ask(
    await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Generate Weight File: format'), ignoreFocusOut: true }),
  );
  return { format: chosen.format, compress: chosen.compress };
}

async function pickLayer(): Promise<LayerClassName> {
  const chosen = ask(
    await vscode.window.showQuickPick(
      LAYER_CLASSES.map((c) => ({ label: c, detail: layerSummary(c) })),
      {
        title: vscode.l10n.t('Generate Weight File: layer'),
        placeHolder: vscode.l10n.t('The layer whose variables the file holds'),
        ignoreFocusOut: true,
      },
    ),
  );
  return chosen.label as LayerClassName;
}

function askLayerArgs(className: LayerClassName): Promise<Record<string, unknown>> {
  const kernelSize = className === 'Conv1D' ? '3' : className === 'Conv3D' ? '(3, 3, 3)' : '(3, 3)';
  const example: Record<string, string> = {
    units: '64',
    input_dim: '32',
    filters: '16',
    kernel_size: kernelSize,
    input_channels: '3',
    output_dim: '64',
  };
  const value = layerArguments(className)
    .filter((a) => a.required)
    .map((a) => `${a.name}=${example[a.name] ?? '1'}`)
    .join(', ');
  const all = layerArguments(className)
    .map((a) => a.name)
    .join(', ');
  return askParsed({
    title: vscode.l10n.t('Generate Weight File: {0} arguments', className),
    prompt: vscode.l10n.t('Keyword arguments, as in Python. {0} takes: {1}', className, all),
    value,
    parse: parseLayerArguments,
    check: (args) => validationMessage(() => planLayerFile({ layer: layerWeights(className, args, { seed: 0 }), format: 'npz' })),
  });
}

/** Where the save dialog opens: the active file's workspace folder, the first folder, or home (none in the browser). */
function defaultFolder(): vscode.Uri | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = (active !== undefined ? vscode.workspace.getWorkspaceFolder(active) : undefined) ?? vscode.workspace.workspaceFolders?.[0];
  if (folder !== undefined) return folder.uri;
  const home = homeFolder();
  return home !== undefined ? vscode.Uri.file(home) : undefined;
}

async function chooseTarget(defaultName: string, format: WeightFormat): Promise<{ target: vscode.Uri; overwrite: boolean }> {
  const info = WEIGHT_FORMATS.find((f) => f.format === format);
  const folder = defaultFolder();
  const target = ask(
    await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Generate Weight File'),
      saveLabel: vscode.l10n.t('Write Weights'),
      defaultUri: folder !== undefined ? vscode.Uri.joinPath(folder, defaultName) : undefined,
      filters: { [info?.label ?? format]: (info?.extensions ?? [extensionOf(format)]).map((e) => e.slice(1)) },
    }),
  );
  formatForTarget(fileName(target), format, format);
  // The save dialog asked before returning a file that exists: choosing it is the consent to replace it.
  return { target, overwrite: await uriExists(target).catch(() => false) };
}

/** Asks what the argument does not give. */
export async function interactiveJob(request: GenerateRequest, settings: GenerateSettings): Promise<Job> {
  let mode: 'tensor' | 'layer';
  if (request.layer !== undefined) mode = 'layer';
  else if (request.initializer !== undefined || request.shape !== undefined) mode = 'tensor';
  else {
    const single = vscode.l10n.t('One tensor');
    const chosen = ask(
      await vscode.window.showQuickPick(
        [
          { label: single, detail: vscode.l10n.t('An initializer and a shape: .npy, .npz, .safetensors, .json or .csv') },
          {
            label: vscode.l10n.t('A whole layer'),
            detail: vscode.l10n.t(
              "Every variable of Dense, Conv2D, LSTM, GRU, Embedding, BatchNormalization… with Keras's defaults, in one .npz or .safetensors",
            ),
          },
        ],
        { title: vscode.l10n.t('Generate Weight File'), ignoreFocusOut: true },
      ),
    );
    mode = chosen.label === single ? 'tensor' : 'layer';
  }
  if (mode === 'layer') {
    const className = request.layer?.className ?? (await pickLayer());
    const args = request.layer?.args ?? (await askLayerArgs(className));
    let layer = layerWeights(className, args, { seed: request.seed });
    if (layer.seedDrawn) {
      layer = layerWeights(className, args, {
        seed: await askSeed(layer.seed as number, vscode.l10n.t('Base seed of the layer (variable i gets seed + i)')),
      });
    }
    const dtype = request.dtype ?? (await pickDType(settings));
    const { format, compress } =
      request.format !== undefined ? { format: request.format, compress: request.compress } : await pickFormat(settings, 0, true);
    const plan = planLayerFile({ layer, format, dtype, compress });
    const { target, overwrite } = await chooseTarget(defaultLayerFileName(layer, format, dtype), format);
    return { plan, target, overwrite, layer, summary: `${layer.className}, ${layer.variables.length} variables, ${dtype}` };
  }
  const suggestion = editorSuggestion();
  const init = request.initializer ?? (await pickInitializer(suggestion));
  const shape = request.shape ?? (await pickShape(init, suggestion));
  let seed = request.seed;
  if (seed === undefined && isRandomInitializer(init) && init.config.seed === null) {
    seed = await askSeed(init.resolvedSeed as number, vscode.l10n.t('Seed of {0}', init.className));
  }
  const dtype = request.dtype ?? (await pickDType(settings));
  let total = 1;
  for (const d of shape) total *= d;
  const { format, compress } =
    request.format !== undefined ? { format: request.format, compress: request.compress } : await pickFormat(settings, total, false);
  const { initializer } = seededInitializer(init, { seed, callIndex: request.callIndex });
  // Planned first (every Keras check), so a bad combination fails before the save dialog.
  const plan = tensorPlan(initializer, shape, request.callIndex, dtype, format, compress);
  const { target, overwrite } = await chooseTarget(
    defaultTensorFileName({ initializer, shape, format, dtype, callIndex: request.callIndex }),
    format,
  );
  return { plan, target, overwrite, summary: tensorSummary(initializer, plan) };
}
