/**
 * `npm run bench`: the core against numpy (python3, the same work Keras's numpy backend does) and
 * the pure-JavaScript CPU backend of @tensorflow/tfjs, in one run. Prints a table and writes it as
 * JSON to bench/results/latest.json. Every timing is a median over repeated runs, with min and max;
 * latencies are p50/p95 over many calls. See bench/README.md for what each row measures.
 *
 * Flags: --quick (fewer repetitions), --no-build (measure the dist/ already built),
 * --no-tfjs, --no-numpy, --no-webview, --only=<group> (RandomUniform, Orthogonal, npy, CLI, RSS,
 * hover, model, diagnostics, initialization check, panel, activation, size, webview, summary).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatTable, ratio, runJson, summarize, timeAsync, timeProcess, timeSync, type Row, type Side, type Stats } from './measure';
import { benchModelReader, modelReaderSample } from './modelReader';
import { pythonModelFile } from './pythonSample';

type Core = typeof import('../src/core/index');

const ROOT = path.resolve(__dirname, '..');
const RESULTS = path.join(ROOT, 'bench', 'results');
const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const BUILD = !args.includes('--no-build');
const ONLY = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const SEED = 42;
/** Timed repetitions (after one untimed warm-up) for rows costing about a second or less. */
const REPEATS = QUICK ? 3 : 5;
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'ki-bench-'));

const requireFromRoot = createRequire(path.join(ROOT, 'package.json'));

function log(text: string): void {
  process.stderr.write(`${text}\n`);
}

function measured(runs: number[], note?: string): Side {
  return note === undefined ? { stats: summarize(runs) } : { stats: summarize(runs), note };
}

function unavailable(why: string): Side {
  return { unavailable: why };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function sha256(data: ArrayBufferView): string {
  return createHash('sha256')
    .update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    .digest('hex');
}

function fileKB(file: string): number {
  return fs.statSync(file).size / 1024;
}

// --- environment ---

interface Environment {
  readonly numpy: string | null;
  readonly numpyWhy: string;
  readonly tfjs: boolean;
  readonly tfjsWhy: string;
  readonly timeV: boolean;
}

function probeEnvironment(): Environment {
  let numpy: string | null = null;
  let numpyWhy = '';
  if (args.includes('--no-numpy')) {
    numpyWhy = 'skipped (--no-numpy)';
  } else {
    const r = spawnSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' });
    if (r.error) numpyWhy = `python3 is not installed (${(r.error as NodeJS.ErrnoException).code ?? r.error.message})`;
    else if (r.status !== 0) numpyWhy = `python3 has no numpy (${String(r.stderr).trim().split('\n').pop()})`;
    else numpy = String(r.stdout).trim();
  }
  let tfjs = false;
  let tfjsWhy = '';
  if (args.includes('--no-tfjs')) {
    tfjsWhy = 'skipped (--no-tfjs)';
  } else {
    try {
      requireFromRoot.resolve('@tensorflow/tfjs');
      tfjs = true;
    } catch {
      tfjsWhy = '@tensorflow/tfjs is not installed (npm install)';
    }
  }
  const timeV = spawnSync('/usr/bin/time', ['-v', 'true'], { encoding: 'utf8' }).status === 0;
  return { numpy, numpyWhy, tfjs, tfjsWhy, timeV };
}

// --- numpy and tfjs jobs ---

interface JobResult {
  times_ms: number[];
  info: Record<string, unknown>;
  sha256?: string;
}

function numpyJob(env: Environment, job: Record<string, unknown>, extraEnv: Record<string, string> = {}): JobResult | string {
  if (env.numpy === null) return env.numpyWhy;
  try {
    return runJson<JobResult>('python3', [path.join(ROOT, 'bench', 'numpyRunner.py')], {
      input: JSON.stringify(job),
      env: { ...process.env, ...extraEnv },
    });
  } catch (e) {
    return errorText(e);
  }
}

function numpySide(result: JobResult | string): Side {
  return typeof result === 'string' ? unavailable(result) : measured(result.times_ms);
}

function tfjsJob(env: Environment, job: Record<string, unknown>): Side {
  if (!env.tfjs) return unavailable(env.tfjsWhy);
  try {
    const r = runJson<JobResult>(process.execPath, [path.join(ROOT, 'bench', 'tfjsRunner.cjs'), JSON.stringify(job)], { cwd: ROOT });
    return measured(
      r.times_ms,
      `tf.initializers, tfjs ${String(r.info.tfjs)} on the '${String(r.info.backend)}' backend (different random streams)`,
    );
  } catch (e) {
    return unavailable(errorText(e));
  }
}

/** How many float32 values differ from numpy's raw output, and by how many units in the last place at most. */
function differences(ours: Float32Array, rawFile: string): string {
  const bytes = fs.readFileSync(rawFile);
  const theirs = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  if (theirs.length !== ours.length) return `lengths differ (${ours.length} vs ${theirs.length})`;
  const a = new Int32Array(ours.buffer, ours.byteOffset, ours.length);
  const b = new Int32Array(theirs.buffer, theirs.byteOffset, theirs.length);
  let count = 0;
  let maxUlp = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      count++;
      // same sign: the bit patterns of floats are ordered like their values
      maxUlp = Math.max(maxUlp, (a[i] ^ b[i]) < 0 ? Infinity : Math.abs(a[i] - b[i]));
    }
  }
  return `${count} of ${a.length} (at most ${maxUlp} ulp), float32 roundings of two float64 QRs (LAPACK's blocked dgeqrf vs dgeqr2) falling on either side of a rounding boundary`;
}

// --- rows ---

type Shape = number[];

function shapeText(shape: Shape): string {
  return shape.join('×');
}

/** One initializer call `Name(seed=42)(shape)` (float32): ours, numpy, tfjs. */
function initializerRow(
  core: Core,
  env: Environment,
  name: string,
  shape: Shape,
  options: { repeats: number; tfjs: 'run' | string; pageFaultNotes?: boolean },
): Row {
  const notes: string[] = [];
  let ours: Side;
  let last: Float32Array | undefined;
  try {
    const init = core.createInitializer(name as Parameters<Core['createInitializer']>[0], { seed: SEED });
    const runs = timeSync(
      () => {
        last = core.sample(init, shape).data as Float32Array;
      },
      1,
      options.repeats,
    );
    ours = measured(runs);
  } catch (e) {
    ours = unavailable(errorText(e));
  }
  if (options.pageFaultNotes && last !== undefined) {
    // Where the time goes: filling an array whose pages are already mapped, against numpy without
    // the transparent huge pages it requests for large arrays (one page fault per 4 KiB, as ours).
    const reused = new Float32Array(last.length);
    const init = core.createInitializer(name as Parameters<Core['createInitializer']>[0], { seed: SEED });
    const fill = summarize(
      timeSync(
        () => {
          const stream = core.createSampleStream(init, shape);
          stream.fill(reused);
        },
        1,
        options.repeats,
      ),
    );
    notes.push(
      `ours into an already-mapped array (no page faults): ${fill.median.toFixed(0)} ms (${fill.min.toFixed(0)}–${fill.max.toFixed(0)})`,
    );
    const plain = numpyJob(env, { kind: 'initializer', name, shape, seed: SEED, warmup: 1, repeats: options.repeats, no_hugepages: true });
    if (typeof plain !== 'string') {
      const s = summarize(plain.times_ms);
      notes.push(`numpy without transparent huge pages: ${s.median.toFixed(0)} ms (${s.min.toFixed(0)}–${s.max.toFixed(0)})`);
    }
  }
  const rawFile = path.join(TMP, 'numpy.f32');
  const np = numpyJob(env, {
    kind: 'initializer',
    name,
    shape,
    seed: SEED,
    warmup: 1,
    repeats: options.repeats,
    raw_output: name === 'Orthogonal' ? rawFile : undefined,
  });
  if (typeof np !== 'string' && np.sha256 !== undefined && last !== undefined) {
    if (np.sha256 === sha256(last)) {
      notes.push('same float32 bytes as numpy (sha256 of the tensor)');
    } else if (fs.existsSync(rawFile)) {
      notes.push(`float32 values differing from numpy's: ${differences(last, rawFile)}`);
    } else {
      notes.push(`float32 bytes DIFFER from numpy's (sha256 ${sha256(last).slice(0, 12)} vs ${np.sha256.slice(0, 12)})`);
    }
  }
  fs.rmSync(rawFile, { force: true });
  // tfjs's Orthogonal at 256² takes seconds: no warm-up, two runs
  const slow = name === 'Orthogonal';
  const tfjs =
    options.tfjs === 'run'
      ? tfjsJob(env, { name, shape, seed: SEED, warmup: slow ? 0 : 1, repeats: slow ? 2 : Math.min(3, options.repeats) })
      : unavailable(options.tfjs);
  return { id: `${name} ${shapeText(shape)}`, unit: 'ms', display: 'median', ours, numpy: numpySide(np), tfjs, notes };
}

function orthogonalRows(core: Core, env: Environment): Row[] {
  const shapes: Shape[] = [
    [256, 256],
    [512, 512],
    [1024, 1024],
    [2048, 2048],
    [4096, 1024],
  ];
  // tfjs's Orthogonal (Gram-Schmidt QR on tensors) grows as n³ from about 8 s at 256² here.
  let tfjs256: number | undefined;
  const rows: Row[] = [];
  for (const shape of shapes) {
    const big = shape[0] * shape[1] >= 2048 * 2048;
    const repeats = big ? (QUICK ? 1 : 3) : REPEATS;
    let tfjsPlan: 'run' | string = env.tfjs ? 'run' : env.tfjsWhy;
    if (env.tfjs && shape[0] !== 256) {
      const n = Math.min(...shape);
      const m = Math.max(...shape);
      tfjsPlan =
        tfjs256 === undefined
          ? 'not run: far too slow (the 256² row did not run)'
          : `not run: about ${((tfjs256 * (m * n * n)) / 256 ** 3 / 1000).toFixed(0)} s by the n³ growth from its 256² median`;
    }
    const row = initializerRow(core, env, 'Orthogonal', shape, { repeats, tfjs: tfjsPlan });
    if (shape[0] === 256 && row.tfjs !== null && 'stats' in row.tfjs) tfjs256 = row.tfjs.stats.median;
    // numpy's BLAS threads fight over two loaded cores: say what one thread gives too.
    const single = numpyJob(
      env,
      { kind: 'initializer', name: 'Orthogonal', shape, seed: SEED, warmup: 1, repeats },
      { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' },
    );
    const notes = [...row.notes];
    if (typeof single !== 'string' && 'stats' in row.ours) {
      const s = summarize(single.times_ms);
      notes.push(
        `numpy with one BLAS thread: ${s.median.toFixed(0)} ms (${s.min.toFixed(0)}–${s.max.toFixed(0)}), ours/numpy ${(row.ours.stats.median / s.median).toFixed(2)}`,
      );
    }
    rows.push({ ...row, notes });
  }
  return rows;
}

function npyWriteRow(core: Core, env: Environment): Row {
  const shape = [4096, 4096];
  let ours: Side;
  const notes: string[] = [];
  try {
    const data = core.sample(core.createInitializer('HeNormal', { seed: SEED }), shape).data as Float32Array;
    const file = path.join(TMP, 'write.npy');
    // The streaming encoder, as the CLI and the extension write files: header, 1 Mi-value chunks, trailer.
    const chunk = 1 << 20;
    ours = measured(
      timeSync(
        () => {
          const encoder = core.createEncoder('npy', { tensors: [{ shape, dtype: 'float32' }] });
          const fd = fs.openSync(file, 'w');
          try {
            fs.writeSync(fd, encoder.header());
            for (let at = 0; at < data.length; at += chunk) {
              fs.writeSync(fd, encoder.encodeChunk(data.subarray(at, Math.min(data.length, at + chunk))));
            }
            fs.writeSync(fd, encoder.trailer());
          } finally {
            fs.closeSync(fd);
          }
        },
        1,
        REPEATS,
      ),
    );
    const oneShot = summarize(
      timeSync(
        () => {
          fs.writeFileSync(file, core.encode('npy', [{ shape, dtype: 'float32', data }]));
        },
        1,
        REPEATS,
      ),
    );
    notes.push(
      `ours: createEncoder('npy') + fs.writeSync per 1 Mi-value chunk (the CLI's way); the one-shot encode() + fs.writeFileSync: ${oneShot.median.toFixed(0)} ms (${oneShot.min.toFixed(0)}–${oneShot.max.toFixed(0)}), it copies the data twice into fresh memory`,
    );
    fs.rmSync(file, { force: true });
  } catch (e) {
    ours = unavailable(errorText(e));
  }
  const np = numpyJob(env, { kind: 'npy', shape, seed: SEED, warmup: 1, repeats: REPEATS });
  return {
    id: `write .npy ${shapeText(shape)} float32`,
    unit: 'ms',
    display: 'median',
    ours,
    numpy: numpySide(np),
    tfjs: null,
    notes: [...notes, 'numpy: np.save of the same array'],
  };
}

function cliAvailable(): string | null {
  const cli = path.join(ROOT, 'dist', 'cli.js');
  if (!fs.existsSync(cli)) return 'dist/cli.js is not built';
  const r = spawnSync(process.execPath, [cli, 'generate', '--help'], { encoding: 'utf8' });
  return r.status === 0 ? null : `the CLI has no working 'generate' command yet (${String(r.stderr).trim().split('\n')[0] ?? r.status})`;
}

function cliRow(env: Environment): Row {
  const shape = [4096, 4096];
  const out = path.join(TMP, 'cli.npy');
  const why = cliAvailable();
  let ours: Side;
  if (why !== null) {
    ours = unavailable(why);
  } else {
    const cliArgs = [
      path.join(ROOT, 'dist', 'cli.js'),
      'generate',
      'he_normal',
      '--shape',
      shape.join('x'),
      '--seed',
      String(SEED),
      '-o',
      out,
      '--force',
      '--quiet',
    ];
    try {
      timeProcess(process.execPath, cliArgs); // warm-up (disk cache)
      const runs: number[] = [];
      for (let i = 0; i < REPEATS; i++) runs.push(timeProcess(process.execPath, cliArgs));
      ours = measured(runs);
    } catch (e) {
      ours = unavailable(errorText(e));
    }
  }
  let numpy: Side;
  if (env.numpy === null) {
    numpy = unavailable(env.numpyWhy);
  } else {
    const pyArgs = [
      path.join(ROOT, 'bench', 'cliEquivalent.py'),
      'HeNormal',
      String(shape[0]),
      String(shape[1]),
      String(SEED),
      path.join(TMP, 'py.npy'),
    ];
    try {
      timeProcess('python3', pyArgs);
      const runs: number[] = [];
      for (let i = 0; i < REPEATS; i++) runs.push(timeProcess('python3', pyArgs));
      numpy = measured(runs);
    } catch (e) {
      numpy = unavailable(errorText(e));
    }
  }
  const notes = [
    'whole process: `node dist/cli.js generate he_normal --shape 4096x4096 --seed 42 -o F.npy` vs `python3 bench/cliEquivalent.py` (import numpy, Keras numpy-backend HeNormal, np.save)',
  ];
  if (fs.existsSync(out) && fs.existsSync(path.join(TMP, 'py.npy'))) {
    const same = sha256(fs.readFileSync(out)) === sha256(fs.readFileSync(path.join(TMP, 'py.npy')));
    notes.push(same ? 'the two .npy files are byte-identical' : 'the two .npy files DIFFER');
  }
  fs.rmSync(out, { force: true });
  fs.rmSync(path.join(TMP, 'py.npy'), { force: true });
  return { id: 'CLI process: HeNormal 4096×4096 → .npy', unit: 'ms', display: 'median', ours, numpy, tfjs: null, notes };
}

/** Peak resident memory of a whole process, in MB, from /usr/bin/time -v. */
function peakRss(command: string, commandArgs: string[]): number {
  const r = spawnSync('/usr/bin/time', ['-v', command, ...commandArgs], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${command} exited with ${r.status}: ${String(r.stderr).trim().split('\n').slice(-3).join(' | ')}`);
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(String(r.stderr));
  if (!m) throw new Error('no "Maximum resident set size" in the output of /usr/bin/time -v');
  return Number(m[1]) / 1024;
}

function memoryRow(env: Environment): Row {
  const id = 'peak RSS: HeNormal 10000×10000 → .npy';
  const repeats = QUICK ? 1 : 3;
  const out = path.join(TMP, 'big.npy');
  if (!env.timeV) {
    const why = '/usr/bin/time -v is not available (apt-get install time)';
    return { id, unit: 'MB', display: 'median', ours: unavailable(why), numpy: unavailable(why), tfjs: null, notes: [] };
  }
  const why = cliAvailable();
  let ours: Side;
  if (why !== null) {
    ours = unavailable(why);
  } else {
    try {
      const runs: number[] = [];
      for (let i = 0; i < repeats; i++) {
        runs.push(
          peakRss(process.execPath, [
            path.join(ROOT, 'dist', 'cli.js'),
            'generate',
            'he_normal',
            '--shape',
            '10000x10000',
            '--seed',
            '1',
            '-o',
            out,
            '--force',
            '--quiet',
          ]),
        );
        fs.rmSync(out, { force: true });
      }
      ours = measured(runs);
    } catch (e) {
      ours = unavailable(errorText(e));
    }
  }
  let numpy: Side;
  if (env.numpy === null) {
    numpy = unavailable(env.numpyWhy);
  } else {
    try {
      const runs: number[] = [];
      for (let i = 0; i < repeats; i++) {
        runs.push(peakRss('python3', [path.join(ROOT, 'bench', 'cliEquivalent.py'), 'HeNormal', '10000', '10000', '1', out]));
        fs.rmSync(out, { force: true });
      }
      numpy = measured(runs);
    } catch (e) {
      numpy = unavailable(errorText(e));
    }
  }
  return {
    id,
    unit: 'MB',
    display: 'median',
    ours,
    numpy,
    tfjs: null,
    notes: ['maximum resident set size of the whole process (/usr/bin/time -v); the file is 381.5 MiB'],
  };
}

/** Where real Keras 3's source is (KERAS_SRC, else ~/keras-src), or why the Keras side cannot run. */
function kerasSource(): { dir: string } | { why: string } {
  const dir = process.env.KERAS_SRC ?? path.join(os.homedir(), 'keras-src');
  if (!fs.existsSync(path.join(dir, 'keras', '__init__.py'))) {
    return { why: `real Keras is not set up (no keras/ in ${dir}; set KERAS_SRC, see test/fixtures/keras-models/README.md)` };
  }
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import h5py, numpy'], { encoding: 'utf8' });
  if (probe.status !== 0) return { why: "/usr/bin/python3 lacks h5py or numpy (Debian's python3-h5py, python3-numpy)" };
  return { dir };
}

const RESNET50 = path.join(ROOT, 'bench', 'models', 'resnet50.py');

/**
 * A whole model's `.weights.h5`: `keras-init model` on a ResNet-50 written out (25,636,712 parameters),
 * the whole process, against real Keras (numpy backend) building the same source and calling
 * save_weights; and the peak memory of a model with one 10000×10000 kernel.
 */
function modelWeightsRows(): Row[] {
  const repeats = QUICK ? 2 : 3;
  const out = path.join(TMP, 'model.weights.h5');
  const cli = cliAvailable();
  const ourArgs = (source: string): string[] => [
    path.join(ROOT, 'dist', 'cli.js'),
    'model',
    source,
    '-o',
    out,
    '--seed',
    '1',
    '--force',
    '--quiet',
  ];
  let ours: Side;
  if (cli !== null) {
    ours = unavailable(cli);
  } else {
    try {
      timeProcess(process.execPath, ourArgs(RESNET50)); // warm-up (disk cache)
      const runs: number[] = [];
      for (let i = 0; i < repeats; i++) runs.push(timeProcess(process.execPath, ourArgs(RESNET50)));
      ours = measured(
        runs,
        'the whole keras-init process: Node start, reading the model, drawing 25.6 M values, HDF5 through h5wasm, check, rename',
      );
    } catch (e) {
      ours = unavailable(errorText(e));
    }
  }
  const keras = kerasSource();
  let kerasSide: Side;
  const notes: string[] = [
    'ratio: our whole process against Keras building the model and saving it (its Python and Keras import left out)',
  ];
  if ('why' in keras) {
    kerasSide = unavailable(keras.why);
  } else {
    try {
      const builds: number[] = [];
      const wholes: number[] = [];
      for (let i = 0; i < repeats; i++) {
        const t = performance.now();
        const r = runJson<{ import_s: number; build_s: number; save_s: number; params: number }>(
          '/usr/bin/python3',
          [path.join(ROOT, 'bench', 'kerasModelWeights.py'), RESNET50, 'model', path.join(TMP, 'keras.weights.h5')],
          { env: { ...process.env, KERAS_SRC: keras.dir } },
        );
        wholes.push(performance.now() - t);
        builds.push((r.build_s + r.save_s) * 1000);
        if (i === 0) {
          notes.push(
            `Keras: ${r.params.toLocaleString('en-US')} params; import ${(r.import_s * 1000).toFixed(0)} ms, build ${(r.build_s * 1000).toFixed(0)} ms, save_weights ${(r.save_s * 1000).toFixed(0)} ms`,
          );
        }
      }
      kerasSide = measured(builds, 'Keras 3 (numpy backend): the model built from the same source, then save_weights');
      notes.push(`Keras's whole process (python3 start and import included): median ${summarize(wholes).median.toFixed(0)} ms`);
    } catch (e) {
      kerasSide = unavailable(errorText(e));
    }
  }
  const rows: Row[] = [
    { id: 'model .weights.h5: ResNet-50 (25.6 M params)', unit: 'ms', display: 'median', ours, numpy: kerasSide, tfjs: null, notes },
  ];
  // One 10000×10000 kernel (400 MB of float32): written slab by slab.
  const big = path.join(TMP, 'big_dense.py');
  fs.writeFileSync(big, 'import keras\nfrom keras import layers\nmodel = keras.Sequential([keras.Input((10000,)), layers.Dense(10000)])\n');
  let rss: Side;
  if (cli !== null) rss = unavailable(cli);
  else if (!probeTimeV()) rss = unavailable('/usr/bin/time -v is not available (apt-get install time)');
  else {
    try {
      const runs: number[] = [];
      for (let i = 0; i < (QUICK ? 1 : 2); i++) runs.push(peakRss(process.execPath, ourArgs(big)));
      rss = measured(runs);
    } catch (e) {
      rss = unavailable(errorText(e));
    }
  }
  fs.rmSync(out, { force: true });
  rows.push({
    id: 'peak RSS: model .weights.h5 with a 10000×10000 Dense kernel',
    unit: 'MB',
    display: 'median',
    ours: rss,
    numpy: null,
    tfjs: null,
    notes: ['maximum resident set size of the whole keras-init process (/usr/bin/time -v); the file is 385 MiB'],
  });
  return rows;
}

function probeTimeV(): boolean {
  return spawnSync('/usr/bin/time', ['-v', 'true'], { encoding: 'utf8' }).status === 0;
}

/** Hover and diagnostics on a 5,000-line file, p50/p95 over many calls. */
function editorRows(core: Core): Row[] {
  const text = pythonModelFile(5000);
  const lines = text.split('\n').length - 1;
  const missing = (['findInitializerAt', 'findAllInitializers', 'hoverFor', 'lintInitializers'] as const).filter(
    (f) => typeof (core as Record<string, unknown>)[f] !== 'function',
  );
  if (missing.length > 0) {
    const why = `the core does not export ${missing.join(', ')} yet`;
    return ['hover', 'diagnostics'].map((id) => ({
      id: `${id} (${lines}-line file)`,
      unit: 'ms' as const,
      display: 'latency' as const,
      ours: unavailable(why),
      numpy: null,
      tfjs: null,
      notes: [],
    }));
  }
  const all = core.findAllInitializers(text);
  const offsets = all.expressions.map((e) => e.nameRange.start + 1);
  const step = Math.max(1, Math.floor(offsets.length / 400));
  const sampleOffsets = offsets.filter((_, i) => i % step === 0);
  const hover = (doc: string, offset: number): void => {
    const expr = core.findInitializerAt(doc, offset);
    if (expr === undefined) throw new Error(`no initializer at offset ${offset}`);
    core.hoverFor(expr, offset);
  };
  // warm the code paths first
  for (const o of sampleOffsets.slice(0, 50)) hover(text, o);
  const same: number[] = [];
  for (const o of sampleOffsets) {
    const t = performance.now();
    hover(text, o);
    same.push(performance.now() - t);
  }
  // after an edit: a new document text for every call (nothing cached for it)
  const edited: number[] = [];
  sampleOffsets.forEach((o, i) => {
    const doc = `${text}# edit ${i}\n`;
    const t = performance.now();
    hover(doc, o);
    edited.push(performance.now() - t);
  });
  const lintRuns: number[] = [];
  const findRuns: number[] = [];
  let problems = 0;
  const rounds = QUICK ? 15 : 40;
  for (let i = 0; i < rounds + 3; i++) {
    const doc = `${text}# lint ${i}\n`;
    let t = performance.now();
    core.findAllInitializers(doc);
    const find = performance.now() - t;
    const doc2 = `${text}# lint again ${i}\n`;
    t = performance.now();
    problems = core.lintInitializers(doc2).length;
    const lint = performance.now() - t;
    if (i >= 3) {
      findRuns.push(find);
      lintRuns.push(lint);
    }
  }
  const f = summarize(findRuns);
  return [
    {
      id: `hover, unchanged document (${lines} lines)`,
      unit: 'ms',
      display: 'latency',
      ours: measured(same),
      numpy: null,
      tfjs: null,
      notes: [`findInitializerAt + hoverFor at ${sampleOffsets.length} initializer names`],
    },
    {
      id: `hover, first after an edit (${lines} lines)`,
      unit: 'ms',
      display: 'latency',
      ours: measured(edited),
      numpy: null,
      tfjs: null,
      notes: ['the same calls on a new text each time (nothing cached for it)'],
    },
    {
      id: `diagnostics, whole file (${lines} lines)`,
      unit: 'ms',
      display: 'latency',
      ours: measured(lintRuns),
      numpy: null,
      tfjs: null,
      notes: [
        `lintInitializers (findAllInitializers + every rule) on a new text each time: ${all.expressions.length} initializer expressions, ${problems} problems; findAllInitializers alone p50 ${f.median.toFixed(1)} / p95 ${f.p95.toFixed(1)} ms`,
      ],
    },
  ];
}

/**
 * A document's text as the editor hands it over: `TextDocument.getText()` joins the document's lines
 * into one flat string (a string made by `+`, as the runs below make their edits, is a rope that
 * every character read has to walk).
 */
function editorText(text: string): string {
  return text.split('\n').join('\n');
}

/**
 * The static model reader: analyzeModels of the bundled core on a 5,000-line file with about 300
 * layers (a new text every run, so its cache never answers), and the hover on a kernel initializer of
 * that file, whose fans now come from the model (the first hover after an edit reads the whole file).
 */
function modelReaderRows(core: Core): Row[] {
  const runs = QUICK ? 40 : 100;
  const r = benchModelReader({ runs: 20, warmup: 5 });
  const base = modelReaderSample(5000, 300);
  for (let i = 0; i < 20; i++) core.analyzeModels(`${base}# warm-up ${i}\n`);
  const analyzeRuns: number[] = [];
  for (let i = 0; i < runs; i++) {
    const doc = editorText(`${base}# run ${i}\n`);
    const t = performance.now();
    core.analyzeModels(doc);
    analyzeRuns.push(performance.now() - t);
  }
  // The worst case for the incremental parse: every run edits the first line, so nothing is kept.
  const topRuns: number[] = [];
  for (let i = 0; i < runs; i++) {
    const doc = editorText(`# run ${i}\n${base}`);
    const t = performance.now();
    core.analyzeModels(doc);
    topRuns.push(performance.now() - t);
  }
  const offsets: number[] = [];
  for (let i = base.indexOf('_initializer='); i >= 0 && offsets.length < 200; i = base.indexOf('_initializer=', i + 1)) {
    offsets.push(i + '_initializer='.length + 1);
  }
  const hover = (doc: string, offset: number): void => {
    const expr = core.findInitializerAt(doc, offset);
    if (expr !== undefined) core.hoverFor(expr, offset);
  };
  for (const o of offsets.slice(0, 20)) hover(base, o);
  // The file has few explicit initializer arguments: each is hovered again in turn, so that a p95
  // rests on `2 × runs` hovers rather than on a handful.
  const hovers = 2 * runs;
  const same: number[] = [];
  for (let k = 0; k < hovers; k++) {
    const t = performance.now();
    hover(base, offsets[k % offsets.length]);
    same.push(performance.now() - t);
  }
  const edited: number[] = [];
  for (let k = 0; k < runs; k++) {
    const doc = editorText(`${base}# edit ${k}\n`);
    const t = performance.now();
    hover(doc, offsets[k % offsets.length]);
    edited.push(performance.now() - t);
  }
  return [
    {
      id: `analyzeModels (${r.lines} lines, ${r.layers} layers)`,
      unit: 'ms',
      display: 'latency',
      ours: measured(analyzeRuns),
      numpy: null,
      tfjs: null,
      notes: [
        `dist/core.js on a new text each run (${r.models} models), edited at its end as typing does: the statements before the edit are kept from the previous parse; tokenize + parse of the whole text alone p50 ${r.parse.median.toFixed(1)} / p95 ${r.parse.p95.toFixed(1)} ms (from source)`,
      ],
    },
    {
      id: `analyzeModels, edited on its first line (${r.lines} lines)`,
      unit: 'ms',
      display: 'latency',
      ours: measured(topRuns),
      numpy: null,
      tfjs: null,
      notes: ['the same text edited on its first line each run: nothing is kept, the whole file is parsed again'],
    },
    {
      id: `hover in a model, unchanged document (${r.lines} lines)`,
      unit: 'ms',
      display: 'latency',
      ours: measured(same),
      numpy: null,
      tfjs: null,
      notes: [
        `findInitializerAt + hoverFor, ${same.length} hovers over the file's ${offsets.length} initializer arguments; the model analysis is cached per text`,
      ],
    },
    {
      id: `hover in a model, first after an edit (${r.lines} lines)`,
      unit: 'ms',
      display: 'latency',
      ours: measured(edited),
      numpy: null,
      tfjs: null,
      notes: ['a new text each time: the whole file is read again (analyzeModels included)'],
    },
  ];
}

/** The bench's models for the initialization check: the issue's 20-layer MLP and 6-convolution CNN. */
const CHECK_MODELS = {
  mlp: {
    id: 'initialization check: 20-layer MLP, width 1024, batch 256',
    batch: 256,
    source: [
      'import keras',
      'from keras import layers',
      '',
      'model = keras.Sequential([keras.Input(shape=(1024,))] + [layers.Dense(1024, activation="relu") for _ in range(20)])',
      '',
    ].join('\n'),
    numpy: { model: 'mlp', width: 1024, depth: 20 },
  },
  cnn: {
    id: 'initialization check: 6-convolution CNN, 28×28, batch 64',
    batch: 64,
    source: [
      'import keras',
      'from keras import layers',
      '',
      'model = keras.Sequential([',
      '    keras.Input(shape=(28, 28, 1)),',
      ...[32, 32, 'pool', 64, 64, 'pool', 128, 128].map((f) =>
        f === 'pool' ? '    layers.MaxPooling2D(),' : `    layers.Conv2D(${f}, 3, padding="same", activation="relu"),`,
      ),
      '    layers.GlobalAveragePooling2D(),',
      '    layers.Dense(10, activation="softmax"),',
      '])',
      '',
    ].join('\n'),
    numpy: { model: 'cnn', filters: [32, 32, 'pool', 64, 64, 'pool', 128, 128] },
  },
} as const;

/** `checkInitialization` on the bench's models, against numpy doing the same forward and backward work. */
function checkRows(core: Core, env: Environment): Row[] {
  return Object.values(CHECK_MODELS).map((m) => {
    let ours: Side;
    let detail = '';
    try {
      const run = (): void => {
        const result = core.checkInitialization(m.source, { batchSize: m.batch, seed: SEED });
        if (result.stoppedAt !== undefined) throw new Error(`the check stopped: ${result.stoppedAt.reason}`);
        detail = `${result.layers.length} layers, last activation std ${result.layers[result.layers.length - 1].output.std.toPrecision(3)}`;
      };
      ours = measured(timeSync(run, 1, REPEATS));
    } catch (e) {
      ours = unavailable(errorText(e));
    }
    return {
      id: m.id,
      unit: 'ms',
      display: 'median',
      ours,
      numpy: numpySide(numpyJob(env, { kind: 'check', batch: m.batch, ...m.numpy, warmup: 1, repeats: REPEATS })),
      tfjs: null,
      notes: [
        `dist/core.js checkInitialization in this process: reading the model, drawing its weights, forward with every layer's statistics, backward (${detail})`,
        'numpy: the same weights drawn, the same float32 forward and backward with np.matmul (im2col for the convolutions) and the same statistics',
      ],
    };
  });
}

/** The preview's compute path (src/webview/compute/analysis.ts) at 1,000,000 samples. */
async function panelRow(env: Environment): Promise<Row> {
  const id = 'panel re-render, 1,000,000 samples (HeNormal)';
  const shape = [1000, 1000];
  let ours: Side;
  const notes: string[] = [];
  try {
    const analysis = await import('../src/webview/compute/analysis');
    const previewConfig = await import('../src/protocol/previewConfig');
    const config = {
      ...previewConfig.defaultConfig(1_000_000),
      className: 'HeNormal' as const,
      args: previewConfig.defaultArgs('HeNormal'),
      shape,
    };
    let job = 0;
    let detailsMs: number[] = [];
    const once = async (): Promise<void> => {
      const jobId = ++job;
      let got = false;
      await analysis.runAnalysis(
        { jobId, config: { ...config, seed: { kind: 'int', value: SEED + jobId } } },
        {
          now: () => performance.now(),
          pause: () => Promise.resolve(),
          isCurrent: () => true,
          emit: (r) => {
            if (r.kind === 'failure') throw new Error(r.message);
            if (r.kind === 'distribution') got = r.n === 1_000_000;
            if (r.kind === 'details') detailsMs.push(r.computeMs);
          },
        },
      );
      if (!got) throw new Error('the analysis did not produce a 1,000,000-sample distribution');
    };
    const runs = await timeAsync(once, 1, REPEATS + 2);
    detailsMs = detailsMs.slice(1);
    ours = measured(runs);
    const d = summarize(detailsMs);
    notes.push(
      `runAnalysis of the webview's compute module, timed in Node from the request to the last result (sample, moments, 65,536-bin histogram, density, then KS distance and heatmap: ${d.median.toFixed(0)} ms of it); the real webview's figure is its own row`,
    );
  } catch (e) {
    ours = unavailable(`the preview's compute module is not usable here (${errorText(e)})`);
  }
  const np = numpyJob(env, { kind: 'panel', shape, samples: 1_000_000, seed: SEED, warmup: 1, repeats: REPEATS });
  notes.push('numpy: HeNormal 1000×1000, mean/std/min/max and np.histogram with 65,536 bins');
  return { id, unit: 'ms', display: 'median', ours, numpy: numpySide(np), tfjs: null, notes };
}

/** The same re-render in the real webview (bench/webview.ts), when Chromium and code-server are here. */
async function webviewRow(): Promise<Row> {
  const id = 'panel re-render, real webview, 1,000,000 samples';
  const vsix = path.join(RESULTS, 'keras-initializers.vsix');
  const base = { id, unit: 'ms' as const, display: 'median' as const, numpy: null, tfjs: null };
  if (args.includes('--no-webview')) return { ...base, ours: unavailable('skipped (--no-webview)'), notes: [] };
  const { measureWebview, webviewUnavailable } = await import('./webview');
  const why = webviewUnavailable() ?? (fs.existsSync(vsix) ? null : 'the .vsix was not packaged in this run');
  if (why !== null) return { ...base, ours: unavailable(why), notes: [] };
  try {
    // a loaded machine sometimes misses one of the workbench's 60 s waits: one more try
    const r = await measureWebview(vsix, QUICK ? 4 : 9).catch((e: unknown) => {
      log(`  the real webview: ${errorText(e).split('\n')[0]}; trying once more`);
      return measureWebview(vsix, QUICK ? 4 : 9);
    });
    const compute = summarize(r.computeMs);
    const draw = summarize(r.drawMs);
    return {
      ...base,
      ours: measured(r.renderMs),
      notes: [
        `data-render-ms read from the panel in ${r.host} after clicking Randomize (HeNormal 1000×1000, engine: ${r.engine}, WebAssembly ${r.webAssembly ? 'allowed' : 'refused'} by the panel's CSP); compute median ${compute.median.toFixed(0)} ms, drawing ${draw.median.toFixed(1)} ms`,
      ],
    };
  } catch (e) {
    return { ...base, ours: unavailable(`the workbench could not be driven (${errorText(e).split('\n')[0]})`), notes: [] };
  }
}

/** The model summary of a 300-layer Sequential in the real webview (bench/webview.ts). */
async function summaryRow(): Promise<Row> {
  const id = 'model summary render, real webview, 300 layers';
  const vsix = path.join(RESULTS, 'keras-initializers.vsix');
  const base = { id, unit: 'ms' as const, display: 'latency' as const, numpy: null, tfjs: null };
  if (args.includes('--no-webview')) return { ...base, ours: unavailable('skipped (--no-webview)'), notes: [] };
  const { measureSummary, webviewUnavailable } = await import('./webview');
  const why = webviewUnavailable() ?? (fs.existsSync(vsix) ? null : 'the .vsix was not packaged in this run');
  if (why !== null) return { ...base, ours: unavailable(why), notes: [] };
  const renders = QUICK ? 5 : 11;
  try {
    const r = await measureSummary(vsix, renders).catch((e: unknown) => {
      log(`  the model summary: ${errorText(e).split('\n')[0]}; trying once more`);
      return measureSummary(vsix, renders);
    });
    const again = summarize(r.rerenderMs);
    return {
      ...base,
      ours: measured(r.renderMs),
      notes: [
        `data-render-ms (the table built and laid out) read from a new summary panel in ${r.host}, "Show Model Summary" on a generated ${r.rows}-layer Sequential, the panel closed after each; with the panel left open, a new view of the same model renders in p50 ${again.median.toFixed(0)} / p95 ${again.p95.toFixed(0)} ms`,
      ],
    };
  } catch (e) {
    return { ...base, ours: unavailable(`the workbench could not be driven (${errorText(e).split('\n')[0]})`), notes: [] };
  }
}

function activationRow(): Row {
  const id = 'extension activation (require + activate)';
  const bundle = path.join(ROOT, 'dist', 'extension.js');
  if (!fs.existsSync(bundle)) {
    return { id, unit: 'ms', display: 'median', ours: unavailable('dist/extension.js is not built'), numpy: null, tfjs: null, notes: [] };
  }
  const total: number[] = [];
  const requireMs: number[] = [];
  try {
    for (let i = 0; i < (QUICK ? 5 : 11); i++) {
      const r = runJson<{ require_ms: number; activate_ms: number }>(process.execPath, [
        '--expose-gc',
        path.join(ROOT, 'bench', 'activation.cjs'),
      ]);
      if (i === 0) continue; // the first run also warms the disk cache
      total.push(r.require_ms + r.activate_ms);
      requireMs.push(r.require_ms);
    }
  } catch (e) {
    return { id, unit: 'ms', display: 'median', ours: unavailable(errorText(e)), numpy: null, tfjs: null, notes: [] };
  }
  return {
    id,
    unit: 'ms',
    display: 'median',
    ours: measured(total),
    numpy: null,
    tfjs: null,
    notes: [
      `a fresh Node process per run, the production dist/extension.js with a stub 'vscode' module (bench/vscodeStub.cjs); require() alone: median ${summarize(requireMs).median.toFixed(1)} ms. Not the real extension host's figure.`,
    ],
  };
}

function bundleRows(): Row[] {
  const files = [
    'dist/extension.js',
    'dist/web/extension.js',
    'dist/webview/main.js',
    'dist/webview/worker.js',
    'dist/cli.js',
    'dist/core.js',
  ];
  const rows: Row[] = files.map((f) => {
    const file = path.join(ROOT, f);
    const ours = fs.existsSync(file) ? measured([fileKB(file)]) : unavailable(`${f} is not built`);
    return { id: `size of ${f}`, unit: 'KB', display: 'median', ours, numpy: null, tfjs: null, notes: [] };
  });
  const vsix = path.join(RESULTS, 'keras-initializers.vsix');
  let ours: Side;
  if (!BUILD) {
    ours = fs.existsSync(vsix) ? measured([fileKB(vsix)], 'from an earlier run (--no-build)') : unavailable('not packaged (--no-build)');
  } else {
    const r = spawnSync(process.execPath, [requireFromRoot.resolve('@vscode/vsce/vsce'), 'package', '--no-dependencies', '-o', vsix], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    ours =
      r.status === 0 && fs.existsSync(vsix)
        ? measured([fileKB(vsix)])
        : unavailable(
            `vsce package failed: ${String(r.stderr ?? r.error)
              .trim()
              .split('\n')
              .slice(-2)
              .join(' | ')}`,
          );
  }
  rows.push({ id: 'size of the .vsix', unit: 'KB', display: 'median', ours, numpy: null, tfjs: null, notes: [] });
  return rows;
}

// --- targets ---

interface Target {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean | null;
}

function targets(rows: readonly Row[]): Target[] {
  const find = (prefix: string): Row | undefined => rows.find((r) => r.id.startsWith(prefix));
  const out: Target[] = [];
  const ratioTarget = (prefix: string, label: string, limit: number): void => {
    const row = find(prefix);
    const q = row ? ratio(row) : null;
    out.push({
      target: `${label}: ours/numpy ≤ ${limit}`,
      measured: q === null ? 'not measured' : q.toFixed(2),
      met: q === null ? null : q <= limit,
    });
  };
  const valueTarget = (prefix: string, label: string, limit: number, unit: string): void => {
    const row = find(prefix);
    const s: Stats | undefined = row && 'stats' in row.ours ? row.ours.stats : undefined;
    out.push({
      target: `${label} ≤ ${limit} ${unit}`,
      measured: s ? `${s.median.toFixed(1)} ${unit}` : 'not measured',
      met: s ? s.median <= limit : null,
    });
  };
  const p95Target = (prefix: string, label: string, limit: number, unit: string): void => {
    const row = find(prefix);
    const s: Stats | undefined = row && 'stats' in row.ours ? row.ours.stats : undefined;
    out.push({
      target: `${label} ≤ ${limit} ${unit}`,
      measured: s ? `${s.p95.toFixed(1)} ${unit}` : 'not measured',
      met: s ? s.p95 <= limit : null,
    });
  };
  ratioTarget('HeNormal 4096×4096', 'HeNormal 4096×4096', 1);
  ratioTarget('RandomUniform 4096×4096', 'RandomUniform 4096×4096', 1);
  ratioTarget('Orthogonal 1024×1024', 'Orthogonal 1024×1024', 3);
  valueTarget('peak RSS: HeNormal', 'peak RSS, 10000×10000 HeNormal .npy', 300, 'MB');
  ratioTarget('model .weights.h5: ResNet-50', 'model .weights.h5, ResNet-50 (ours against Keras build + save_weights)', 2);
  valueTarget('peak RSS: model .weights.h5', 'peak RSS, model .weights.h5 with a 10000×10000 kernel', 300, 'MB');
  valueTarget('extension activation', 'extension activation', 30, 'ms');
  valueTarget('initialization check: 20-layer MLP', 'initialization check, 20-layer MLP of width 1024 at batch 256', 1500, 'ms');
  valueTarget('initialization check: 6-convolution CNN', 'initialization check, 6-convolution 28×28 CNN at batch 64', 2000, 'ms');
  p95Target('analyzeModels', 'analyzeModels, 5,000 lines / 300 layers, p95', 30, 'ms');
  p95Target('hover in a model, unchanged', 'hover in a model, p95', 5, 'ms');
  p95Target('model summary render', 'model summary of 300 layers, render p95', 200, 'ms');
  valueTarget('size of dist/extension.js', 'dist/extension.js', 300, 'KB');
  return out;
}

// --- main ---

async function main(): Promise<void> {
  const loadStart = os.loadavg();
  const started = new Date();
  if (BUILD) {
    log('building dist/ (production)…');
    const r = spawnSync(process.execPath, ['esbuild.js', '--production'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('node esbuild.js --production failed');
  }
  const env = probeEnvironment();
  log(`numpy: ${env.numpy ?? `not available: ${env.numpyWhy}`}; tfjs: ${env.tfjs ? 'yes' : `not available: ${env.tfjsWhy}`}`);
  const core = createRequire(__filename)(path.join(ROOT, 'dist', 'core.js')) as Core;
  const { webAssemblyUsable } = await import('../src/core/wasm/loader');

  const wanted = (id: string): boolean => ONLY === undefined || id.toLowerCase().includes(ONLY.toLowerCase());
  const rows: Row[] = [];
  const add = (row: Row): void => {
    rows.push(row);
    log(`  ${row.id}: done`);
  };
  const big: Shape = [4096, 4096];
  for (const name of ['RandomUniform', 'RandomNormal', 'HeNormal', 'GlorotUniform']) {
    if (wanted(`${name} 4096`)) {
      add(initializerRow(core, env, name, big, { repeats: REPEATS, tfjs: 'run', pageFaultNotes: name === 'RandomUniform' }));
    }
  }
  if (wanted('Orthogonal')) for (const r of orthogonalRows(core, env)) add(r);
  if (wanted('write .npy')) add(npyWriteRow(core, env));
  if (wanted('CLI process')) add(cliRow(env));
  if (wanted('peak RSS')) add(memoryRow(env));
  if (wanted('weights.h5') || wanted('h5')) for (const r of modelWeightsRows()) add(r);
  if (wanted('hover') || wanted('diagnostics')) for (const r of editorRows(core)) add(r);
  if (wanted('model') || wanted('hover')) for (const r of modelReaderRows(core)) add(r);
  if (wanted('initialization check')) for (const r of checkRows(core, env)) add(r);
  if (wanted('panel')) add(await panelRow(env));
  if (wanted('activation')) add(activationRow());
  if (wanted('size')) for (const r of bundleRows()) add(r);
  if (wanted('webview')) add(await webviewRow());
  if (wanted('webview') || wanted('summary')) add(await summaryRow());

  const loadEnd = os.loadavg();
  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGB: +(os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    numpy: env.numpy,
    webAssembly: webAssemblyUsable(),
    loadAverage: { start: loadStart.map((x) => +x.toFixed(2)), end: loadEnd.map((x) => +x.toFixed(2)) },
  };
  const goals = targets(rows);
  const table = formatTable(rows);
  const header =
    `npm run bench — ${started.toISOString()} — ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, numpy ${machine.numpy ?? 'n/a'}, ` +
    `WebAssembly ${machine.webAssembly ? 'on' : 'off'}; load average ${machine.loadAverage.start.join(' ')} → ${machine.loadAverage.end.join(' ')}`;
  const targetText = goals.map((g) => `${g.met === null ? '?' : g.met ? 'met' : 'MISSED'}  ${g.target}: ${g.measured}`).join('\n');
  process.stdout.write(`${header}\n\n${table}\n\nTargets:\n${targetText}\n`);
  fs.mkdirSync(RESULTS, { recursive: true });
  const json = {
    date: started.toISOString(),
    durationSeconds: +((Date.now() - started.getTime()) / 1000).toFixed(1),
    flags: args,
    machine,
    rows: rows.map((r) => ({ ...r, ratio: ratio(r) })),
    targets: goals,
    table: `${header}\n\n${table}`,
  };
  fs.writeFileSync(path.join(RESULTS, 'latest.json'), `${JSON.stringify(json, null, 2)}\n`);
  log(`written: ${path.relative(ROOT, path.join(RESULTS, 'latest.json'))}`);
}

main()
  .catch((e) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  })
  .finally(() => fs.rmSync(TMP, { recursive: true, force: true }));
