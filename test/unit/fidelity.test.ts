/**
 * Fidelity against real Keras 3.16 (numpy backend): every case of every reference file in
 * test/fixtures/keras-numpy is re-run through the core and compared with what Keras produced —
 * bit patterns and the sha256 of the whole tensor for the random/constant/identity cases,
 * tolerances for Orthogonal (float32 rounding of a float64 QR) and STFT (float32 trigonometry),
 * exact messages for errors, exact dicts (and key order) for configs.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CoreError,
  SeedGenerator,
  createInitializer,
  deserialize,
  getInitializer,
  sample,
  serialize,
  type InitializerClassName,
  type KerasInitializer,
  type Tensor,
} from '../../src/core';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'keras-numpy');

interface ReferenceError {
  readonly stage?: string;
  readonly type: string;
  readonly message: string;
}

interface TensorCase {
  readonly initializer: InitializerClassName;
  readonly kwargs: Record<string, unknown>;
  readonly config: Record<string, unknown>;
  readonly shape: number[];
  readonly dtype: string | null;
  readonly seed: unknown;
  readonly call_index?: number;
  readonly resolved_seed?: number;
  readonly out_dtype?: string;
  readonly out_shape?: number[];
  readonly count?: number;
  readonly complete?: boolean;
  readonly values?: (number | string)[];
  readonly hex?: string[];
  readonly sha256_le?: string;
  readonly error?: ReferenceError;
  readonly note?: string;
}

function load<T>(file: string): T[] {
  return (JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8')) as { cases: T[] }).cases;
}

const TENSOR_FILES = fs
  .readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json') && !['errors.json', 'aliases.json', 'serialization.json'].includes(f))
  .sort();

/** Python float from the JSON encoding ("inf", "-inf", "nan" as strings). */
function refValue(v: number | string): number {
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  if (v === 'nan') return NaN;
  return v as number;
}

/** The raw little-endian bytes of the tensor in its dtype. */
function leBytes(t: Tensor): Uint8Array {
  const d = t.data;
  const size = d.BYTES_PER_ELEMENT;
  const bytes = new Uint8Array(d.length * size);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < d.length; i++) {
    if (d instanceof Float32Array) view.setFloat32(i * 4, d[i], true);
    else if (d instanceof Float64Array) view.setFloat64(i * 8, d[i], true);
    else if (d instanceof Uint16Array) view.setUint16(i * 2, d[i], true);
    else view.setInt32(i * 4, d[i], true);
  }
  return bytes;
}

function hexOf(t: Tensor, i: number): string {
  const d = t.data;
  if (d instanceof Uint16Array) return d[i].toString(16).padStart(4, '0');
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, d[i]);
  return view.getUint32(0).toString(16).padStart(8, '0');
}

/** The element as a number (float16 decoded from its bits). */
function numberAt(t: Tensor, i: number): number {
  const d = t.data;
  if (d instanceof Uint16Array) {
    const bits = d[i];
    const sign = bits & 0x8000 ? -1 : 1;
    const exp = (bits >> 10) & 0x1f;
    const frac = bits & 0x3ff;
    if (exp === 0) return sign * frac * 2 ** -24;
    if (exp === 31) return frac === 0 ? sign * Infinity : NaN;
    return sign * (1 + frac / 1024) * 2 ** (exp - 15);
  }
  return d[i];
}

/** Keras's `seed` argument as the case describes it. */
function seedArg(c: TensorCase): unknown {
  const s = c.kwargs.seed;
  if (typeof s === 'object' && s !== null && 'SeedGenerator' in s) {
    const cfgSeed = c.config.seed as { config: { name: string } };
    return new SeedGenerator({ seed: (s as { SeedGenerator: number }).SeedGenerator, name: cfgSeed.config.name });
  }
  if (typeof c.seed === 'object' && c.seed !== null && 'set_random_seed' in c.seed) {
    // keras.utils.set_random_seed + seed=None: Keras drew resolved_seed from CPython's Mersenne
    // Twister, which is out of scope; the values must still be those of that int seed.
    return c.resolved_seed;
  }
  return s;
}

function construct(c: TensorCase): KerasInitializer {
  const kwargs: Record<string, unknown> = { ...c.kwargs };
  if ('seed' in kwargs || (typeof c.seed === 'object' && c.seed !== null)) kwargs.seed = seedArg(c);
  return createInitializer(c.initializer, kwargs);
}

function isSetRandomSeed(c: TensorCase): boolean {
  return typeof c.seed === 'object' && c.seed !== null && 'set_random_seed' in c.seed;
}

function expectError(fn: () => unknown, expected: ReferenceError, setOrderFree = false): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown instanceof CoreError, `expected a CoreError ${expected.type}: ${expected.message}, got ${String(thrown)}`);
  assert.equal(thrown.kerasType, expected.type, thrown.message);
  if (setOrderFree) assert.equal(normalizeSets(thrown.message), normalizeSets(expected.message));
  else assert.equal(thrown.message, expected.message);
}

/** Python prints sets in hash order: compare their elements sorted. */
function normalizeSets(message: string): string {
  return message.replace(/\{([^{}]*)\}/g, (_, inner: string) => `{${inner.split(', ').sort().join(', ')}}`);
}

const counts = {
  exact: 0,
  exactTotal: 0,
  orthogonalWithin: 0,
  orthogonalTotal: 0,
  orthogonalValuesExact: 0,
  orthogonalValues: 0,
  orthogonalShaExact: 0,
  stftWithin: 0,
  stftTotal: 0,
  stftMaxError: 0,
  stftMaxError16: 0,
  caseErrors: 0,
  caseErrorsTotal: 0,
  errors: 0,
  errorsTotal: 0,
  aliases: 0,
  aliasesTotal: 0,
  serialization: 0,
  serializationTotal: 0,
  setRandomSeedSkipped: 0,
};

/** Checks one tensor case; returns a failure description or undefined. */
function checkTensorCase(c: TensorCase): string | undefined {
  const init = construct(c);
  // get_config() as Keras printed it, keys in order.
  if (!isSetRandomSeed(c) && JSON.stringify(init.getConfig()) !== JSON.stringify(c.config)) {
    return `config ${JSON.stringify(init.getConfig())} != ${JSON.stringify(c.config)}`;
  }
  const call = (): Tensor => sample(init, c.shape, { dtype: c.dtype, callIndex: c.call_index ?? 0 });
  if (c.error) {
    counts.caseErrorsTotal++;
    expectError(call, c.error);
    counts.caseErrors++;
    return undefined;
  }
  const t = call();
  if (t.dtype !== c.out_dtype) return `dtype ${t.dtype} != ${c.out_dtype}`;
  if (JSON.stringify(t.shape) !== JSON.stringify(c.out_shape)) return `shape ${JSON.stringify(t.shape)} != ${JSON.stringify(c.out_shape)}`;
  if (t.data.length !== c.count) return `count ${t.data.length} != ${c.count}`;
  const values = c.values ?? [];
  const sha = createHash('sha256').update(leBytes(t)).digest('hex');

  if (c.initializer === 'STFT') {
    counts.stftTotal++;
    const tol = t.dtype === 'float16' ? 2e-2 : 2e-5;
    for (let i = 0; i < values.length; i++) {
      const err = Math.abs(numberAt(t, i) - refValue(values[i]));
      if (t.dtype === 'float16') counts.stftMaxError16 = Math.max(counts.stftMaxError16, err);
      else counts.stftMaxError = Math.max(counts.stftMaxError, err);
      if (!(err <= tol)) return `STFT value ${i}: ${numberAt(t, i)} vs ${values[i]} (tolerance ${tol})`;
    }
    counts.stftWithin++;
    return undefined;
  }
  if (c.initializer === 'Orthogonal') {
    counts.orthogonalTotal++;
    for (let i = 0; i < values.length; i++) {
      const ref = refValue(values[i]);
      const err = Math.abs(numberAt(t, i) - ref);
      if (!(err <= 1e-6)) return `Orthogonal value ${i}: ${numberAt(t, i)} vs ${ref}`;
      counts.orthogonalValues++;
      if (Object.is(numberAt(t, i), ref)) counts.orthogonalValuesExact++;
    }
    if (sha === c.sha256_le) counts.orthogonalShaExact++;
    counts.orthogonalWithin++;
    return undefined;
  }
  counts.exactTotal++;
  for (let i = 0; i < values.length; i++) {
    const got = numberAt(t, i);
    const ref = refValue(values[i]);
    if (!Object.is(got, ref)) return `value ${i}: ${got} != ${ref}`;
    if (c.hex && hexOf(t, i) !== c.hex[i]) return `bits ${i}: ${hexOf(t, i)} != ${c.hex[i]}`;
  }
  if (sha !== c.sha256_le) return `sha256 of the full tensor ${sha} != ${c.sha256_le}`;
  counts.exact++;
  return undefined;
}

suite('fidelity: Keras 3 numpy-backend reference vectors', () => {
  for (const file of TENSOR_FILES) {
    test(`${file}: every case`, () => {
      const failures: string[] = [];
      const cases = load<TensorCase>(file);
      assert.ok(cases.length > 0);
      for (const [i, c] of cases.entries()) {
        try {
          const failure = checkTensorCase(c);
          if (failure) {
            failures.push(`#${i} ${c.initializer} ${JSON.stringify(c.kwargs)} ${JSON.stringify(c.shape)} ${c.dtype}: ${failure}`);
          }
        } catch (e) {
          failures.push(`#${i} ${c.initializer} ${JSON.stringify(c.kwargs)} ${JSON.stringify(c.shape)} ${c.dtype}: threw ${String(e)}`);
        }
      }
      assert.deepEqual(failures.slice(0, 10), []);
    });
  }

  test('seed_behaviour.json: SeedGenerator calls differ, int-seeded calls repeat', () => {
    const cases = load<TensorCase>('seed_behaviour.json');
    const generator = cases.filter((c) => c.call_index !== undefined && typeof c.kwargs.seed === 'object');
    const intSeeded = cases.filter((c) => c.call_index !== undefined && typeof c.kwargs.seed === 'number');
    assert.ok(generator.length >= 6 && intSeeded.length >= 2);
    for (const c of intSeeded.filter((x) => x.call_index === 1)) {
      const first = intSeeded.find((x) => x.initializer === c.initializer && x.call_index === 0);
      assert.equal(c.sha256_le, first?.sha256_le, 'Keras: an int seed gives identical values on every call');
    }
    // The set_random_seed cases are checked above through their resolved int seed; reproducing
    // Python's `random.randint` after `set_random_seed` is out of scope.
    counts.setRandomSeedSkipped = cases.filter(isSetRandomSeed).length;
  });

  const ERROR_CALLS: Record<string, () => unknown> = {
    'Identity rank 3': () => sample(getInitializer('Identity'), [3, 3, 3]),
    'Identity rank 1': () => sample(getInitializer('Identity'), [3]),
    'Identity rank 0': () => sample(getInitializer('Identity'), []),
    'Orthogonal rank 1': () => sample(createInitializer('Orthogonal', { seed: 0 }), [5]),
    'Orthogonal rank 0': () => sample(createInitializer('Orthogonal', { seed: 0 }), []),
    'VarianceScaling scale=0': () => createInitializer('VarianceScaling', { scale: 0 }),
    'VarianceScaling scale=-1': () => createInitializer('VarianceScaling', { scale: -1 }),
    'VarianceScaling bad mode': () => createInitializer('VarianceScaling', { mode: 'fan_mid' as 'fan_in' }),
    'VarianceScaling bad mode case': () => createInitializer('VarianceScaling', { mode: 'FAN_IN' as 'fan_in' }),
    'VarianceScaling bad distribution': () => createInitializer('VarianceScaling', { distribution: 'gaussian' }),
    'RandomNormal negative dim': () => sample(createInitializer('RandomNormal', { seed: 0 }), [-2, 3]),
    'RandomUniform negative dim': () => sample(createInitializer('RandomUniform', { seed: 0 }), [-2, 3]),
    'TruncatedNormal negative dim': () => sample(createInitializer('TruncatedNormal', { seed: 0 }), [-2, 3]),
    'GlorotUniform negative dim': () => sample(createInitializer('GlorotUniform', { seed: 0 }), [-2, 3]),
    'Zeros negative dim': () => sample(getInitializer('Zeros'), [-2, 3]),
    'Ones negative dim': () => sample(getInitializer('Ones'), [-2, 3]),
    'Constant negative dim': () => sample(createInitializer('Constant', { value: 1.5 }), [-2, 3]),
    'seed string': () => createInitializer('RandomNormal', { seed: 'abc' as unknown as number }),
    'seed float': () => createInitializer('RandomNormal', { seed: 1.5 }),
    'seed negative int (call)': () => sample(createInitializer('RandomNormal', { seed: -1 }), [2]),
    'seed 2**32 (call)': () => sample(createInitializer('RandomNormal', { seed: 2 ** 32 }), [2]),
    'seed True (bool is int)': () => sample(createInitializer('RandomNormal', { seed: true }), [2]),
    'RandomNormal stddev<0': () => sample(createInitializer('RandomNormal', { stddev: -1, seed: 0 }), [2]),
    'RandomUniform minval>maxval': () => sample(createInitializer('RandomUniform', { minval: 1, maxval: 0, seed: 0 }), [2]),
    'RandomUniform infinite range': () => sample(createInitializer('RandomUniform', { minval: -Infinity, maxval: Infinity, seed: 0 }), [2]),
    'TruncatedNormal stddev<0': () => sample(createInitializer('TruncatedNormal', { stddev: -1, seed: 0 }), [2]),
    'bad dtype string': () => sample(createInitializer('RandomNormal', { seed: 0 }), [2], { dtype: 'float33' }),
    'Zeros bad dtype': () => sample(getInitializer('Zeros'), [2], { dtype: 'float33' }),
    'bfloat16 (oracle has no ml_dtypes)': () => sample(createInitializer('RandomNormal', { seed: 0 }), [2], { dtype: 'bfloat16' }),
    'get unknown string': () => getInitializer('glorot'),
    'get unknown class_name': () => getInitializer({ class_name: 'Nope', config: {} }),
    'get int': () => getInitializer(3),
    'STFT bad side': () => createInitializer('STFT', { side: 'left' as 'real' }),
    'STFT bad scaling': () => createInitializer('STFT', { scaling: 'power' as 'density' }),
    'STFT bad window': () => createInitializer('STFT', { window: 'nosuchwindow' }),
    'STFT rank 2 shape': () => sample(getInitializer('STFT'), [8, 5]),
    'STFT window array wrong length': () => sample(createInitializer('STFT', { window: [1, 2, 3] }), [8, 1, 5]),
    'Initializer base call': () => sample(getInitializer('Initializer'), [2, 2]),
    'direct tensor wrong shape': () => sample(getInitializer({ data: [1, 0, 0, 1], shape: [2, 2] }), [3, 3]),
  };

  test('errors.json: every error with Keras\'s type and message, every "no error" case with its values', () => {
    const cases = load<{ case: string; error?: ReferenceError; result?: string } & Partial<TensorCase>>('errors.json');
    const failures: string[] = [];
    for (const c of cases) {
      counts.errorsTotal++;
      const call = ERROR_CALLS[c.case];
      try {
        assert.ok(call, `no call mapped for ${c.case}`);
        if (c.error) {
          if (c.case.startsWith('bfloat16')) {
            // Keras's numpy backend only knows bfloat16 through ml_dtypes, which the reference run
            // lacked (and this library does not emulate): the message starts with the same text.
            let thrown: unknown;
            try {
              call();
            } catch (e) {
              thrown = e;
            }
            assert.ok(thrown instanceof CoreError && thrown.kerasType === c.error.type);
            assert.ok(thrown.message.startsWith(c.error.message), thrown.message);
          } else {
            expectError(call, c.error, /Please use one of/.test(c.error.message));
          }
        } else {
          const t = call() as Tensor;
          assert.equal(t.dtype, c.out_dtype);
          assert.deepEqual(t.shape, c.out_shape);
          assert.equal(createHash('sha256').update(leBytes(t)).digest('hex'), c.sha256_le);
          for (let i = 0; i < (c.hex ?? []).length; i++) assert.equal(hexOf(t, i), c.hex?.[i]);
        }
        counts.errors++;
      } catch (e) {
        failures.push(`${c.case}: ${String(e)}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  test('aliases.json: every identifier Keras accepts gives its class and config; the rest are refused', () => {
    const cases = load<{ identifier: string; class?: string; config?: Record<string, unknown>; error?: ReferenceError }>('aliases.json');
    const failures: string[] = [];
    for (const c of cases) {
      counts.aliasesTotal++;
      try {
        if (c.error) {
          expectError(() => getInitializer(c.identifier), c.error);
        } else {
          const init = getInitializer(c.identifier);
          assert.equal(init.className, c.class);
          if (c.config) assert.equal(JSON.stringify(init.getConfig()), JSON.stringify(c.config));
        }
        counts.aliases++;
      } catch (e) {
        failures.push(`${JSON.stringify(c.identifier)}: ${String(e)}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  test("serialization.json: get_config, serialize and the deserialize round trip, keys in Keras's order", () => {
    const cases = load<{
      object: InitializerClassName;
      get_config: Record<string, unknown>;
      serialize: Record<string, unknown>;
      deserialized_config: Record<string, unknown>;
    }>('serialization.json');
    // The constructor calls that produced the file, in its order.
    const objects: KerasInitializer[] = [
      createInitializer('GlorotUniform', { seed: 3 }),
      createInitializer('GlorotUniform'),
      createInitializer('Zeros'),
      createInitializer('Constant', { value: 0.25 }),
      createInitializer('RandomNormal', { mean: 0.5, stddev: 2.0, seed: 9 }),
      createInitializer('VarianceScaling', { scale: 2.0, mode: 'fan_out', seed: 1 }),
      createInitializer('Orthogonal', { gain: 1.5, seed: 2 }),
      createInitializer('Identity', { gain: 2.0 }),
      createInitializer('STFT', { side: 'imag', window: 'hamming' }),
      createInitializer('RandomUniform', { seed: new SeedGenerator({ seed: 5, name: 'seed_generator_10' }) }),
      createInitializer('TruncatedNormal', { seed: new SeedGenerator({ seed: 5, name: 'sg' }) }),
    ];
    assert.equal(objects.length, cases.length);
    for (const [i, c] of cases.entries()) {
      counts.serializationTotal++;
      const init = objects[i];
      assert.equal(init.className, c.object);
      assert.equal(JSON.stringify(init.getConfig()), JSON.stringify(c.get_config));
      assert.equal(JSON.stringify(serialize(init)), JSON.stringify(c.serialize));
      // deserialize(serialize(x)).get_config(), from Keras's own serialized dict.
      assert.equal(JSON.stringify(deserialize(c.serialize).getConfig()), JSON.stringify(c.deserialized_config));
      counts.serialization++;
    }
  });

  suiteTeardown(() => {
    const pct = (a: number, b: number): string => (b === 0 ? '-' : ((100 * a) / b).toFixed(2));
    console.log(
      `      fidelity: ${counts.exact} bit-exact of ${counts.exactTotal} random/constant/identity cases ` +
        `(+ ${counts.caseErrors}/${counts.caseErrorsTotal} expected errors); ` +
        `Orthogonal ${counts.orthogonalWithin}/${counts.orthogonalTotal} within 1e-6, exact-match rate ` +
        `${pct(counts.orthogonalValuesExact, counts.orthogonalValues)} % of ${counts.orthogonalValues} values ` +
        `(${counts.orthogonalShaExact} full-tensor sha256 equal); STFT ${counts.stftWithin}/${counts.stftTotal} within 2e-5 ` +
        `(float16 2e-2; max error float32/64 ${counts.stftMaxError.toExponential(2)}, float16 ${counts.stftMaxError16.toExponential(2)}); errors ${counts.errors}/${counts.errorsTotal}; ` +
        `aliases ${counts.aliases}/${counts.aliasesTotal}; serialization ${counts.serialization}/${counts.serializationTotal}; ` +
        `set_random_seed cases checked through their resolved seed: ${counts.setRandomSeedSkipped}`,
    );
  });
});
