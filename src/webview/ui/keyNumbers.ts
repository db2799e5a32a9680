/**
 * The key numbers strip above the histogram: the law's std beside the sampled one, the bounds of the
 * law (or the sampled range when it has none) and the KS distance against its 95% threshold. The full
 * values stay in the statistics table; the strip repeats the three a reader checks first. Each value
 * carries `data-key` and, once known, `data-value` for tests and tools.
 */
import type { StatisticsSnapshot } from '../../protocol/messages';
import { formatStat } from './statsTable';
import { h, setText } from './dom';

export type KeyNumberName = 'std' | 'bounds' | 'ks';

export interface KeyNumber {
  readonly key: KeyNumberName;
  readonly label: string;
  /** The number itself, as shown. */
  readonly text: string;
  /** A short line under it (the sampled value, the threshold). */
  readonly note: string;
  /** The value kept in `data-value` (full precision), null when unknown. */
  readonly value: number | null;
  /** Whether the number is out of what the law allows (a KS distance over its threshold). */
  readonly warning: boolean;
}

/** An interval as "±0.1" when symmetric about 0, else "[a, b]". */
function intervalText(lo: number, hi: number): string {
  if (lo === -hi && hi > 0) return `±${formatStat('max', hi)}`;
  return `[${formatStat('min', lo)}, ${formatStat('max', hi)}]`;
}

/**
 * What the strip shows for `stats` (null: nothing computed, or the configuration failed). `ksPending`:
 * the KS distance is still being computed (it arrives after the histogram).
 */
export function keyNumbers(stats: StatisticsSnapshot | null, ksPending = false): readonly KeyNumber[] {
  const e = stats?.expected;
  const s = stats?.sampled;
  const std: KeyNumber =
    e?.std != null
      ? {
          key: 'std',
          label: 'std',
          text: formatStat('std', e.std),
          note: `sampled ${formatStat('std', s?.std ?? null)}`,
          value: e.std,
          warning: false,
        }
      : { key: 'std', label: 'std', text: formatStat('std', s?.std ?? null), note: 'sampled', value: s?.std ?? null, warning: false };

  let bounds: KeyNumber;
  if (e?.min != null && e.max != null) {
    const sampled = s?.min != null && s.max != null ? `sampled ${intervalText(s.min, s.max)}` : 'sampled —';
    bounds = { key: 'bounds', label: 'bounds', text: intervalText(e.min, e.max), note: sampled, value: e.max, warning: false };
  } else if (s?.min != null && s.max != null) {
    bounds = {
      key: 'bounds',
      label: 'range',
      text: intervalText(s.min, s.max),
      note: 'sampled (the law is unbounded)',
      value: s.max,
      warning: false,
    };
  } else {
    bounds = { key: 'bounds', label: 'bounds', text: '—', note: '', value: null, warning: false };
  }

  let ks: KeyNumber;
  if (s?.ks != null) {
    const limit = e?.ks;
    const over = limit != null && s.ks > limit;
    const note = limit == null ? '' : `${over ? 'over' : 'under'} ${formatStat('ks', limit)} (95%)`;
    ks = { key: 'ks', label: 'KS distance', text: formatStat('ks', s.ks), note, value: s.ks, warning: over };
  } else {
    const note = stats !== null && ksPending ? 'computing…' : stats !== null ? 'no continuous law to test' : '';
    ks = { key: 'ks', label: 'KS distance', text: '—', note, value: null, warning: false };
  }
  return [std, bounds, ks];
}

export class KeyNumbersView {
  readonly root: HTMLElement;
  private readonly items = new Map<KeyNumberName, { label: HTMLElement; value: HTMLElement; note: HTMLElement; box: HTMLElement }>();

  constructor() {
    this.root = h('dl', { id: 'key-numbers', class: 'key-numbers', 'aria-label': 'Key numbers' });
    for (const item of keyNumbers(null)) {
      const label = h('dt', {}, item.label);
      const value = h('span', { class: 'key-value', id: `key-${item.key}`, 'data-key': item.key }, item.text);
      const note = h('span', { class: 'key-note' });
      const box = h('div', { class: 'key' }, label, h('dd', {}, value, note));
      this.items.set(item.key, { label, value, note, box });
      this.root.append(box);
    }
  }

  show(stats: StatisticsSnapshot | null, ksPending = false): void {
    for (const item of keyNumbers(stats, ksPending)) {
      const slot = this.items.get(item.key);
      if (!slot) continue;
      setText(slot.label, item.label);
      setText(slot.value, item.text);
      setText(slot.note, item.note);
      slot.box.classList.toggle('is-warning', item.warning);
      if (item.value === null) slot.value.removeAttribute('data-value');
      else slot.value.setAttribute('data-value', String(item.value));
    }
  }
}
