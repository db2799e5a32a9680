/**
 * Fixed-width histograms with numpy.histogram's edge rule, filled in chunks into a caller-owned
 * counts buffer, plus the helpers a chart needs: a range from a law or from the data, density
 * normalization and log-scale-ready counts.
 */
import { CoreError } from '../errors';
import type { Law } from './laws';
import { lawSupport } from './laws';

/** Counts storage: Float64Array counts exactly up to 2^53, Uint32Array up to 2^32 - 1 per bin. */
export type HistogramCounts = Float64Array | Uint32Array;

export interface HistogramSpec {
  /** lower edge of the first bin */
  readonly lo: number;
  /** upper edge of the last bin (closed, as numpy) */
  readonly hi: number;
  /** number of equal-width bins, >= 1 */
  readonly bins: number;
  /** where to count; a fresh zeroed Float64Array when omitted; must have length `bins` */
  readonly counts?: HistogramCounts;
  /**
   * dtype of the bin edges. numpy 2 computes the edges in the data's dtype (`result_type` of the range
   * and the array), so 'float32' reproduces `numpy.histogram` on float32 arrays bit for bit and
   * 'float64' (the default) reproduces it on float64 arrays.
   */
  readonly edgeDType?: 'float64' | 'float32';
}

/** A histogram being filled: plain data, reusable via `resetHistogram`. */
export interface Histogram {
  readonly lo: number;
  readonly hi: number;
  readonly bins: number;
  /** the bins + 1 edges, numpy.linspace(lo, hi, bins + 1) in `edgeDType` */
  readonly edges: Float64Array;
  readonly counts: HistogramCounts;
  /** values below lo, above hi (±∞ included), and NaNs: not in any bin, counted so nothing hides */
  below: number;
  above: number;
  nan: number;
}

function fail(message: string): never {
  throw new CoreError('INVALID_ARGUMENT', message);
}

/**
 * A histogram of `bins` equal bins over [lo, hi]: bin i holds edges[i] <= x < edges[i + 1], the last
 * bin also holds x = hi (numpy.histogram). lo = hi is widened to [lo - 0.5, hi + 0.5] as numpy does.
 */
export function createHistogram(spec: HistogramSpec): Histogram {
  const { bins } = spec;
  let { lo, hi } = spec;
  if (!Number.isInteger(bins) || bins < 1) fail(`histogram: bins must be an integer >= 1; received ${bins}.`);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) fail(`histogram: range [${lo}, ${hi}] is not finite.`);
  if (lo > hi) fail(`histogram: range needs lo <= hi; received lo=${lo}, hi=${hi}.`);
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const round = spec.edgeDType === 'float32' ? Math.fround : (v: number) => v;
  // numpy.linspace: edge_i = i·step + lo with step = (hi - lo)/bins, the last edge set to hi exactly
  const edges = new Float64Array(bins + 1);
  const step = (hi - lo) / bins;
  for (let i = 0; i < bins; i++) edges[i] = round(i * step + lo);
  edges[bins] = round(hi);
  for (let i = 0; i < bins; i++) {
    if (!(edges[i] < edges[i + 1])) fail(`histogram: too many bins (${bins}) for the range [${lo}, ${hi}]; bins would have zero width.`);
  }
  const counts = spec.counts ?? new Float64Array(bins);
  if (counts.length !== bins) fail(`histogram: counts buffer has length ${counts.length}; expected bins = ${bins}.`);
  counts.fill(0);
  return { lo: edges[0], hi: edges[bins], bins, edges, counts, below: 0, above: 0, nan: 0 };
}

/** Zeroes the counts to refill the same histogram. */
export function resetHistogram(h: Histogram): void {
  h.counts.fill(0);
  h.below = 0;
  h.above = 0;
  h.nan = 0;
}

/**
 * Counts `data[start..end)` into the histogram. The bin is first estimated as
 * trunc((x - lo)/(hi - lo)·bins) and then corrected against the edges, numpy's own two-step rule
 * (`_histograms_impl.py`: "not guaranteed to give exactly consistent results within ~1 ULP of the bin
 * edges"), so the edges alone decide. No allocation; any chunking gives the same counts.
 */
export function accumulateHistogram(h: Histogram, data: ArrayLike<number>, start = 0, end: number = data.length): void {
  const { edges, counts, bins } = h;
  const lo = edges[0];
  const hi = edges[bins];
  const scale = bins / (hi - lo);
  const last = bins - 1;
  let below = 0;
  let above = 0;
  let nan = 0;
  for (let i = start; i < end; i++) {
    const x = data[i];
    if (x >= lo && x <= hi) {
      let k = Math.trunc((x - lo) * scale);
      if (k > last) k = last;
      if (x < edges[k]) k--;
      else if (k !== last && x >= edges[k + 1]) k++;
      counts[k]++;
    } else if (x < lo) {
      below++;
    } else if (x > hi) {
      above++;
    } else {
      nan++;
    }
  }
  h.below += below;
  h.above += above;
  h.nan += nan;
}

/** Number of values inside [lo, hi] (what numpy.histogram returns in its counts). */
export function histogramTotal(h: Histogram): number {
  let total = 0;
  for (let i = 0; i < h.bins; i++) total += h.counts[i];
  return total;
}

/**
 * Density normalization, numpy.histogram(density=True): counts / (total in range · bin width), so the
 * bars integrate to 1 and overlay a pdf. Writes into `out` (or a new Float64Array); all NaN when
 * the histogram is empty (numpy divides 0 by 0 too).
 */
export function histogramDensity(h: Histogram, out: Float64Array = new Float64Array(h.bins)): Float64Array {
  const total = histogramTotal(h);
  for (let i = 0; i < h.bins; i++) out[i] = h.counts[i] / (h.edges[i + 1] - h.edges[i]) / total;
  return out;
}

/** Bin centres, for plotting bars or a line through them. */
export function histogramCenters(h: Histogram, out: Float64Array = new Float64Array(h.bins)): Float64Array {
  for (let i = 0; i < h.bins; i++) out[i] = h.edges[i] + (h.edges[i + 1] - h.edges[i]) / 2;
  return out;
}

/**
 * Values ready for a logarithmic y axis: zeros (and negatives) become NaN, which chart libraries
 * such as uPlot draw as gaps instead of -∞, and `minPositive` is the smallest positive value, a
 * natural lower bound for the axis (NaN when none).
 */
export function logScaleValues(
  values: ArrayLike<number>,
  out: Float64Array = new Float64Array(values.length),
): { values: Float64Array; minPositive: number } {
  let minPositive = Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v > 0) {
      out[i] = v;
      if (v < minPositive) minPositive = v;
    } else {
      out[i] = NaN;
    }
  }
  return { values: out, minPositive: minPositive === Infinity ? NaN : minPositive };
}

/** A histogram range [lo, hi]. */
export interface HistogramRange {
  readonly lo: number;
  readonly hi: number;
}

/** What a range can be chosen from: the law, the observed extremes, or both. */
export interface RangeSource {
  readonly law?: Law;
  /** observed extremes, e.g. from `finalizeMoments`; non-finite values are ignored */
  readonly data?: { readonly min: number; readonly max: number };
  /** half-width in std for unbounded laws (normal): mean ± span·std; default 4 */
  readonly normalSpan?: number;
}

/**
 * Picks the histogram range: a bounded law's support (a truncated normal's bins then end exactly at
 * its bounds), mean ± 4·std for a normal, widened to the observed extremes so that no sample falls
 * outside (a float32 rounding can land just past a bound); the data alone when the law is empirical
 * or absent. A zero-width result is widened by ±0.5 as numpy does. Throws when neither gives a
 * finite range.
 */
export function chooseHistogramRange(source: RangeSource): HistogramRange {
  let lo = Infinity;
  let hi = -Infinity;
  const law = source.law;
  if (law !== undefined && law.kind !== 'empirical') {
    const support = lawSupport(law);
    if (support !== undefined && Number.isFinite(support.lower) && Number.isFinite(support.upper)) {
      lo = support.lower;
      hi = support.upper;
    } else if (law.kind === 'normal') {
      const span = source.normalSpan ?? 4;
      if (!(span > 0) || !Number.isFinite(span)) fail(`histogram range: normalSpan must be a positive number; received ${span}.`);
      lo = law.mean - span * law.std;
      hi = law.mean + span * law.std;
    }
  }
  const data = source.data;
  if (data !== undefined) {
    if (Number.isFinite(data.min) && data.min < lo) lo = data.min;
    if (Number.isFinite(data.max) && data.max > hi) hi = data.max;
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    fail('histogram range: no finite range from the law or the data (an empirical law needs observed min and max).');
  }
  if (lo === hi) return { lo: lo - 0.5, hi: hi + 0.5 };
  return { lo, hi };
}
