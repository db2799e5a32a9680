/** How a Python file imports Keras, so that inserted code follows the file's own style. */
import { documentFor } from './document';
import { isInitializersModule } from './imports';
import type { ImportStyle } from './types';
import { ATTRIBUTE_CLASSES, KERAS2_NAMES } from './vocabulary';

type PackageKind = 'keras' | 'tf.keras' | 'tf_keras';

/** Package imports, most preferred first: Keras 3 itself, then TensorFlow's Keras, then tf_keras. */
const PACKAGE_RANK: ReadonlyArray<{ path: string; kind: PackageKind; suffix: string; module: string }> = [
  { path: 'keras', kind: 'keras', suffix: '.initializers.', module: 'keras.initializers' },
  { path: 'tensorflow.keras', kind: 'tf.keras', suffix: '.initializers.', module: 'tensorflow.keras.initializers' },
  { path: 'tensorflow', kind: 'tf.keras', suffix: '.keras.initializers.', module: 'tensorflow.keras.initializers' },
  { path: 'tf_keras', kind: 'tf_keras', suffix: '.initializers.', module: 'tf_keras.initializers' },
];

export function importStyle(text: string): ImportStyle {
  const bareNames: Record<string, string> = {};
  if (typeof text !== 'string') return { kind: 'none', qualifier: 'keras.initializers.', bareNames, module: 'keras.initializers' };
  const doc = documentFor(text);
  let alias: { local: string; module: string } | undefined;
  let bareModule: string | undefined;
  let best: { rank: number; local: string } | undefined;
  for (const b of doc.imports.list) {
    if (isInitializersModule(b.path)) {
      // `from keras import initializers as I` / `import keras.initializers as ki`
      alias = { local: b.local, module: b.path };
      continue;
    }
    const dot = b.path.lastIndexOf('.');
    if (dot > 0 && isInitializersModule(b.path.slice(0, dot))) {
      const attr = b.path.slice(dot + 1);
      if (ATTRIBUTE_CLASSES.has(attr) || KERAS2_NAMES.has(attr)) {
        Object.defineProperty(bareNames, b.local, { value: attr, enumerable: true, writable: true, configurable: true });
        bareModule = b.path.slice(0, dot);
      }
      continue;
    }
    const rank = PACKAGE_RANK.findIndex((p) => p.path === b.path);
    if (rank >= 0 && (best === undefined || rank < best.rank)) best = { rank, local: b.local };
  }
  if (alias !== undefined) {
    return { kind: 'initializersModule', qualifier: `${alias.local}.`, bareNames, module: alias.module };
  }
  if (best !== undefined) {
    const p = PACKAGE_RANK[best.rank];
    return { kind: p.kind, qualifier: `${best.local}${p.suffix}`, bareNames, module: p.module };
  }
  if (bareModule !== undefined) return { kind: 'bare', qualifier: '', bareNames, module: bareModule };
  return { kind: 'none', qualifier: 'keras.initializers.', bareNames, module: 'keras.initializers' };
}
