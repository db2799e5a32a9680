/** Small Markdown builders for hover and completion documentation (CommonMark as VS Code renders it). */

/**
 * Escapes prose so that Markdown shows it literally: the characters that start emphasis, links, HTML
 * or code. An underscore between two word characters (`fan_in`) cannot open emphasis and stays as is.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*[\]<>|~]/g, '\\$&').replace(/_(?!(?<=\w_)\w)/g, '\\_');
}

/**
 * Inline code that survives any content: a fence one backtick longer than the longest run inside
 * (CommonMark code spans), padded when the content starts or ends with a backtick.
 */
export function code(text: string): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ');
  let longest = 0;
  for (const run of oneLine.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${oneLine}${pad}${fence}`;
}

/** Source text shortened for display (long literals, multi-line calls). */
export function clip(text: string, max = 80): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ');
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

/** A Markdown table; cells are already Markdown. Pipes inside cells are escaped. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: readonly boolean[] = []): string {
  const cell = (s: string): string => s.replace(/\|/g, '\\|');
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  const rule = `|${header.map((_, i) => (rightAligned[i] ? '---:' : ':---')).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
