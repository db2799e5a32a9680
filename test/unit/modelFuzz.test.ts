/**
 * Random edits of the reference model files (token spans deleted, inserted elsewhere, duplicated)
 * never make analyzeModels throw, and its work grows about linearly with the text.
 */
import * as assert from 'node:assert/strict';
import { analyzeModels, parseModule } from '../../src/core/index';
import { tokenize } from '../../src/core/python/tokenizer';
import { loadModelReference, modelSource } from './modelReferenceSupport';

/** A small deterministic generator (mulberry32) so failures reproduce. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(text: string, next: () => number): string {
  const ts = tokenize(text);
  if (ts.count < 4) return text;
  let out = text;
  const edits = 1 + Math.floor(next() * 4);
  for (let e = 0; e < edits; e++) {
    const first = Math.floor(next() * ts.count);
    const last = Math.min(ts.count - 1, first + Math.floor(next() * 6));
    const start = Math.min(ts.start[first], out.length);
    const end = Math.min(ts.end[last], out.length);
    const span = out.slice(start, end);
    const kind = Math.floor(next() * 3);
    if (kind === 0) out = out.slice(0, start) + out.slice(end);
    else if (kind === 1) out = out.slice(0, end) + span + out.slice(end);
    else {
      const at = Math.min(ts.start[Math.floor(next() * ts.count)], out.length);
      out = out.slice(0, at) + span + out.slice(at);
    }
  }
  return out;
}

suite('model reader: random edits', () => {
  const sources = loadModelReference().files.map((f) => modelSource(f));

  test('edited model files never make the reader throw', function () {
    this.timeout(120_000);
    const next = random(20240611);
    for (const source of sources) {
      for (let k = 0; k < 12; k++) {
        const edited = mutate(source, next);
        assert.doesNotThrow(() => parseModule(edited));
        const result = analyzeModels(edited);
        assert.ok(Array.isArray(result.layers) && Array.isArray(result.models));
      }
    }
  });

  test('work grows about linearly: 8 copies of every file cost about 8 times one copy', () => {
    const one = sources.join('\n');
    const eight = Array.from({ length: 8 }, () => one).join('\n');
    const stepsOne = analyzeModels(one).steps;
    const stepsEight = analyzeModels(eight).steps;
    assert.ok(stepsOne > 0);
    // Loose bound: linear work gives a ratio of 8; quadratic behaviour would give about 64.
    assert.ok(stepsEight <= stepsOne * 12, `steps ${stepsOne} for 1 copy, ${stepsEight} for 8 copies`);
    const t0 = performance.now();
    parseModule(one);
    const t1 = performance.now();
    parseModule(eight);
    const t2 = performance.now();
    assert.ok(t2 - t1 <= (t1 - t0) * 40 + 50, `parse ${t1 - t0} ms vs ${t2 - t1} ms`);
  });
});
