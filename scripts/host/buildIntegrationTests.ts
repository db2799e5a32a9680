/**
 * Bundles the extension-host tests (test/integration/<suite>/index.ts and *.test.ts) into
 * out/test/integration/<suite>/*.js: CommonJS for the extension host, with `vscode` (provided by the
 * host) and `mocha` (resolved from the project's node_modules) left external.
 */
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from './settings';

export const integrationSourceDir = path.join(projectRoot, 'test', 'integration');
export const integrationOutDir = path.join(projectRoot, 'out', 'test', 'integration');

/** Folders of test/integration that hold an index.ts: each runs in a window of its own. */
export function suiteNames(): string[] {
  return fs
    .readdirSync(integrationSourceDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(integrationSourceDir, e.name, 'index.ts')))
    .map((e) => e.name)
    .sort();
}

export async function buildIntegrationTests(): Promise<string[]> {
  const suites = suiteNames();
  const entryPoints = suites.flatMap((suite) =>
    fs
      .readdirSync(path.join(integrationSourceDir, suite))
      .filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
      .map((f) => path.join(integrationSourceDir, suite, f)),
  );
  fs.rmSync(integrationOutDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints,
    outbase: integrationSourceDir,
    outdir: integrationOutDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    // h5wasm's Node build is ESM-only: tests that read .weights.h5 files import the built dist/h5wasm.mjs, as the extension does.
    plugins: [
      {
        name: 'h5wasm-from-dist',
        setup(build) {
          build.onResolve({ filter: /^h5wasm\/node$/ }, () => ({ path: path.join(projectRoot, 'dist', 'h5wasm.mjs'), external: true }));
        },
      },
    ],
    logLevel: 'warning',
  });
  return suites;
}

if (require.main === module) {
  buildIntegrationTests().then(
    (suites) => console.log(`built ${suites.length} extension-host suites into ${path.relative(projectRoot, integrationOutDir)}`),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exit(1);
    },
  );
}

export const webTestsSourceDir = path.join(projectRoot, 'test', 'web');
export const webTestsOutFile = path.join(projectRoot, 'out', 'test', 'web', 'index.js');

/**
 * Bundles the web worker host's tests (test/web, and the shared suites of test/integration it imports)
 * into one CommonJS file for the browser platform: the worker's `require` resolves only `vscode`, so
 * mocha's browser build goes inside.
 */
export async function buildWebTests(): Promise<string> {
  fs.rmSync(path.dirname(webTestsOutFile), { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [path.join(webTestsSourceDir, 'index.ts')],
    outfile: webTestsOutFile,
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    sourcemap: 'inline',
    external: ['vscode'],
    // the shared suites' node:assert/strict: Node's assert does not exist in the web worker
    plugins: [
      {
        name: 'assert-in-the-browser',
        setup(build) {
          build.onResolve({ filter: /^node:assert\/strict$/ }, () => ({ path: path.join(webTestsSourceDir, 'assertShim.ts') }));
        },
      },
    ],
    logLevel: 'warning',
  });
  return webTestsOutFile;
}
