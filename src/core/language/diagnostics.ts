/**
 * Problems Keras would report for the initializers of a Python file, found without running it, with
 * quick fixes as text edits: unknown ids ("did you mean"), constructor arguments Keras rejects
 * (mode, distribution, scale, seed, unknown keywords), Identity on a weight that is not 2-D,
 * Orthogonal on a rank-1 weight, tf.keras-2-only names, and one seeded instance passed to several
 * layers (Keras 3 gives them identical values), and what Keras raises when it builds the file's
 * models (incompatible shapes in Add or Concatenate, a Conv2D on a rank-2 input...). Messages quote
 * Keras where Keras has one.
 */
import { documentFor } from '../python/document';
import { modelAnalysis, withModelShape } from '../model/initializerShape';
import { findAllInitializers } from '../python/findAllInitializers';
import type { InitializerExpression, LayerContext, SharedInstance, SourceRange } from '../python/types';
import { constructionError, isMissingConstantValue, keras3NameOf } from './facts';
import { kerasShapeError } from './shapes';
import { englishText, type Translate } from './translate';
import { suggestionsFor, unknownNameMessage } from './unknownId';

/** Every rule, each of which the user can turn off. */
export const RULES = [
  'unknownId',
  'invalidArgument',
  'identityShape',
  'orthogonalRank',
  'keras2Name',
  'sharedSeededInstance',
  'modelBuild',
] as const;

export type RuleId = (typeof RULES)[number];

export type Severity = 'error' | 'warning' | 'information';

export interface SourceEdit {
  readonly range: SourceRange;
  readonly newText: string;
}

export interface LintFix {
  readonly title: string;
  readonly edits: readonly SourceEdit[];
  /** The fix most likely wanted (VS Code applies it with "Auto LintFix"). */
  readonly preferred?: boolean;
}

export interface LintRelated {
  readonly range: SourceRange;
  readonly message: string;
}

export interface LintProblem {
  readonly rule: RuleId;
  readonly severity: Severity;
  readonly range: SourceRange;
  readonly message: string;
  readonly fixes: readonly LintFix[];
  readonly related?: readonly LintRelated[];
}

export interface LintOptions {
  /** Rules set to false are not checked (all are on by default). */
  readonly rules?: Readonly<Partial<Record<RuleId, boolean>>>;
  readonly t?: Translate;
}

/** The weight a layer context describes, for messages: "Conv2D kernel". */
function weightName(layer: LayerContext): string {
  return layer.weight !== undefined ? `${layer.name} ${layer.weight}` : layer.name;
}

/** Where to report a problem with the initializer itself: its name (or a string's content). */
function nameRange(expr: InitializerExpression): SourceRange {
  return expr.nameRange.end > expr.nameRange.start ? expr.nameRange : expr.range;
}

function unknownId(expr: InitializerExpression, t: Translate): LintProblem | undefined {
  const name = expr.unknownId;
  if (name === undefined) return undefined;
  // A default in the user's own signature (`def __init__(self, kernel_initializer="gaussian")`) is
  // read by their code, not by Keras: not Keras's to judge.
  if (expr.context?.kind === 'parameterDefault') return undefined;
  const suggestions = suggestionsFor(expr, name);
  const hint = suggestions.length > 0 ? ` ${t('(did you mean {0}?)', suggestions.map((s) => `'${s}'`).join(', '))}` : '';
  return {
    rule: 'unknownId',
    severity: 'error',
    range: nameRange(expr),
    message: `${unknownNameMessage(expr, name)}${hint}`,
    fixes: suggestions.map((s, i) => ({
      title: t('Change to {0}', `'${s}'`),
      edits: [{ range: nameRange(expr), newText: s }],
      ...(i === 0 ? { preferred: true } : {}),
    })),
  };
}

function invalidArgument(expr: InitializerExpression, t: Translate): LintProblem | undefined {
  const found = constructionError(expr);
  if (found === undefined) return undefined;
  const error = found.error;
  const range = found.argument?.range ?? nameRange(expr);
  const hint =
    expr.className !== undefined && isMissingConstantValue(expr.className, error)
      ? ` ${t('(Constant needs a value: write keras.initializers.Constant(value=...))')}`
      : '';
  return {
    rule: 'invalidArgument',
    severity: 'error',
    range,
    message: `${error.kerasType !== undefined ? `${error.kerasType}: ` : ''}${error.message}${hint}`,
    fixes: [],
  };
}

/** Where the initializer is used: the variable at the use site when it was reached through one. */
function useRange(expr: InitializerExpression): SourceRange {
  return expr.via?.range ?? expr.range;
}

/** Identity on a weight that is not 2-D, Orthogonal on one of rank < 2: Keras raises when the layer is built. */
function shapeRule(expr: InitializerExpression, t: Translate): LintProblem | undefined {
  const layer = expr.layer;
  if (expr.className === undefined || layer?.shape === undefined) return undefined;
  const keras = kerasShapeError(expr.className, layer.shape);
  if (keras === undefined) return undefined;
  return {
    rule: expr.className === 'Identity' ? 'identityShape' : 'orthogonalRank',
    severity: 'error',
    range: useRange(expr),
    message: `ValueError: ${keras} ${t('({0} has rank {1}; Keras raises this when the layer is built.)', weightName(layer), layer.shape.length)}`,
    fixes: [],
  };
}

/** Whether a Keras 2 name sits where Keras 3 itself reads it (then it fails for sure). */
function readByKeras3(expr: InitializerExpression, text: string): boolean {
  if (expr.module !== undefined) return expr.module.startsWith('keras');
  const imports = documentFor(text).imports.list;
  const usesKeras3 = imports.some((b) => b.path === 'keras' || b.path.startsWith('keras.'));
  const usesTf = imports.some((b) => b.path === 'tensorflow' || b.path.startsWith('tensorflow.') || b.path.startsWith('tf_keras'));
  return usesKeras3 && !usesTf;
}

function keras2Name(expr: InitializerExpression, text: string, t: Translate): LintProblem | undefined {
  const old = expr.keras2Name;
  if (old === undefined) return undefined;
  const renamed = keras3NameOf(old);
  const range = nameRange(expr);
  const attribute = expr.form === 'call' || expr.form === 'reference';
  const kerasText = attribute
    ? `module '${expr.module ?? 'keras.initializers'}' has no attribute '${old}'`
    : `Could not interpret initializer identifier: ${old}`;
  // A bare name imported from a module is renamed at the import too; the use site alone would break it.
  const importedBare = attribute && expr.qualifier === '' && expr.module !== undefined;
  return {
    rule: 'keras2Name',
    severity: readByKeras3(expr, text) ? 'error' : 'warning',
    range,
    message: t(
      '{0} is a tf.keras 2.x name that Keras 3 does not accept ({1}); use {2}.',
      `'${old}'`,
      kerasText,
      `'${renamed ?? expr.className ?? ''}'`,
    ),
    fixes:
      renamed !== undefined && !importedBare
        ? [{ title: t('Rename to {0}', `'${renamed}'`), edits: [{ range, newText: renamed }], preferred: true }]
        : [],
  };
}

/** How the file reaches `keras.random.SeedGenerator`, and the import to add when nothing does. */
function seedGeneratorSpelling(text: string): { name: string; importEdit?: SourceEdit } | undefined {
  const doc = documentFor(text);
  let tfLocal: string | undefined;
  let tfKeras: string | undefined;
  for (const b of doc.imports.list) {
    if (b.path === 'keras') return { name: `${b.local}.random.SeedGenerator` };
    if (b.path === 'keras.random') return { name: `${b.local}.SeedGenerator` };
    if (b.path === 'keras.random.SeedGenerator') return { name: b.local };
    if (b.path === 'tensorflow') tfLocal ??= b.local;
    if (b.path === 'tensorflow.keras') tfKeras ??= b.local;
    if (b.path === 'tf_keras') return undefined; // Keras 2: there is no SeedGenerator
  }
  // TensorFlow 2.16+ ships Keras 3 as tf.keras, which has keras.random.
  if (tfKeras !== undefined) return { name: `${tfKeras}.random.SeedGenerator` };
  if (tfLocal !== undefined) return { name: `${tfLocal}.keras.random.SeedGenerator` };
  return { name: 'keras.random.SeedGenerator', importEdit: { range: importPosition(text), newText: 'import keras\n' } };
}

/** Before the first top-level import that is not `from __future__`, else after leading comments. */
function importPosition(text: string): SourceRange {
  const lines = text.split('\n');
  let offset = 0;
  let afterComments: number | undefined;
  for (const line of lines) {
    if (/^(import|from)\s/.test(line) && !/^from\s+__future__\b/.test(line)) return { start: offset, end: offset };
    if (afterComments === undefined && !line.startsWith('#')) afterComments = offset;
    offset += line.length + 1;
  }
  const at = afterComments ?? 0;
  return { start: at, end: at };
}

/** The call's source text with its seed replaced (or added): `HeNormal(seed=42)` → `HeNormal(seed=43)`. */
function withSeed(text: string, expr: InitializerExpression, seedText: string): string {
  const start = expr.range.start;
  const source = text.slice(start, expr.range.end);
  const seed = expr.argList.find((a) => a.name === 'seed');
  if (seed !== undefined) {
    return source.slice(0, seed.valueRange.start - start) + seedText + source.slice(seed.valueRange.end - start);
  }
  const close = source.lastIndexOf(')');
  if (close < 0) return source;
  const before = source.slice(0, close).trimEnd();
  const sep = before.endsWith('(') || before.endsWith(',') ? (before.endsWith(',') ? ' ' : '') : ', ';
  return `${before}${sep}seed=${seedText}${source.slice(close)}`;
}

function sharedInstance(shared: SharedInstance, text: string, t: Translate): LintProblem[] {
  if (shared.identicalValues !== true) return [];
  const init = shared.initializer;
  const className = init.className ?? init.name;
  const seedWords = shared.seed.kind === 'int' ? t('seed={0}', shared.seed.value) : t('no seed');
  const inLoop = shared.uses.some((u) => u.inLoop);
  const layers = shared.uses.length;
  const fixes: LintFix[] = [];
  const spelling = seedGeneratorSpelling(text);
  if (spelling !== undefined) {
    const seedText = `${spelling.name}(${shared.seed.kind === 'int' ? shared.seed.value : ''})`;
    const edits: SourceEdit[] = [{ range: init.range, newText: withSeed(text, init, seedText) }];
    if (spelling.importEdit !== undefined) edits.unshift(spelling.importEdit);
    fixes.push({ title: t('Seed {0} with {1} (fresh values on each call)', shared.variable, seedText), edits, preferred: true });
  }
  if (!inLoop && init.form === 'call') {
    const base = shared.seed.kind === 'int' ? shared.seed.value : undefined;
    const edits = shared.uses.map((u, i) => ({
      range: u.range,
      // An unseeded instance per layer draws its own seed; an int seed becomes seed, seed + 1, ...
      newText: base === undefined ? text.slice(init.range.start, init.range.end) : withSeed(text, init, String(base + i)),
    }));
    const title =
      base === undefined
        ? t('Create a new {0} for each layer', className)
        : t('Create a {0} per layer with seeds {1}', className, shared.uses.map((_, i) => base + i).join(', '));
    fixes.push({ title, edits });
  }
  const message = inLoop
    ? t(
        '{0} ({1}, {2}) is passed to layers created in a loop: Keras 3 returns identical values on every call of an instance with an int seed or no seed, so every iteration gets identical weights. Use a keras.random.SeedGenerator seed or create one initializer per layer.',
        shared.variable,
        className,
        seedWords,
      )
    : t(
        '{0} ({1}, {2}) is passed to {3} layers: Keras 3 returns identical values on every call of an instance with an int seed or no seed, so these weights are identical. Use a keras.random.SeedGenerator seed or distinct seeds.',
        shared.variable,
        className,
        seedWords,
        layers,
      );
  return shared.uses.map((u) => ({
    rule: 'sharedSeededInstance',
    severity: 'warning',
    range: u.range,
    message,
    fixes,
    related: [
      { range: init.range, message: t('{0} is created here', shared.variable) },
      ...shared.uses
        .filter((o) => o !== u)
        .map((o) => ({
          range: o.range,
          message: o.layer !== undefined ? t('also initializes {0}', weightName(o.layer)) : t('also used here'),
        })),
    ],
  }));
}

/** What Keras raises while building the file's models, on the layer call that raises it. */
function modelBuild(text: string, t: Translate): LintProblem[] {
  let problems;
  try {
    problems = modelAnalysis(text).problems;
  } catch {
    return [];
  }
  return problems.map((p) => ({
    rule: 'modelBuild',
    severity: 'error',
    range: p.range,
    message: `${p.pythonType}: ${p.message} ${t('(Keras raises this when the model is built.)')}`,
    fixes: [],
  }));
}

/** Every problem in a Python text, in source order. Never throws on any text. */
export function lintInitializers(text: string, options: LintOptions = {}): LintProblem[] {
  const t = options.t ?? englishText;
  const on = (rule: RuleId): boolean => options.rules?.[rule] ?? true;
  const all = findAllInitializers(text);
  const problems: LintProblem[] = [];
  for (const written of all.expressions) {
    // Identity and Orthogonal depend on the weight's rank, which the file's model may make known.
    const ranked =
      (written.className === 'Identity' && on('identityShape')) || (written.className === 'Orthogonal' && on('orthogonalRank'));
    const expr = ranked ? withModelShape(text, written) : written;
    const found = [
      on('unknownId') ? unknownId(expr, t) : undefined,
      on('keras2Name') ? keras2Name(expr, text, t) : undefined,
      on('invalidArgument') ? invalidArgument(expr, t) : undefined,
      expr.className === 'Identity' && on('identityShape') ? shapeRule(expr, t) : undefined,
      expr.className === 'Orthogonal' && on('orthogonalRank') ? shapeRule(expr, t) : undefined,
    ];
    for (const p of found) if (p !== undefined) problems.push(p);
  }
  if (on('sharedSeededInstance')) {
    for (const shared of all.sharedInstances) problems.push(...sharedInstance(shared, text, t));
  }
  if (on('modelBuild')) problems.push(...modelBuild(text, t));
  problems.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  return problems;
}
