/**
 * Chart arithmetic without the DOM: linear and log scales, tick choice, number labels, the geometry of
 * a histogram (bars, density curve, markers) in canvas pixels, and colours. The drawing code only
 * paints what these functions return, so the mapping is what the unit tests check.
 */

/** Maps a data interval onto a pixel interval, linearly or by log10 (log needs a positive domain). */
export interface Scale {
  readonly kind: 'linear' | 'log';
  readonly d0: number;
  readonly d1: number;
  readonly r0: number;
  readonly r1: number;
}

export function linearScale(d0: number, d1: number, r0: number, r1: number): Scale {
  return { kind: 'linear', d0, d1, r0, r1 };
}

export function logScale(d0: number, d1: number, r0: number, r1: number): Scale {
  if (!(d0 > 0 && d1 > 0)) throw new Error(`a log scale needs a positive domain; received [${d0}, ${d1}]`);
  return { kind: 'log', d0, d1, r0, r1 };
}

/** Pixel position of `v`; a degenerate domain maps everything to its midpoint; log of v ≤ 0 is NaN. */
export function scaleValue(s: Scale, v: number): number {
  if (s.kind === 'log') {
    if (!(v > 0)) return NaN;
    const a = Math.log10(s.d0);
    const b = Math.log10(s.d1);
    if (a === b) return (s.r0 + s.r1) / 2;
    return s.r0 + ((Math.log10(v) - a) / (b - a)) * (s.r1 - s.r0);
  }
  if (s.d0 === s.d1) return (s.r0 + s.r1) / 2;
  return s.r0 + ((v - s.d0) / (s.d1 - s.d0)) * (s.r1 - s.r0);
}

/** The 1-2-5 step that gives about `count` intervals over [min, max]. */
export function niceStep(min: number, max: number, count: number): number {
  const span = max - min;
  if (!(span > 0) || !Number.isFinite(span) || count < 1) return 0;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/** Multiples of a 1-2-5 step inside [min, max] (about `count` of them). */
export function niceTicks(min: number, max: number, count: number): number[] {
  const step = niceStep(min, max, count);
  if (step === 0) return Number.isFinite(min) ? [min] : [];
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.floor(max / step + 1e-9);
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) {
    const v = k * step;
    // k·step is not exact in binary: round to the step's decimals so labels and positions agree.
    const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
    ticks.push(Number(v.toFixed(Math.min(20, decimals))) || 0);
  }
  return ticks;
}

/** Powers of ten inside [min, max] (min > 0). */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max >= min)) return [];
  const ticks: number[] = [];
  for (let e = Math.ceil(Math.log10(min) - 1e-9); e <= Math.floor(Math.log10(max) + 1e-9); e++) ticks.push(10 ** e);
  return ticks;
}

/** A short label: up to 4 significant digits, exponent form for very small or large magnitudes. */
export function formatNumber(v: number, digits = 4): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const text =
    a >= 1e-3 && a < 1e5
      ? String(Number(v.toPrecision(digits)))
      : v
          .toExponential(Math.max(0, digits - 1))
          .replace(/\.?0+e/, 'e')
          .replace('e+', 'e');
  return text.replace(/-/g, '−');
}

/** 2nd, 3rd, 4th, 11th, 21st... */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** numpy.histogram(density=True): counts / (in-range total · bin width); zeros when empty. */
export function densities(counts: ArrayLike<number>, lo: number, hi: number): Float64Array {
  const bins = counts.length;
  let total = 0;
  for (let i = 0; i < bins; i++) total += counts[i];
  const width = (hi - lo) / bins;
  const out = new Float64Array(bins);
  if (total === 0 || !(width > 0)) return out;
  for (let i = 0; i < bins; i++) out[i] = counts[i] / (total * width);
  return out;
}

/** The largest bin count from `choices` that leaves each bar at least `minBarPx` wide. */
export function chooseBins(plotWidthPx: number, choices: readonly number[], minBarPx = 3): number {
  const sorted = [...choices].sort((a, b) => b - a);
  return sorted.find((b) => plotWidthPx / b >= minBarPx) ?? sorted[sorted.length - 1];
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface Tick {
  readonly px: number;
  readonly label: string;
}

/** A histogram to draw: bins, the law's density and labelled markers. */
export interface HistogramDrawing {
  /** Bin counts over [lo, hi] (equal bins). */
  readonly counts: ArrayLike<number>;
  readonly lo: number;
  readonly hi: number;
  /** The law's density at `pdf.x` (same units as the bars: probability density), or null. */
  readonly pdf: { readonly x: ArrayLike<number>; readonly y: ArrayLike<number> } | null;
  readonly markers: readonly { readonly x: number; readonly label: string }[];
}

export interface HistogramGeometryInput extends HistogramDrawing {
  /** The plot area in canvas pixels. */
  readonly plot: Rect;
  readonly log: boolean;
}

export interface HistogramGeometry {
  readonly bars: readonly Rect[];
  /** The density curve as polyline pieces (a log axis breaks it where the density is 0). */
  readonly curve: readonly (readonly [number, number][])[];
  readonly markers: readonly Tick[];
  readonly xTicks: readonly Tick[];
  readonly yTicks: readonly Tick[];
  readonly x: Scale;
  readonly y: Scale;
}

/**
 * Bars and curve in pixels. Linear y: from 0 to the highest bar or curve point (+5% headroom). Log y:
 * from a decade below the smallest positive bar (or curve value above 1e-6 of the peak) to the peak;
 * empty bins draw nothing there, since log 0 is −∞.
 */
export function histogramGeometry(input: HistogramGeometryInput): HistogramGeometry {
  const { counts, lo, hi, plot, log } = input;
  const density = densities(counts, lo, hi);
  let peak = 0;
  let minPositive = Infinity;
  for (const d of density) {
    if (d > peak) peak = d;
    if (d > 0 && d < minPositive) minPositive = d;
  }
  const pdf = input.pdf;
  if (pdf) {
    for (let i = 0; i < pdf.y.length; i++) if (Number.isFinite(pdf.y[i]) && pdf.y[i] > peak) peak = pdf.y[i];
  }
  if (!(peak > 0)) peak = 1;
  const bottom = plot.y + plot.h;
  const x = linearScale(lo, hi, plot.x, plot.x + plot.w);
  let y: Scale;
  if (log) {
    const floor = Math.min(Number.isFinite(minPositive) ? minPositive : peak, peak) / 10;
    y = logScale(Math.max(floor, peak * 1e-6), peak * 1.5, bottom, plot.y);
  } else {
    y = linearScale(0, peak * 1.05, bottom, plot.y);
  }
  const bars: Rect[] = [];
  const bins = density.length;
  for (let i = 0; i < bins; i++) {
    const d = density[i];
    if (!(d > 0)) continue;
    const x0 = scaleValue(x, lo + ((hi - lo) * i) / bins);
    const x1 = scaleValue(x, lo + ((hi - lo) * (i + 1)) / bins);
    const top = Math.max(plot.y, scaleValue(y, d));
    if (!(top < bottom)) continue;
    bars.push({ x: x0, y: top, w: x1 - x0, h: bottom - top });
  }
  const curve: [number, number][][] = [];
  if (pdf) {
    let piece: [number, number][] = [];
    for (let i = 0; i < pdf.x.length; i++) {
      const py = scaleValue(y, pdf.y[i]);
      if (Number.isFinite(py) && (!log || pdf.y[i] >= y.d0)) {
        piece.push([scaleValue(x, pdf.x[i]), Math.max(plot.y, py)]);
      } else if (piece.length > 0) {
        curve.push(piece);
        piece = [];
      }
    }
    if (piece.length > 0) curve.push(piece);
  }
  const xTickValues = niceTicks(lo, hi, Math.max(4, Math.floor(plot.w / 70)));
  const yTickValues = log ? logTicks(y.d0, y.d1) : niceTicks(0, y.d1, Math.max(2, Math.floor(plot.h / 40)));
  return {
    bars,
    curve,
    markers: input.markers.filter((m) => m.x >= lo && m.x <= hi).map((m) => ({ px: scaleValue(x, m.x), label: m.label })),
    xTicks: xTickValues.map((v) => ({ px: scaleValue(x, v), label: formatNumber(v) })),
    yTicks: yTickValues.map((v) => ({ px: scaleValue(y, v), label: formatNumber(v, 3) })),
    x,
    y,
  };
}

// --- colours ---

export interface Rgba {
  readonly r: number;
  readonly g: number;
  readonly b: number;
  readonly a: number;
}

/** Parses the colours VS Code themes put in CSS variables: #rgb, #rgba, #rrggbb, #rrggbbaa, rgb(), rgba(). */
export function parseColor(text: string): Rgba | undefined {
  const t = text.trim().toLowerCase();
  let m = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(t);
  if (m) {
    let hex = m[1];
    if (hex.length <= 4) hex = [...hex].map((c) => c + c).join('');
    const n = (i: number): number => parseInt(hex.slice(i, i + 2), 16);
    return { r: n(0), g: n(2), b: n(4), a: hex.length === 8 ? n(6) / 255 : 1 };
  }
  m = /^rgba?\(\s*([\d.]+)\s*[,\s]\s*([\d.]+)\s*[,\s]\s*([\d.]+)\s*(?:[,/]\s*([\d.]+%?)\s*)?\)$/.exec(t);
  if (m) {
    const channel = (s: string): number => Math.max(0, Math.min(255, Math.round(Number(s))));
    const alpha = m[4] === undefined ? 1 : m[4].endsWith('%') ? Number(m[4].slice(0, -1)) / 100 : Number(m[4]);
    if ([m[1], m[2], m[3]].some((s) => !Number.isFinite(Number(s))) || !Number.isFinite(alpha)) return undefined;
    return { r: channel(m[1]), g: channel(m[2]), b: channel(m[3]), a: Math.max(0, Math.min(1, alpha)) };
  }
  return undefined;
}

/** A colour over an opaque background (theme colours may carry alpha). */
export function flatten(color: Rgba, background: Rgba): Rgba {
  const a = color.a;
  const mix = (c: number, b: number): number => Math.round(c * a + b * (1 - a));
  return { r: mix(color.r, background.r), g: mix(color.g, background.g), b: mix(color.b, background.b), a: 1 };
}

/**
 * The diverging colour of `v` on [-limit, limit]: `negative` at -limit, `middle` at 0, `positive` at
 * +limit, linear in between (a zero limit maps everything to `middle`). Writes r, g, b into `out`.
 */
export function divergingColor(
  v: number,
  limit: number,
  negative: Rgba,
  middle: Rgba,
  positive: Rgba,
  out: Uint8ClampedArray,
  offset: number,
): void {
  let t = limit > 0 ? v / limit : 0;
  if (!(t === t)) t = 0; // NaN
  if (t > 1) t = 1;
  else if (t < -1) t = -1;
  const end = t < 0 ? negative : positive;
  const s = Math.abs(t);
  out[offset] = middle.r + (end.r - middle.r) * s;
  out[offset + 1] = middle.g + (end.g - middle.g) * s;
  out[offset + 2] = middle.b + (end.b - middle.b) * s;
  out[offset + 3] = 255;
}
