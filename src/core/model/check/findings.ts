/** Findings in plain words, from the per-layer statistics of a run. */
import type { CheckFinding, CheckLayer, TensorStats } from './types';

const fmt = (x: number): string => {
  const a = Math.abs(x);
  if (a === 0) return '0';
  if (a >= 1e4) return x.toExponential(1);
  if (a >= 100) return x.toFixed(0);
  if (a >= 0.1) return x.toFixed(2);
  return a < 0.001 ? x.toExponential(1) : x.toPrecision(2);
};
const pct = (f: number): string => `${Math.round(f * 100)} %`;
const where = (layers: readonly CheckLayer[], i: number): string => `layer ${i + 1} (${layers[i].name ?? layers[i].className})`;
const cause = (layer: CheckLayer): string =>
  layer.initializer !== undefined ? `: ${layer.initializer.replace(/^'(.*)'$/, '$1')} with ${layer.activation ?? 'linear'}` : '';

/** Layers whose output scale the depth findings follow: those with a kernel, apart from probability outputs. */
function followed(layer: CheckLayer): boolean {
  return (
    layer.initializer !== undefined &&
    layer.activation !== 'softmax' &&
    layer.activation !== 'sigmoid' &&
    layer.activation !== 'log_softmax'
  );
}

export function findings(layers: readonly CheckLayer[], input: TensorStats, inputIsIds: boolean): CheckFinding[] {
  const out: CheckFinding[] = [];
  const scaleAt = inputIsIds ? (layers[0]?.output.std ?? 1) : input.std;
  const start = inputIsIds ? 1 : 0;
  // float32 overflow: the first layer whose outputs hold inf or NaN; the scales after it mean nothing
  const overflow = layers.findIndex((l) => !Number.isFinite(l.output.std) || !Number.isFinite(l.output.mean));
  if (overflow >= 0) {
    out.push({
      severity: 'warning',
      layer: overflow,
      message: `the activations overflow float32 (inf or NaN) at ${where(layers, overflow)}${cause(layers[overflow])}; the signal explodes with depth`,
    });
  }
  const tracked = layers.map((l, i) => ({ l, i })).filter(({ l, i }) => i >= start && followed(l) && (overflow < 0 || i < overflow));
  if (tracked.length > 0 && scaleAt > 0) {
    const lowest = tracked.reduce((a, b) => (b.l.output.std < a.l.output.std ? b : a));
    const highest = tracked.reduce((a, b) => (b.l.output.std > a.l.output.std ? b : a));
    if (lowest.l.output.std < 0.1 * scaleAt) {
      out.push({
        severity: 'warning',
        layer: lowest.i,
        message: `activation std falls from ${fmt(scaleAt)} to ${fmt(lowest.l.output.std)} by ${where(layers, lowest.i)}${cause(lowest.l)}; the signal vanishes with depth`,
      });
    }
    if (highest.l.output.std > 10 * scaleAt) {
      out.push({
        severity: 'warning',
        layer: highest.i,
        message: `activation std grows from ${fmt(scaleAt)} to ${fmt(highest.l.output.std)} by ${where(layers, highest.i)}${cause(highest.l)}; the signal explodes with depth`,
      });
    }
  }
  // Per-layer findings; a run of consecutive layers with the same one becomes one finding.
  const perLayer: { kind: 'dead' | 'zeros' | 'saturated'; i: number; value: number }[] = [];
  layers.forEach((l, i) => {
    const dead = l.deadFraction ?? 0;
    if (dead >= 0.2) perLayer.push({ kind: 'dead', i, value: dead });
    else if ((l.activation === 'relu' || l.activation === 'relu6') && l.output.zeroFraction >= 0.7) {
      perLayer.push({ kind: 'zeros', i, value: l.output.zeroFraction });
    }
    if (l.output.saturatedFraction >= 0.2) perLayer.push({ kind: 'saturated', i, value: l.output.saturatedFraction });
  });
  for (const kind of ['dead', 'zeros', 'saturated'] as const) {
    const hits = perLayer.filter((f) => f.kind === kind);
    for (let r = 0; r < hits.length;) {
      let e = r;
      while (e + 1 < hits.length && hits[e + 1].i === hits[e].i + 1) e++;
      const run = hits.slice(r, e + 1);
      r = e + 1;
      const first = run[0].i;
      const l = layers[first];
      const values = run.map((f) => f.value);
      const lo = Math.min(...values);
      const hi = Math.max(...values);
      const share = pct(lo) === pct(hi) ? pct(lo) : `${Math.round(lo * 100)}–${pct(hi)}`;
      const at =
        run.length === 1
          ? where(layers, first)
          : `layers ${first + 1}–${run[run.length - 1].i + 1} (${layers[first].name ?? layers[first].className} … ${layers[run[run.length - 1].i].name ?? layers[run[run.length - 1].i].className})`;
      const message =
        kind === 'dead'
          ? `${share} of units are zero for the whole batch after ${at} (dead ${l.activation ?? 'ReLU'} units)`
          : kind === 'zeros'
            ? `${share} of the outputs are zero after ${at}`
            : `${share} of the ${l.activation ?? ''} outputs are saturated (${l.activation === 'sigmoid' ? 'below 0.01 or above 0.99' : '|y| > 0.99'}) after ${at}${cause(l)}; gradients through them nearly vanish`;
      out.push({ severity: 'warning', layer: first, message });
    }
  }
  const graded = layers.map((l, i) => ({ l, i })).filter(({ l }) => l.gradient !== null);
  // after an overflow the gradients are not figures (NaN outputs pass none back)
  if (graded.length >= 2 && overflow < 0) {
    const first = graded[0];
    const last = graded[graded.length - 1];
    const a = (first.l.gradient as TensorStats).std;
    const b = (last.l.gradient as TensorStats).std;
    if (b > 0) {
      const ratio = a / b;
      if (ratio < 0.01) {
        out.push({
          severity: 'warning',
          layer: first.i,
          message: `gradients vanish: their std falls from ${fmt(b)} at ${where(layers, last.i)} to ${fmt(a)} at ${where(layers, first.i)} (a factor ${fmt(ratio)})`,
        });
      } else if (ratio > 100) {
        out.push({
          severity: 'warning',
          layer: first.i,
          message: `gradients explode: their std grows from ${fmt(b)} at ${where(layers, last.i)} to ${fmt(a)} at ${where(layers, first.i)} (a factor ${fmt(ratio)})`,
        });
      }
    }
  }
  if (out.length === 0 && layers.length > 0) {
    const stds = tracked.map(({ l }) => l.output.std);
    const range =
      stds.length > 0
        ? `activation std stays between ${fmt(Math.min(...stds))} and ${fmt(Math.max(...stds))}`
        : 'activations keep their scale';
    let grads = '';
    if (graded.length >= 2) {
      const a = (graded[0].l.gradient as TensorStats).std;
      const b = (graded[graded.length - 1].l.gradient as TensorStats).std;
      if (b > 0) grads = `; gradient std changes by a factor ${fmt(a / b)} from the last layer to the first`;
    }
    out.push({ severity: 'info', message: `The initialization looks healthy: ${range} over ${layers.length} layers${grads}.` });
  }
  return out;
}
