/**
 * `describe(initializer, shape?)`: what one call produces, as numbers — fans, the law with its
 * parameters, the std or limit Keras computes, and the formula with the numbers substituted.
 * Used by the hover, the CLI's describe command and the statistics panel.
 */
import { CoreError } from '../errors';
import type { InitializerSpec, KerasInitializer } from './initializer';
import { computeFans } from './fans';
import { TRUNCATED_NORMAL_STD_FACTOR, varianceScalingParameters } from './sample';

/**
 * The law of one weight (same shapes as the statistics module's `Law`): `truncated_normal` carries
 * the std of the UNDERLYING normal and absolute bounds; `empirical` has no closed form.
 */
export type DescribedLaw =
  | { readonly kind: 'normal'; readonly mean: number; readonly std: number }
  | { readonly kind: 'truncated_normal'; readonly mean: number; readonly std: number; readonly lower: number; readonly upper: number }
  | { readonly kind: 'uniform'; readonly low: number; readonly high: number }
  | { readonly kind: 'constant'; readonly value: number }
  | { readonly kind: 'empirical' };

export interface InitializerDescription {
  readonly className: string;
  /** Fans of the shape (Keras's compute_fans, with the initializer's axes); undefined without a shape. */
  readonly fanIn?: number;
  readonly fanOut?: number;
  /** The law of each value; undefined when it depends on a shape that was not given. */
  readonly law?: DescribedLaw;
  /** The `stddev` Keras passes to its sampler (for a truncated normal: before truncation). */
  readonly std?: number;
  /** The bound of a symmetric uniform law (`limit`). */
  readonly limit?: number;
  /** Mean and standard deviation of the values drawn (closed form), when the law has them. */
  readonly expectedMean?: number;
  readonly expectedStd?: number;
  /** The formula with the numbers substituted where they are known. */
  readonly formula: string;
}

/** A number for a formula: up to 6 significant digits, no trailing zeros. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e-4 && abs < 1e6) return String(Number(x.toPrecision(6)));
  const [m, e] = x.toExponential(5).split('e');
  return `${String(Number(m))}e${e}`;
}

const n = formatNumber;

function lawMoments(law: DescribedLaw): { expectedMean?: number; expectedStd?: number } {
  switch (law.kind) {
    case 'normal':
      return { expectedMean: law.mean, expectedStd: law.std };
    case 'truncated_normal':
      // Keras's bounds are always mean ± 2·std: the truncated std is std · 0.8796….
      return { expectedMean: law.mean, expectedStd: law.std * TRUNCATED_NORMAL_STD_FACTOR };
    case 'uniform':
      return { expectedMean: (law.low + law.high) / 2, expectedStd: (law.high - law.low) / Math.sqrt(12) };
    case 'constant':
      return { expectedMean: law.value, expectedStd: 0 };
    case 'empirical':
      return {};
  }
}

function truncated(mean: number, std: number): DescribedLaw {
  return { kind: 'truncated_normal', mean, std, lower: mean - 2 * std, upper: mean + 2 * std };
}

function withLaw(
  base: { className: string; fanIn?: number; fanOut?: number; std?: number; limit?: number; formula: string },
  law: DescribedLaw,
): InitializerDescription {
  return { ...base, law, ...lawMoments(law) };
}

function varianceScalingFormula(spec: Extract<InitializerSpec, { family: 'variance_scaling' }>): string {
  const n0 = spec.mode === 'fan_in' ? 'fan_in' : spec.mode === 'fan_out' ? 'fan_out' : '(fan_in + fan_out) / 2';
  const s = n(spec.scale);
  if (spec.distribution === 'truncated_normal') {
    return `stddev = sqrt(${s} / max(1, ${n0})) / ${TRUNCATED_NORMAL_STD_FACTOR}; w ~ N(0, stddev²) truncated to ±2·stddev`;
  }
  if (spec.distribution === 'untruncated_normal') return `stddev = sqrt(${s} / max(1, ${n0})); w ~ N(0, stddev²)`;
  return `limit = sqrt(3 · ${s} / max(1, ${n0})); w ~ U[−limit, limit)`;
}

/**
 * Describes what `initializer(shape)` draws. Without a shape, fan-dependent laws are left
 * undefined and the formula stays symbolic.
 */
export function describe(init: KerasInitializer, shape?: readonly number[]): InitializerDescription {
  const spec = init.spec;
  const className = init.className;
  if (shape !== undefined && (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0))) {
    throw new CoreError('INVALID_SHAPE', `describe: shape must be a list of non-negative integers; received ${JSON.stringify(shape)}`);
  }
  const fans =
    shape !== undefined
      ? computeFans(
          shape,
          spec.family === 'variance_scaling' ? spec.inputAxes : null,
          spec.family === 'variance_scaling' ? spec.outputAxes : null,
        )
      : undefined;
  const base = { className, fanIn: fans?.fanIn, fanOut: fans?.fanOut };
  switch (spec.family) {
    case 'base':
      return {
        ...base,
        law: { kind: 'empirical' },
        formula: 'Initializer is the abstract base class: calling it raises NotImplementedError.',
      };
    case 'zeros':
      return withLaw({ ...base, formula: 'w = 0' }, { kind: 'constant', value: 0 });
    case 'ones':
      return withLaw({ ...base, formula: 'w = 1' }, { kind: 'constant', value: 1 });
    case 'constant':
      return withLaw({ ...base, formula: `w = value = ${n(spec.value)}` }, { kind: 'constant', value: spec.value });
    case 'random_normal':
      return withLaw(
        { ...base, std: spec.stddev, formula: `w ~ N(mean, stddev²) = N(${n(spec.mean)}, ${n(spec.stddev)}²)` },
        { kind: 'normal', mean: spec.mean, std: spec.stddev },
      );
    case 'truncated_normal': {
      const law = truncated(spec.mean, spec.stddev);
      return withLaw(
        {
          ...base,
          std: spec.stddev,
          formula: `w ~ N(${n(spec.mean)}, ${n(spec.stddev)}²) restricted to [mean − 2·stddev, mean + 2·stddev] = [${n(spec.mean - 2 * spec.stddev)}, ${n(spec.mean + 2 * spec.stddev)}]`,
        },
        law,
      );
    }
    case 'random_uniform':
      return withLaw(
        { ...base, formula: `w ~ U[minval, maxval) = U[${n(spec.minval)}, ${n(spec.maxval)})` },
        { kind: 'uniform', low: spec.minval, high: spec.maxval },
      );
    case 'variance_scaling': {
      if (shape === undefined) return { ...base, formula: varianceScalingFormula(spec) };
      const p = varianceScalingParameters(spec, shape);
      const nText =
        spec.mode === 'fan_in'
          ? `fan_in = ${p.fanIn}`
          : spec.mode === 'fan_out'
            ? `fan_out = ${p.fanOut}`
            : `(fan_in + fan_out) / 2 = (${p.fanIn} + ${p.fanOut}) / 2`;
      const scaleText = `scale / max(1, ${nText}) = ${n(p.scale)}`;
      if (p.kind === 'truncated_normal') {
        return withLaw(
          {
            ...base,
            std: p.stddev,
            formula: `stddev = sqrt(${scaleText}) / ${TRUNCATED_NORMAL_STD_FACTOR} = ${n(p.stddev)}; w ~ N(0, ${n(p.stddev)}²) truncated to ±${n(2 * p.stddev)}`,
          },
          truncated(0, p.stddev),
        );
      }
      if (p.kind === 'normal') {
        return withLaw(
          { ...base, std: p.stddev, formula: `stddev = sqrt(${scaleText}) = ${n(p.stddev)}; w ~ N(0, ${n(p.stddev)}²)` },
          { kind: 'normal', mean: 0, std: p.stddev },
        );
      }
      return withLaw(
        { ...base, limit: p.limit, formula: `limit = sqrt(3 · ${scaleText}) = ${n(p.limit)}; w ~ U[${n(-p.limit)}, ${n(p.limit)})` },
        { kind: 'uniform', low: -p.limit, high: p.limit },
      );
    }
    case 'orthogonal': {
      if (shape === undefined || shape.length < 2) {
        return {
          ...base,
          law: { kind: 'empirical' },
          formula: `w = ${n(spec.gain)} · Q, Q orthonormal from the QR decomposition of a N(0, 1) matrix (rank ≥ 2)`,
        };
      }
      const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
      const cols = shape[shape.length - 1];
      const big = Math.max(rows, cols);
      return {
        ...base,
        law: { kind: 'empirical' },
        formula:
          `w = ${n(spec.gain)} · Q, Q (${rows} × ${cols}) with orthonormal ${rows >= cols ? 'columns' : 'rows'} from the QR of a ` +
          `${big} × ${Math.min(rows, cols)} N(0, 1) matrix; mean square ${n(spec.gain)}² / ${big} = ${n((spec.gain * spec.gain) / Math.max(big, 1))}`,
      };
    }
    case 'identity':
      return {
        ...base,
        law: { kind: 'empirical' },
        formula:
          shape !== undefined && shape.length === 2
            ? `w = ${n(spec.gain)} · I (${shape[0]} × ${shape[1]}): ${Math.min(shape[0], shape[1])} values ${n(spec.gain)}, the rest 0`
            : `w = ${n(spec.gain)} · I (2-D only)`,
      };
    case 'stft': {
      const trig = spec.side === 'real' ? 'cos' : 'sin';
      const win = spec.window === null ? '' : typeof spec.window === 'string' ? ` · ${spec.window}[t]` : ' · window[t]';
      const scale =
        spec.window === null || spec.scaling === null ? '' : spec.scaling === 'density' ? ' / sqrt(Σ window²)' : ' / Σ |window|';
      return { ...base, law: { kind: 'empirical' }, formula: `w[t, 0, f] = ${trig}(−2π · t · f / (2(F − 1)))${win}${scale}` };
    }
    case 'tensor':
      return { ...base, law: { kind: 'empirical' }, formula: `the given tensor of shape (${spec.shape.join(', ')})` };
  }
}
