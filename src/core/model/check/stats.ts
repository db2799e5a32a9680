/** Statistics of a tensor over the batch: moments, extremes, zeros, saturation and a histogram. */
import type { TensorStats } from './types';

export const HISTOGRAM_BINS = 40;

/** Which outputs count as saturated: |y| > 0.99 (tanh, softsign), y < 0.01 or y > 0.99 (sigmoid), none otherwise. */
function saturationKind(activation: string | undefined): 0 | 1 | 2 {
  switch (activation ?? 'linear') {
    case 'tanh':
    case 'softsign':
      return 1;
    case 'sigmoid':
      return 2;
    default:
      return 0;
  }
}

export function tensorStats(data: Float32Array, activation?: string, bins = HISTOGRAM_BINS): TensorStats {
  const n = data.length;
  let sum = 0;
  let zeros = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = data[i];
    sum += v;
    zeros += v === 0 ? 1 : 0;
    min = v < min ? v : min;
    max = v > max ? v : max;
  }
  const mean = n > 0 ? sum / n : 0;
  if (n === 0) {
    min = 0;
    max = 0;
  }
  const count = max > min && Number.isFinite(max - min) ? bins : 1;
  const width = count === 1 ? 0 : (max - min) / count;
  const counts = new Float64Array(count);
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const v = data[i];
    const d = v - mean;
    sq += d * d;
    const k = count === 1 ? 0 : Math.floor((v - min) / width);
    // NaN lands nowhere; the maximum goes in the last bin
    if (k >= 0) counts[k < count ? k : count - 1]++;
  }
  if (count === 1) counts[0] = n;
  const std = n > 0 ? Math.sqrt(sq / n) : 0;
  let saturated = 0;
  const kind = saturationKind(activation);
  if (kind === 1) for (let i = 0; i < n; i++) saturated += Math.abs(data[i]) > 0.99 ? 1 : 0;
  else if (kind === 2) for (let i = 0; i < n; i++) saturated += data[i] < 0.01 || data[i] > 0.99 ? 1 : 0;
  const edges: number[] = [];
  for (let k = 0; k <= count; k++) edges.push(count === 1 ? (k === 0 ? min : max) : min + k * width);
  return {
    mean,
    std,
    zeroFraction: n > 0 ? zeros / n : 0,
    saturatedFraction: n > 0 ? saturated / n : 0,
    min,
    max,
    histogram: { edges, counts: Array.from(counts) },
  };
}

/** Fraction of units (entries of the last axis) that are zero for every example and position. */
export function deadFraction(data: Float32Array, units: number): number {
  if (units <= 0 || data.length === 0) return 0;
  const alive = new Uint8Array(units);
  for (let row = 0; row < data.length; row += units) for (let j = 0; j < units; j++) alive[j] |= data[row + j] !== 0 ? 1 : 0;
  let dead = 0;
  for (let j = 0; j < units; j++) if (alive[j] === 0) dead++;
  return dead / units;
}
