/**
 * The statistics table, expected beside sampled: the charts' text alternative. Each value cell carries
 * `data-stat`, `data-column` and, once known, `data-value` (full precision) for tests and tools.
 */
import type { StatKey, StatRow, StatisticsSnapshot } from '../../protocol/messages';
import { STAT_KEYS } from '../../protocol/messages';
import type { DetailsResult, DistributionResult } from '../compute/analysis';
import { formatNumber } from '../chart/scale';
import { h, setText } from './dom';

const LABELS: Readonly<Record<StatKey, string>> = {
  mean: 'mean',
  std: 'std',
  min: 'min',
  max: 'max',
  fanIn: 'fan_in',
  fanOut: 'fan_out',
  n: 'n',
  ks: 'KS distance',
};

const HINTS: Readonly<Record<StatKey, string>> = {
  mean: 'Expected: the law’s mean. Sampled: the mean of the sampled values.',
  std: 'Expected: the law’s standard deviation (for a truncated normal, after truncation). Sampled: population std (ddof = 0).',
  min: 'Expected: the lower bound of the law’s support, where it has one.',
  max: 'Expected: the upper bound of the law’s support, where it has one.',
  fanIn: 'Keras’s compute_fans on the shape (with input_axes when given).',
  fanOut: 'Keras’s compute_fans on the shape (with output_axes when given).',
  n: 'Expected: elements of the tensor. Sampled: its first values that were analysed.',
  ks: 'Kolmogorov–Smirnov distance between the sampled values and the law. Expected: the value a true sample stays under 95% of the time (1.358/√n).',
};

function isCount(key: StatKey): boolean {
  return key === 'n' || key === 'fanIn' || key === 'fanOut';
}

/** The cell text of a value. */
export function formatStat(key: StatKey, value: number | null): string {
  if (value === null) return '—';
  if (isCount(key) && Number.isInteger(value)) return value.toLocaleString('en-US');
  return formatNumber(value, 4);
}

export const EMPTY_ROW: StatRow = { mean: null, std: null, min: null, max: null, fanIn: null, fanOut: null, n: null, ks: null };

/** Table values from the analysis results (details may still be missing). */
export function statistics(distribution: DistributionResult, details: DetailsResult | undefined): StatisticsSnapshot {
  const { expected, moments } = distribution;
  const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);
  const sampled = distribution.n > 0;
  return {
    expected: {
      mean: expected.mean,
      std: expected.std,
      min: expected.min,
      max: expected.max,
      fanIn: expected.fanIn,
      fanOut: expected.fanOut,
      n: distribution.total,
      ks: details?.ks?.critical95 ?? null,
    },
    sampled: {
      mean: sampled ? finite(moments.mean) : null,
      std: sampled ? finite(moments.std) : null,
      min: sampled ? finite(moments.min) : null,
      max: sampled ? finite(moments.max) : null,
      fanIn: expected.fanIn,
      fanOut: expected.fanOut,
      n: distribution.n,
      ks: details?.ks?.statistic ?? null,
    },
    ksUpperBound: details?.ks?.upperBound ?? null,
  };
}

export class StatsTable {
  readonly root: HTMLTableElement;
  private readonly cells = new Map<string, HTMLTableCellElement>();

  constructor() {
    const body = h('tbody');
    for (const key of STAT_KEYS) {
      const expected = h('td', { 'data-stat': key, 'data-column': 'expected' }, '—');
      const sampled = h('td', { 'data-stat': key, 'data-column': 'sampled' }, '—');
      this.cells.set(`${key}:expected`, expected);
      this.cells.set(`${key}:sampled`, sampled);
      body.append(h('tr', {}, h('th', { scope: 'row', title: HINTS[key] }, LABELS[key]), expected, sampled));
    }
    this.root = h(
      'table',
      { id: 'stats-table', class: 'stats' },
      h('caption', {}, 'Statistics: the law’s values beside the sampled ones'),
      h(
        'thead',
        {},
        h('tr', {}, h('th', { scope: 'col' }, 'Statistic'), h('th', { scope: 'col' }, 'Expected'), h('th', { scope: 'col' }, 'Sampled')),
      ),
      body,
    );
  }

  /** `ksBins`: the bins of the histogram the KS distance was read from. */
  show(stats: StatisticsSnapshot | null, ksBins?: number): void {
    for (const key of STAT_KEYS) {
      this.fill(
        key,
        'expected',
        stats?.expected[key] ?? null,
        key === 'ks' && stats?.expected.ks != null ? `< ${formatStat(key, stats.expected.ks)} (95%)` : undefined,
      );
      const upper = stats?.ksUpperBound;
      this.fill(
        key,
        'sampled',
        stats?.sampled[key] ?? null,
        undefined,
        key === 'ks' && upper != null && stats?.sampled.ks != null
          ? `exact D between ${formatStat(key, stats.sampled.ks)} and ${formatStat(key, upper)} (read from a ${(ksBins ?? 0).toLocaleString('en-US')}-bin histogram)`
          : undefined,
      );
    }
  }

  private fill(key: StatKey, column: 'expected' | 'sampled', value: number | null, text?: string, title?: string): void {
    const cell = this.cells.get(`${key}:${column}`);
    if (!cell) return;
    setText(cell, text ?? formatStat(key, value));
    if (value === null) cell.removeAttribute('data-value');
    else cell.setAttribute('data-value', String(value));
    if (title) cell.setAttribute('title', title);
    else cell.removeAttribute('title');
  }
}
