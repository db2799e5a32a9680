/**
 * Static model reader timings on a realistic 5,000-line file with about 300 layers: the parser
 * alone, and `analyzeModels` (parser + evaluator + report). The file is built from the reference
 * model sources in test/fixtures/keras-models/models (each copy with its module-level names renamed,
 * so the copies do not share variables), interleaved with plain helper code.
 *
 *   node --expose-gc --import tsx bench/modelReader.ts [--runs=N] [--lines=N] [--layers=N]
 *
 * Every timed run gets a fresh text (a trailing comment with the run number), so analyzeModels's
 * one-entry cache never answers. `benchModelReader()` returns the same figures for bench/bench.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeModels } from '../src/core/model/analyze';
import { parseModule } from '../src/core/python/parser/parse';
import type { Stmt } from '../src/core/python/parser/ast';
import { TK_NAME, tokenize } from '../src/core/python/tokenizer';

const MODELS = path.resolve(__dirname, '..', 'test', 'fixtures', 'keras-models', 'models');

export interface TimingStats {
  readonly median: number;
  readonly p95: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

export interface ModelReaderBench {
  readonly lines: number;
  readonly layers: number;
  readonly models: number;
  readonly tokenize: TimingStats;
  readonly parse: TimingStats;
  readonly analyze: TimingStats;
}

export interface ModelReaderBenchOptions {
  /** Timed runs per measurement (after warm-up); at least 50 is advised for a p95. */
  readonly runs?: number;
  readonly warmup?: number;
  readonly lines?: number;
  readonly layers?: number;
}

/** Names a module binds at its top level (assignments, defs, classes), to rename per copy. */
function topLevelNames(body: readonly Stmt[]): Set<string> {
  const names = new Set<string>();
  const addTarget = (e: unknown): void => {
    const t = e as { type: string; id?: string; elts?: unknown[]; value?: unknown };
    if (t.type === 'Name' && t.id !== undefined) names.add(t.id);
    else if ((t.type === 'Tuple' || t.type === 'List') && t.elts !== undefined) t.elts.forEach(addTarget);
    else if (t.type === 'Starred') addTarget(t.value);
  };
  for (const s of body) {
    if (s.type === 'Assign') s.targets.forEach(addTarget);
    else if (s.type === 'AnnAssign' || s.type === 'AugAssign') addTarget(s.target);
    else if (s.type === 'FunctionDef' || s.type === 'ClassDef') names.add(s.name);
    else if (s.type === 'For') addTarget(s.target);
  }
  return names;
}

/** Names used as parameters anywhere: renaming those would break keyword calls, so they stay. */
function parameterNames(text: string): Set<string> {
  const out = new Set<string>();
  const re = /\bdef\s+\w+\s*\(([^)]*)\)|\blambda\s+([^:]*):/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    for (const p of (m[1] ?? m[2] ?? '').split(',')) {
      const name = /^\s*\**\s*(\w+)/.exec(p);
      if (name !== null) out.add(name[1]);
    }
  }
  return out;
}

/** The source with its module-level names suffixed (`model` becomes `model_3`). */
function renamed(text: string, suffix: string): string {
  const names = topLevelNames(parseModule(text).body);
  for (const p of parameterNames(text)) names.delete(p);
  const ts = tokenize(text);
  let out = '';
  let last = 0;
  for (let i = 0; i < ts.count; i++) {
    if (ts.kind[i] !== TK_NAME) continue;
    const word = text.slice(ts.start[i], ts.end[i]);
    if (!names.has(word)) continue;
    if (i > 0 && ts.op[i - 1] === 46) continue; // an attribute: `x.name`
    if (ts.parent[i] !== -1 && ts.op[i + 1] === 61 && (ts.op[i - 1] === 44 || ts.op[i - 1] === 40)) continue; // `f(name=...)`
    out += text.slice(last, ts.end[i]) + suffix;
    last = ts.end[i];
  }
  return out + text.slice(last);
}

/** Plain Python between the models: constants, helpers, loops, a class (no Keras). */
function helperCode(k: number): string {
  return [
    `# ---- helpers ${k} ----`,
    `LEARNING_RATE_${k} = 1e-3 * (${k} % 7 + 1)`,
    `BATCH_SIZES_${k} = [16, 32, 64, 128]`,
    `CONFIG_${k} = {"epochs": ${10 + k}, "batch": BATCH_SIZES_${k}[${k} % 4], "lr": LEARNING_RATE_${k}}`,
    ``,
    ``,
    `def schedule_${k}(epoch, lr=LEARNING_RATE_${k}, *, warmup=5, decay=0.9):`,
    `    """Learning rate for an epoch."""`,
    `    if epoch < warmup:`,
    `        return lr * (epoch + 1) / warmup`,
    `    elif epoch > 100:`,
    `        return lr * decay ** (epoch // 10)`,
    `    else:`,
    `        return lr`,
    ``,
    ``,
    `def summarize_${k}(history, keys=("loss", "accuracy")):`,
    `    out = {}`,
    `    for key in keys:`,
    `        values = [v for v in history.get(key, []) if v is not None]`,
    `        out[key] = (min(values), max(values)) if values else (None, None)`,
    `    total = sum(len(v) for v in out.values())`,
    `    return out, total`,
    ``,
    ``,
    `class Tracker${k}:`,
    `    def __init__(self, name="run_${k}", **kwargs):`,
    `        self.name = name`,
    `        self.best = float("inf")`,
    `        self.extra = dict(kwargs)`,
    ``,
    `    def update(self, value):`,
    `        try:`,
    `            value = float(value)`,
    `        except (TypeError, ValueError) as error:`,
    `            raise RuntimeError(f"bad value {value!r}") from error`,
    `        self.best = min(self.best, value)`,
    `        return self.best < 0.5 and not self.extra.get("stop", False)`,
    ``,
    ``,
  ].join('\n');
}

interface Source {
  readonly name: string;
  readonly text: string;
  readonly layers: number;
}

let cachedSources: Source[] | undefined;

function sources(): Source[] {
  if (cachedSources !== undefined) return cachedSources;
  const files = fs
    .readdirSync(MODELS)
    .filter((f) => f.endsWith('.py') && !f.startsWith('bad_'))
    .sort();
  cachedSources = files.map((f) => {
    const text = fs.readFileSync(path.join(MODELS, f), 'utf8');
    return { name: f, text, layers: analyzeModels(text).layers.length };
  });
  return cachedSources;
}

/**
 * A Python file of exactly `lines` lines with about `layers` layers: renamed copies of the reference
 * models, cycling through them, each followed by helper code; the tail is padded with helpers.
 */
export function modelReaderSample(lines = 5000, layers = 300): string {
  const all = sources().filter((s) => s.layers > 0);
  const parts: string[] = [];
  let lineCount = 0;
  let layerCount = 0;
  let k = 0;
  const push = (text: string): void => {
    const t = text.endsWith('\n') ? text : text + '\n';
    parts.push(t);
    lineCount += t.split('\n').length - 1;
  };
  // Spread the models over the file: enough helper code after each to reach `lines` at the end.
  const avgModelLines = all.reduce((n, s) => n + s.text.split('\n').length, 0) / all.length;
  const avgLayers = all.reduce((n, s) => n + s.layers, 0) / all.length;
  const copies = Math.max(1, Math.round(layers / avgLayers));
  const helperLines = helperCode(0).split('\n').length;
  const helpersPerCopy = Math.max(0, Math.floor((lines - copies * avgModelLines) / copies / helperLines));
  while (layerCount < layers && lineCount < lines) {
    const src = all[k % all.length];
    push(`# ==== ${src.name} (copy ${k}) ====`);
    push(renamed(src.text, `_${k}`));
    layerCount += src.layers;
    for (let h = 0; h < helpersPerCopy; h++) push(helperCode(k * 100 + h));
    k++;
  }
  let pad = 0;
  while (lineCount + helperLines <= lines) push(helperCode(1_000_000 + pad++));
  let text = parts.join('');
  while (lineCount < lines) {
    text += `# padding ${lineCount}\n`;
    lineCount++;
  }
  // Keep exactly `lines` lines (the last model may have overshot).
  const split = text.split('\n');
  return split.length - 1 > lines ? split.slice(0, lines).join('\n') + '\n' : text;
}

function stats(runs: number[]): TimingStats {
  const sorted = [...runs].sort((a, b) => a - b);
  const q = (p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  return { median: q(0.5), p95: q(0.95), min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function time(texts: readonly string[], warmup: number, fn: (text: string) => unknown): TimingStats {
  for (let i = 0; i < warmup; i++) fn(texts[i % texts.length] + `# warm-up ${i}\n`);
  gc();
  const runs: number[] = [];
  for (const text of texts) {
    const t0 = performance.now();
    fn(text);
    runs.push(performance.now() - t0);
  }
  return stats(runs);
}

export function benchModelReader(options: ModelReaderBenchOptions = {}): ModelReaderBench {
  const runs = options.runs ?? 100;
  const warmup = options.warmup ?? 20;
  const base = modelReaderSample(options.lines ?? 5000, options.layers ?? 300);
  // Fresh text per run, made before timing, so the analyzeModels cache never answers.
  const texts = Array.from({ length: runs }, (_, i) => `${base}# run ${i}\n`);
  const analysis = analyzeModels(base);
  return {
    lines: base.split('\n').length - 1,
    layers: analysis.layers.length,
    models: analysis.models.length,
    tokenize: time(texts, warmup, tokenize),
    parse: time(texts, warmup, parseModule),
    analyze: time(texts, warmup, analyzeModels),
  };
}

function main(): void {
  const arg = (name: string): number | undefined => {
    const a = process.argv.find((x) => x.startsWith(`--${name}=`));
    return a === undefined ? undefined : Number(a.slice(name.length + 3));
  };
  const r = benchModelReader({ runs: arg('runs'), lines: arg('lines'), layers: arg('layers') });
  const ms = (x: number): string => x.toFixed(2).padStart(8);
  const rows: [string, TimingStats][] = [
    ['tokenize', r.tokenize],
    ['parseModule', r.parse],
    ['analyzeModels', r.analyze],
  ];
  console.log(`model reader: ${r.lines} lines, ${r.layers} layers, ${r.models} models`);
  console.log(`${'step'.padEnd(14)} ${'median'.padStart(8)} ${'p95'.padStart(8)} ${'min'.padStart(8)} ${'max'.padStart(8)}  runs`);
  for (const [name, s] of rows) {
    console.log(`${name.padEnd(14)} ${ms(s.median)} ${ms(s.p95)} ${ms(s.min)} ${ms(s.max)}  ${s.runs}`);
  }
  console.log('(milliseconds)');
}

if (require.main === module) main();
