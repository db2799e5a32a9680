/**
 * `modelSummary(analysis, model)`: the rows of Keras's `model.summary()` as plain data — each layer
 * of `model.layers` with its output shape and parameter count, each weight with the law its
 * initializer draws from for that exact shape — and the totals Keras prints. `formatModelSummary`
 * renders them as a text table for terminals.
 */
import { describe, type DescribedLaw } from '../initializers/describe';
import type { KerasInitializer } from '../initializers/initializer';
import type { ClassName } from '../initializers/names';
import { shapeFits } from '../language/facts';
import { shapeText } from '../language/shapes';
import type { AnalyzedLayer, AnalyzedModel, AnalyzedWeight, ModelAnalysis } from './analyze';
import { initializerFromValue } from './initializerValue';
import type { Dim, Value, WeightSpec } from './types';

/** One weight of a summary row. */
export interface SummaryWeight {
  /** `kernel`, `bias`, `recurrent_kernel`... */
  readonly name: string;
  /** Keras's `variable.path`: `sequential/dense/kernel`. */
  readonly path: string;
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly trainable: boolean;
  /** Number of values (the product of the shape). */
  readonly params: number;
  /** The initializer as written (`'he_normal'`, `HeNormal(seed=42)`) or the default (`glorot_uniform (default)`). */
  readonly initializer: string | null;
  /** The Keras class it constructs (`HeNormal`), null when the reader cannot build it. */
  readonly initializerClass: string | null;
  /** The law of each value for this shape (`describe(initializer, shape)`), null when unknown. */
  readonly law: DescribedLaw | null;
  readonly fanIn: number | null;
  readonly fanOut: number | null;
  /** The `stddev` Keras passes to its sampler (for a truncated normal: before truncation). */
  readonly std: number | null;
  /** The bound of a symmetric uniform law. */
  readonly limit: number | null;
  /** The standard deviation of the values drawn (after truncation), when the law has a closed form. */
  readonly valuesStd: number | null;
  /** The law in a few words with its numbers: `truncated normal, stddev 0.0574 (values: std 0.0505)`. */
  readonly lawText: string | null;
  /** Why the law is not known (an initializer given by a variable, Keras's error for its arguments). */
  readonly lawUnknown: string | null;
}

/** One layer of `model.layers`, as a row of `model.summary()`. */
export interface SummaryRow {
  readonly name: string;
  readonly className: string;
  /** Batch dimension first (null), or null when unknown. */
  readonly outputShape: readonly Dim[] | null;
  /** `layer.count_params()`, null when unknown. */
  readonly params: number | null;
  /** Why the shapes or weights are unknown here. */
  readonly unknown: string | null;
  /** 1-based line of the layer's constructor call. */
  readonly line: number;
  readonly weights: readonly SummaryWeight[];
}

/** What `model.summary()` shows, as data. Parameter counts and bytes are null when some weight is unknown. */
export interface ModelSummary {
  /** Keras's model name (`sequential`, `functional_1`, a subclass's snake_case name). */
  readonly name: string;
  /** The variable the model is bound to. */
  readonly variable: string | null;
  readonly kind: 'sequential' | 'functional' | 'subclassed';
  /** 1-based line of the model's construction. */
  readonly line: number;
  readonly layers: readonly SummaryRow[];
  readonly totalParams: number | null;
  readonly trainableParams: number | null;
  readonly nonTrainableParams: number | null;
  /** Memory of the weights in bytes (`weight_memory_size`). */
  readonly totalBytes: number | null;
  readonly trainableBytes: number | null;
  readonly nonTrainableBytes: number | null;
  /** Why the totals are unknown. */
  readonly unknown: string | null;
}

const DTYPE_BYTES: Readonly<Record<string, number>> = { float16: 2, float32: 4, float64: 8, int32: 4, int64: 8 };

/** A number with 3 significant digits: `0.0505`, `1.2e-05`. */
function short(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  if (abs >= 1e-4 && abs < 1e6) return String(Number(x.toPrecision(3)));
  const [m, e] = x.toExponential(2).split('e');
  return `${String(Number(m))}e${e}`;
}

function lawText(init: KerasInitializer, law: DescribedLaw, valuesStd: number | undefined): string {
  switch (law.kind) {
    case 'truncated_normal': {
      const mean = law.mean === 0 ? '' : `mean ${short(law.mean)}, `;
      const values = valuesStd !== undefined ? ` (values: std ${short(valuesStd)})` : '';
      return `truncated normal, ${mean}stddev ${short(law.std)}${values}`;
    }
    case 'normal':
      return `normal, ${law.mean === 0 ? '' : `mean ${short(law.mean)}, `}std ${short(law.std)}`;
    case 'uniform':
      return law.low === -law.high ? `uniform, limit ${short(law.high)}` : `uniform on [${short(law.low)}, ${short(law.high)})`;
    case 'constant':
      return `constant ${short(law.value)}`;
    case 'empirical': {
      const spec = init.spec;
      if (spec.family === 'orthogonal') return `orthogonal, gain ${short(spec.gain)}`;
      if (spec.family === 'identity') return `identity, gain ${short(spec.gain)}`;
      if (spec.family === 'stft') return 'STFT kernel (windowed cosines or sines)';
      if (spec.family === 'base') return 'abstract Initializer (raises NotImplementedError)';
      return 'given values';
    }
  }
}

type LawFields = Pick<
  SummaryWeight,
  'initializerClass' | 'law' | 'fanIn' | 'fanOut' | 'std' | 'limit' | 'valuesStd' | 'lawText' | 'lawUnknown'
>;

const NO_LAW = { law: null, fanIn: null, fanOut: null, std: null, limit: null, valuesStd: null, lawText: null } as const;

/** Key of a Value without its source ranges (the same initializer written twice gives one key). */
function valueKey(value: Value): string {
  return JSON.stringify(value, (k, v: unknown) => (k === 'range' ? undefined : v));
}

/** Builds initializers and describes them on shapes, each once per summary. */
class LawCache {
  private readonly initializers = new Map<string, KerasInitializer | string>();
  private readonly laws = new Map<string, LawFields>();

  fields(spec: WeightSpec): LawFields {
    const key = valueKey(spec.initializer.value);
    const lawKey = `${key}|${spec.shape.join(',')}`;
    const cached = this.laws.get(lawKey);
    if (cached !== undefined) return cached;
    let init = this.initializers.get(key);
    if (init === undefined) {
      init = initializerFromValue(spec.initializer.value, { withSeed: false });
      this.initializers.set(key, init);
    }
    let fields: LawFields;
    if (typeof init === 'string') {
      fields = { initializerClass: null, ...NO_LAW, lawUnknown: init };
    } else if (init.className !== 'Tensor' && init.className !== 'Initializer' && !shapeFits(init.className as ClassName, spec.shape)) {
      fields = {
        initializerClass: init.className,
        ...NO_LAW,
        lawUnknown: `${init.className} cannot initialize a weight of rank ${spec.shape.length}`,
      };
    } else {
      const d = describe(init, spec.shape);
      fields = {
        initializerClass: init.className,
        law: d.law ?? null,
        fanIn: d.fanIn ?? null,
        fanOut: d.fanOut ?? null,
        std: d.std ?? null,
        limit: d.limit ?? null,
        valuesStd: d.expectedStd ?? null,
        lawText: d.law !== undefined ? lawText(init, d.law, d.expectedStd) : null,
        lawUnknown: d.law !== undefined ? null : d.formula,
      };
    }
    this.laws.set(lawKey, fields);
    return fields;
  }
}

function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

function summaryWeight(weight: AnalyzedWeight, laws: LawCache): SummaryWeight {
  const spec = weight.spec;
  return {
    name: weight.name,
    path: weight.path,
    shape: [...spec.shape],
    dtype: spec.dtype,
    trainable: weight.trainable,
    params: sizeOf(spec.shape),
    initializer: weight.initializer,
    ...laws.fields(spec),
  };
}

/** The layer entry of a model itself (it holds every weight of the model, its own ones included). */
function modelLayer(analysis: ModelAnalysis, model: AnalyzedModel): AnalyzedLayer | undefined {
  return analysis.layers.find((l) => l.range.start === model.range.start && l.range.end === model.range.end && l.name === model.name);
}

/**
 * The summary of one model of an analysis: its `model.layers` rows with their weights and laws, and
 * the totals of `model.summary()` (unique weights, as Keras counts them). Cheap: each distinct
 * initializer is built once and described once per shape.
 */
export function modelSummary(analysis: ModelAnalysis, model: AnalyzedModel): ModelSummary {
  const laws = new LawCache();
  const rows: SummaryRow[] = model.layers.map((index) => {
    const layer = analysis.layers[index];
    return {
      name: layer.name ?? '?',
      className: layer.className,
      outputShape: layer.outputShape,
      params: layer.params,
      unknown: layer.unknown ?? null,
      line: layer.line,
      weights: layer.weights.map((w) => summaryWeight(w, laws)),
    };
  });
  const self = modelLayer(analysis, model);
  const all: readonly AnalyzedWeight[] = self?.weights ?? model.layers.flatMap((i) => analysis.layers[i].weights);
  const known = model.params !== null && rows.every((r) => r.params !== null);
  let trainable = 0;
  let nonTrainable = 0;
  let trainableBytes = 0;
  let nonTrainableBytes = 0;
  const seen = new Set<WeightSpec>();
  for (const w of all) {
    if (seen.has(w.spec)) continue;
    seen.add(w.spec);
    const count = sizeOf(w.spec.shape);
    const bytes = count * (DTYPE_BYTES[w.spec.dtype] ?? 4);
    if (w.trainable) {
      trainable += count;
      trainableBytes += bytes;
    } else {
      nonTrainable += count;
      nonTrainableBytes += bytes;
    }
  }
  const unknown = known
    ? null
    : (model.unknown ?? rows.find((r) => r.unknown !== null)?.unknown ?? self?.unknown ?? 'some weights are not known');
  return {
    name: model.name,
    variable: model.variable ?? null,
    kind: model.kind,
    line: model.line,
    layers: rows,
    totalParams: known ? trainable + nonTrainable : null,
    trainableParams: known ? trainable : null,
    nonTrainableParams: known ? nonTrainable : null,
    totalBytes: known ? trainableBytes + nonTrainableBytes : null,
    trainableBytes: known ? trainableBytes : null,
    nonTrainableBytes: known ? nonTrainableBytes : null,
    unknown,
  };
}

/** Python's `'{:.2f}'.format(x)` for x = bytes / 1024^k: exact ties round half to even, as Python does. */
function fixed2(x: number, bytes: number, power: number): string {
  const text = x.toFixed(2);
  // x·200 an odd integer ⇔ x·100 ends in exactly .5: toFixed rounds those up, Python to even.
  const denominator = 1n << BigInt(10 * power);
  if (!Number.isSafeInteger(bytes)) return text;
  const numerator = BigInt(bytes) * 200n;
  if (numerator % denominator !== 0n) return text;
  const twice = numerator / denominator;
  if (twice % 2n === 0n) return text;
  const down = (twice - 1n) / 2n; // x·100 rounded down
  const hundredths = down % 2n === 0n ? down : down + 1n;
  const whole = hundredths / 100n;
  const frac = (hundredths % 100n).toString().padStart(2, '0');
  return `${whole.toString()}.${frac}`;
}

/** Keras's `readable_memory_size`: `795.04 KB`, `0.00 B`. */
export function readableMemorySize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let x = bytes;
  for (let k = 0; k < units.length; k++) {
    if (x / 1024 < 1) return `${fixed2(x, bytes, k)} ${units[k]}`;
    if (k < units.length - 1) x /= 1024;
  }
  return `${fixed2(x, bytes, units.length - 1)} ${units[units.length - 1]}`;
}

/** A count with thousands separators, as Python's `f"{n:,}"`. */
function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** An output shape as Keras's summary prints it: `(None, 28, 28, 1)`. */
export function kerasShapeText(shape: readonly Dim[] | null): string {
  if (shape === null) return '?';
  return `(${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')})`;
}

export interface FormatSummaryOptions {
  /** Draw the table with box-drawing characters (default) or plain ASCII. */
  readonly ascii?: boolean;
  /** List each layer's weights under it (default true). */
  readonly weights?: boolean;
  /** Where the model is, after its name (default: `variable, line N`); a notebook says which cell. */
  readonly where?: string;
}

/** Column widths of the weight lines, shared by the whole table so that they line up. */
interface WeightColumns {
  readonly name: number;
  readonly shape: number;
  readonly initializer: number;
}

/** Wider initializer texts than this are not padded to (a long call would push every law far right). */
const MAX_INITIALIZER_COLUMN = 28;

function weightColumns(rows: readonly SummaryRow[]): WeightColumns {
  let name = 0;
  let shape = 0;
  let initializer = 0;
  for (const r of rows) {
    for (const w of r.weights) {
      name = Math.max(name, w.name.length);
      shape = Math.max(shape, shapeText(w.shape).length);
      const init = (w.initializer ?? '?').length;
      if (init <= MAX_INITIALIZER_COLUMN) initializer = Math.max(initializer, init);
    }
  }
  return { name, shape, initializer };
}

/** One weight line: `kernel  (784, 256)  'he_normal'  — truncated normal, stddev 0.0574 (values: std 0.0505)`. */
function weightLine(w: SummaryWeight, columns: WeightColumns, ascii: boolean): string {
  const law = w.lawText ?? (w.lawUnknown !== null ? `law unknown: ${w.lawUnknown}` : 'law unknown');
  const frozen = w.trainable ? '' : ' [non-trainable]';
  const init = (w.initializer ?? '?').padEnd(columns.initializer);
  return `    ${w.name.padEnd(columns.name)}  ${shapeText(w.shape).padEnd(columns.shape)}  ${init} ${ascii ? '-' : '—'} ${law}${frozen}`;
}

/**
 * The summary as a text table for terminals, like Keras's `model.summary()`: one row per layer
 * (name (type), output shape, param #), its weights indented below with initializer and law, the
 * reason where something is unknown, then the total, trainable and non-trainable params.
 */
export function formatModelSummary(summary: ModelSummary, options: FormatSummaryOptions = {}): string {
  const ascii = options.ascii ?? false;
  const showWeights = options.weights ?? true;
  const header = ['Layer (type)', 'Output Shape', 'Param #'];
  const cells = summary.layers.map((r) => [
    `${r.name} (${r.className})`,
    kerasShapeText(r.outputShape),
    r.params !== null ? grouped(r.params) : '?',
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c].length)));
  const line = (row: readonly string[]): string =>
    `${row[0].padEnd(widths[0])}   ${row[1].padEnd(widths[1])}   ${row[2].padStart(widths[2])}`.trimEnd();
  const tableWidth = widths[0] + widths[1] + widths[2] + 6;
  const thick = (ascii ? '=' : '━').repeat(tableWidth);
  const thin = (ascii ? '-' : '─').repeat(tableWidth);
  const out: string[] = [];
  const where = options.where ?? `${summary.variable !== null ? `${summary.variable}, ` : ''}line ${summary.line}`;
  out.push(`Model: "${summary.name}" (${where})`);
  out.push(thick, line(header), thick);
  const columns = weightColumns(summary.layers);
  summary.layers.forEach((r, k) => {
    if (k > 0) out.push(thin);
    out.push(line(cells[k]));
    if (r.unknown !== null) out.push(`    ? ${r.unknown}`);
    if (showWeights) for (const w of r.weights) out.push(weightLine(w, columns, ascii));
  });
  if (summary.layers.length === 0) out.push('(no layers)');
  out.push(thick);
  const total = (label: string, count: number | null, bytes: number | null): string =>
    count === null || bytes === null ? `${label}: ?` : `${label}: ${grouped(count)} (${readableMemorySize(bytes)})`;
  out.push(total('Total params', summary.totalParams, summary.totalBytes));
  out.push(total('Trainable params', summary.trainableParams, summary.trainableBytes));
  out.push(total('Non-trainable params', summary.nonTrainableParams, summary.nonTrainableBytes));
  if (summary.unknown !== null) out.push(`Unknown: ${summary.unknown}`);
  return `${out.join('\n')}\n`;
}
