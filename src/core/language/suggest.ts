/**
 * "Did you mean": the accepted names closest to a misspelt one. Names are compared without case and
 * underscores (`GlorotUniform` ≈ `glorot_uniform`), with Levenshtein distance for typos, prefixes for
 * partial names (`glorot` → `glorot_uniform`), and PyTorch's vocabulary (`xavier`, `kaiming`).
 */

/** PyTorch / paper names of the same initializers (torch.nn.init): `xavier_uniform` means glorot_uniform. */
const SYNONYMS: readonly (readonly [RegExp, string])[] = [
  [/^xavier/, 'glorot'],
  [/^kaiming/, 'he'],
  [/^msra/, 'he'],
  [/^truncnormal$/, 'truncatednormal'],
  [/^trunc(?=normal)/, 'truncated'],
  [/^eye$/, 'identity'],
];

function normalize(name: string): string {
  let n = name.toLowerCase().replace(/_/g, '');
  for (const [re, to] of SYNONYMS) n = n.replace(re, to);
  return n;
}

/** Levenshtein distance (insertions, deletions, substitutions), two rows of memory. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1] + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1);
      cur[j] = Math.min(sub, prev[j] + 1, cur[j - 1] + 1);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/** Whether a name is written in snake_case / lower case (`he_normal`) rather than as a class (`HeNormal`). */
function isLowerStyle(name: string): boolean {
  return name === name.toLowerCase();
}

/**
 * Up to `max` candidates close to `input`, best first. `sameAs(a, b)` says when two candidates name
 * the same thing (e.g. `he_normal` and `HeNormal`), so that only the one in the input's style is kept.
 */
export function suggestNames(
  input: string,
  candidates: readonly string[],
  max = 3,
  sameAs: (a: string, b: string) => boolean = (a, b) => a === b,
): string[] {
  const n = normalize(input);
  if (n.length === 0) return [];
  const lower = isLowerStyle(input);
  const scored: { name: string; score: number }[] = [];
  for (const c of candidates) {
    if (c === input) continue;
    const cn = normalize(c);
    let score: number;
    if (cn === n) score = 0;
    else if (n.length >= 2 && cn.startsWith(n)) score = 1 + (cn.length - n.length) / 100;
    else {
      const d = editDistance(n, cn);
      // A third of the name may be wrong (at least one edit): "he_normall", "glorot_unifrom".
      if (d > Math.max(1, Math.floor(n.length / 3))) continue;
      score = 1 + d;
    }
    // Same spelling style as the input first (snake_case ids for a snake_case typo).
    if (isLowerStyle(c) !== lower) score += 0.5;
    scored.push({ name: c, score });
  }
  scored.sort((a, b) => a.score - b.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const s of scored) {
    if (out.some((o) => sameAs(o, s.name))) continue;
    out.push(s.name);
    if (out.length === max) break;
  }
  return out;
}
