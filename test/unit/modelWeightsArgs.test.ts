/**
 * "Generate Model Weights…": the command's argument checked field by field (with messages that name
 * what is accepted), the seed typed by the user, the format a file name asks for, the default model,
 * and the Python offered afterwards — run by python3 against a file the CLI wrote, with a stand-in model
 * whose `weights` carry Keras's variable paths.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeModels, defaultModel, modelLoadingSnippet } from '../../src/core/index';
import {
  ModelWeightsArgumentError,
  formatForModelTarget,
  modelFormatOfName,
  parseModelWeightsArgument,
  parseSeedText,
} from '../../src/extension/modelWeightsArgs';
import { runCli, tempDir } from './cliSupport';
import { requirePython } from './pythonRequirement';

suite('Generate Model Weights: argument', () => {
  test('nothing, or a CodeLens argument, asks for the rest', () => {
    assert.deepEqual(parseModelWeightsArgument(undefined), { model: null, overwrite: false });
    const lens = parseModelWeightsArgument({ uri: 'file:///w/model.py', model: 'classifier' });
    assert.equal(lens.uri, 'file:///w/model.py');
    assert.equal(lens.model, 'classifier');
    assert.equal(lens.target, undefined);
    assert.equal(lens.format, undefined);
    assert.equal(lens.seed, undefined);
  });

  test('a full request: format by name or suffix, seed, target, overwrite', () => {
    const r = parseModelWeightsArgument({
      uri: 'file:///w/m.py',
      model: null,
      format: '.npz',
      seed: 7,
      target: 'file:///w/o.npz',
      overwrite: true,
    });
    assert.equal(r.format, 'npz');
    assert.equal(r.seed, 7);
    assert.equal(r.target, 'file:///w/o.npz');
    assert.equal(r.overwrite, true);
    assert.equal(parseModelWeightsArgument({ format: 'weights.h5' }).format, 'weights.h5');
  });

  test('bad fields are refused with what is accepted', () => {
    const cases: [unknown, RegExp][] = [
      [42, /must be an object with any of uri, model, format, seed, target, overwrite/],
      [[], /must be an object/],
      [{ modle: 'x' }, /Unknown field\(s\) modle; the argument accepts uri, model/],
      [{ uri: '' }, /`uri` must be the URI string/],
      [{ model: 3 }, /`model` must be a model's variable or Keras name/],
      [{ format: 'h5' }, /`format` must be one of weights\.h5, npz, safetensors; received "h5"/],
      [{ seed: -1 }, /`seed`: The seed must be an integer from 0 to 4294967295; received -1/],
      [{ seed: 2 ** 32 }, /received 4294967296/],
      [{ seed: 1.5 }, /received 1\.5/],
      [{ seed: '3' }, /received "3"/],
      [{ overwrite: 'yes' }, /`overwrite` must be true or false/],
    ];
    for (const [argument, message] of cases) {
      assert.throws(
        () => parseModelWeightsArgument(argument),
        (e: unknown) => e instanceof ModelWeightsArgumentError && message.test(e.message),
      );
    }
  });

  test('a typed seed: empty draws one, digits in range are taken, anything else says what to type', () => {
    assert.deepEqual(parseSeedText(''), { seed: undefined });
    assert.deepEqual(parseSeedText('  '), { seed: undefined });
    assert.deepEqual(parseSeedText(' 42 '), { seed: 42 });
    assert.deepEqual(parseSeedText('4294967295'), { seed: 4294967295 });
    for (const bad of ['-1', '1e3', '0x10', 'abc', '3.5']) {
      assert.match((parseSeedText(bad) as { problem: string }).problem, /whole number from 0 to 4294967295/);
    }
    assert.match((parseSeedText('4294967296') as { problem: string }).problem, /received 4294967296/);
  });

  test('the format follows the file name; a name that asks for another format is refused', () => {
    assert.equal(modelFormatOfName('net.weights.h5'), 'weights.h5');
    assert.equal(modelFormatOfName('NET.NPZ'), 'npz');
    assert.equal(modelFormatOfName('net.h5'), undefined, 'load_weights reads only .weights.h5');
    assert.equal(formatForModelTarget('a.safetensors', undefined), 'safetensors');
    assert.throws(() => formatForModelTarget('a.h5', 'weights.h5'), /must end in \.weights\.h5, \.npz, \.safetensors/);
    assert.throws(() => formatForModelTarget('a.npz', 'weights.h5'), /a \.npz name but the format asked is weights\.h5/);
  });
});

suite('Generate Model Weights: default model and loading code', () => {
  test('the default model is the last one bound to a variable', () => {
    const text = [
      'import keras',
      'from keras import layers',
      'a = keras.Sequential([keras.Input((4,)), layers.Dense(2)])',
      'b = keras.Sequential([keras.Input((3,)), layers.Dense(5)])',
      'keras.Sequential([keras.Input((2,)), layers.Dense(1)])',
      '',
    ].join('\n');
    const analysis = analyzeModels(text);
    assert.equal(analysis.models.length, 3);
    assert.equal(defaultModel(analysis)?.variable, 'b');
    assert.equal(defaultModel(analyzeModels('x = 1\n')), undefined);
  });

  test('the snippet names the model variable and the path as Python literals', () => {
    assert.equal(
      modelLoadingSnippet({ path: 'out/net.weights.h5', format: 'weights.h5', variable: 'net' }),
      'net.load_weights("out/net.weights.h5")\n',
    );
    assert.equal(
      modelLoadingSnippet({ path: 'C:\\w\\m.weights.h5', format: 'weights.h5' }),
      'model.load_weights(r"C:\\w\\m.weights.h5")\n',
    );
  });

  test('the .npz and .safetensors snippets run in Python and hand set_weights the arrays in model.weights order', async function () {
    requirePython(this, 'numpy');
    const dir = tempDir('model-snippet');
    const source = [
      'import keras',
      'from keras import layers',
      'net = keras.Sequential([keras.Input((4,)), layers.Dense(3, kernel_initializer=keras.initializers.HeNormal(seed=1)), layers.BatchNormalization()])',
      '',
    ].join('\n');
    fs.writeFileSync(path.join(dir, 'net.py'), source);
    const run = await runCli(['model', 'net.py', '-o', 'net.npz', '--seed', '5', '-q'], { cwd: dir });
    assert.equal(run.status, 0, run.stderr);
    const snippet = modelLoadingSnippet({ path: 'net.npz', format: 'npz', variable: 'net' });
    const paths = [
      'sequential/dense/kernel',
      'sequential/dense/bias',
      'sequential/batch_normalization/gamma',
      'sequential/batch_normalization/beta',
      'sequential/batch_normalization/moving_mean',
      'sequential/batch_normalization/moving_variance',
    ];
    const program = [
      'import types',
      'got = []',
      `net = types.SimpleNamespace(weights=[types.SimpleNamespace(path=p) for p in ${JSON.stringify(paths)}], set_weights=got.extend)`,
      snippet,
      'print([a.shape for a in got])',
    ].join('\n');
    const r = spawnSync('python3', ['-c', program], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), '[(4, 3), (3,), (3,), (3,), (3,), (3,)]');
    const st = modelLoadingSnippet({ path: 'net.safetensors', format: 'safetensors', variable: 'net' });
    assert.match(st, /^from safetensors\.numpy import load_file\n/);
    assert.match(st, /net\.set_weights\(\[tensors\[v\.path\] for v in net\.weights\]\)/);
  });
});
