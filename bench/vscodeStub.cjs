// A stand-in for the `vscode` module, enough for `activate()` to run outside VS Code: every
// top-level name the API declares (read from @types/vscode) is a callable, constructible stub that
// returns more stubs, so registrations succeed and return disposables. Used by activation.cjs to
// time require() + activate() of the bundle.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a plain CommonJS script run by node directly */

const fs = require('node:fs');

function stub(name) {
  const target = function () {};
  const cache = new Map();
  return new Proxy(target, {
    get(t, prop) {
      if (prop === 'then') return undefined; // not a thenable: `await stub` resolves to the stub
      if (prop === Symbol.toPrimitive) return () => name;
      if (prop === Symbol.iterator) return function* () {};
      if (prop === 'prototype') return t.prototype;
      if (prop === 'dispose') return () => undefined;
      if (!cache.has(prop)) cache.set(prop, stub(`${name}.${String(prop)}`));
      return cache.get(prop);
    },
    apply: () => stub(`${name}()`),
    construct: () => stub(`new ${name}`),
  });
}

// The bundle copies the module's own properties (esbuild's __toESM), so they must be real ones.
const declarations = fs.readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
const api = {};
for (const m of declarations.matchAll(/^\texport (?:namespace|class|enum|const|let|function) ([A-Za-z0-9_]+)/gm)) {
  api[m[1]] = stub(`vscode.${m[1]}`);
}
api.version = '1.100.3';
module.exports = api;
