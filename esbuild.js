// Builds every target from one script: the extension host bundle, the webview bundle(s),
// the CLI and the core library (plus its type declarations).
const esbuild = require('esbuild');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints errors in the format of the `$esbuild-watch` problem matcher so they are clickable. */
const problemMatcherPlugin = {
  name: 'esbuild-problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'silent',
  plugins: watch ? [problemMatcherPlugin] : [],
  target: 'es2022',
  loader: { '.wasm': 'binary' },
};

/**
 * The CLI and the extension load h5wasm (about 5 MB, the HDF5 wasm inside) only when they write a .weights.h5: its
 * `import('h5wasm/node')` stays a real dynamic import of dist/h5wasm.mjs, an ES module bundle of
 * h5wasm's Node build (ESM-only, it needs `import.meta.url`), so other commands and activation stay as fast as before.
 */
const h5wasmAsSibling = {
  name: 'h5wasm-as-sibling',
  setup(build) {
    build.onResolve({ filter: /^h5wasm\/node$/ }, () => ({ path: './h5wasm.mjs', external: true }));
  },
};

/**
 * The browser entry (the web worker extension host) is built from the same sources: every module of
 * src/node is replaced by its counterpart in src/web, and a module without one fails the build. Node
 * built-ins cannot resolve for the browser platform either, so one that slips in fails the build too.
 */
const nodeToWeb = {
  name: 'node-to-web',
  setup(build) {
    build.onResolve({ filter: /(^|\/)node\/[A-Za-z0-9]+$/ }, (args) => {
      if (!args.path.startsWith('.')) return undefined;
      const resolved = path.resolve(args.resolveDir, args.path);
      const nodeDir = path.resolve('src', 'node');
      if (path.dirname(resolved) !== nodeDir) return undefined;
      const web = path.resolve('src', 'web', `${path.basename(resolved)}.ts`);
      if (!fs.existsSync(web)) {
        return {
          errors: [{ text: `${args.path} (imported by ${path.relative('.', args.importer)}) has no browser counterpart in src/web` }],
        };
      }
      return { path: web };
    });
  },
};

const targets = [
  {
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    plugins: [...common.plugins, h5wasmAsSibling],
  },
  {
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/web/extension.js',
    platform: 'browser',
    format: 'cjs',
    external: ['vscode'],
    plugins: [...common.plugins, nodeToWeb],
    metafile: true,
  },
  {
    ...common,
    entryPoints: {
      main: 'src/webview/main.ts',
      worker: 'src/webview/worker.ts',
      summary: 'src/webview/summaryMain.ts',
      check: 'src/webview/checkMain.ts',
      checkWorker: 'src/webview/checkWorker.ts',
    },
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
  },
  {
    ...common,
    entryPoints: ['src/cli/cli.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [...common.plugins, h5wasmAsSibling],
  },
  {
    ...common,
    entryPoints: ['src/node/h5wasmEntry.mjs'],
    outfile: 'dist/h5wasm.mjs',
    platform: 'node',
    format: 'esm',
    sourcemap: false,
  },
  {
    ...common,
    entryPoints: ['src/core/index.ts'],
    outfile: 'dist/core.js',
    platform: 'neutral',
    format: 'cjs',
    mainFields: ['module', 'main'],
  },
];

/** Type declarations for `dist/core.js`, so a TypeScript user of the library gets types. */
function emitCoreDeclarations() {
  fs.rmSync('dist/types', { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [
      require.resolve('typescript/bin/tsc'),
      '-p',
      'src/core/tsconfig.json',
      '--declaration',
      '--emitDeclarationOnly',
      '--sourceMap',
      'false',
      '--outDir',
      'dist/types/core',
    ],
    { stdio: 'inherit' },
  );
  fs.writeFileSync('dist/core.d.ts', "export * from './types/core/index';\n");
}

/** Fails the build when the web bundle took in anything from src/node (each must have been replaced). */
function checkWebBundle(result) {
  const inputs = Object.keys(result.metafile?.inputs ?? {});
  const fromNode = inputs.filter((p) => p.startsWith('src/node/') || p.startsWith('node:'));
  if (fromNode.length > 0) throw new Error(`dist/web/extension.js includes Node-only modules: ${fromNode.join(', ')}`);
}

async function main() {
  const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  try {
    const results = await Promise.all(contexts.map((c) => c.rebuild()));
    checkWebBundle(results[targets.findIndex((t) => t.outfile === 'dist/web/extension.js')]);
  } finally {
    await Promise.all(contexts.map((c) => c.dispose()));
  }
  fs.chmodSync(path.join('dist', 'cli.js'), 0o755);
  // h5wasm's licence (NIST notice and the HDF5 licence) travels with its bundle.
  fs.copyFileSync(path.join('node_modules', 'h5wasm', 'LICENSE.txt'), path.join('dist', 'h5wasm.LICENSE.txt'));
  emitCoreDeclarations();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
