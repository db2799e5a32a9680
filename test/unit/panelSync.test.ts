import * as assert from 'node:assert/strict';
import { createInitializer, deserialize, findInitializerAt, sample, serialize } from '../../src/core/index';
import { defaultArgs, defaultConfig, isConfigPatch, type PreviewConfig } from '../../src/protocol/previewConfig';
import { generateArgument } from '../../src/extension/generateArgument';
import { patchFromCommandArgument } from '../../src/extension/patchFromCommandArgument';
import { patchFromInitializer, seedGeneratorSeed } from '../../src/extension/patchFromInitializer';
import type { PatchResult } from '../../src/extension/patchResult';
import { RefreshScheduler, type Clock } from '../../src/extension/refreshScheduler';
import { parseGenerateArgument } from '../../src/extension/generateArgs';

/** The patch for the initializer at `|` in the lines. */
function patchAt(lines: readonly string[]): PatchResult | undefined {
  const text = lines.join('\n');
  const offset = text.indexOf('|');
  assert.ok(offset >= 0, 'no | cursor');
  const source = text.slice(0, offset) + text.slice(offset + 1);
  const expression = findInitializerAt(source, offset);
  assert.ok(expression, `no initializer at the cursor in ${lines.join(' / ')}`);
  return patchFromInitializer(expression);
}

/** A clock whose time only moves when the test says so. */
class FakeClock implements Clock {
  time = 0;
  private timers = new Map<number, { at: number; callback: () => void }>();
  private next = 1;

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.set(id, { at: this.time + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].callback();
    }
    this.time = end;
  }
}

suite('panel: the initializer under the cursor', () => {
  test('a string id in a Dense layer: the class, and the shape with the unknown input dimension', () => {
    const r = patchAt(['from keras import layers', 'layers.Dense(256, kernel_initializer="he_n|ormal")']);
    assert.deepEqual(r, { patch: { className: 'HeNormal', args: {}, shape: [null, 256] }, notes: [] });
  });

  test('a call with literal arguments, an int seed, and a fully known Conv2D kernel shape and dtype', () => {
    const r = patchAt([
      'import keras',
      'keras.layers.Conv2D(64, (3, 3), input_shape=(32, 32, 3), dtype="float64",',
      '    kernel_initializer=keras.initializers.VarianceSca|ling(scale=2, mode="fan_out", seed=7))',
    ]);
    assert.ok(r);
    assert.equal(r.patch.className, 'VarianceScaling');
    assert.deepEqual(r.patch.args, { scale: 2, mode: 'fan_out' });
    assert.deepEqual(r.patch.seed, { kind: 'int', value: 7 });
    assert.equal(isConfigPatch(JSON.parse(JSON.stringify(r.patch))), true);
    // The reader knows Conv2D's kernel is (3, 3, in, 64); what it knows of `in` is its business.
    assert.equal(r.patch.shape?.length, 4);
    assert.deepEqual(r.patch.shape?.slice(0, 2), [3, 3]);
    assert.equal(r.patch.shape?.[3], 64);
    assert.equal(r.patch.dtype, 'float64');
  });

  test('a SeedGenerator seed, a seed that is not a literal, and arguments that are not literals are noted', () => {
    const generator = patchAt(['import keras', 'keras.initializers.HeNor|mal(seed=keras.random.SeedGenerator(3))']);
    assert.deepEqual(generator?.patch.seed, { kind: 'generator', value: 3, callIndex: 0 });
    const variable = patchAt(['import keras', 'SEED = 1', 'keras.initializers.RandomNor|mal(stddev=S, seed=SEED)']);
    assert.ok(variable);
    assert.equal(variable.patch.seed, undefined, "the panel's seed is kept");
    assert.deepEqual(variable.patch.args, {});
    assert.ok(
      variable.notes.some((n) => /stddev is not a literal/.test(n)),
      variable.notes.join('; '),
    );
    assert.ok(
      variable.notes.some((n) => /seed=SEED is not a literal int/.test(n)),
      variable.notes.join('; '),
    );
    assert.equal(seedGeneratorSeed('SeedGenerator(seed=12)'), 12);
    assert.equal(seedGeneratorSeed('keras.random.SeedGenerator(12, name="g")'), 12);
    assert.equal(seedGeneratorSeed('SeedGenerator(SEED)'), undefined);
  });

  test('a value of the wrong type for its argument is dropped with a note (Python bools are ints for floats)', () => {
    const r = patchAt(['import keras', 'keras.initializers.VarianceScal|ing(scale=True, mode=3)']);
    assert.ok(r);
    assert.deepEqual(r.patch.args, { scale: 1 });
    assert.ok(
      r.notes.some((n) => /mode=3 is not a valid enum value/.test(n)),
      r.notes.join('; '),
    );
  });

  test('an id Keras 3 does not know gives no patch', () => {
    const text = 'from keras import layers\nlayers.Dense(16, kernel_initializer="glorot")';
    const expression = findInitializerAt(text, text.indexOf('glorot') + 2);
    assert.ok(expression);
    assert.equal(patchFromInitializer(expression), undefined);
  });
});

suite('panel: the Open Initializer Preview argument', () => {
  test('nothing: open the panel as it is', () => {
    assert.deepEqual(patchFromCommandArgument(undefined), { ok: true, result: undefined });
    assert.deepEqual(patchFromCommandArgument(null), { ok: true, result: undefined });
  });

  test('an id, a {class_name, config}, and the serialized form the hover link passes, with shape, dtype and seed', () => {
    assert.deepEqual(patchFromCommandArgument('he_normal'), {
      ok: true,
      result: { patch: { className: 'HeNormal', args: {} }, notes: [] },
    });
    const dict = patchFromCommandArgument({
      initializer: { class_name: 'VarianceScaling', config: { scale: 2.0, mode: 'fan_avg', seed: 5 } },
      shape: [64, 32],
      dtype: 'float64',
    });
    assert.deepEqual(dict, {
      ok: true,
      result: {
        patch: {
          className: 'VarianceScaling',
          args: { scale: 2, mode: 'fan_avg' },
          shape: [64, 32],
          dtype: 'float64',
          seed: { kind: 'int', value: 5 },
        },
        notes: [],
      },
    });
    // What keras.initializers.serialize gives (the hover's link carries exactly this).
    const hover = JSON.parse(
      JSON.stringify({ initializer: serialize(createInitializer('Orthogonal', { gain: 0.5, seed: 11 })), shape: [256, 1024] }),
    ) as unknown;
    assert.deepEqual(patchFromCommandArgument(hover), {
      ok: true,
      result: { patch: { className: 'Orthogonal', args: { gain: 0.5 }, shape: [256, 1024], seed: { kind: 'int', value: 11 } }, notes: [] },
    });
    const generator = patchFromCommandArgument({
      initializer: {
        class_name: 'HeNormal',
        config: { seed: { module: 'keras.random', class_name: 'SeedGenerator', config: { seed: 4, name: 'g' }, registered_name: null } },
      },
    });
    assert.ok(generator.ok);
    assert.deepEqual(generator.result?.patch.seed, { kind: 'generator', value: 4, callIndex: 0 });
    assert.deepEqual(patchFromCommandArgument({ initializer: 'zeros', seed: 3 }), {
      ok: true,
      result: { patch: { className: 'Zeros', args: {}, seed: { kind: 'int', value: 3 } }, notes: [] },
    });
  });

  test('unknown ids are refused with Keras’s message; unknown config keys are noted; malformed fields refused', () => {
    assert.deepEqual(patchFromCommandArgument('glorot'), { ok: false, error: 'Could not interpret initializer identifier: glorot' });
    const extra = patchFromCommandArgument({ initializer: { class_name: 'HeNormal', config: { scale: 3 } } });
    assert.ok(extra.ok);
    assert.deepEqual(extra.result?.notes, ['HeNormal takes no argument scale: ignored']);
    const bad: unknown[] = [
      42,
      [],
      { initializer: 'he_normal', shape: [-1] },
      { initializer: 'he_normal', shape: 'big' },
      { initializer: 'he_normal', shape: new Array(9).fill(1) },
      { initializer: 'he_normal', dtype: 'bfloat16' },
      { initializer: 'he_normal', seed: 1.5 },
      { initializer: 'he_normal', command: 'x' },
      { initializer: { class_name: 'HeNormal', config: 'seed=1' } },
    ];
    for (const b of bad) assert.equal(patchFromCommandArgument(b).ok, false, JSON.stringify(b));
  });

  test('every patch it makes passes the protocol guard', () => {
    for (const argument of [
      'orthogonal',
      'stft',
      { initializer: 'random_uniform', shape: [null, 3] },
      { initializer: { class_name: 'Constant', config: { value: 0.5 } } },
    ]) {
      const r = patchFromCommandArgument(argument);
      assert.ok(r.ok && r.result, JSON.stringify(argument));
      assert.equal(isConfigPatch(JSON.parse(JSON.stringify(r.result.patch))), true, JSON.stringify(argument));
    }
  });
});

suite('panel: editor → preview refresh timing', () => {
  test('the first request after a quiet period runs at once; a burst is debounced into one run after it stops', () => {
    const clock = new FakeClock();
    let runs = 0;
    const scheduler = new RefreshScheduler(100, () => runs++, clock);
    scheduler.request();
    assert.equal(runs, 1, 'first update immediate');
    for (let i = 0; i < 5; i++) {
      clock.advance(30);
      scheduler.request();
    }
    assert.equal(runs, 1, 'a burst waits');
    clock.advance(99);
    assert.equal(runs, 1);
    clock.advance(1);
    assert.equal(runs, 2, 'one run 100 ms after the last request');
    clock.advance(500);
    scheduler.request();
    assert.equal(runs, 3, 'after a quiet period, immediate again');
  });

  test('cancel and dispose drop the pending run', () => {
    const clock = new FakeClock();
    let runs = 0;
    const scheduler = new RefreshScheduler(100, () => runs++, clock);
    scheduler.request();
    scheduler.request();
    scheduler.cancel();
    clock.advance(1000);
    assert.equal(runs, 1);
    scheduler.request();
    clock.advance(10);
    scheduler.request();
    scheduler.dispose();
    clock.advance(1000);
    scheduler.request();
    assert.equal(runs, 2, 'nothing runs after dispose');
  });
});

suite('panel: export and settings', () => {
  test('the generate argument is the serialized initializer, shape, dtype and seed; it rebuilds the same numbers', () => {
    const config: PreviewConfig = {
      ...defaultConfig(),
      className: 'HeUniform',
      args: defaultArgs('HeUniform'),
      shape: [8, 4],
      seed: { kind: 'int', value: 9 },
      dtype: 'float64',
    };
    const argument = generateArgument(config);
    assert.deepEqual(argument, {
      initializer: {
        module: 'keras.initializers',
        class_name: 'HeUniform',
        config: { seed: 9, input_axes: null, output_axes: null },
        registered_name: null,
      },
      shape: [8, 4],
      dtype: 'float64',
      seed: 9,
    });
    const again = sample(deserialize(JSON.parse(JSON.stringify(argument.initializer)) as Record<string, unknown>), argument.shape, {
      dtype: argument.dtype,
    });
    const direct = sample(createInitializer('HeUniform', { seed: 9 }), [8, 4], { dtype: 'float64' });
    assert.deepEqual(Array.from(again.data), Array.from(direct.data));
    // A SeedGenerator's call index goes along, so the file holds the call the panel shows.
    const generator = generateArgument({ ...config, seed: { kind: 'generator', value: 2, callIndex: 3 } });
    assert.deepEqual(generator.initializer.config.seed, {
      module: 'keras.random',
      class_name: 'SeedGenerator',
      config: { seed: 2, name: 'seed_generator' },
      registered_name: null,
    });
    assert.deepEqual([generator.seed, generator.callIndex], [2, 3]);
    // An initializer that is not random takes no seed.
    const zeros = generateArgument({ ...config, className: 'Zeros', args: {} });
    assert.deepEqual(Object.keys(zeros), ['initializer', 'shape', 'dtype']);
    // The generate command accepts all three, as they travel (JSON).
    for (const a of [argument, generator, zeros]) {
      const request = parseGenerateArgument(JSON.parse(JSON.stringify(a)));
      assert.equal(request.initializer?.className, a.initializer.class_name);
      assert.deepEqual([request.shape, request.dtype, request.seed, request.callIndex], [a.shape, a.dtype, a.seed, a.callIndex]);
    }
  });

  test('an invalid configuration is refused with Keras’s message, from the constructor or the call', () => {
    const config: PreviewConfig = {
      ...defaultConfig(),
      className: 'VarianceScaling',
      args: { ...defaultArgs('VarianceScaling'), scale: 0 },
    };
    assert.throws(() => generateArgument(config), /Argument `scale` must be positive float\. Received: scale=0\.0/);
    const identity: PreviewConfig = { ...defaultConfig(), className: 'Identity', args: defaultArgs('Identity'), shape: [3, 3, 3] };
    assert.throws(() => generateArgument(identity), /Identity matrix initializer can only be used for 2D matrices/);
  });
});
