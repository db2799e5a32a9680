/**
 * The window functions Keras's STFT initializer takes by name, ported from SciPy 1.17
 * (scipy/signal/windows/_windows.py): `get_window(name, M, fftbins)` for every window that needs
 * no parameter. Values are float64 as SciPy computes them (same operation order).
 */
import { CoreError } from '../errors';
import { pyRepr } from './pyFormat';

type WindowFn = (m: number, sym: boolean) => Float64Array;

/** `numpy.linspace(start, stop, num)`: `i * step + start`, the last sample set to `stop`. */
function linspace(start: number, stop: number, num: number): Float64Array {
  const y = new Float64Array(num);
  const div = num - 1;
  const delta = stop - start;
  if (div > 0) {
    const step = delta / div;
    for (let i = 0; i < num; i++) y[i] = (step === 0 ? (i / div) * delta : i * step) + start;
    y[num - 1] = stop;
  } else {
    for (let i = 0; i < num; i++) y[i] = i * delta + start;
  }
  return y;
}

/** SciPy `_len_guards` + `_extend` + `_truncate` around a symmetric window of length M. */
function windowed(build: (m: number) => Float64Array): WindowFn {
  return (m, sym) => {
    if (m <= 1) return new Float64Array(m).fill(1);
    // A periodic window is the symmetric window of length M + 1 without its last sample.
    const full = build(sym ? m : m + 1);
    return sym ? full : full.slice(0, m);
  };
}

/** `_general_cosine_impl`: w = Σ_k a_k cos(k · linspace(-π, π, M)), summed in order of k. */
function generalCosine(a: readonly number[]): WindowFn {
  return windowed((m) => {
    const fac = linspace(-Math.PI, Math.PI, m);
    const w = new Float64Array(m);
    for (let k = 0; k < a.length; k++) {
      for (let i = 0; i < m; i++) w[i] += a[k] * Math.cos(k * fac[i]);
    }
    return w;
  });
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const y = Math.PI * x;
  return Math.sin(y) / y;
}

const boxcar: WindowFn = windowed((m) => new Float64Array(m).fill(1));

const triang: WindowFn = windowed((m) => {
  const half = Math.floor((m + 1) / 2);
  const w = new Float64Array(m);
  if (m % 2 === 0) {
    for (let i = 0; i < half; i++) w[i] = w[m - 1 - i] = (2 * (i + 1) - 1.0) / m;
  } else {
    for (let i = 0; i < half; i++) w[i] = w[m - 1 - i] = (2 * (i + 1)) / (m + 1.0);
  }
  return w;
});

const parzen: WindowFn = windowed((m) => {
  const w = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const n = Math.abs(-(m - 1) / 2.0 + i);
    const r = n / (m / 2.0);
    w[i] = n <= (m - 1) / 4.0 ? 1 - 6 * r ** 2.0 + 6 * r ** 3.0 : 2 * (1 - r) ** 3.0;
  }
  return w;
});

const bohman: WindowFn = windowed((m) => {
  const fac = linspace(-1, 1, m);
  const w = new Float64Array(m);
  for (let i = 1; i < m - 1; i++) {
    const f = Math.abs(fac[i]);
    w[i] = (1 - f) * Math.cos(Math.PI * f) + (1.0 / Math.PI) * Math.sin(Math.PI * f);
  }
  return w;
});

const bartlett: WindowFn = windowed((m) => {
  const w = new Float64Array(m);
  for (let n = 0; n < m; n++) w[n] = n <= (m - 1) / 2.0 ? (2.0 * n) / (m - 1) : 2.0 - (2.0 * n) / (m - 1);
  return w;
});

const barthann: WindowFn = windowed((m) => {
  const w = new Float64Array(m);
  for (let n = 0; n < m; n++) {
    const fac = Math.abs(n / (m - 1.0) - 0.5);
    w[n] = 0.62 - 0.48 * fac + 0.38 * Math.cos(2 * Math.PI * fac);
  }
  return w;
});

const cosine: WindowFn = windowed((m) => {
  const w = new Float64Array(m);
  for (let n = 0; n < m; n++) w[n] = Math.sin((Math.PI / m) * (n + 0.5));
  return w;
});

/** `exponential(M, center=None, tau=1.0)`. */
const exponential: WindowFn = windowed((m) => {
  const center = (m - 1) / 2;
  const w = new Float64Array(m);
  for (let n = 0; n < m; n++) w[n] = Math.exp(-Math.abs(n - center) / 1.0);
  return w;
});

const lanczos: WindowFn = windowed((m) => {
  const w = new Float64Array(m);
  // SciPy builds the right half and mirrors it so the window is exactly symmetric.
  const start = m % 2 === 0 ? m / 2 : (m + 1) / 2;
  for (let n = start; n < m; n++) {
    const v = sinc((2 * n) / (m - 1) - 1.0);
    w[n] = v;
    w[m - 1 - n] = v;
  }
  if (m % 2 === 1) w[(m - 1) / 2] = 1;
  return w;
});

/** `tukey(M, alpha=0.5)`: cosine tapers over alpha/2 of the window at each end. */
const tukey: WindowFn = windowed((m) => {
  const alpha = 0.5;
  const w = new Float64Array(m).fill(1);
  const width = Math.floor((alpha * (m - 1)) / 2.0);
  for (let n = 0; n <= width; n++) w[n] = 0.5 * (1 + Math.cos(Math.PI * (-1 + (2.0 * n) / alpha / (m - 1))));
  for (let n = m - width - 1; n < m; n++) {
    w[n] = 0.5 * (1 + Math.cos(Math.PI * (-2.0 / alpha + 1 + (2.0 * n) / alpha / (m - 1))));
  }
  return w;
});

/** `taylor(M, nbar=4, sll=30, norm=True)`. */
const taylor: WindowFn = windowed((m) => {
  const nbar = 4;
  const sll = 30;
  const b = 10 ** (sll / 20);
  const a = Math.acosh(b) / Math.PI;
  const s2 = nbar ** 2 / (a ** 2 + (nbar - 0.5) ** 2);
  const ma = Array.from({ length: nbar - 1 }, (_, i) => i + 1);
  const m2 = ma.map((v) => v * v);
  const fm = ma.map((_, mi) => {
    const sign = mi % 2 === 0 ? 1 : -1;
    let numer = 1;
    for (const mv of ma) numer *= 1 - m2[mi] / s2 / (a ** 2 + (mv - 0.5) ** 2);
    numer *= sign;
    let left = 1;
    for (let j = 0; j < mi; j++) left *= 1 - m2[mi] / m2[j];
    let right = 1;
    for (let j = mi + 1; j < ma.length; j++) right *= 1 - m2[mi] / m2[j];
    return numer / (2 * left * right);
  });
  const wAt = (n: number): number => {
    let dot = 0;
    for (let k = 0; k < ma.length; k++) dot += fm[k] * Math.cos((2 * Math.PI * ma[k] * (n - m / 2 + 0.5)) / m);
    return 1 + 2 * dot;
  };
  const scale = 1.0 / wAt((m - 1) / 2);
  const w = new Float64Array(m);
  for (let n = 0; n < m; n++) w[n] = wAt(n) * scale;
  return w;
});

const hann = generalCosine([0.5, 1 - 0.5]);
const hamming = generalCosine([0.54, 1 - 0.54]);

/** SciPy's `_WIN_FUNCS` names for windows that take no parameter (or only optional ones). */
const WINDOWS: ReadonlyMap<string, WindowFn> = new Map<string, WindowFn>([
  ['barthann', barthann],
  ['brthan', barthann],
  ['bth', barthann],
  ['bartlett', bartlett],
  ['bart', bartlett],
  ['brt', bartlett],
  ['blackman', generalCosine([0.42, 0.5, 0.08])],
  ['black', generalCosine([0.42, 0.5, 0.08])],
  ['blk', generalCosine([0.42, 0.5, 0.08])],
  ['blackmanharris', generalCosine([0.35875, 0.48829, 0.14128, 0.01168])],
  ['blackharr', generalCosine([0.35875, 0.48829, 0.14128, 0.01168])],
  ['bkh', generalCosine([0.35875, 0.48829, 0.14128, 0.01168])],
  ['bohman', bohman],
  ['bman', bohman],
  ['bmn', bohman],
  ['boxcar', boxcar],
  ['box', boxcar],
  ['ones', boxcar],
  ['rect', boxcar],
  ['rectangular', boxcar],
  ['cosine', cosine],
  ['halfcosine', cosine],
  ['exponential', exponential],
  ['poisson', exponential],
  ['flattop', generalCosine([0.21557895, 0.41663158, 0.277263158, 0.083578947, 0.006947368])],
  ['flat', generalCosine([0.21557895, 0.41663158, 0.277263158, 0.083578947, 0.006947368])],
  ['flt', generalCosine([0.21557895, 0.41663158, 0.277263158, 0.083578947, 0.006947368])],
  ['hamming', hamming],
  ['hamm', hamming],
  ['ham', hamming],
  ['hann', hann],
  ['han', hann],
  ['lanczos', lanczos],
  ['sinc', lanczos],
  ['nuttall', generalCosine([0.3635819, 0.4891775, 0.1365995, 0.0106411])],
  ['nutl', generalCosine([0.3635819, 0.4891775, 0.1365995, 0.0106411])],
  ['nut', generalCosine([0.3635819, 0.4891775, 0.1365995, 0.0106411])],
  ['parzen', parzen],
  ['parz', parzen],
  ['par', parzen],
  ['taylor', taylor],
  ['taylorwin', taylor],
  ['triangle', triang],
  ['triang', triang],
  ['tri', triang],
  ['tukey', tukey],
  ['tuk', tukey],
]);

/** SciPy names of windows that require parameters (a string alone is refused). */
const NEEDS_PARAMETERS: ReadonlySet<string> = new Set([
  'chebwin',
  'cheb',
  'dpss',
  'gaussian',
  'gauss',
  'gss',
  'general cosine',
  'general_cosine',
  'general gaussian',
  'general_gaussian',
  'general gauss',
  'general_gauss',
  'ggs',
  'general hamming',
  'general_hamming',
  'kaiser',
  'ksr',
  'kaiser bessel derived',
  'kaiser_bessel_derived',
  'kbd',
]);

/** The canonical window names this library computes (for completion and docs). */
export const WINDOW_NAMES: readonly string[] = [
  'hann',
  'hamming',
  'blackman',
  'blackmanharris',
  'nuttall',
  'flattop',
  'bartlett',
  'barthann',
  'bohman',
  'boxcar',
  'cosine',
  'exponential',
  'lanczos',
  'parzen',
  'taylor',
  'triang',
  'tukey',
];

/** Splits SciPy's `_symmetric` / `_periodic` suffix, which overrides `fftbins`. */
function parseName(name: string): { base: string; sym: boolean | undefined } {
  if (name.endsWith('_symmetric')) return { base: name.slice(0, -10), sym: true };
  if (name.endsWith('_periodic')) return { base: name.slice(0, -9), sym: false };
  return { base: name, sym: undefined };
}

/** `scipy.signal.get_window(window, 1)`'s name check, with SciPy's messages. */
export function validateWindowName(window: string): void {
  const { base } = parseName(window);
  if (WINDOWS.has(base)) return;
  if (NEEDS_PARAMETERS.has(base)) {
    throw new CoreError('INVALID_ARGUMENT', `'${base}' must have parameters, but window=${pyRepr(window)}!`, 'ValueError');
  }
  throw new CoreError('INVALID_ARGUMENT', `Invalid window name '${base}' in parameter window=${pyRepr(window)}!`, 'ValueError');
}

/** `scipy.signal.get_window(window, nx, fftbins=periodic)` for a parameterless window name. */
export function getWindow(window: string, nx: number, periodic: boolean): Float64Array {
  validateWindowName(window);
  if (!(nx > 0 && Number.isInteger(nx))) {
    throw new CoreError('INVALID_ARGUMENT', `Parameter Nx=${nx} is not a positive integer`, 'ValueError');
  }
  const { base, sym } = parseName(window);
  const fn = WINDOWS.get(base) as WindowFn;
  return fn(nx, sym ?? !periodic);
}
