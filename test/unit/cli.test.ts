/**
 * `keras-init` run in-process (its `main` with captured streams): the files it writes hold exactly
 * the tensors real Keras 3 produced (sha256 of the reference vectors, read back by numpy and by an
 * independent .npy reader), usage errors exit 2 and failures 1, and no failure leaves a file behind.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listDir, readNpy, readWithNumpy, referenceCase, runCli, sha256, tempDir } from './cliSupport';
import { requirePython } from './pythonRequirement';

let dir: string;

setup(() => {
  dir = tempDir('cli');
});

teardown(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Keras reference cases written with `generate`, as (id, kwargs-as-Python, reference file, kwargs, shape, dtype). */
const CASES: readonly [string, string, string, Record<string, unknown>, number[], string][] = [
  ['he_normal', 'he_normal', 'HeNormal.json', { seed: 0 }, [784, 256], 'float32'],
  ['glorot_uniform', 'GlorotUniform', 'GlorotUniform.json', { seed: 0 }, [3, 3, 16, 32], 'float32'],
  ['lecun_normal', 'lecun_normal', 'LecunNormal.json', { seed: 0 }, [784, 256], 'float32'],
  ['random_normal', 'RandomNormal(mean=1.5, stddev=2.0)', 'RandomNormal.json', { mean: 1.5, stddev: 2.0, seed: 0 }, [784, 256], 'float32'],
  [
    'truncated',
    'TruncatedNormal(mean=-0.5, stddev=0.02)',
    'TruncatedNormal.json',
    { mean: -0.5, stddev: 0.02, seed: 0 },
    [3, 3, 16, 32],
    'float32',
  ],
  [
    'variance_scaling',
    "VarianceScaling(scale=1.0, mode='fan_out', distribution='uniform')",
    'VarianceScaling.json',
    { scale: 1.0, mode: 'fan_out', distribution: 'uniform', seed: 0 },
    [784, 256],
    'float32',
  ],
];

suite('keras-init generate: files equal Keras reference tensors', () => {
  for (const [label, id, file, kwargs, shape, dtype] of CASES) {
    test(`${label} ${shape.join('x')} ${dtype}: the .npy data hashes to Keras's sha256`, async () => {
      const ref = referenceCase(file, kwargs, shape, dtype);
      const out = path.join(dir, `${label}.npy`);
      const run = await runCli(['generate', id, '--shape', shape.join(','), '--seed', '0', '--dtype', dtype, '-o', out], { cwd: dir });
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, `${out}\n`);
      const npy = readNpy(fs.readFileSync(out));
      assert.equal(npy.descr, '<f4');
      assert.equal(npy.fortran, false);
      assert.deepEqual(npy.shape, ref.out_shape);
      assert.equal(sha256(npy.data), ref.sha256_le);
    });
  }

  test('float16 and float64 requests give Keras float16/float64 tensors (small reference cases)', async () => {
    for (const dtype of ['float16', 'float64']) {
      const ref = referenceCase('HeNormal.json', { seed: 1 }, [2, 3, 4, 5], dtype);
      const out = path.join(dir, `h-${dtype}.npy`);
      const run = await runCli(['generate', 'HeNormal', '--shape', '2x3x4x5', '--seed', '1', '--dtype', dtype, '-o', out], { cwd: dir });
      assert.equal(run.status, 0, run.stderr);
      const npy = readNpy(fs.readFileSync(out));
      assert.equal(npy.descr, dtype === 'float16' ? '<f2' : '<f8');
      assert.equal(sha256(npy.data), ref.sha256_le);
    }
  });

  test('numpy.load reads every format back as the Keras tensor (npy, npz, compressed npz, safetensors, json, csv)', async function () {
    requirePython(this, 'numpy');
    const ref = referenceCase('GlorotUniform.json', { seed: 0 }, [3, 3, 16, 32], 'float32');
    const files: string[] = [];
    for (const [name, extra] of [
      ['g.npy', []],
      ['g.npz', []],
      ['gz.npz', ['--compress']],
      ['g.safetensors', []],
      ['g.json', []],
      ['g.csv', []],
    ] as const) {
      const out = path.join(dir, name);
      const run = await runCli(['generate', 'glorot_uniform', '--shape', '(3, 3, 16, 32)', '--seed', '0', '-o', out, ...extra], {
        cwd: dir,
      });
      assert.equal(run.status, 0, run.stderr);
      files.push(out);
    }
    const read = readWithNumpy(files);
    for (const f of files) {
      const tensors = Object.values(read[f].tensors);
      assert.equal(tensors.length, 1, f);
      assert.deepEqual(tensors[0].shape, [3, 3, 16, 32], f);
      assert.equal(tensors[0].dtype, 'float32', f);
      assert.equal(tensors[0].sha256_le, ref.sha256_le, f);
    }
    // Provenance travels with the file where the format has room for it.
    const meta = read[path.join(dir, 'g.safetensors')].metadata as Record<string, string>;
    assert.equal(meta.seed, '0');
    assert.equal(JSON.parse(meta.initializer).class_name, 'GlorotUniform');
    assert.equal(JSON.parse(meta.initializer).config.seed, 0);
  });

  test('the initializer may be a Python call or a Keras JSON config; the seed inside it is used', async () => {
    const ref = referenceCase('HeNormal.json', { seed: 0 }, [784, 256], 'float32');
    for (const [i, spec] of [
      'HeNormal(seed=0)',
      'keras.initializers.HeNormal(0)',
      '{"class_name": "HeNormal", "config": {"seed": 0}}',
    ].entries()) {
      const out = path.join(dir, `c${i}.npy`);
      const run = await runCli(['generate', spec, '--shape', '784x256', '-o', out], { cwd: dir });
      assert.equal(run.status, 0, run.stderr);
      assert.equal(sha256(readNpy(fs.readFileSync(out)).data), ref.sha256_le, spec);
    }
  });

  test('--seed-call K writes the K-th call of SeedGenerator(seed): Keras reference calls 0, 1 and 2', async () => {
    for (const k of [0, 1, 2]) {
      const ref = referenceCase('seed_behaviour.json', { seed: { SeedGenerator: 1 } }, [3, 4], 'float32', k);
      assert.equal(ref.initializer, 'RandomNormal');
      const out = path.join(dir, `call${k}.npy`);
      const run = await runCli(['generate', 'random_normal', '--shape', '3,4', '--seed', '1', '--seed-call', String(k), '-o', out], {
        cwd: dir,
      });
      assert.equal(run.status, 0, run.stderr);
      assert.equal(sha256(readNpy(fs.readFileSync(out)).data), ref.sha256_le, `call ${k}`);
    }
  });

  test('Orthogonal asked for float64 is written as float32, as Keras returns it, with a note', async () => {
    const out = path.join(dir, 'o.npy');
    const run = await runCli(['generate', 'orthogonal', '--shape', '6,4', '--seed', '1', '--dtype', 'float64', '-o', out], { cwd: dir });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(readNpy(fs.readFileSync(out)).descr, '<f4');
    assert.match(run.stderr, /Orthogonal returns float32 when asked for float64/);
  });

  test('without a seed one is drawn, printed, and repeating with it gives identical bytes', async () => {
    const first = await runCli(['generate', 'he_uniform', '--shape', '20,30'], { cwd: dir });
    assert.equal(first.status, 0, first.stderr);
    const seed = /add --seed (\d+) to repeat/.exec(first.stderr)?.[1];
    assert.ok(seed, first.stderr);
    const written = first.stdout.trim();
    // The default name says what the file holds.
    assert.equal(path.basename(written), `he_uniform_20x30_seed${seed}.npy`);
    const again = await runCli(['generate', 'he_uniform', '--shape', '20,30', '--seed', seed, '-o', 'again.npy'], { cwd: dir });
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(fs.readFileSync(path.join(dir, 'again.npy')), fs.readFileSync(written));
  });

  test('chunked writing gives the same bytes whatever the chunk size', async () => {
    const a = await runCli(['generate', 'truncated_normal', '--shape', '50,37', '--seed', '9', '-o', 'a.npz'], {
      cwd: dir,
      chunkValues: 7,
    });
    const b = await runCli(['generate', 'truncated_normal', '--shape', '50,37', '--seed', '9', '-o', 'b.npz'], { cwd: dir });
    assert.equal(a.status, 0, a.stderr);
    assert.equal(b.status, 0, b.stderr);
    assert.deepEqual(fs.readFileSync(path.join(dir, 'a.npz')), fs.readFileSync(path.join(dir, 'b.npz')));
  });

  test('the format follows -o, and --format decides when there is no -o', async () => {
    const run = await runCli(['generate', 'zeros', '--shape', '2,2', '--format', 'safetensors'], { cwd: dir });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), path.join(dir, 'zeros_2x2.safetensors'));
    const bytes = fs.readFileSync(run.stdout.trim());
    const n = Number(bytes.readBigUInt64LE(0));
    assert.equal(JSON.parse(bytes.subarray(8, 8 + n).toString('utf8')).arr_0.dtype, 'F32');
  });
});

suite('keras-init generate: bad input exits 2 (usage) or 1 (failure) and leaves nothing', () => {
  const USAGE: readonly [string, string[], RegExp][] = [
    ['zero dimension', ['he_normal', '--shape', '784,0'], /--shape: dimension 2 \('0'\) is zero/],
    ['negative dimension', ['he_normal', '--shape', '3x-2'], /dimension 2 \('-2'\) is negative/],
    ['fractional dimension', ['he_normal', '--shape', '2.5,3'], /dimension 1 \('2\.5'\) is not an integer/],
    ['non-numeric dimension', ['he_normal', '--shape', '[3, abc]'], /dimension 2 \('abc'\) is not a number/],
    ['enormous dimension', ['he_normal', '--shape', '1e300'], /dimension 1 \('1e300'\) is too large/],
    ['too many values', ['he_normal', '--shape', '4294967296,4294967296'], /more than the 9007199254740991/],
    ['missing shape', ['he_normal'], /needs --shape/],
    [
      'unknown initializer',
      ['glorot', '--shape', '3,3'],
      /Could not interpret initializer identifier: glorot\. Did you mean glorot_normal, glorot_uniform\?/,
    ],
    ['tf.keras 2 name', ['HeNormalV2', '--shape', '3,3'], /HeNormalV2 is a tf\.keras 2 name .* write HeNormal/],
    ['non-literal argument', ['HeNormal(seed=SEED)', '--shape', '3'], /Only literal arguments can be read.*seed=SEED/],
    [
      'bad dtype',
      ['he_normal', '--shape', '3', '--dtype', 'float33'],
      /--dtype 'float33' is not supported; use one of float32, float16, float64/,
    ],
    [
      'bad format',
      ['he_normal', '--shape', '3', '--format', 'h5'],
      /--format 'h5' is not a format; use one of npy, npz, safetensors, json, csv/,
    ],
    [
      'format against extension',
      ['he_normal', '--shape', '3', '--format', 'npz', '-o', 'w.npy'],
      /--format npz does not match the extension of -o w\.npy/,
    ],
    ['unknown extension', ['he_normal', '--shape', '3', '-o', 'w.bin'], /Cannot tell the format from the name 'w\.bin'/],
    ['compress without npz', ['he_normal', '--shape', '3', '--compress', '-o', 'w.npy'], /--compress applies to \.npz only/],
    ['seed not an integer', ['he_normal', '--shape', '3', '--seed', '1.5'], /--seed must be an integer; received '1\.5'/],
    ['seed out of range', ['he_normal', '--shape', '3', '--seed', '4294967296'], /out of bounds for uint32/],
    ['seed for a constant', ['zeros', '--shape', '3', '--seed', '1'], /Zeros is not random, so it takes no seed/],
    ['two seeds', ['HeNormal(seed=3)', '--shape', '3', '--seed', '4'], /conflicts with the seed already in the initializer/],
    ['unknown option', ['he_normal', '--shape', '3', '--bogus'], /Unknown option '--bogus'/],
  ];
  for (const [label, args, message] of USAGE) {
    test(`${label}: exit 2`, async () => {
      const run = await runCli(['generate', ...args], { cwd: dir });
      assert.equal(run.status, 2, run.stderr);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
      assert.deepEqual(listDir(dir), []);
    });
  }

  const FAILURES: readonly [string, string[], RegExp][] = [
    [
      'Identity on a rank-3 shape (Keras message)',
      ['Identity', '--shape', '3,3,3'],
      /ValueError: Identity matrix initializer can only be used for 2D matrices\. Received: shape=\(3, 3, 3\) of rank 3\./,
    ],
    [
      'Orthogonal on a rank-1 shape (Keras message)',
      ['orthogonal', '--shape', '5', '--seed', '1'],
      /ValueError: The tensor to initialize must be at least two-dimensional\. Received: shape=\(5,\) of rank 1\./,
    ],
    [
      'Orthogonal in float16 (numpy message)',
      ['orthogonal', '--shape', '4,4', '--seed', '1', '--dtype', 'float16'],
      /array type float16 is unsupported in linalg/,
    ],
    [
      'scale <= 0 (Keras message)',
      ['VarianceScaling(scale=0.0)', '--shape', '3'],
      /Argument `scale` must be positive float\. Received: scale=0\.0/,
    ],
    [
      'a text file beyond its value limit',
      ['he_normal', '--shape', '10000,10000', '--format', 'csv'],
      /\.csv holds at most 50000000 values/,
    ],
    [
      'more bytes than the disk has',
      ['he_normal', '--shape', '10000000,10000000', '-o', 'huge.npy'],
      /needs 363\.8 TiB but only .* is available/,
    ],
  ];
  for (const [label, args, message] of FAILURES) {
    test(`${label}: exit 1`, async () => {
      const run = await runCli(['generate', ...args], { cwd: dir });
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stderr, message);
      assert.deepEqual(listDir(dir), []);
    });
  }

  test('an unwritable folder: exit 1 naming the problem, nothing written', async () => {
    // /sys refuses new files even to root; a path through a regular file fails for everyone.
    const file = path.join(dir, 'plain');
    fs.writeFileSync(file, 'x');
    const through = await runCli(['generate', 'zeros', '--shape', '3', '-o', path.join(file, 'w.npy')], { cwd: dir });
    assert.equal(through.status, 1, through.stderr);
    assert.match(through.stderr, /Cannot write .*w\.npy: a part of the path is not a folder/);
    const missing = await runCli(['generate', 'zeros', '--shape', '3', '-o', path.join(dir, 'nope', 'w.npy')], { cwd: dir });
    assert.equal(missing.status, 1, missing.stderr);
    assert.match(missing.stderr, /the folder does not exist/);
    assert.deepEqual(listDir(dir), ['plain']);
    if (process.platform === 'linux') {
      const sys = await runCli(['generate', 'zeros', '--shape', '3', '-o', '/sys/keras-init-test.npy'], { cwd: dir });
      assert.equal(sys.status, 1, sys.stderr);
      assert.match(sys.stderr, /permission denied/);
      assert.equal(fs.existsSync('/sys/keras-init-test.npy'), false);
    }
  });

  test('an existing file is kept without --force and replaced with it', async () => {
    const out = path.join(dir, 'w.npy');
    fs.writeFileSync(out, 'precious');
    const refused = await runCli(['generate', 'ones', '--shape', '2', '-o', out], { cwd: dir });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /already exists; add --force to replace it/);
    assert.equal(fs.readFileSync(out, 'utf8'), 'precious');
    const forced = await runCli(['generate', 'ones', '--shape', '2', '-o', out, '--force'], { cwd: dir });
    assert.equal(forced.status, 0, forced.stderr);
    assert.deepEqual(readNpy(fs.readFileSync(out)).shape, [2]);
    assert.deepEqual(listDir(dir), ['w.npy']);
  });

  test('a full disk midway (ENOSPC from the write): exit 1, no target, temporary removed', async () => {
    let calls = 0;
    const run = await runCli(['generate', 'he_normal', '--shape', '300,300', '--seed', '1', '-o', 'full.npy'], {
      cwd: dir,
      chunkValues: 1000,
      files: {
        write: async (handle, bytes) => {
          if (++calls === 5) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          await handle.write(bytes);
        },
      },
    });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /Writing .*full\.npy failed after \d+ bytes: the disk is full/);
    assert.equal(calls, 5);
    assert.deepEqual(listDir(dir), []);
  });

  test('an interrupt between chunks: exit 130, no target, temporary removed', async () => {
    let pieces = 0;
    const run = await runCli(['generate', 'he_normal', '--shape', '300,300', '--seed', '1', '-o', 'stop.npy'], {
      cwd: dir,
      chunkValues: 1000,
      isInterrupted: () => ++pieces > 3,
    });
    assert.equal(run.status, 130, run.stderr);
    assert.match(run.stderr, /interrupted/);
    assert.deepEqual(listDir(dir), []);
  });

  test("temporaries of killed runs are removed when their pid is gone; a live run's are kept", async () => {
    const dead = '.old.npy.keras-init-999999-abc123.tmp';
    const live = '.other.npy.keras-init-424242-def456.tmp';
    fs.writeFileSync(path.join(dir, dead), 'partial');
    fs.writeFileSync(path.join(dir, live), 'partial');
    const run = await runCli(['generate', 'zeros', '--shape', '2', '-o', 'new.npy'], {
      cwd: dir,
      files: { isProcessAlive: (pid) => pid === 424242 },
    });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /Removed .*\.old\.npy\.keras-init-999999-abc123\.tmp, a temporary file left by a run that was killed/);
    assert.deepEqual(listDir(dir), [live, 'new.npy']);
  });
});

suite('keras-init describe, list, help', () => {
  test('describe --json gives fans, std and formula for a shape', async () => {
    const run = await runCli(['describe', 'he_normal', '--shape', '784x256', '--json'], { cwd: dir });
    assert.equal(run.status, 0, run.stderr);
    const d = JSON.parse(run.stdout) as Record<string, unknown>;
    assert.equal(d.className, 'HeNormal');
    assert.equal(d.fanIn, 784);
    assert.equal(d.fanOut, 256);
    // Keras: stddev = sqrt(2 / fan_in) / 0.87962566103423978.
    assert.equal(d.std, Math.sqrt(2 / 784) / 0.87962566103423978);
    assert.match(String(d.formula), /fan_in = 784/);
  });

  test('describe prints the limit of a uniform law', async () => {
    const run = await runCli(['describe', 'GlorotUniform', '--shape', '784,256'], { cwd: dir });
    assert.equal(run.status, 0, run.stderr);
    // limit = sqrt(6 / (fan_in + fan_out)) = sqrt(6 / 1040)
    assert.match(run.stdout, new RegExp(`limit +${String(Number(Math.sqrt(6 / 1040).toPrecision(6))).replace('.', '\\.')}`));
  });

  test('list --json holds every Keras 3 initializer with every id keras.initializers.get accepts', async () => {
    const run = await runCli(['list', '--json'], { cwd: dir });
    assert.equal(run.status, 0, run.stderr);
    const list = JSON.parse(run.stdout) as { className: string; ids: string[] }[];
    const aliases = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'keras-numpy', 'aliases.json'), 'utf8')) as {
      cases: { identifier: string; class?: string; error?: unknown }[];
    };
    const ids = new Map(list.flatMap((e) => e.ids.map((id) => [id, e.className] as const)));
    let checked = 0;
    for (const c of aliases.cases) {
      if (c.error !== undefined || c.class === undefined || c.class === 'Initializer') continue;
      assert.equal(ids.get(c.identifier), c.class, c.identifier);
      checked++;
    }
    assert.ok(checked >= 40, `${checked} accepted ids checked`);
    assert.equal(list.length, 16);
  });

  test('every command has --help (exit 0); no command is a usage error (exit 2)', async () => {
    for (const cmd of ['generate', 'layer', 'describe', 'list', 'model']) {
      const run = await runCli([cmd, '--help'], { cwd: dir });
      assert.equal(run.status, 0, cmd);
      assert.match(run.stdout, new RegExp(`^Usage: keras-init ${cmd}`), cmd);
    }
    const layerHelp = await runCli(['layer', 'Conv2D', '--help'], { cwd: dir });
    assert.match(layerHelp.stdout, /--kernel-size K\[,K\.\.\.\]/);
    assert.equal((await runCli(['--help'], { cwd: dir })).status, 0);
    assert.equal((await runCli([], { cwd: dir })).status, 2);
    assert.equal((await runCli(['frobnicate'], { cwd: dir })).status, 2);
  });
});
