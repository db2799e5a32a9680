/** Statistics of a tensor over the batch: moments, extremes, zeros, saturation and a histogram. */
import type { TensorStats } from './types';

export const HISTOGRAM_BINS = 40;

/** Whether |y| > 0.99 (tanh, softsign) or y < 0.01 or y > 0.99 (sigmoid) counts as saturated for this activation. */
function saturationTest(activation: string | undefined): ((y: number) => boolean) | undefined {
  switch (activation ?? 'linear') {
    case 'tanh':
    case 'softsign':
      return (y) => Math.abs(y) > 0.99;
    case 'sigmoid':
      return (y) => y < 0.01 || y > 0.99;
    default:
      return undefined;
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
    if (v === 0) zeros++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = n > 0 ? sum / n : 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const d = data[i] - mean;
    sq += d * d;
  }
  const std = n > 0 ? Math.sqrt(sq / n) : 0;
  let saturated = 0;
  const test = saturationTest(activation);
  if (test !== undefined) for (let i = 0; i < n; i++) if (test(data[i])) saturated++;
  if (n === 0) {
    min = 0;
    max = 0;
  }
  const count = max > min && Number.isFinite(max - min) ? bins : 1;
  const width = count === 1 ? 0 : (max - min) / count;
  const edges: number[] = [];
  for (let k = 0; k <= count; k++) edges.push(count === 1 ? (k === 0 ? min : max) : min + k * width);
  const counts = new Array<number>(count).fill(0);
  if (count === 1) counts[0] = n;
  else {
    for (let i = 0; i < n; i++) {
      let k = Math.floor((data[i] - min) / width);
      if (k >= count) k = count - 1;
      if (k >= 0) counts[k]++;
    }
  }
  return {
    mean,
    std,
    zeroFraction: n > 0 ? zeros / n : 0,
    saturatedFraction: n > 0 ? saturated / n : 0,
    min,
    max,
    histogram: { edges, counts },
  };
}

/** Fraction of units (entries of the last axis) that are zero for every example and position. */
export function deadFraction(data: Float32Array, units: number): number {
  if (units <= 0 || data.length === 0) return 0;
  const alive = new Uint8Array(units);
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) alive[i % units] = 1;
  let dead = 0;
  for (let j = 0; j < units; j++) if (alive[j] === 0) dead++;
  return dead / units;
}
