/**
 * The initialization check's backward pass against finite differences: for one layer of each kind
 * (random weights, random inputs), dL/dx of L = sum(y * g) from the layer's backward pass equals
 * (L(x + h e_i) - L(x - h e_i)) / 2h on sampled coordinates.
 */
import * as assert from 'node:assert/strict';
import { analyzeModels } from '../../src/core/index';
import { layerArgs } from '../../src/core/model/graph';
import { createGenerator } from '../../src/core/random/generator';
import { makeKernel, type LayerKernel } from '../../src/core/model/check/kernels/index';
import type { Tensor } from '../../src/core/model/check/tensor';

interface Case {
  readonly name: string;
  /** Input shapes without the batch. */
  readonly inputs: readonly (readonly number[])[];
  /** The layer's constructor call (`layers.` prefix). */
  readonly layer: string;
  readonly training?: boolean;
}

const CASES: readonly Case[] = [
  { name: 'Dense relu', inputs: [[6]], layer: 'layers.Dense(5, activation="relu")' },
  { name: 'Dense rank 3 gelu', inputs: [[3, 6]], layer: 'layers.Dense(4, activation="gelu")' },
  { name: 'Dense tanh', inputs: [[6]], layer: 'layers.Dense(4, activation="tanh")' },
  { name: 'Dense sigmoid', inputs: [[6]], layer: 'layers.Dense(4, activation="sigmoid")' },
  { name: 'Dense softmax', inputs: [[6]], layer: 'layers.Dense(4, activation="softmax")' },
  { name: 'Dense selu', inputs: [[6]], layer: 'layers.Dense(4, activation="selu")' },
  { name: 'Dense elu', inputs: [[6]], layer: 'layers.Dense(4, activation="elu")' },
  { name: 'Dense silu', inputs: [[6]], layer: 'layers.Dense(4, activation="swish")' },
  { name: 'Dense softplus', inputs: [[6]], layer: 'layers.Dense(4, activation="softplus")' },
  { name: 'Dense softsign', inputs: [[6]], layer: 'layers.Dense(4, activation="softsign")' },
  { name: 'Dense leaky_relu', inputs: [[6]], layer: 'layers.Dense(4, activation="leaky_relu")' },
  { name: 'Dense relu6', inputs: [[6]], layer: 'layers.Dense(4, activation="relu6")' },
  { name: 'ReLU layer', inputs: [[8]], layer: 'layers.ReLU(max_value=1.5, negative_slope=0.1)' },
  { name: 'LeakyReLU', inputs: [[8]], layer: 'layers.LeakyReLU()' },
  { name: 'ELU layer', inputs: [[8]], layer: 'layers.ELU(alpha=0.7)' },
  { name: 'Softmax layer', inputs: [[8]], layer: 'layers.Softmax()' },
  { name: 'PReLU', inputs: [[8]], layer: 'layers.PReLU(alpha_initializer="ones")' },
  { name: 'Conv1D same stride 2', inputs: [[9, 3]], layer: 'layers.Conv1D(4, 3, strides=2, padding="same")' },
  { name: 'Conv1D causal dilated', inputs: [[9, 3]], layer: 'layers.Conv1D(4, 3, dilation_rate=2, padding="causal", activation="relu")' },
  { name: 'Conv2D valid', inputs: [[6, 5, 2]], layer: 'layers.Conv2D(3, (3, 2))' },
  { name: 'Conv2D same strided', inputs: [[7, 6, 2]], layer: 'layers.Conv2D(3, 3, strides=(2, 3), padding="same")' },
  {
    name: 'Conv2D same dilated',
    inputs: [[7, 6, 2]],
    layer: 'layers.Conv2D(3, 3, dilation_rate=(1, 2), padding="same", activation="elu")',
  },
  { name: 'Conv2D channels_first', inputs: [[2, 6, 5]], layer: 'layers.Conv2D(3, 3, padding="same", data_format="channels_first")' },
  { name: 'DepthwiseConv1D', inputs: [[8, 3]], layer: 'layers.DepthwiseConv1D(3, depth_multiplier=2, padding="same")' },
  { name: 'DepthwiseConv2D', inputs: [[6, 5, 3]], layer: 'layers.DepthwiseConv2D(3, strides=2, depth_multiplier=2)' },
  { name: 'SeparableConv1D', inputs: [[8, 3]], layer: 'layers.SeparableConv1D(4, 3, depth_multiplier=2)' },
  { name: 'SeparableConv2D', inputs: [[6, 5, 3]], layer: 'layers.SeparableConv2D(4, 3, padding="same")' },
  { name: 'MaxPooling1D', inputs: [[9, 3]], layer: 'layers.MaxPooling1D(2)' },
  { name: 'MaxPooling2D same', inputs: [[5, 5, 2]], layer: 'layers.MaxPooling2D(2, padding="same")' },
  { name: 'AveragePooling1D same', inputs: [[9, 3]], layer: 'layers.AveragePooling1D(3, strides=2, padding="same")' },
  { name: 'AveragePooling2D', inputs: [[6, 6, 2]], layer: 'layers.AveragePooling2D((2, 3))' },
  { name: 'AveragePooling2D channels_first', inputs: [[2, 6, 6]], layer: 'layers.AveragePooling2D(2, data_format="channels_first")' },
  { name: 'GlobalMaxPooling1D', inputs: [[7, 3]], layer: 'layers.GlobalMaxPooling1D()' },
  { name: 'GlobalAveragePooling1D', inputs: [[7, 3]], layer: 'layers.GlobalAveragePooling1D()' },
  { name: 'GlobalMaxPooling2D', inputs: [[4, 5, 3]], layer: 'layers.GlobalMaxPooling2D()' },
  {
    name: 'GlobalAveragePooling2D channels_first',
    inputs: [[3, 4, 5]],
    layer: 'layers.GlobalAveragePooling2D(data_format="channels_first", keepdims=True)',
  },
  { name: 'Flatten', inputs: [[3, 4]], layer: 'layers.Flatten()' },
  { name: 'Reshape', inputs: [[12]], layer: 'layers.Reshape((3, -1))' },
  { name: 'BatchNormalization inference', inputs: [[5]], layer: 'layers.BatchNormalization()' },
  { name: 'BatchNormalization training', inputs: [[4, 3]], layer: 'layers.BatchNormalization()', training: true },
  { name: 'BatchNormalization axis 1', inputs: [[3, 4]], layer: 'layers.BatchNormalization(axis=1)', training: true },
  { name: 'LayerNormalization', inputs: [[3, 6]], layer: 'layers.LayerNormalization()' },
  { name: 'Dropout training', inputs: [[10]], layer: 'layers.Dropout(0.3)', training: true },
  { name: 'SpatialDropout1D training', inputs: [[5, 4]], layer: 'layers.SpatialDropout1D(0.5)', training: true },
  { name: 'SimpleRNN', inputs: [[5, 3]], layer: 'layers.SimpleRNN(4)' },
  { name: 'SimpleRNN sequences backwards', inputs: [[5, 3]], layer: 'layers.SimpleRNN(4, return_sequences=True, go_backwards=True)' },
  { name: 'LSTM', inputs: [[5, 3]], layer: 'layers.LSTM(4)' },
  { name: 'LSTM sequences', inputs: [[5, 3]], layer: 'layers.LSTM(4, return_sequences=True)' },
  { name: 'GRU reset_after', inputs: [[5, 3]], layer: 'layers.GRU(4, return_sequences=True)' },
  { name: 'GRU reset_before backwards', inputs: [[5, 3]], layer: 'layers.GRU(4, reset_after=False, go_backwards=True)' },
  { name: 'Bidirectional LSTM concat', inputs: [[5, 3]], layer: 'layers.Bidirectional(layers.LSTM(4, return_sequences=True))' },
  { name: 'Bidirectional GRU sum', inputs: [[5, 3]], layer: 'layers.Bidirectional(layers.GRU(4), merge_mode="sum")' },
  {
    name: 'Bidirectional SimpleRNN mul',
    inputs: [[5, 3]],
    layer: 'layers.Bidirectional(layers.SimpleRNN(4, return_sequences=True), merge_mode="mul")',
  },
  { name: 'Bidirectional ave', inputs: [[5, 3]], layer: 'layers.Bidirectional(layers.SimpleRNN(4), merge_mode="ave")' },
  { name: 'Bidirectional None', inputs: [[5, 3]], layer: 'layers.Bidirectional(layers.GRU(3), merge_mode=None)' },
  { name: 'Add', inputs: [[4], [4], [4]], layer: 'layers.Add()' },
  { name: 'Subtract', inputs: [[4], [4]], layer: 'layers.Subtract()' },
  { name: 'Multiply', inputs: [[4], [4], [4]], layer: 'layers.Multiply()' },
  { name: 'Average', inputs: [[4], [4]], layer: 'layers.Average()' },
  { name: 'Maximum', inputs: [[4], [4]], layer: 'layers.Maximum()' },
  { name: 'Minimum', inputs: [[4], [4]], layer: 'layers.Minimum()' },
  {
    name: 'Concatenate',
    inputs: [
      [2, 3],
      [2, 4],
    ],
    layer: 'layers.Concatenate()',
  },
  {
    name: 'Concatenate axis 1',
    inputs: [
      [2, 3],
      [5, 3],
    ],
    layer: 'layers.Concatenate(axis=1)',
  },
  { name: 'Activation gelu', inputs: [[6]], layer: 'layers.Activation("gelu")' },
  { name: 'Activation mish', inputs: [[6]], layer: 'layers.Activation("mish")' },
  { name: 'Activation hard_silu', inputs: [[6]], layer: 'layers.Activation("hard_silu")' },
  { name: 'Activation log_softmax', inputs: [[6]], layer: 'layers.Activation("log_softmax")' },
];

const BATCH = 3;

/** A kernel for the case's layer, with random weights (positive variances), inputs and output gradients. */
export function caseKernel(c: Case, seed = 1): { kernel: () => LayerKernel; inputs: Tensor[] } {
  const inputs = c.inputs.map((s, k) => `i${k} = keras.Input(${JSON.stringify(s).replace('[', '(').replace(']', ',)')})`);
  const call = c.inputs.length === 1 ? `(i0)` : `([${c.inputs.map((_, k) => `i${k}`).join(', ')}])`;
  const text = `import keras\nfrom keras import layers\n${inputs.join('\n')}\nout = ${c.layer}${call}\n`;
  const analysis = analyzeModels(text);
  const layer = analysis.layers.find((l) => l.className !== 'InputLayer');
  assert.ok(layer !== undefined, text);
  assert.equal(layer.unknown, undefined, `${c.name}: ${layer.unknown ?? ''}`);
  const rng = createGenerator([seed, 7]);
  const weights = new Map<string, Float32Array>();
  for (const w of layer.weights) {
    const n = (w.shape ?? []).reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const v = rng.normal(0, 0.5);
      data[i] = /variance/.test(w.name) ? Math.abs(v) + 0.5 : v;
    }
    weights.set([...w.spec.owner, w.spec.name].join('/'), data);
  }
  const shapes = c.inputs.map((s) => [BATCH, ...s]);
  const tensors: Tensor[] = shapes.map((s) => {
    const n = s.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = rng.normal(0, 1);
    return { shape: s, data };
  });
  const kernel = (): LayerKernel => {
    const drop = createGenerator([seed, 9]);
    return makeKernel({
      className: layer.className,
      args: layerArgs(layer.className, layer.args ?? {}),
      inputShapes: shapes,
      weight: (name) => {
        const w = weights.get(name);
        assert.ok(w !== undefined, `${c.name}: weight ${name}`);
        return w;
      },
      training: c.training ?? false,
      uniform: () => drop.random(),
    });
  };
  return { kernel, inputs: tensors };
}

suite('check: gradients against finite differences', () => {
  const report: string[] = [];
  for (const c of CASES) {
    test(c.name, () => {
      const { kernel, inputs } = caseKernel(c);
      const k = kernel();
      const outs = k.forward(inputs);
      const rng = createGenerator([3]);
      const gs = outs.map((o) => {
        const g = new Float32Array(o.data.length);
        for (let i = 0; i < g.length; i++) g[i] = rng.normal(0, 1);
        return g;
      });
      const grads = k.backward(gs);
      const loss = (xs: Tensor[]): number => {
        const ys = kernel().forward(xs);
        let s = 0;
        ys.forEach((y, o) => y.data.forEach((v, i) => (s += v * gs[o][i])));
        return s;
      };
      const h = 2e-3;
      let num = 0;
      let den = 0;
      inputs.forEach((x, which) => {
        const g = grads[which];
        assert.ok(g !== null);
        for (let i = 0; i < x.data.length; i++) {
          const plus = inputs.map((t) => ({ shape: t.shape, data: new Float32Array(t.data) }));
          const minus = inputs.map((t) => ({ shape: t.shape, data: new Float32Array(t.data) }));
          plus[which].data[i] += h;
          minus[which].data[i] -= h;
          const fd = (loss(plus) - loss(minus)) / (2 * h);
          num += (fd - g[i]) ** 2;
          den += g[i] ** 2;
        }
      });
      const rel = Math.sqrt(num / Math.max(den, 1e-12));
      report.push(`${c.name}: ${rel.toExponential(2)}`);
      assert.ok(rel < 2e-2, `${c.name}: relative error ${rel}`);
    });
  }
  suiteTeardown(() => {
    if (process.env.CHECK_REPORT !== undefined) console.log(report.join('\n'));
  });
});
