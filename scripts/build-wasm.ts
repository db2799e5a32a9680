/**
 * Regenerates the committed WebAssembly modules from their TypeScript definitions:
 *   src/core/random/kernels/rngKernels.ts → src/core/random/kernels/rngWasm.ts
 *   src/core/linalg/qrKernels.ts → src/core/linalg/qrWasm.ts
 * Run with `npm run build:wasm`; test/unit/fastpath.test.ts fails while a committed module is stale.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GENERATED_MODULES, generatedModuleSource } from './wasmModules';

const root = path.resolve(__dirname, '..');
for (const m of GENERATED_MODULES) {
  const file = path.join(root, m.file);
  const text = generatedModuleSource(m);
  const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (before === text) {
    console.log(`${m.file}: up to date (${m.build().length} bytes)`);
  } else {
    fs.writeFileSync(file, text);
    console.log(`${m.file}: written (${m.build().length} bytes)`);
  }
}
