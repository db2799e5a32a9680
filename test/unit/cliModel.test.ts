/**
 * `keras-init model <file> --summary`: the table and its JSON for a Python file and a notebook,
 * --model, and the errors (unknown model, no model, missing file, no --summary) with their exit
 * statuses, in-process and as a process.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { ModelSummary } from '../../src/core/index';
import { CLI_FIXTURES, runCli, tempDir } from './cliSupport';

const MODELS = path.join(CLI_FIXTURES, 'models');
const cwd = MODELS;

suite('keras-init model --summary', () => {
  test('prints the summary table of the last model, exit 0', async () => {
    const run = await runCli(['model', 'mlp.py', '--summary'], { cwd });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /^Note: 2 unseeded random variable\(s\) get seeds derived from --seed S/);
    const lines = run.stdout.split('\n');
    assert.equal(lines[0], 'Model: "sequential" (model, line 4)');
    assert.ok(lines.some((l) => /^dense \(Dense\) +\(None, 256\) +200,960$/.test(l)));
    assert.ok(
      lines.some((l) => /^ {4}kernel +\(784, 256\) +'he_normal' +— truncated normal, stddev 0\.0574 \(values: std 0\.0505\)$/.test(l)),
    );
    assert.ok(
      run.stdout.endsWith(
        'Total params: 235,658 (920.54 KB)\nTrainable params: 235,402 (919.54 KB)\nNon-trainable params: 256 (1.00 KB)\n',
      ),
    );
  });

  test('--json round-trips the summary data', async () => {
    const run = await runCli(['model', 'mlp.py', '--summary', '--json'], { cwd });
    assert.equal(run.status, 0, run.stderr);
    const data = JSON.parse(run.stdout) as ModelSummary & { file: string; problems: unknown[] };
    assert.equal(data.file, 'mlp.py');
    assert.equal(data.name, 'sequential');
    assert.equal(data.variable, 'model');
    assert.equal(data.totalParams, 235658);
    assert.equal(data.trainableParams, 235402);
    assert.equal(data.nonTrainableParams, 256);
    assert.equal(data.totalBytes, 942632);
    assert.deepEqual(data.problems, []);
    assert.deepEqual(
      data.layers.map((l) => [l.name, l.outputShape, l.params]),
      [
        ['dense', [null, 256], 200960],
        ['dense_1', [null, 128], 32896],
        ['batch_normalization', [null, 128], 512],
        ['dense_2', [null, 10], 1290],
      ],
    );
    const kernel = data.layers[0].weights[0];
    assert.equal(kernel.path, 'sequential/dense/kernel');
    assert.equal(kernel.std, Math.sqrt(2 / 784) / 0.87962566103423978);
    assert.equal(kernel.initializerClass, 'HeNormal');
  });

  test('--model picks a model by variable or Keras name; the default is the last one', async () => {
    const last = await runCli(['model', 'two_models.py', '--summary', '--json'], { cwd });
    assert.equal((JSON.parse(last.stdout) as ModelSummary).variable, 'decoder');
    const byVariable = await runCli(['model', 'two_models.py', '--summary', '--model', 'encoder', '--json'], { cwd });
    assert.equal(byVariable.status, 0, byVariable.stderr);
    const encoder = JSON.parse(byVariable.stdout) as ModelSummary;
    assert.equal(encoder.name, 'encoder');
    assert.equal(encoder.totalParams, 3 * 3 * 32 + 32 + 26 * 26 * 32 * 16 + 16);
    const text = await runCli(['model', 'two_models.py', '--summary', '-m', 'encoder'], { cwd });
    assert.match(text.stdout, /^Model: "encoder" \(encoder, line 4\)/);
  });

  test('an unknown --model is a usage error listing the models found (exit 2)', async () => {
    const run = await runCli(['model', 'two_models.py', '--summary', '--model', 'decodr'], { cwd });
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /--model decodr: no model is bound to that name in two_models\.py/);
    assert.match(run.stderr, /encoder \(sequential, "encoder", line 4\)/);
    assert.match(run.stderr, /decoder \(sequential, "sequential", line 9\)/);
  });

  test('a notebook: code cells read in order as one program, locations by cell', async () => {
    const run = await runCli(['model', 'mlp.ipynb', '--summary'], { cwd });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^Model: "sequential" \(net, cell 3, line 1\)/);
    assert.match(run.stdout, /dense_1 \(Dense\) +\(None, 32\) +2,080/);
    assert.match(run.stdout, /Total params: 3,457 \(13\.50 KB\)/);
    const json = JSON.parse((await runCli(['model', 'mlp.ipynb', '--summary', '--json'], { cwd })).stdout) as ModelSummary & {
      cell: number;
      cellLine: number;
      layers: { cell: number; cellLine: number }[];
    };
    assert.equal(json.cell, 3);
    assert.equal(json.cellLine, 1);
    assert.deepEqual([json.layers[1].cell, json.layers[1].cellLine], [3, 4]);
  });

  test('no model in the file, a missing file: failure (exit 1) with a clear message', async () => {
    const none = await runCli(['model', 'no_model.py', '--summary'], { cwd });
    assert.equal(none.status, 1);
    assert.match(none.stderr, /^keras-init model: no Keras model found in no_model\.py/);
    const missing = await runCli(['model', 'missing.py', '--summary'], { cwd });
    assert.equal(missing.status, 1);
    assert.equal(missing.stderr, 'keras-init model: cannot read missing.py: no such file.\n');
  });

  test('usage errors (exit 2): --json without --summary, writing options with --summary', async () => {
    for (const [args, message] of [
      [['model', 'mlp.py', '--json'], /--json applies to --summary only/],
      [['model', 'mlp.py', '--summary', '--force'], /--force applies when writing the weights/],
      [['model', 'mlp.py', '--summary', '--seed', '-3'], /--seed/],
      [['model', 'mlp.py', '-o', 'x.h5'], /must|ends in \.weights\.h5/],
    ] as const) {
      const run = await runCli(args, { cwd });
      assert.equal(run.status, 2);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, message);
    }
    assert.equal((await runCli(['model', '--summary'], { cwd })).status, 2);
    assert.equal((await runCli(['model', 'a.py', 'b.py', '--summary'], { cwd })).status, 2);
    assert.equal((await runCli(['model', 'mlp.py', '--summary', '--frobnicate'], { cwd })).status, 2);
  });

  test('--summary --seed S lists the seed each unseeded variable gets, as the written file records it', async () => {
    const listed = await runCli(['model', 'mlp.py', '--summary', '--seed', '11'], { cwd });
    assert.equal(listed.status, 0, listed.stderr);
    const seeds = new Map([...listed.stdout.matchAll(/^ {2}(\S+) +seed (\d+)$/gm)].map((m) => [m[1], m[2]]));
    assert.ok(seeds.size > 0, listed.stdout);
    const written = await runCli(['model', 'mlp.py', '--seed', '11', '-o', 'mlp.safetensors', '--force', '-q'], { cwd });
    assert.equal(written.status, 0, written.stderr);
    const bytes = fs.readFileSync(path.join(cwd, 'mlp.safetensors'));
    const n = Number(bytes.readBigUInt64LE(0));
    const metadata = (JSON.parse(bytes.subarray(8, 8 + n).toString('utf8')) as { __metadata__: Record<string, string> }).__metadata__;
    for (const [variable, seed] of seeds) assert.equal(metadata[`${variable}.seed`], seed, variable);
    const unlisted = await runCli(['model', 'mlp.py', '--summary'], { cwd });
    assert.match(unlisted.stderr, /^Note: \d+ unseeded random variable\(s\) get seeds derived from --seed S/m);
  });

  test('help: keras-init --help lists model; keras-init model --help documents it', async () => {
    const main = await runCli(['--help'], { cwd });
    assert.match(main.stdout, /keras-init model <file\.py\|\.ipynb> --summary/);
    const help = await runCli(['model', '--help'], { cwd });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: keras-init model/);
    assert.match(help.stdout, /writes the model's initial weights as a Keras 3 \.weights\.h5/);
    assert.match(help.stdout, /totalParams, trainableParams, nonTrainableParams/);
  });
});

suite('keras-init model as a process', () => {
  let buildDir: string;
  let cli: string;

  suiteSetup(async () => {
    buildDir = tempDir('cli-model-build');
    cli = path.join(buildDir, 'cli.js');
    await esbuild.build({
      entryPoints: [path.resolve(__dirname, '..', '..', 'src', 'cli', 'cli.ts')],
      outfile: cli,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'es2022',
      logLevel: 'silent',
    });
  });

  suiteTeardown(() => {
    fs.rmSync(buildDir, { recursive: true, force: true });
  });

  test('exit statuses 0, 1 and 2; the table on stdout, errors on stderr', () => {
    const run = (args: string[]): { status: number | null; stdout: string; stderr: string } =>
      spawnSync(process.execPath, [cli, ...args], { cwd: MODELS, encoding: 'utf8' });
    const ok = run(['model', 'mlp.ipynb', '--summary']);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /Total params: 3,457 \(13\.50 KB\)/);
    const missing = run(['model', 'missing.py', '--summary']);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /cannot read missing\.py/);
    const usage = run(['model', 'mlp.py', '--json']);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /--json applies to --summary only/);
  });
});

suite('keras-init model --check', () => {
  test('prints the per-layer table and the findings, exit 0', async () => {
    const run = await runCli(['model', 'mlp.py', '--check', '--batch', '32', '--seed', '3'], { cwd });
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.split('\n');
    assert.match(lines[0], /^Initialization check of model \(mlp\.py, line 4\): batch 32, inputs N\(0, 1\) from input seed 0, seed 3$/);
    assert.match(lines[1], /^# +Layer \(type\) +Output shape +Act mean +Act std +Zero % +Sat % +Grad std$/);
    assert.ok(
      lines.some((l) => /^ *1 +dense \(Dense, relu\) +\(None, 256\) /.test(l)),
      run.stdout,
    );
    assert.ok(
      lines.some((l) => /^(Info|Warning): /.test(l)),
      run.stdout,
    );
  });

  test('--json gives the result; the same seeds give the same numbers', async () => {
    const args = ['model', 'mlp.py', '--check', '--batch', '8', '--seed', '5', '--input-seed', '2', '--training', '--json'];
    const a = await runCli(args, { cwd });
    const b = await runCli(args, { cwd });
    assert.equal(a.status, 0, a.stderr);
    const data = JSON.parse(a.stdout) as { batchSize: number; seed: number; inputSeed: number; training: boolean; layers: unknown[] };
    assert.deepEqual([data.batchSize, data.seed, data.inputSeed, data.training], [8, 5, 2, true]);
    assert.ok(data.layers.length > 0);
    assert.equal(a.stdout, b.stdout);
  });

  test('usage errors: --batch without --check, --check with --output', async () => {
    const noCheck = await runCli(['model', 'mlp.py', '--batch', '8'], { cwd });
    assert.equal(noCheck.status, 2);
    assert.match(noCheck.stderr, /--batch applies with --check only/);
    const withOutput = await runCli(['model', 'mlp.py', '--check', '-o', 'x.weights.h5'], { cwd });
    assert.equal(withOutput.status, 2);
  });
});
