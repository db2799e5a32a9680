/** Offsets ↔ 1-based line numbers of a text, by binary search over its line starts. */

/** Offsets where each line starts (the first is 0). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) starts.push(k + 1);
  return starts;
}

/** Index of the last entry of an ascending list that is <= value (0 when none is). */
export function lastAtOrBefore(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid] <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** 1-based line of an offset, given the text's `lineStarts`. */
export function lineAt(starts: readonly number[], offset: number): number {
  return lastAtOrBefore(starts, offset) + 1;
}
