/**
 * Measurement helpers for `npm run bench`: repeated timings summarized as median, min and max
 * (and p95 for latency samples), child processes that report JSON, and the result table.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';

/** A summary of repeated measurements (ms, MB or KB: the row says which). */
export interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly p95: number;
  readonly n: number;
  readonly runs: readonly number[];
}

/** A measured side, or why it was not measured. */
export type Side = { readonly stats: Stats; readonly note?: string } | { readonly unavailable: string };

export interface Row {
  readonly id: string;
  readonly unit: 'ms' | 'MB' | 'KB';
  /** `median`: median (min–max) of repeated runs; `latency`: p50 / p95 of many calls. */
  readonly display: 'median' | 'latency';
  readonly ours: Side;
  readonly numpy: Side | null;
  readonly tfjs: Side | null;
  readonly notes: readonly string[];
}

/** The q-quantile by linear interpolation between order statistics (numpy's default method). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function summarize(runs: readonly number[]): Stats {
  const sorted = [...runs].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    min: sorted[0] ?? NaN,
    max: sorted[sorted.length - 1] ?? NaN,
    p95: quantile(sorted, 0.95),
    n: runs.length,
    runs: [...runs],
  };
}

/**
 * Collects the garbage of earlier runs before a timed one, when Node runs with --expose-gc (as
 * `npm run bench` does): numpy frees each result at once, V8 would collect it in a later run.
 */
function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Runs `fn` `warmup` times untimed, then `repeats` times timed (ms each). */
export function timeSync(fn: () => void, warmup: number, repeats: number): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    collect();
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return times;
}

export async function timeAsync(fn: () => Promise<void>, warmup: number, repeats: number): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    collect();
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times;
}

/** Runs a child process that prints JSON on stdout; throws with its stderr when it fails. */
export function runJson<T>(command: string, args: readonly string[], options: SpawnSyncOptions = {}): T {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    const stderr = String(r.stderr ?? '')
      .trim()
      .split('\n')
      .slice(-3)
      .join(' | ');
    throw new Error(`${command} ${args[0] ?? ''} exited with ${r.status ?? r.signal}: ${stderr}`);
  }
  return JSON.parse(String(r.stdout)) as T;
}

/** The wall time of a whole child process, in ms. */
export function timeProcess(command: string, args: readonly string[], options: SpawnSyncOptions = {}): number {
  const t = performance.now();
  const r = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], ...options });
  const ms = performance.now() - t;
  if (r.error) throw r.error;
  if (r.status !== 0) {
    throw new Error(
      `${command} exited with ${r.status ?? r.signal}: ${String(r.stderr ?? '')
        .trim()
        .slice(-300)}`,
    );
  }
  return ms;
}

// --- the table ---

function number(x: number, unit: Row['unit']): string {
  if (!Number.isFinite(x)) return String(x);
  if (unit === 'ms' && x < 1) return x.toFixed(3);
  if (unit === 'ms' && x < 10) return x.toFixed(2);
  if (x < 100) return x.toFixed(1);
  return x.toFixed(0);
}

export function formatSide(side: Side | null, row: Row): string {
  if (side === null) return '—';
  if ('unavailable' in side) return `n/a`;
  const s = side.stats;
  if (row.display === 'latency') return `p50 ${number(s.median, row.unit)} / p95 ${number(s.p95, row.unit)}`;
  if (s.n === 1) return number(s.median, row.unit);
  return `${number(s.median, row.unit)} (${number(s.min, row.unit)}–${number(s.max, row.unit)})`;
}

/** ours / numpy on medians, when both were measured. */
export function ratio(row: Row): number | null {
  if (row.numpy === null || 'unavailable' in row.numpy || 'unavailable' in row.ours) return null;
  return row.ours.stats.median / row.numpy.stats.median;
}

/** A plain-text table, one line per row, then the notes (the reasons for every n/a among them). */
export function formatTable(rows: readonly Row[]): string {
  const header = ['row', 'unit', 'ours', 'numpy', 'ours/numpy', 'tfjs (cpu)'];
  const body = rows.map((r) => {
    const q = ratio(r);
    return [r.id, r.unit, formatSide(r.ours, r), formatSide(r.numpy, r), q === null ? '—' : q.toFixed(2), formatSide(r.tfjs, r)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i >= 2 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
  const notes: string[] = [];
  for (const r of rows) {
    const sides: [string, Side | null][] = [
      ['ours', r.ours],
      ['numpy', r.numpy],
      ['tfjs', r.tfjs],
    ];
    for (const [name, side] of sides) {
      if (side !== null && 'unavailable' in side) notes.push(`${r.id} — ${name}: not available: ${side.unavailable}`);
      else if (side !== null && side.note) notes.push(`${r.id} — ${name}: ${side.note}`);
    }
    for (const n of r.notes) notes.push(`${r.id}: ${n}`);
  }
  if (notes.length > 0) out.push('', ...notes.map((n) => `* ${n}`));
  return out.join('\n');
}
