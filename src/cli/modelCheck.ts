/** `keras-init model <file> --check`: the initialization check of a model, as a table and findings (or JSON). */
import { checkInitialization, suggestionGroups, type CheckResult } from '../core/index';

const num = (x: number): string => {
  const a = Math.abs(x);
  if (a === 0) return '0';
  if (a >= 1e4 || a < 1e-3) return x.toExponential(2);
  return x.toPrecision(3);
};
const pct = (f: number): string => `${(f * 100).toFixed(1)}`;

export interface CheckCommandOptions {
  readonly model?: string;
  readonly batchSize?: number;
  readonly seed?: number;
  readonly inputSeed?: number;
  readonly training: boolean;
}

export function runCheck(text: string, options: CheckCommandOptions): CheckResult {
  return checkInitialization(text, {
    ...(options.model !== undefined ? { model: options.model } : {}),
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.inputSeed !== undefined ? { inputSeed: options.inputSeed } : {}),
    training: options.training,
  });
}

/** The per-layer table (layer, output shape, activation mean/std, zero %, saturated %, gradient std), then the findings. */
export function formatCheck(result: CheckResult, where: string): string {
  const header = ['#', 'Layer (type)', 'Output shape', 'Act mean', 'Act std', 'Zero %', 'Sat %', 'Grad std'];
  const rows = [
    ['', 'input', '', num(result.input.mean), num(result.input.std), pct(result.input.zeroFraction), '', ''],
    ...result.layers.map((l, i) => [
      String(i + 1),
      `${l.name ?? '?'} (${l.className}${l.activation !== undefined && l.activation !== 'linear' ? `, ${l.activation}` : ''})`,
      `(${['None', ...l.outputShape.slice(1).map(String)].join(', ')})`,
      num(l.output.mean),
      num(l.output.std),
      pct(l.output.zeroFraction),
      pct(l.output.saturatedFraction),
      l.gradient === null ? '-' : num(l.gradient.std),
    ]),
  ];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, c) => (c === 1 || c === 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd();
  const out: string[] = [];
  out.push(
    `Initialization check of ${result.model} (${where}): batch ${result.batchSize}, inputs N(0, 1) from input seed ${result.inputSeed}` +
      `${result.seed !== null ? `, seed ${result.seed}` : ''}${result.training ? ', training=True' : ''}`,
  );
  out.push(line(header));
  out.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) out.push(line(r));
  if (result.stoppedAt !== undefined) out.push('', `Stopped at layer ${result.stoppedAt.layer + 1}: ${result.stoppedAt.reason}`);
  if (result.findings.length > 0) out.push('');
  for (const f of result.findings) out.push(`${f.severity === 'warning' ? 'Warning' : 'Info'}: ${f.message}`);
  const suggested = result.layers.filter((l) => l.suggestion !== undefined);
  if (suggested.length > 0) {
    out.push('', 'Suggestions:');
    // layers of one constructor call (a loop, a comprehension) share one edit: one line for them
    for (const { label, suggestion: s } of suggestionGroups(result.layers)) {
      out.push(`  ${label}: ${s.argument}=${s.suggested} instead of ${s.current} (${s.reason})`);
    }
  }
  return `${out.join('\n')}\n`;
}
