/**
 * The initialization check's forward pass against real Keras 3 (numpy backend; convolutions and
 * pooling windows in numpy): per-layer output statistics of the models in
 * test/fixtures/keras-check/models, with the weights the CLI writes and the documented random batch.
 * Regenerate with make_check_reference.py (see its header); tests never run Keras.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkInitialization } from '../../src/core/index';

const DIR = path.join(__dirname, '..', 'fixtures', 'keras-check');

interface RefLayer {
  readonly name: string;
  readonly className: string;
  readonly shape: number[];
  readonly mean: number;
  readonly std: number;
  readonly zero: number;
  readonly min: number;
  readonly max: number;
}

interface Reference {
  readonly seed: number;
  readonly inputSeed: number;
  readonly batch: number;
  readonly models: Record<string, { inference: RefLayer[]; training?: RefLayer[] }>;
}

const reference = JSON.parse(readFileSync(path.join(DIR, 'reference.json'), 'utf8')) as Reference;
/** Relative tolerance on std, min and max; the mean is compared against the layer's scale. */
const TOLERANCE = 1e-4;
let worst = 0;

const close = (actual: number, expected: number, scale: number, what: string): void => {
  const err = Math.abs(actual - expected) / Math.max(Math.abs(expected), scale, 1e-30);
  worst = Math.max(worst, err);
  assert.ok(err <= TOLERANCE, `${what}: ${actual} vs Keras ${expected} (relative error ${err.toExponential(2)})`);
};

suite('check: forward pass against Keras', () => {
  for (const [file, entry] of Object.entries(reference.models)) {
    for (const mode of ['inference', 'training'] as const) {
      const layers = entry[mode];
      if (layers === undefined) continue;
      test(`${file} (${mode})`, () => {
        const text = readFileSync(path.join(DIR, 'models', file), 'utf8');
        const result = checkInitialization(text, {
          seed: reference.seed,
          inputSeed: reference.inputSeed,
          batchSize: reference.batch,
          training: mode === 'training',
        });
        assert.equal(result.stoppedAt, undefined, JSON.stringify(result.stoppedAt));
        assert.equal(result.seed, reference.seed);
        assert.equal(result.layers.length, layers.length);
        layers.forEach((ref, i) => {
          const got = result.layers[i];
          const what = `${file} ${mode} layer ${i} ${ref.name} (${ref.className})`;
          assert.equal(got.name, ref.name, what);
          assert.deepEqual(got.outputShape, ref.shape, what);
          close(got.output.std, ref.std, 0, `${what} std`);
          close(got.output.mean, ref.mean, ref.std, `${what} mean`);
          close(got.output.min, ref.min, ref.std, `${what} min`);
          close(got.output.max, ref.max, ref.std, `${what} max`);
          assert.ok(
            Math.abs(got.output.zeroFraction - ref.zero) <= 1 / (2 * ref.shape.reduce((a, b) => a * b, 1)),
            `${what} zero fraction ${got.output.zeroFraction} vs ${ref.zero}`,
          );
        });
      });
    }
  }
  suiteTeardown(() => {
    if (process.env.CHECK_REPORT !== undefined) console.log(`largest relative error: ${worst.toExponential(2)}`);
  });
});
