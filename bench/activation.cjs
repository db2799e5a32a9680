// One cold activation, in a fresh process: time require('dist/extension.js') and activate(context)
// with the `vscode` module replaced by vscodeStub.cjs (Node's built-ins it uses loaded beforehand, as
// in the extension host). Prints {"require_ms", "activate_ms", "subscriptions"} as JSON.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a plain CommonJS script run by node directly */

const Module = require('node:module');
const path = require('node:path');

const stubPath = path.join(__dirname, 'vscodeStub.cjs');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? stubPath : resolve.call(this, request, ...rest);
};
const vscode = require(stubPath);

const root = path.resolve(__dirname, '..');
const memento = { get: (_key, fallback) => fallback, update: async () => undefined, keys: () => [], setKeysForSync: () => undefined };
const context = new Proxy(
  {
    subscriptions: [],
    extensionPath: root,
    extensionUri: vscode.Uri.file(root),
    globalState: memento,
    workspaceState: memento,
    extensionMode: 1,
    extension: { id: 'keras-initializers.keras-initializers', packageJSON: require(path.join(root, 'package.json')) },
  },
  { get: (t, prop) => (prop in t ? t[prop] : vscode.ExtensionContext[prop]) },
);

// The real extension host has Node's built-in modules loaded long before any extension activates:
// load the ones the bundle requires first, so their one-time start-up is not counted.
const fs = require('node:fs');
const bundle = path.join(root, 'dist', 'extension.js');
for (const m of fs.readFileSync(bundle, 'utf8').matchAll(/require\("((?:node:)?[a-z_/]+)"\)/g)) {
  if (Module.isBuiltin(m[1])) require(m[1]);
}
if (typeof global.gc === 'function') global.gc();

(async () => {
  const t0 = performance.now();
  const extension = require(bundle);
  const t1 = performance.now();
  await extension.activate(context);
  const t2 = performance.now();
  process.stdout.write(JSON.stringify({ require_ms: t1 - t0, activate_ms: t2 - t1, subscriptions: context.subscriptions.length }));
})().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
});
