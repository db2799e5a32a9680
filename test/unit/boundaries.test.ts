import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { builtinModules } from 'node:module';

const root = path.resolve(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.ts$/.test(entry.name)) out.push(p);
  }
  return out;
}

/** Module specifiers of every import/export-from/require/dynamic import in a file. */
export function importsOf(text: string): string[] {
  const specs: string[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) specs.push(m[1]);
  return specs;
}

const NODE_BUILTINS = new Set(builtinModules);
/** Pure-JS packages the core may bundle: they run unchanged in Node, the webview and workers. */
const CORE_PACKAGES = new Set(['fflate']);

function violations(layer: string, allowed: (spec: string, file: string) => boolean): string[] {
  const bad: string[] = [];
  for (const file of sourceFiles(path.join(root, 'src', layer))) {
    for (const spec of importsOf(fs.readFileSync(file, 'utf8'))) {
      if (!allowed(spec, file)) bad.push(`${path.relative(root, file)} imports '${spec}'`);
    }
  }
  return bad;
}

function resolvesInside(spec: string, file: string, dirs: string[]): boolean {
  if (!spec.startsWith('.')) return false;
  const target = path.resolve(path.dirname(file), spec);
  return dirs.some((d) => target === path.join(root, 'src', d) || target.startsWith(path.join(root, 'src', d) + path.sep));
}

/** A relative import that reaches a file inside src/core instead of its public entry, src/core/index. */
export function isDeepCoreImport(spec: string, file: string): boolean {
  if (!spec.startsWith('.')) return false;
  const core = path.join(root, 'src', 'core');
  const target = path.resolve(path.dirname(file), spec).replace(/\.ts$/, '');
  return (target === core || target.startsWith(core + path.sep)) && target !== path.join(core, 'index');
}

/** Whether some file of src/extension imports `name` from src/node/<module>. */
function isImportedByExtension(module: string, name: string): boolean {
  const re = new RegExp(`import\\s*(?:type\\s*)?\\{([^}]*)\\}\\s*from\\s*['"][./]*node/${module}['"]`);
  return sourceFiles(path.join(root, 'src', 'extension')).some((file) => {
    const m = re.exec(fs.readFileSync(file, 'utf8'));
    return (
      m !== null &&
      m[1].split(',').some(
        (part) =>
          part
            .replace(/\btype\b/, '')
            .split(/\bas\b/)[0]
            .trim() === name,
      )
    );
  });
}

suite('architecture boundaries', () => {
  test('the import scanner sees every import form', () => {
    const text =
      "import a from 'x1';\nimport { b } from \"x2\";\nexport * from './x3';\nconst c = require('x4');\nawait import('x5');\nimport 'x6';";
    assert.deepEqual(importsOf(text), ['x1', 'x2', './x3', 'x4', 'x5', 'x6']);
  });

  test('src/core imports nothing outside itself (no vscode, no Node, no DOM modules)', () => {
    const bad = violations(
      'core',
      (spec, file) => CORE_PACKAGES.has(spec) || (resolvesInside(spec, file, ['core']) && !NODE_BUILTINS.has(spec)),
    );
    assert.deepEqual(bad, []);
  });

  test('src/core uses no Node or DOM globals', () => {
    const bad: string[] = [];
    for (const file of sourceFiles(path.join(root, 'src', 'core'))) {
      const text = fs
        .readFileSync(file, 'utf8')
        .replace(/\/\/.*$/gm, '')
        .replace(/\/\*[\s\S]*?\*\//g, '');
      const m = /\b(process\.|Buffer\.|window\.|document\.|require\()/.exec(text);
      if (m) bad.push(`${path.relative(root, file)} uses ${m[1]}`);
    }
    assert.deepEqual(bad, []);
  });

  test('src/webview never imports vscode, the extension or the CLI', () => {
    const bad = violations(
      'webview',
      (spec, file) => spec !== 'vscode' && (!spec.startsWith('.') || resolvesInside(spec, file, ['webview', 'core', 'protocol'])),
    );
    assert.deepEqual(bad, []);
  });

  test('src/protocol imports only itself and the core', () => {
    const bad = violations('protocol', (spec, file) => resolvesInside(spec, file, ['protocol', 'core']));
    assert.deepEqual(bad, []);
  });

  test('src/cli never imports vscode, the extension, the webview or the protocol', () => {
    const bad = violations(
      'cli',
      (spec, file) => spec !== 'vscode' && (!spec.startsWith('.') || resolvesInside(spec, file, ['cli', 'core', 'node'])),
    );
    assert.deepEqual(bad, []);
  });

  test('src/extension never imports the webview or the CLI', () => {
    const bad = violations(
      'extension',
      (spec, file) => !spec.startsWith('.') || resolvesInside(spec, file, ['extension', 'core', 'protocol', 'node']),
    );
    assert.deepEqual(bad, []);
  });

  test('src/node imports only the core, Node built-ins and h5wasm (the .weights.h5 writer)', () => {
    const bad = violations(
      'node',
      (spec, file) =>
        NODE_BUILTINS.has(spec.replace(/^node:/, '')) ||
        resolvesInside(spec, file, ['node', 'core']) ||
        (spec === 'h5wasm/node' && path.basename(file) === 'weightsH5.ts'),
    );
    assert.deepEqual(bad, []);
  });

  test("src/web imports only the core and h5wasm's browser build: no Node built-ins, no vscode", () => {
    const bad = violations(
      'web',
      (spec, file) =>
        (resolvesInside(spec, file, ['web', 'core']) && !isDeepCoreImport(spec, file)) ||
        (spec === 'h5wasm' && path.basename(file) === 'weightsH5.ts'),
    );
    assert.deepEqual(bad, []);
  });

  test('every module of src/node the extension imports has a browser counterpart in src/web with the same exports', () => {
    const exportsOf = (file: string): string[] =>
      [...fs.readFileSync(file, 'utf8').matchAll(/^export (?:async )?(?:function|const|class|interface|type) (\w+)/gm)]
        .map((m) => m[1])
        .sort();
    const used = new Set<string>();
    for (const file of sourceFiles(path.join(root, 'src', 'extension'))) {
      for (const spec of importsOf(fs.readFileSync(file, 'utf8'))) {
        if (resolvesInside(spec, file, ['node'])) used.add(path.basename(spec));
      }
    }
    assert.ok(used.size >= 4, `the extension uses ${[...used].join(', ')} from src/node`);
    for (const name of used) {
      const web = path.join(root, 'src', 'web', `${name}.ts`);
      assert.ok(fs.existsSync(web), `src/web/${name}.ts is missing`);
      const node = exportsOf(path.join(root, 'src', 'node', `${name}.ts`));
      const missing = node.filter((e) => !exportsOf(web).includes(e) && isImportedByExtension(name, e));
      assert.deepEqual(missing, [], `src/web/${name}.ts lacks exports the extension imports from src/node/${name}.ts`);
    }
  });

  test('nothing in src/core, src/webview or src/protocol imports src/node', () => {
    const bad = ['core', 'webview', 'protocol'].flatMap((layer) =>
      violations(layer, (spec, file) => !resolvesInside(spec, file, ['node'])),
    );
    assert.deepEqual(bad, []);
  });

  test('a deep core import is told from the public entry', () => {
    const file = path.join(root, 'src', 'extension', 'x.ts');
    assert.equal(isDeepCoreImport('../core/index', file), false);
    assert.equal(isDeepCoreImport('../core/index.ts', file), false);
    assert.equal(isDeepCoreImport('../protocol/messages', file), false);
    assert.equal(isDeepCoreImport('../core/io/bytes', file), true);
    assert.equal(isDeepCoreImport('../core/errors', file), true);
    assert.equal(isDeepCoreImport('../core', file), true);
    assert.equal(isDeepCoreImport('../core/', file), true);
  });

  test('every part outside src/core imports the core only through src/core/index', () => {
    const bad = ['extension', 'webview', 'cli', 'protocol', 'node'].flatMap((layer) =>
      violations(layer, (spec, file) => !isDeepCoreImport(spec, file)),
    );
    assert.deepEqual(bad, []);
  });

  test('the CLI and the extension share src/node', () => {
    for (const layer of ['cli', 'extension']) {
      const users = sourceFiles(path.join(root, 'src', layer)).filter((file) =>
        importsOf(fs.readFileSync(file, 'utf8')).some((spec) => resolvesInside(spec, file, ['node'])),
      );
      assert.ok(users.length > 0, `src/${layer} imports nothing from src/node`);
    }
  });
});
