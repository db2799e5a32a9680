/**
 * The initializers against numpy/scipy run live through python3: SciPy's windows, numpy's QR,
 * Keras's Orthogonal and STFT algorithms written with numpy arithmetic, numpy's random streams for
 * shapes and seeds beyond the reference vectors, numpy's int32 conversion, and Python's float repr.
 * Skipped (and said so) only when python3 with numpy and scipy is not installed.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  CoreError,
  WINDOW_NAMES,
  createInitializer,
  createSampleStream,
  allocateTensorData,
  getWindow,
  qrReduced,
  sample,
  type KerasInitializer,
  type Tensor,
} from '../../src/core';
import { pyFloatRepr } from '../../src/core/initializers/pyFormat';
import { requirePython } from './pythonRequirement';

/** Runs a Python script that reads JSON on stdin and prints JSON. */
function python<T>(script: string, input: unknown): T {
  const r = spawnSync('python3', ['-c', script], { encoding: 'utf8', input: JSON.stringify(input), maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.error ?? ''}${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

function f32Hex(x: number): string {
  const v = new DataView(new ArrayBuffer(4));
  v.setFloat32(0, x);
  return v.getUint32(0).toString(16).padStart(8, '0');
}

function sha256(t: Tensor): string {
  return createHash('sha256')
    .update(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength))
    .digest('hex');
}

suite('initializers against numpy / scipy (python3)', () => {
  test('every window name equals scipy.signal.get_window (symmetric and periodic, suffixes, lengths 1..33)', function () {
    requirePython(this, 'numpy', 'scipy');
    const names = [...WINDOW_NAMES, 'han', 'ham', 'box', 'tri', 'hann_periodic', 'blackman_symmetric', 'sinc', 'poisson'];
    const lengths = [1, 2, 3, 4, 5, 8, 16, 33];
    const requests = names.flatMap((name) => lengths.flatMap((n) => [true, false].map((periodic) => ({ name, n, periodic }))));
    const expected = python<number[][]>(
      'import json,sys\nfrom scipy.signal import get_window\nreq=json.load(sys.stdin)\n' +
        'print(json.dumps([get_window(r["name"], r["n"], fftbins=r["periodic"]).tolist() for r in req]))',
      requests,
    );
    let maxErr = 0;
    let exact = 0;
    let total = 0;
    requests.forEach((r, k) => {
      const got = getWindow(r.name, r.n, r.periodic);
      assert.equal(got.length, expected[k].length, `${r.name} ${r.n}`);
      expected[k].forEach((v, i) => {
        total++;
        if (Object.is(got[i], v)) exact++;
        maxErr = Math.max(maxErr, Math.abs(got[i] - v));
      });
    });
    // SciPy and this port evaluate the same expressions; libm cos/exp may differ by an ulp.
    assert.ok(maxErr <= 1e-15, `max |difference| ${maxErr}`);
    console.log(`      windows: ${exact}/${total} values identical to scipy, max difference ${maxErr.toExponential(1)}`);
  });

  test('Householder QR equals numpy.linalg.qr (reduced) on float32-rounded normal matrices', function () {
    requirePython(this, 'numpy', 'scipy');
    const sizes: [number, number][] = [
      [1, 1],
      [4, 1],
      [5, 3],
      [6, 6],
      [50, 20],
      [64, 64],
      [120, 7],
    ];
    const cases = python<{ m: number; n: number; a: number[]; q: number[]; r: number[] }[]>(
      'import json,sys\nimport numpy as np\nout=[]\n' +
        'for k,(m,n) in enumerate(json.load(sys.stdin)):\n' +
        '  a=np.random.default_rng(k).normal(size=(m,n)).astype(np.float32).astype(np.float64)\n' +
        '  q,r=np.linalg.qr(a)\n' +
        '  out.append(dict(m=m,n=n,a=a.ravel().tolist(),q=q.ravel().tolist(),r=np.diag(r).tolist()))\n' +
        'print(json.dumps(out))',
      sizes,
    );
    for (const c of cases) {
      const colMajor = new Float64Array(c.m * c.n);
      for (let i = 0; i < c.m; i++) for (let j = 0; j < c.n; j++) colMajor[j * c.m + i] = c.a[i * c.n + j];
      const { q, rDiag } = qrReduced(colMajor, c.m, c.n);
      for (let j = 0; j < c.n; j++) {
        // Same LAPACK sign convention (beta = -sign(alpha)·norm), so no sign fix is needed.
        assert.ok(Math.abs(rDiag[j] - c.r[j]) <= 1e-12 * Math.max(1, Math.abs(c.r[j])), `${c.m}x${c.n} r[${j}]`);
        for (let i = 0; i < c.m; i++) {
          assert.ok(Math.abs(q[j * c.m + i] - c.q[i * c.n + j]) <= 1e-13, `${c.m}x${c.n} q[${i},${j}]`);
        }
      }
      // Orthonormal columns.
      for (let a = 0; a < c.n; a++) {
        for (let b = 0; b < c.n; b++) {
          let dot = 0;
          for (let i = 0; i < c.m; i++) dot += q[a * c.m + i] * q[b * c.m + i];
          assert.ok(Math.abs(dot - (a === b ? 1 : 0)) <= 1e-13);
        }
      }
    }
  });

  test("Orthogonal equals Keras's algorithm in numpy (rng.normal → float32 → np.linalg.qr → sign fix → transpose → gain)", function () {
    requirePython(this, 'numpy', 'scipy');
    const cases = [
      { shape: [10, 7], gain: 1.0, seed: 3 },
      { shape: [7, 10], gain: 0.5, seed: 3 },
      { shape: [3, 3, 8, 4], gain: -2.0, seed: 11 },
      { shape: [2, 50], gain: 1.0, seed: 4294967295 },
      { shape: [33, 33], gain: 1.3, seed: 123 },
      { shape: [256, 96], gain: 1.0, seed: 7 },
    ];
    const expected = python<string[][]>(
      'import json,sys,math\nimport numpy as np\nout=[]\n' +
        'for c in json.load(sys.stdin):\n' +
        '  shape=tuple(c["shape"]); rows=math.prod(shape[:-1]); cols=shape[-1]\n' +
        '  rng=np.random.default_rng(np.array([c["seed"],0],dtype=np.uint32))\n' +
        '  a=rng.normal(size=(max(rows,cols),min(rows,cols)),loc=0.0,scale=1.0).astype("float32")\n' +
        '  q,r=np.linalg.qr(a)\n  q*=np.sign(np.diag(r))\n' +
        '  q=q.T if rows<cols else q\n  w=c["gain"]*q.reshape(shape)\n  assert w.dtype==np.float32\n' +
        '  out.append(["%08x"%v for v in w.ravel().view(np.uint32)])\n' +
        'print(json.dumps(out))',
      cases,
    );
    let exact = 0;
    let total = 0;
    cases.forEach((c, k) => {
      const t = sample(createInitializer('Orthogonal', { gain: c.gain, seed: c.seed }), c.shape);
      assert.equal(t.dtype, 'float32');
      assert.deepEqual(t.shape, c.shape);
      const ref = expected[k];
      assert.equal(t.data.length, ref.length);
      for (let i = 0; i < ref.length; i++) {
        total++;
        const refValue = new DataView(Uint32Array.of(parseInt(ref[i], 16)).buffer).getFloat32(0, true);
        assert.ok(Math.abs(t.data[i] - refValue) <= 1e-6, `${JSON.stringify(c)} value ${i}`);
        if (f32Hex(t.data[i]) === ref[i]) exact++;
      }
    });
    console.log(`      Orthogonal vs numpy: ${exact}/${total} float32 values bit-identical`);
    assert.ok(exact / total > 0.999);
  });

  test("STFT equals Keras's float32 arithmetic written in numpy, for every window, side, scaling and periodicity", function () {
    requirePython(this, 'numpy', 'scipy');
    const cases = WINDOW_NAMES.flatMap((window) =>
      (['real', 'imag'] as const).flatMap((side) =>
        (['density', 'spectrum', null] as const).flatMap((scaling) =>
          [false, true].map((periodic) => ({ window, side, scaling, periodic, shape: [13, 1, 6] })),
        ),
      ),
    );
    cases.push({ window: 'hann', side: 'real', scaling: 'density', periodic: false, shape: [64, 2, 33] });
    const expected = python<number[][]>(
      'import json,sys\nimport numpy as np\nfrom scipy.signal import get_window\nf=np.float32\nout=[]\n' +
        'for c in json.load(sys.stdin):\n' +
        '  T,_,F=c["shape"]\n' +
        '  win=get_window(c["window"],T,fftbins=c["periodic"]).astype(f).reshape(T,1,1)\n' +
        '  if c["scaling"]=="density": s=np.sqrt(np.sum(np.square(win)),dtype=f)\n' +
        '  elif c["scaling"]=="spectrum": s=np.sum(np.abs(win))\n' +
        '  else: s=f(1)\n' +
        '  freq=np.divide(np.arange(F,dtype=f).reshape(1,1,F),f((F-1)*2))\n' +
        '  time=np.arange(T,dtype=f).reshape(T,1,1)\n' +
        '  args=np.multiply(np.multiply(f(-2),time),freq)*np.arccos(f(-1))\n' +
        '  k=np.cos(args) if c["side"]=="real" else np.sin(args)\n' +
        '  k=np.divide(np.multiply(k,win),s)\n  assert k.dtype==f\n' +
        '  out.append(k.ravel().astype(float).tolist())\n' +
        'print(json.dumps(out))',
      cases,
    );
    let maxErr = 0;
    cases.forEach((c, k) => {
      const t = sample(createInitializer('STFT', { window: c.window, side: c.side, scaling: c.scaling, periodic: c.periodic }), c.shape);
      assert.deepEqual(t.shape, [c.shape[0], 1, c.shape[2]]);
      expected[k].forEach((v, i) => {
        maxErr = Math.max(maxErr, Math.abs(t.data[i] - v));
      });
    });
    assert.ok(maxErr <= 2e-5, `max |difference| ${maxErr}`);
    console.log(`      STFT vs numpy: ${cases.length} kernels, max difference ${maxErr.toExponential(2)}`);
  });

  test('random initializers equal numpy streams for seeds, shapes and dtypes beyond the reference vectors', function () {
    requirePython(this, 'numpy', 'scipy');
    type Case = { kind: 'normal' | 'uniform' | 'truncated'; a: number; b: number; seed: number; shape: number[]; dtype: string };
    const cases: Case[] = [
      { kind: 'normal', a: 0.25, b: 1.5, seed: 2024, shape: [17, 33], dtype: 'float32' },
      { kind: 'normal', a: -3, b: 0.5, seed: 9, shape: [300], dtype: 'float16' },
      { kind: 'uniform', a: -2, b: 5, seed: 77, shape: [13, 11], dtype: 'int32' },
      { kind: 'uniform', a: 0, b: 1, seed: 3000000000, shape: [5, 4, 3], dtype: 'float64' },
      { kind: 'truncated', a: 0.5, b: 3.0, seed: 5, shape: [40, 50], dtype: 'int32' },
      { kind: 'truncated', a: 0, b: 0.02, seed: 65536, shape: [1000, 30], dtype: 'float32' },
    ];
    const expected = python<string[]>(
      'import json,sys,math,hashlib\nimport numpy as np\nout=[]\n' +
        'for c in json.load(sys.stdin):\n' +
        '  rng=np.random.default_rng(np.array([c["seed"],0],dtype=np.uint32)); a,b=c["a"],c["b"]; n=math.prod(c["shape"])\n' +
        '  if c["kind"]=="normal": v=rng.normal(size=c["shape"],loc=a,scale=b)\n' +
        '  elif c["kind"]=="uniform": v=rng.uniform(size=c["shape"],low=a,high=b)\n' +
        '  else:\n' +
        '    lo,hi=a-2*b,a+2*b; v=np.empty(0)\n' +
        '    while v.shape[0]<n:\n' +
        '      x=rng.normal(loc=a,scale=b,size=n); v=np.append(v,x[(x>=lo)&(x<=hi)])\n' +
        '    v=v[:n]\n' +
        '  out.append(hashlib.sha256(np.ascontiguousarray(v.astype(c["dtype"])).tobytes()).hexdigest())\n' +
        'print(json.dumps(out))',
      cases,
    );
    cases.forEach((c, k) => {
      const init =
        c.kind === 'normal'
          ? createInitializer('RandomNormal', { mean: c.a, stddev: c.b, seed: c.seed })
          : c.kind === 'uniform'
            ? createInitializer('RandomUniform', { minval: c.a, maxval: c.b, seed: c.seed })
            : createInitializer('TruncatedNormal', { mean: c.a, stddev: c.b, seed: c.seed });
      assert.equal(sha256(sample(init, c.shape, { dtype: c.dtype })), expected[k], JSON.stringify(c));
    });
  });

  test("a 1000×1000 GlorotUniform streamed in odd chunks has the sha256 of numpy's array", function () {
    requirePython(this, 'numpy', 'scipy');
    const [expected] = python<string[]>(
      'import json,sys,hashlib,math\nimport numpy as np\n' +
        'rng=np.random.default_rng(np.array([42,0],dtype=np.uint32)); limit=math.sqrt(3.0*(1.0/max(1.0,(1000+1000)/2.0)))\n' +
        'v=rng.uniform(size=(1000,1000),low=-limit,high=limit).astype("float32")\n' +
        'print(json.dumps([hashlib.sha256(v.tobytes()).hexdigest()]))',
      null,
    );
    const stream = createSampleStream(createInitializer('GlorotUniform', { seed: 42 }), [1000, 1000]);
    const hash = createHash('sha256');
    const chunk = allocateTensorData(stream.dtype, 65537) as Float32Array;
    for (let n = stream.fill(chunk); n > 0; n = stream.fill(chunk)) hash.update(new Uint8Array(chunk.buffer, 0, n * 4));
    assert.equal(stream.position, 1e6);
    assert.equal(hash.digest('hex'), expected);
  });

  test("Constant with dtype int32 converts the value as numpy's np.array(value, dtype='int32') does", function () {
    requirePython(this, 'numpy', 'scipy');
    const values = [
      1.5,
      -3.25,
      2147483647.9,
      -2147483648.9,
      2 ** 31,
      -(2 ** 31) - 1,
      2 ** 63,
      -(2 ** 63),
      1e300,
      NaN,
      Infinity,
      -Infinity,
      -0.5,
    ];
    const expected = python<({ value: number } | { type: string; message: string })[]>(
      'import json,sys\nimport numpy as np\nout=[]\n' +
        'for v in json.load(sys.stdin):\n' +
        '  v=float(v)\n' +
        '  try: out.append(dict(value=int(np.array(v,dtype="int32"))))\n' +
        '  except Exception as e: out.append(dict(type=type(e).__name__,message=str(e)))\n' +
        'print(json.dumps(out))',
      values.map((v) => (Number.isFinite(v) ? v : String(v).replace('Infinity', 'inf').replace('NaN', 'nan'))),
    );
    values.forEach((v, k) => {
      const e = expected[k];
      const init = createInitializer('Constant', { value: v });
      if ('value' in e) {
        const t = sample(init, [2], { dtype: 'int32' });
        assert.deepEqual(Array.from(t.data), [e.value, e.value], `value ${v}`);
      } else {
        assert.throws(
          () => sample(init, [2], { dtype: 'int32' }),
          (err: unknown) => err instanceof CoreError && err.kerasType === e.type && err.message === e.message,
          `value ${v}: ${e.type} ${e.message}`,
        );
      }
    });
  });

  test("STFT refuses window names as scipy.signal.get_window(name, 1) does, with SciPy's messages", function () {
    requirePython(this, 'numpy', 'scipy');
    const names = [
      'kaiser',
      'gaussian',
      'nosuch',
      'dpss_symmetric',
      'general_cosine',
      'kaiser_periodic',
      'Hann',
      'hann_periodic',
      'taylor',
      'exponential_periodic',
    ];
    const expected = python<(string | null)[]>(
      'import json,sys\nfrom scipy.signal import get_window\nout=[]\n' +
        'for n in json.load(sys.stdin):\n' +
        '  try: get_window(n,1); out.append(None)\n' +
        '  except ValueError as e: out.append(str(e))\n' +
        'print(json.dumps(out))',
      names,
    );
    names.forEach((window, k) => {
      const message = expected[k];
      if (message === null) {
        assert.equal(createInitializer('STFT', { window }).getConfig().window, window);
      } else {
        assert.throws(
          () => createInitializer('STFT', { window }),
          (e: unknown) => e instanceof CoreError && e.kerasType === 'ValueError' && e.message === message,
          message,
        );
      }
    });
  });

  test("Identity is Keras's gain * eye(rows, cols, dtype) in numpy: -0.0 off the diagonal, inf·0 = nan, int32 → float64", function () {
    requirePython(this, 'numpy', 'scipy');
    const cases = [
      { gain: -0.5, shape: [2, 3], dtype: 'float32' },
      { gain: 1e5, shape: [2, 3], dtype: 'float16' },
      { gain: 0.1, shape: [4, 2], dtype: 'float16' },
      { gain: 2.5, shape: [3, 3], dtype: 'int32' },
      { gain: -1e39, shape: [2, 2], dtype: 'float32' },
      { gain: 0.3, shape: [3, 5], dtype: 'float64' },
    ];
    const expected = python<{ dtype: string; hash: string }[]>(
      'import json,sys,hashlib,warnings\nimport numpy as np\nwarnings.simplefilter("ignore")\nout=[]\n' +
        'for c in json.load(sys.stdin):\n' +
        '  w=c["gain"]*np.eye(*c["shape"],dtype=c["dtype"])\n' +
        '  out.append(dict(dtype=str(w.dtype),hash=hashlib.sha256(w.tobytes()).hexdigest()))\n' +
        'print(json.dumps(out))',
      cases,
    );
    cases.forEach((c, k) => {
      const t = sample(createInitializer('Identity', { gain: c.gain }), c.shape, { dtype: c.dtype });
      assert.equal(t.dtype, expected[k].dtype);
      assert.equal(sha256(t), expected[k].hash, JSON.stringify(c));
    });
  });

  test("pyFloatRepr prints floats exactly as Python's repr", function () {
    requirePython(this, 'numpy', 'scipy');
    const values = [
      0.1, 1.0, -1.5, 100.0, 1e15, 1e16, 1.5e16, 123456789012345680, 0.0001, 0.00001, 2.5e-7, 5e-324, 1.7976931348623157e308, 0.05, -0.05,
      3.0000000000000004, 1234.5678, 9.999999999999999e22, 1e-4, 0.00012345,
    ];
    const lcg = (s: number) => () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const r = lcg(7);
    for (let i = 0; i < 200; i++) values.push((r() - 0.5) * 10 ** Math.floor(r() * 40 - 20));
    const expected = python<string[]>('import json,sys\nprint(json.dumps([repr(float(v)) for v in json.load(sys.stdin)]))', values);
    values.forEach((v, k) => assert.equal(pyFloatRepr(v), expected[k]));
    assert.equal(pyFloatRepr(-0), '-0.0');
    assert.equal(pyFloatRepr(Infinity), 'inf');
  });

  test("float16 outputs are numpy's astype(float16) of the float64 draws (RandomNormal with a wide range)", function () {
    requirePython(this, 'numpy', 'scipy');
    const init: KerasInitializer = createInitializer('RandomNormal', { mean: 0, stddev: 30000, seed: 31 });
    const t = sample(init, [4000], { dtype: 'float16' });
    const [expected] = python<string[]>(
      'import json,hashlib\nimport numpy as np\n' +
        'v=np.random.default_rng(np.array([31,0],dtype=np.uint32)).normal(size=(4000,),loc=0,scale=30000).astype("float16")\n' +
        'print(json.dumps([hashlib.sha256(v.tobytes()).hexdigest()]))',
      null,
    );
    assert.equal(sha256(t), expected);
    // Values beyond 65520 overflow to ±inf, as numpy's cast does.
    assert.ok(Array.from(t.data).some((bits) => (bits & 0x7fff) === 0x7c00));
  });
});
