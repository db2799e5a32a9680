/**
 * analyzeModels against real Keras 3: every model file of test/fixtures/keras-models, compared
 * layer by layer (model.layers order and Keras names) on weight paths and shapes, output shapes,
 * parameter counts, and model totals. A confidently different answer fails; an unknown is allowed
 * where the reference says a static reader cannot know, or where listed below with the reason.
 * models/public/ holds model code copied from public repositories; it gets its own summary line.
 */
import * as assert from 'node:assert/strict';
import { analyzeModels, type AnalyzedLayer, type AnalyzedModel, type ModelAnalysis } from '../../src/core/index';
import { loadModelReference, modelSource, type LayerRef, type ModelFileRef, type ModelRef } from './modelReferenceSupport';

/** Unknowns the reader is allowed, per file, with why. Everything else must be exact. */
const ALLOWED_UNKNOWN: Readonly<Record<string, string>> = {
  'models/runtime_data.py': 'the input width comes from a CSV file read at run time',
  'models/imported_block.py': 'the block comes from models/lib, another file the reader does not open',
  'models/transformer_block.py': 'a custom layer defining compute_output_shape() without build() is built by tracing call()',
  'models/subclassed_residual.py': 'custom layers defining compute_output_shape() are built only partly by Keras',
  'models/subclassed_conv_model.py': 'Keras 3 model.build() on a subclassed model builds no layer',
  'models/subclassed_mlp.py': 'Keras 3 model.build() on a subclassed model builds no layer',
  'models/applications_backbone.py': 'a keras.applications model is built by Keras code the reader does not run',
};

type Verdict = { kind: 'exact' } | { kind: 'unknown'; reason: string } | { kind: 'wrong'; reason: string };

function sameShape(a: readonly (number | null)[] | null | undefined, b: readonly (number | null)[] | null | undefined): boolean {
  return a != null && b != null && a.length === b.length && a.every((d, k) => d === b[k]);
}

function shapeText(s: readonly (number | null)[] | null | undefined): string {
  return s == null ? 'unknown' : `(${s.map((d) => (d === null ? 'None' : String(d))).join(', ')})`;
}

function compareLayer(ref: LayerRef, mine: AnalyzedLayer | undefined): Verdict {
  if (mine === undefined) return { kind: 'wrong', reason: `missing layer ${ref.name}` };
  if (mine.name !== ref.name) return { kind: 'wrong', reason: `name ${mine.name}, Keras ${ref.name}` };
  const refClass = ref.class === 'Functional' ? 'Functional' : ref.class;
  if (mine.className !== refClass) return { kind: 'wrong', reason: `class ${mine.className}, Keras ${refClass}` };
  const problems: string[] = [];
  let unknownReason: string | undefined;
  const refOutput = ref.calls[0]?.outputs[0];
  if (refOutput !== undefined && ref.shapes_from !== null) {
    if (mine.outputShape === null) unknownReason ??= mine.unknown ?? 'output shape unknown';
    else if (!sameShape(mine.outputShape, refOutput)) problems.push(`output ${shapeText(mine.outputShape)}, Keras ${shapeText(refOutput)}`);
  }
  const refWeights = ref.weights ?? [];
  if (mine.params === null) {
    unknownReason ??= mine.unknown ?? 'weights unknown';
  } else {
    if (ref.count_params !== null && mine.params !== ref.count_params) problems.push(`params ${mine.params}, Keras ${ref.count_params}`);
    const mineText = mine.weights.map((w) => `${w.path} ${shapeText(w.shape)}`);
    const refText = refWeights.map((w) => `${w.path} ${shapeText(w.shape)}`);
    if (mineText.join('\n') !== refText.join('\n')) problems.push(`weights [${mineText.join('; ')}], Keras [${refText.join('; ')}]`);
  }
  if (problems.length > 0) return { kind: 'wrong', reason: problems.join('; ') };
  return unknownReason !== undefined ? { kind: 'unknown', reason: unknownReason } : { kind: 'exact' };
}

function findModel(analysis: ModelAnalysis, ref: ModelRef): AnalyzedModel | undefined {
  const names = [ref.variable, ...ref.aliases];
  return (
    analysis.models.find((m) => m.variable !== undefined && names.includes(m.variable)) ?? analysis.models.find((m) => m.name === ref.name)
  );
}

interface Tally {
  exact: number;
  wrong: string[];
  unknown: string[];
  unexpectedUnknown: string[];
  modelsEqual: number;
  models: number;
}

function checkFile(file: ModelFileRef, tally: Tally): void {
  const analysis = analyzeModels(modelSource(file));
  const allowed =
    ALLOWED_UNKNOWN[file.source] ??
    (file.error?.backend_limitation === true ? 'the numpy oracle could not run this file to the end' : undefined);
  const limited = file.error?.backend_limitation === true;
  for (const model of file.models) {
    tally.models++;
    const where = `${file.source} ${model.variable}`;
    const mine = findModel(analysis, model);
    if (mine === undefined) {
      for (const layer of model.layers) recordUnknown(tally, `${where}/${layer.name}`, 'model not found', allowed);
      if (model.layers.length === 0) recordUnknown(tally, where, 'model not found', allowed);
      continue;
    }
    const modelUnknown = mine.params === null && allowed !== undefined;
    if (modelUnknown && mine.layers.length === 0) {
      for (const layer of model.layers) recordUnknown(tally, `${where}/${layer.name}`, mine.unknown ?? 'model unknown', allowed);
      continue;
    }
    if (mine.name !== model.name) tally.wrong.push(`${where}: model name ${mine.name}, Keras ${model.name}`);
    const mineLayers = mine.layers.map((i) => analysis.layers[i]);
    if (mineLayers.length !== model.layers.length) {
      tally.wrong.push(
        `${where}: ${mineLayers.length} layers [${mineLayers.map((l) => l.name).join(', ')}], Keras ${model.layers.length} [${model.layers.map((l) => l.name).join(', ')}]`,
      );
    }
    model.layers.forEach((layer, k) => {
      const verdict = compareLayer(layer, mineLayers[k]);
      const at = `${where}/${layer.name}`;
      if (verdict.kind === 'exact') tally.exact++;
      else if (verdict.kind === 'wrong' && limited) recordUnknown(tally, at, `the oracle could not finish: ${verdict.reason}`, allowed);
      else if (verdict.kind === 'wrong') tally.wrong.push(`${at}: ${verdict.reason}`);
      else recordUnknown(tally, at, verdict.reason, allowed);
    });
    const optimizer = compareOptimizer(model, mine);
    if (optimizer !== undefined) tally.wrong.push(`${where}: ${optimizer}`);
    if (mine.params !== null && model.count_params !== null) {
      if (mine.params === model.count_params) tally.modelsEqual++;
      else if (limited) recordUnknown(tally, where, `the oracle could not finish: params ${mine.params}`, allowed);
      else tally.wrong.push(`${where}: model params ${mine.params}, Keras ${model.count_params}`);
    }
  }
}

function newTally(): Tally {
  return { exact: 0, wrong: [], unknown: [], unexpectedUnknown: [], modelsEqual: 0, models: 0 };
}

function addTally(into: Tally, one: Tally): void {
  into.exact += one.exact;
  into.wrong.push(...one.wrong);
  into.unknown.push(...one.unknown);
  into.unexpectedUnknown.push(...one.unexpectedUnknown);
  into.modelsEqual += one.modelsEqual;
  into.models += one.models;
}

function summaryLine(t: Tally): string {
  const layers = t.exact + t.wrong.length + t.unknown.length;
  return (
    `${t.exact}/${layers} layers exact, ${t.wrong.length} wrong, ${t.unknown.length} unknown; ` +
    `params equal for ${t.modelsEqual}/${t.models} models`
  );
}

/**
 * The optimizer `model.compile()` left (Keras's default RMSprop when none is given), by class — the
 * string identifiers ('adam', 'rmsprop') name the same classes — and its learning rate where known.
 */
function compareOptimizer(ref: ModelRef, mine: AnalyzedModel): string | undefined {
  const theirs = ref.optimizer;
  const ours = mine.optimizer;
  if (theirs === null && ours === undefined) return undefined;
  if (theirs === null || ours === undefined) return `optimizer ${ours?.className ?? 'none'}, Keras ${theirs?.class_name ?? 'none'}`;
  if (ours.className.toLowerCase() !== theirs.class_name.toLowerCase()) return `optimizer ${ours.className}, Keras ${theirs.class_name}`;
  const rate = ours.learningRate;
  // Keras holds the learning rate in a float32 variable.
  if ((rate?.kind === 'float' || rate?.kind === 'int') && Math.fround(rate.value) !== theirs.learning_rate) {
    return `learning rate ${rate.value}, Keras ${theirs.learning_rate}`;
  }
  return undefined;
}

function recordUnknown(tally: Tally, at: string, reason: string, allowed: string | undefined): void {
  tally.unknown.push(`${at}: ${reason}`);
  if (allowed === undefined) tally.unexpectedUnknown.push(`${at}: ${reason}`);
}

suite('model reader vs real Keras', () => {
  test('every reference model: layers, shapes, weights and parameter counts', function () {
    this.timeout(60_000);
    const reference = loadModelReference();
    const tally = newTally();
    const publicTally = newTally();
    for (const file of reference.files) {
      const one = newTally();
      checkFile(file, one);
      for (const t of file.source.startsWith('models/public/') ? [tally, publicTally] : [tally]) addTally(t, one);
    }
    console.log(`      reader vs Keras: ${summaryLine(tally)}`);
    console.log(`      public code: ${summaryLine(publicTally)}`);
    for (const u of tally.unknown) console.log(`        unknown: ${u}`);
    assert.deepEqual(tally.wrong, [], 'the reader gives answers that differ from Keras');
    assert.deepEqual(tally.unexpectedUnknown, [], 'the reader gives up where it should know');
  });

  test("Keras's build-time errors: the reader reports each one on its line, with Keras's message, and no other", () => {
    const reference = loadModelReference();
    const differences: string[] = [];
    let raised = 0;
    for (const file of reference.files) {
      const text = modelSource(file);
      const mine = analyzeModels(text).problems.map((p) => `line ${lineOfOffset(text, p.range.start)}: ${p.pythonType}: ${p.message}`);
      const error = file.error;
      // Stand-ins for packages Keras does not need here raise where real Keras would compute on.
      if (error !== null && error.backend_limitation) continue;
      const expected = error === null ? [] : [`line ${error.line}: ${error.type}: ${callMessage(error.message)}`];
      if (error !== null) raised++;
      if (mine.join('\n') !== expected.join('\n')) {
        differences.push(`${file.source}: reader ${JSON.stringify(mine)}, Keras ${JSON.stringify(expected)}`);
      }
    }
    assert.ok(raised >= 7, `the reference holds ${raised} files Keras refuses to build`);
    assert.deepEqual(differences, []);
  });
});

/** 1-based line of an offset. */
function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let k = text.indexOf('\n'); k !== -1 && k < offset; k = text.indexOf('\n', k + 1)) line++;
  return line;
}

/** Keras wraps an error raised in call() as "Exception encountered when calling X.call().\n\n<message>\n\nArguments...". */
function callMessage(message: string): string {
  const wrapped = /^Exception encountered when calling [^\n]*\n\n([\s\S]*?)(\n\n|$)/.exec(message);
  return wrapped !== null ? wrapped[1] : message;
}
