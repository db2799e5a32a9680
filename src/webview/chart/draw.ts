/**
 * Painting on canvases with the VS Code theme: colours come from the computed CSS variables the
 * workbench sets on the webview's body (light, dark and high-contrast themes alike), read again on
 * every draw so a theme change shows at the next redraw.
 */
import {
  chooseBins,
  divergingColor,
  flatten,
  formatNumber,
  histogramGeometry,
  linearScale,
  logScale,
  logTicks,
  niceTicks,
  parseColor,
  scaleValue,
  type HistogramDrawing,
  type Rect,
  type Rgba,
  type Scale,
  type Tick,
} from './scale';

export interface ChartTheme {
  readonly background: string;
  readonly foreground: string;
  readonly muted: string;
  readonly grid: string;
  readonly bars: string;
  readonly curve: string;
  readonly marker: string;
  readonly seriesA: string;
  readonly seriesB: string;
  readonly negative: Rgba;
  readonly middle: Rgba;
  readonly positive: Rgba;
  readonly font: string;
}

const WHITE: Rgba = { r: 255, g: 255, b: 255, a: 1 };

function cssVariable(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const value = style.getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}

/** The chart colours of the current theme. */
export function readTheme(element: HTMLElement = document.body): ChartTheme {
  const style = getComputedStyle(element);
  const background = cssVariable(style, '--vscode-editor-background', '#1e1e1e');
  const bg = parseColor(background) ?? WHITE;
  const rgba = (name: string, fallback: string): Rgba =>
    flatten(parseColor(cssVariable(style, name, fallback)) ?? parseColor(fallback) ?? WHITE, bg);
  const fontSize = cssVariable(style, '--vscode-font-size', '13px');
  const fontFamily = cssVariable(style, '--vscode-font-family', 'sans-serif');
  return {
    background,
    foreground: cssVariable(style, '--vscode-foreground', '#cccccc'),
    muted: cssVariable(style, '--vscode-descriptionForeground', '#999999'),
    grid: cssVariable(style, '--vscode-charts-lines', 'rgba(128, 128, 128, 0.5)'),
    bars: cssVariable(style, '--vscode-charts-blue', '#3794ff'),
    curve: cssVariable(style, '--vscode-charts-orange', '#d18616'),
    marker: cssVariable(style, '--vscode-charts-red', '#f14c4c'),
    seriesA: cssVariable(style, '--vscode-charts-blue', '#3794ff'),
    seriesB: cssVariable(style, '--vscode-charts-orange', '#d18616'),
    negative: rgba('--vscode-charts-blue', '#3794ff'),
    middle: bg,
    positive: rgba('--vscode-charts-red', '#f14c4c'),
    font: `${fontSize} ${fontFamily}`,
  };
}

/** Sizes a canvas for its CSS box at the device pixel ratio and returns a context in CSS pixels. */
export function prepareCanvas(canvas: HTMLCanvasElement, cssWidth: number, cssHeight: number): CanvasRenderingContext2D | undefined {
  const ratio = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
  const width = Math.max(1, Math.round(cssWidth * ratio));
  const height = Math.max(1, Math.round(cssHeight * ratio));
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return undefined;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, cssWidth, cssHeight);
  return ctx;
}

function axes(
  ctx: CanvasRenderingContext2D,
  plot: Rect,
  theme: ChartTheme,
  xTicks: readonly { px: number; label: string }[],
  yTicks: readonly { px: number; label: string }[],
): void {
  ctx.strokeStyle = theme.grid;
  ctx.lineWidth = 1;
  ctx.fillStyle = theme.muted;
  ctx.font = theme.font;
  ctx.textBaseline = 'top';
  ctx.textAlign = 'center';
  for (const t of xTicks) {
    ctx.beginPath();
    ctx.moveTo(Math.round(t.px) + 0.5, plot.y + plot.h);
    ctx.lineTo(Math.round(t.px) + 0.5, plot.y + plot.h + 4);
    ctx.stroke();
    ctx.fillText(t.label, t.px, plot.y + plot.h + 6);
  }
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'right';
  for (const t of yTicks) {
    ctx.beginPath();
    ctx.moveTo(plot.x, Math.round(t.px) + 0.5);
    ctx.lineTo(plot.x + plot.w, Math.round(t.px) + 0.5);
    ctx.globalAlpha = 0.35;
    ctx.stroke();
    ctx.globalAlpha = 1;
    ctx.fillText(t.label, plot.x - 6, t.px);
  }
  ctx.beginPath();
  ctx.moveTo(plot.x, plot.y + plot.h + 0.5);
  ctx.lineTo(plot.x + plot.w, plot.y + plot.h + 0.5);
  ctx.stroke();
}

export type { HistogramDrawing };

/** Bin counts the chart may merge the 512 display bins into. */
export const BIN_CHOICES = [512, 256, 128, 64, 32];

/** Merges `counts` (length a multiple of `bins`) into `bins` groups. */
function merge(counts: ArrayLike<number>, bins: number): Float64Array {
  const factor = Math.max(1, Math.round(counts.length / bins));
  const out = new Float64Array(Math.ceil(counts.length / factor));
  for (let i = 0; i < counts.length; i++) out[Math.floor(i / factor)] += counts[i];
  return out;
}

/** Draws the histogram (density), the law's density over it and its bounds; returns the bins drawn. */
export function drawHistogram(
  canvas: HTMLCanvasElement,
  cssWidth: number,
  cssHeight: number,
  data: HistogramDrawing,
  log: boolean,
  theme: ChartTheme,
): number {
  const ctx = prepareCanvas(canvas, cssWidth, cssHeight);
  if (!ctx) return 0;
  const plot: Rect = { x: 56, y: 18, w: Math.max(10, cssWidth - 68), h: Math.max(10, cssHeight - 44) };
  const bins = chooseBins(
    plot.w,
    BIN_CHOICES.filter((b) => b <= data.counts.length && data.counts.length % b === 0),
  );
  const geometry = histogramGeometry({
    counts: merge(data.counts, bins),
    lo: data.lo,
    hi: data.hi,
    pdf: data.pdf,
    markers: data.markers,
    plot,
    log,
  });
  axes(ctx, plot, theme, geometry.xTicks, geometry.yTicks);
  ctx.fillStyle = theme.bars;
  ctx.globalAlpha = 0.75;
  for (const b of geometry.bars) ctx.fillRect(b.x, b.y, Math.max(1, b.w - (b.w > 3 ? 1 : 0)), b.h);
  ctx.globalAlpha = 1;
  ctx.strokeStyle = theme.curve;
  ctx.lineWidth = 2;
  for (const piece of geometry.curve) {
    ctx.beginPath();
    piece.forEach(([px, py], i) => (i === 0 ? ctx.moveTo(px, py) : ctx.lineTo(px, py)));
    ctx.stroke();
  }
  ctx.strokeStyle = theme.marker;
  ctx.fillStyle = theme.marker;
  ctx.lineWidth = 1.5;
  ctx.setLineDash([4, 3]);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  for (const m of geometry.markers) {
    ctx.beginPath();
    ctx.moveTo(m.px, plot.y);
    ctx.lineTo(m.px, plot.y + plot.h);
    ctx.stroke();
    ctx.fillText(m.label, Math.min(Math.max(m.px, plot.x + 12), plot.x + plot.w - 12), plot.y - 2);
  }
  ctx.setLineDash([]);
  return bins;
}

/** Whether a canvas holds any pixel that is not fully transparent (the charts clear to transparent). */
export function hasDrawnPixels(canvas: HTMLCanvasElement): boolean {
  const ctx = canvas.getContext('2d');
  if (!ctx || canvas.width === 0 || canvas.height === 0) return false;
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
  return false;
}

export interface Series {
  readonly label: string;
  readonly color: string;
  /** y by x = 0, 1, 2...; non-positive or null values leave a gap on the log axis. */
  readonly values: readonly (number | null)[];
}

/** A line chart of per-layer values on a log y axis (std of activations), x = layer. */
export function drawLogSeries(
  canvas: HTMLCanvasElement,
  cssWidth: number,
  cssHeight: number,
  series: readonly Series[],
  xCount: number,
  theme: ChartTheme,
): void {
  drawSeries(canvas, cssWidth, cssHeight, series, xCount, theme, { kind: 'log' });
}

/** The y axis of a series chart: log (whole decades around the data) or linear over a fixed range. */
export type SeriesAxis =
  { readonly kind: 'log' } | { readonly kind: 'linear'; readonly min: number; readonly max: number; readonly unit?: string };

/** A line chart of per-layer values, x = layer. */
export function drawSeries(
  canvas: HTMLCanvasElement,
  cssWidth: number,
  cssHeight: number,
  series: readonly Series[],
  xCount: number,
  theme: ChartTheme,
  axis: SeriesAxis,
): void {
  const ctx = prepareCanvas(canvas, cssWidth, cssHeight);
  if (!ctx) return;
  const plot: Rect = { x: 56, y: 22, w: Math.max(10, cssWidth - 68), h: Math.max(10, cssHeight - 48) };
  let y: Scale;
  let yTicks: Tick[];
  if (axis.kind === 'linear') {
    y = linearScale(axis.min, axis.max, plot.y + plot.h, plot.y);
    yTicks = niceTicks(axis.min, axis.max, Math.max(2, Math.floor(plot.h / 40))).map((v) => ({
      px: scaleValue(y, v),
      label: `${formatNumber(v, 2)}${axis.unit ?? ''}`,
    }));
  } else {
    let lo = Infinity;
    let hi = 0;
    for (const s of series) {
      for (const v of s.values) {
        if (v !== null && v > 0 && Number.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (!(hi > 0)) {
      lo = 0.1;
      hi = 10;
    }
    // Whole decades around the data, so vanishing and exploding read at a glance.
    y = logScale(10 ** Math.floor(Math.log10(lo)), 10 ** Math.ceil(Math.log10(hi) + (lo === hi ? 1e-9 : 0)), plot.y + plot.h, plot.y);
    yTicks = logTicks(y.d0, y.d1).map((v) => ({ px: scaleValue(y, v), label: formatNumber(v, 2) }));
  }
  const x = linearScale(0, Math.max(1, xCount - 1), plot.x, plot.x + plot.w);
  axes(
    ctx,
    plot,
    theme,
    niceTicks(0, Math.max(1, xCount - 1), Math.max(2, Math.floor(plot.w / 60)))
      .filter(Number.isInteger)
      .map((v) => ({ px: scaleValue(x, v), label: String(v) })),
    yTicks,
  );
  ctx.lineWidth = 2;
  let legendX = plot.x;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  for (const s of series) {
    ctx.strokeStyle = s.color;
    ctx.fillStyle = s.color;
    ctx.beginPath();
    let pen = false;
    s.values.forEach((v, i) => {
      const py = v === null ? NaN : scaleValue(y, v);
      if (!Number.isFinite(py)) {
        pen = false;
        return;
      }
      const px = scaleValue(x, i);
      if (pen) ctx.lineTo(px, py);
      else ctx.moveTo(px, py);
      pen = true;
      ctx.fillRect(px - 2, py - 2, 4, 4);
    });
    ctx.stroke();
    ctx.fillRect(legendX, 6, 12, 3);
    ctx.fillStyle = theme.foreground;
    ctx.font = theme.font;
    ctx.fillText(s.label, legendX + 16, 8);
    legendX += 24 + ctx.measureText(s.label).width + 12;
  }
}

/** A small histogram without axes (one layer's activations). */
export function drawMiniHistogram(
  canvas: HTMLCanvasElement,
  cssWidth: number,
  cssHeight: number,
  counts: ArrayLike<number>,
  lo: number,
  hi: number,
  color: string,
  theme: ChartTheme,
): void {
  const ctx = prepareCanvas(canvas, cssWidth, cssHeight);
  if (!ctx) return;
  const plot: Rect = { x: 2, y: 2, w: cssWidth - 4, h: cssHeight - 4 };
  const geometry = histogramGeometry({ counts, lo, hi, pdf: null, markers: [], plot, log: false });
  ctx.fillStyle = color;
  for (const b of geometry.bars) ctx.fillRect(b.x, b.y, Math.max(1, b.w - 0.5), b.h);
  ctx.strokeStyle = theme.grid;
  ctx.beginPath();
  ctx.moveTo(plot.x, plot.y + plot.h + 0.5);
  ctx.lineTo(plot.x + plot.w, plot.y + plot.h + 0.5);
  ctx.stroke();
}

/** Paints a heatmap at one canvas pixel per cell (CSS scales it, pixelated) with a diverging scale. */
export function drawHeatmap(
  canvas: HTMLCanvasElement,
  values: Float32Array,
  rows: number,
  cols: number,
  limit: number,
  theme: ChartTheme,
): void {
  canvas.width = Math.max(1, cols);
  canvas.height = Math.max(1, rows);
  const ctx = canvas.getContext('2d');
  if (!ctx || rows === 0 || cols === 0) return;
  const image = ctx.createImageData(cols, rows);
  for (let i = 0; i < rows * cols; i++) divergingColor(values[i], limit, theme.negative, theme.middle, theme.positive, image.data, i * 4);
  ctx.putImageData(image, 0, 0);
}

/** The colour scale's legend: a horizontal gradient from -limit through 0 to +limit. */
export function drawColorScale(canvas: HTMLCanvasElement, theme: ChartTheme): void {
  const width = 256;
  canvas.width = width;
  canvas.height = 1;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const image = ctx.createImageData(width, 1);
  for (let i = 0; i < width; i++) {
    divergingColor((2 * i) / (width - 1) - 1, 1, theme.negative, theme.middle, theme.positive, image.data, i * 4);
  }
  ctx.putImageData(image, 0, 0);
}
