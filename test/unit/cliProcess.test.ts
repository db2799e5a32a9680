/**
 * `keras-init` as a process: the CLI entry point bundled by esbuild the way esbuild.js builds
 * dist/cli.js (into a temporary folder, so the tests do not depend on a previous build), spawned
 * with node. Exit statuses, stdout/stderr, and what signals leave behind: SIGTERM removes the
 * temporary, SIGKILL leaves one named after the pid, which the next run removes.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { listDir, readNpy, referenceCase, runCli, sha256, tempDir } from './cliSupport';

const root = path.resolve(__dirname, '..', '..');
let buildDir: string;
let cli: string;
let dir: string;

suiteSetup(async () => {
  buildDir = tempDir('cli-build');
  cli = path.join(buildDir, 'cli.js');
  await esbuild.build({
    entryPoints: [path.join(root, 'src', 'cli', 'cli.ts')],
    outfile: cli,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'es2022',
    banner: { js: '#!/usr/bin/env node' },
    logLevel: 'silent',
    // As esbuild.js does: h5wasm (ESM-only) stays a dynamic import of its own bundle beside the CLI.
    plugins: [
      {
        name: 'h5wasm-as-sibling',
        setup(build) {
          build.onResolve({ filter: /^h5wasm\/node$/ }, () => ({ path: './h5wasm.mjs', external: true }));
        },
      },
    ],
  });
  await esbuild.build({
    entryPoints: [path.join(root, 'src', 'node', 'h5wasmEntry.mjs')],
    outfile: path.join(buildDir, 'h5wasm.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
  });
  // The CLI reads its version from the package.json above it, as dist/cli.js does.
  fs.copyFileSync(path.join(root, 'package.json'), path.join(buildDir, 'package.json'));
});

suiteTeardown(() => {
  fs.rmSync(buildDir, { recursive: true, force: true });
});

setup(() => {
  dir = tempDir('cli-proc');
});

teardown(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Polls (bounded) until the folder holds a temporary file of this tool; returns its name. */
async function temporaryAppears(child: ChildProcess): Promise<string> {
  for (let i = 0; i < 2000; i++) {
    const tmp = listDir(dir).find((n) => n.endsWith('.tmp'));
    if (tmp !== undefined) return tmp;
    if (child.exitCode !== null) throw new Error(`the CLI exited (${child.exitCode}) before its temporary was seen`);
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('no temporary file appeared');
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
}

suite('keras-init as a process', () => {
  test('--version prints the package version; the bundle starts with a shebang', () => {
    const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
    assert.deepEqual(run(['--version']), { status: 0, stdout: `${version}\n`, stderr: '' });
    assert.match(fs.readFileSync(cli, 'utf8'), /^#!\/usr\/bin\/env node\n/);
  });

  test('generate: exit 0, the path on stdout, the Keras tensor in the file', () => {
    const ref = referenceCase('HeUniform.json', { seed: 0 }, [784, 256], 'float32');
    const r = run(['generate', 'he_uniform', '--shape', '784x256', '--seed', '0', '-o', 'k.npy']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `${path.join(dir, 'k.npy')}\n`);
    assert.match(r.stderr, /^Wrote .*k\.npy: HeUniform\(seed=0\), shape \(784, 256\), float32, 784\.1 KiB\.\n$/);
    assert.equal(sha256(readNpy(fs.readFileSync(path.join(dir, 'k.npy'))).data), ref.sha256_le);
  });

  test('layer: exit 0; usage error: exit 2; Keras error: exit 1', () => {
    const ok = run(['layer', 'Dense', '--units', '4', '--input-dim', '3', '--seed', '5', '-o', 'd.safetensors']);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stderr, /kernel +\(3, 4\) +GlorotUniform\(seed=5\)  seed = 5 \+ 0/);
    assert.equal(run(['layer', 'Dense', '--units', 'four', '--input-dim', '3']).status, 2);
    assert.equal(run(['layer', 'Dense', '--units', '0', '--input-dim', '3']).status, 1);
    assert.deepEqual(listDir(dir), ['d.safetensors']);
  });

  test('no progress bar when stderr is not a terminal', () => {
    const r = run(['generate', 'zeros', '--shape', '2100x2100', '-o', 'z.npy']);
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /%/);
  });

  test('SIGTERM during a write: exit 130, no target, no temporary', async () => {
    const child = spawn(process.execPath, [cli, 'generate', 'he_normal', '--shape', '6000x6000', '--seed', '1', '-o', 'big.npy'], {
      cwd: dir,
    });
    const done = exited(child);
    await temporaryAppears(child);
    child.kill('SIGTERM');
    const { code, stderr } = await done;
    assert.equal(code, 130, stderr);
    assert.match(stderr, /interrupted/);
    assert.deepEqual(listDir(dir), []);
  });

  test('SIGTERM while `model` writes a large .weights.h5: exit 130, no target, no temporary', async () => {
    fs.writeFileSync(
      path.join(dir, 'wide.py'),
      'import keras\nmodel = keras.Sequential([keras.Input((6000,)), keras.layers.Dense(6000)])\n',
    );
    const child = spawn(process.execPath, [cli, 'model', 'wide.py', '--seed', '1', '-o', 'wide.weights.h5'], { cwd: dir });
    const done = exited(child);
    await temporaryAppears(child);
    child.kill('SIGTERM');
    const { code, stderr } = await done;
    assert.equal(code, 130, stderr);
    assert.match(stderr, /interrupted/);
    assert.deepEqual(listDir(dir), ['wide.py']);
    fs.rmSync(path.join(dir, 'wide.py'));
  });

  test('SIGKILL leaves a temporary named after the pid; the next run removes it', async () => {
    const child = spawn(process.execPath, [cli, 'generate', 'he_normal', '--shape', '6000x6000', '--seed', '1', '-o', 'big.npy'], {
      cwd: dir,
    });
    const done = exited(child);
    const tmp = await temporaryAppears(child);
    child.kill('SIGKILL');
    const { signal } = await done;
    assert.equal(signal, 'SIGKILL');
    assert.match(tmp, new RegExp(`^\\.big\\.npy\\.keras-init-${child.pid}-[0-9a-f]+\\.tmp$`));
    assert.deepEqual(listDir(dir), [tmp]);
    const next = run(['generate', 'ones', '--shape', '3', '-o', 'small.npy']);
    assert.equal(next.status, 0, next.stderr);
    assert.match(next.stderr, new RegExp(`Removed .*${tmp.replace(/\./g, '\\.')}, a temporary file left by a run that was killed`));
    assert.deepEqual(listDir(dir), ['small.npy']);
  });
});

suite('progress on a terminal', () => {
  test('a large tensor draws a bar that reaches 100% and clears its line', async () => {
    const d = tempDir('cli-tty');
    try {
      const r = await runCli(['generate', 'zeros', '--shape', '2100x2100', '-o', 'z.npy'], {
        cwd: d,
        stderr: { write: () => 0, isTTY: true, columns: 80 },
      });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /\r {2}100% \[#+\] 4410000\/4410000 values/);
      assert.match(r.stderr, /\r\x1b\[K/);
      const small = await runCli(['generate', 'zeros', '--shape', '20x20', '-o', 's.npy'], {
        cwd: d,
        stderr: { write: () => 0, isTTY: true },
      });
      assert.doesNotMatch(small.stderr, /%/);
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });
});
