/**
 * One analysis of the panel's configuration: sample the first values of `initializer(shape, dtype)`
 * with the core's chunked stream, and compute what the views need, in two results so the histogram is
 * on screen before the slower parts:
 *  1. `distribution`: moments, a histogram (numpy.histogram's bins), the law's density and bounds;
 *  2. `details`: the KS distance, the heatmap's 2-D view and, for Orthogonal, ‖QᵀQ − I‖.
 * Runs in a worker or in slices on the main thread: it awaits `hooks.pause()` between chunks and stops
 * as soon as `hooks.isCurrent()` turns false (a newer job superseded it).
 */
import {
  accumulateHistogram,
  accumulateMoments,
  allocateTensorData,
  assertNever,
  chooseHistogramRange,
  createHistogram,
  createMoments,
  createSampleStream,
  describe,
  finalizeMoments,
  float16BitsToNumber,
  ksDistanceFromHistogram,
  lawHasDensity,
  lawPdfCurve,
  lawSupport,
  type DType,
  type Histogram,
  type InitializerDescription,
  type Law,
  type SampleStream,
} from '../../core/index';
import type { PreviewConfig } from '../../protocol/previewConfig';
import { extractHeatmap, planHeatmap, type HeatmapData } from './heatmap';
import { buildInitializer, callIndexOf, errorText } from './initializerFromConfig';
import { orthogonalityError, type OrthogonalityError } from './orthogonality';

/** Bins of the histogram the KS distance is read from (see ksDistanceFromHistogram's bracket). */
export const FINE_BINS = 65_536;
/** Bins sent for display: the KS histogram's bins merged; the chart merges them further to fit its width. */
export const DISPLAY_BINS = 512;
/** Points of the density curve. */
export const PDF_POINTS = 401;
/** Most cells per side of the heatmap. */
export const HEATMAP_MAX_SIDE = 512;
/** Values produced between two checks for a newer job. */
export const CHUNK = 1 << 16;
/**
 * Largest Orthogonal the preview computes, as rows · cols · min(rows, cols) (the cost of its QR):
 * 2^28 is a 4096 × 256 or 645 × 645 kernel, about a second here; larger ones are left to the generator.
 */
export const ORTHOGONAL_COST_LIMIT = 2 ** 28;
/**
 * P(√n · D ≤ 1.3581) = 0.95 under Kolmogorov's limiting distribution (scipy.special.kolmogi(0.05)):
 * the KS distance a sample truly drawn from the law stays under 95% of the time.
 */
export const KOLMOGOROV_95 = 1.3580986393225505;

export interface AnalysisRequest {
  readonly jobId: number;
  readonly config: PreviewConfig;
  /**
   * Bins of the KS histogram (a multiple of DISPLAY_BINS; default FINE_BINS). The in-page fallback
   * uses fewer: evaluating the law's cdf at 65,537 edges is one step it cannot split.
   */
  readonly fineBins?: number;
}

export interface Marker {
  readonly x: number;
  readonly label: string;
}

/** Closed-form values of the law (null where they do not apply) and the fans of the shape. */
export interface ExpectedValues {
  readonly mean: number | null;
  readonly std: number | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly fanIn: number | null;
  readonly fanOut: number | null;
}

export interface SampleMoments {
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly max: number;
  readonly nanCount: number;
  readonly infCount: number;
}

export interface DisplayHistogram {
  readonly lo: number;
  readonly hi: number;
  /** DISPLAY_BINS equal bins over [lo, hi]. */
  readonly counts: Float64Array;
  /** Values outside [lo, hi] (only when the sample has non-finite values). */
  readonly outside: number;
}

export interface DistributionResult {
  readonly kind: 'distribution';
  readonly jobId: number;
  /** The result's shape and dtype, as Keras returns them (STFT reshapes; Orthogonal float64 gives float32). */
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** Elements of the whole tensor, and how many of its first values were analysed. */
  readonly total: number;
  readonly n: number;
  readonly moments: SampleMoments;
  readonly expected: ExpectedValues;
  readonly law: Law | null;
  readonly formula: string;
  readonly histogram: DisplayHistogram | null;
  readonly pdf: { readonly x: Float64Array; readonly y: Float64Array } | null;
  /** Truncation bounds, uniform limits, or a constant's value. */
  readonly markers: readonly Marker[];
  readonly computeMs: number;
}

export interface KsSummary {
  /** D evaluated at the histogram's edges: a lower bound of the exact D. */
  readonly statistic: number;
  readonly upperBound: number;
  /** KOLMOGOROV_95 / √n. */
  readonly critical95: number;
  /** Bins of the histogram it was read from. */
  readonly bins: number;
}

export interface DetailsResult {
  readonly kind: 'details';
  readonly jobId: number;
  readonly ks: KsSummary | null;
  readonly heatmap: HeatmapData | null;
  readonly orthogonality: OrthogonalityError | null;
  readonly computeMs: number;
}

export interface FailureResult {
  readonly kind: 'failure';
  readonly jobId: number;
  readonly message: string;
}

export type AnalysisResult = DistributionResult | DetailsResult | FailureResult;

export interface AnalysisHooks {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Lets other work run (a newer job's message, the UI); called between chunks. */
  pause(): Promise<void>;
  /** False once a newer job was requested: the analysis then stops without a result. */
  isCurrent(): boolean;
  /** Receives each result as it is ready. */
  emit(result: AnalysisResult): void;
}

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The Orthogonal QR's cost, or undefined when the shape is not one Orthogonal takes (its own error is then shown). */
function orthogonalCost(shape: readonly number[]): number | undefined {
  if (shape.length < 2) return undefined;
  const rows = product(shape.slice(0, -1));
  const cols = shape[shape.length - 1];
  return rows * cols * Math.min(rows, cols);
}

function expectedValues(description: InitializerDescription, config: PreviewConfig): ExpectedValues {
  const law = description.law;
  const support = law !== undefined && law.kind !== 'empirical' ? lawSupport(law) : undefined;
  let mean = description.expectedMean ?? null;
  let std = description.expectedStd ?? null;
  let min = support !== undefined && Number.isFinite(support.lower) ? support.lower : null;
  let max = support !== undefined && Number.isFinite(support.upper) ? support.upper : null;
  if (config.className === 'Identity' && config.shape.length === 2) {
    // gain · I: k = min(rows, cols) cells equal gain, the others 0.
    const gain = typeof config.args.gain === 'number' ? config.args.gain : 1;
    const size = config.shape[0] * config.shape[1];
    const k = Math.min(config.shape[0], config.shape[1]);
    if (size > 0) {
      mean = (gain * k) / size;
      std = Math.sqrt(Math.max(0, (gain * gain * k) / size - mean * mean));
      min = k < size ? Math.min(0, gain) : gain;
      max = k < size ? Math.max(0, gain) : gain;
    }
  }
  return { mean, std, min, max, fanIn: description.fanIn ?? null, fanOut: description.fanOut ?? null };
}

function markersOf(law: Law | null): Marker[] {
  if (law === null) return [];
  switch (law.kind) {
    case 'truncated_normal':
      return [
        { x: law.lower, label: '−2σ' },
        { x: law.upper, label: '+2σ' },
      ];
    case 'uniform':
      return [
        { x: law.low, label: 'low' },
        { x: law.high, label: 'high' },
      ];
    case 'constant':
      return [{ x: law.value, label: 'value' }];
    case 'normal':
    case 'empirical':
      return [];
    default:
      return assertNever(law);
  }
}

/** Merges `fine` counts into `bins` equal groups (bins must divide the fine count). */
export function mergeBins(fine: ArrayLike<number>, bins: number): Float64Array {
  const factor = fine.length / bins;
  if (!Number.isInteger(factor) || factor < 1) throw new Error(`cannot merge ${fine.length} bins into ${bins}`);
  const out = new Float64Array(bins);
  for (let b = 0; b < bins; b++) {
    let s = 0;
    for (let k = b * factor, end = k + factor; k < end; k++) s += fine[k];
    out[b] = s;
  }
  return out;
}

/** Reads float16 bit patterns as numbers (stats need values, not bits). */
function widenFloat16(bits: Uint16Array, out: Float32Array, start: number, end: number): void {
  for (let i = start; i < end; i++) out[i] = float16BitsToNumber(bits[i]);
}

/**
 * Runs the analysis; results go to `hooks.emit`. Resolves when done or superseded; never throws
 * (a failure is emitted as a `failure` result with Keras's message when Keras has one).
 */
export async function runAnalysis(request: AnalysisRequest, hooks: AnalysisHooks): Promise<void> {
  const { jobId, config } = request;
  const started = hooks.now();
  const fail = (e: unknown): void => hooks.emit({ kind: 'failure', jobId, message: errorText(e) });

  const built = buildInitializer(config);
  if (!built.ok) return hooks.emit({ kind: 'failure', jobId, message: built.error.message });
  const init = built.initializer;
  if (config.className === 'Orthogonal') {
    const cost = orthogonalCost(config.shape);
    if (cost !== undefined && cost > ORTHOGONAL_COST_LIMIT) {
      return hooks.emit({
        kind: 'failure',
        jobId,
        message: `Orthogonal of shape (${config.shape.join(', ')}) needs a QR too large to preview here; the generate command writes it.`,
      });
    }
  }
  let stream: SampleStream;
  let description: InitializerDescription;
  try {
    stream = createSampleStream(init, config.shape, { dtype: config.dtype, callIndex: callIndexOf(config) });
    description = describe(init, config.shape);
  } catch (e) {
    return fail(e);
  }

  // Orthogonal is analysed whole: its orthogonality is a property of the whole matrix.
  const n = config.className === 'Orthogonal' ? stream.length : Math.min(stream.length, config.sampleSize);
  const storage = allocateTensorData(stream.dtype, n);
  const values: ArrayLike<number> = storage instanceof Uint16Array ? new Float32Array(n) : storage;
  const moments = createMoments();
  try {
    for (let offset = 0; offset < n;) {
      const count = stream.fill(storage, offset, Math.min(CHUNK, n - offset));
      if (storage instanceof Uint16Array) widenFloat16(storage, values as Float32Array, offset, offset + count);
      accumulateMoments(moments, values, offset, offset + count);
      offset += count;
      await hooks.pause();
      if (!hooks.isCurrent()) return;
    }
  } catch (e) {
    return fail(e);
  }
  const m = finalizeMoments(moments);
  const law: Law | null = description.law !== undefined && description.law.kind !== 'empirical' ? description.law : null;

  let fine: Histogram | undefined;
  let histogram: DisplayHistogram | null = null;
  let pdf: DistributionResult['pdf'] = null;
  if (n > 0 && Number.isFinite(m.min) && Number.isFinite(m.max)) {
    const range = chooseHistogramRange({ law: law ?? undefined, data: { min: m.min, max: m.max } });
    const bins = request.fineBins ?? FINE_BINS;
    fine = createHistogram({ lo: range.lo, hi: range.hi, bins: bins % DISPLAY_BINS === 0 && bins > 0 ? bins : FINE_BINS });
    for (let offset = 0; offset < n; offset += CHUNK) {
      accumulateHistogram(fine, values, offset, Math.min(n, offset + CHUNK));
      await hooks.pause();
      if (!hooks.isCurrent()) return;
    }
    histogram = { lo: fine.lo, hi: fine.hi, counts: mergeBins(fine.counts, DISPLAY_BINS), outside: fine.below + fine.above + fine.nan };
    if (law !== null && lawHasDensity(law)) pdf = lawPdfCurve(law, fine.lo, fine.hi, PDF_POINTS);
  }
  hooks.emit({
    kind: 'distribution',
    jobId,
    shape: [...stream.shape],
    dtype: stream.dtype,
    total: stream.length,
    n,
    moments: { mean: m.mean, std: m.std, min: m.min, max: m.max, nanCount: m.nanCount, infCount: m.infCount },
    expected: expectedValues(description, config),
    law,
    formula: description.formula,
    histogram,
    pdf,
    markers: markersOf(law),
    computeMs: hooks.now() - started,
  });
  await hooks.pause();
  if (!hooks.isCurrent()) return;

  const detailsStarted = hooks.now();
  let ks: KsSummary | null = null;
  // A continuous law only: int32 casts make the values discrete, a point mass has no density.
  if (fine !== undefined && law !== null && lawHasDensity(law) && stream.dtype !== 'int32') {
    const result = ksDistanceFromHistogram(fine, law);
    ks = { statistic: result.statistic, upperBound: result.upperBound, critical95: KOLMOGOROV_95 / Math.sqrt(n), bins: fine.bins };
  }
  const heatmap = n > 0 ? extractHeatmap(planHeatmap(stream.shape, n, HEATMAP_MAX_SIDE), values) : null;
  let orthogonality: OrthogonalityError | null = null;
  if (config.className === 'Orthogonal' && stream.shape.length >= 2 && n === stream.length) {
    const cols = stream.shape[stream.shape.length - 1];
    const rows = cols === 0 ? 0 : n / cols;
    const gain = typeof config.args.gain === 'number' ? config.args.gain : 1;
    // Keras multiplies Q by gain in float32.
    orthogonality = orthogonalityError(values, rows, cols, Math.fround(gain)) ?? null;
  }
  hooks.emit({ kind: 'details', jobId, ks, heatmap, orthogonality, computeMs: hooks.now() - detailsStarted });
}
