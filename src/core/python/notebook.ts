/**
 * A Jupyter notebook's code cells read as one Python program, in order, with a map from offsets in
 * that program back to cells. Shared by the CLI (`.ipynb` files) and the editor (notebook documents).
 */
import { lastAtOrBefore } from './lineIndex';
import { CoreError } from '../errors';

export interface NotebookProgram {
  /** The cells joined with a newline between each two. */
  readonly text: string;
  /** Offset in `text` where each cell starts (same order and length as the cells). */
  readonly cellStarts: readonly number[];
}

/**
 * IPython lines (`%matplotlib inline`, `!pip install keras`, `%%time`) are not Python: each is turned
 * into a comment of the same length, so offsets stay those of the cell.
 */
function withoutMagics(source: string): string {
  return source.replace(/^([ \t]*)[%!]/gm, '$1#');
}

/** Joins code cells into one program; offsets inside a cell are kept (magic lines become comments). */
export function notebookProgram(cells: readonly string[]): NotebookProgram {
  const cellStarts: number[] = [];
  let offset = 0;
  const parts: string[] = [];
  for (const cell of cells) {
    cellStarts.push(offset);
    parts.push(withoutMagics(cell));
    offset += cell.length + 1;
  }
  return { text: parts.join('\n'), cellStarts };
}

/** The cell an offset of the program falls in, and the offset inside that cell. */
export function notebookCellAt(program: NotebookProgram, offset: number): { cell: number; offset: number } {
  const starts = program.cellStarts;
  if (starts.length === 0) return { cell: -1, offset };
  const cell = lastAtOrBefore(starts, offset);
  return { cell, offset: offset - starts[cell] };
}

/** The sources of the code cells of an `.ipynb` file's JSON text, in order (`source` as a string or a list of lines). */
export function notebookCodeCells(json: string): string[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    throw new CoreError(
      'PARSE_ERROR',
      `Not a notebook: the .ipynb file is not valid JSON (${e instanceof Error ? e.message : String(e)}).`,
    );
  }
  const cells = (data as { cells?: unknown } | null)?.cells;
  if (!Array.isArray(cells)) throw new CoreError('PARSE_ERROR', 'Not a notebook: the .ipynb file has no "cells" list.');
  const out: string[] = [];
  for (const cell of cells as unknown[]) {
    const c = cell as { cell_type?: unknown; source?: unknown } | null;
    if (c === null || typeof c !== 'object' || c.cell_type !== 'code') continue;
    const source = c.source;
    if (typeof source === 'string') out.push(source);
    else if (Array.isArray(source)) out.push(source.filter((s): s is string => typeof s === 'string').join(''));
  }
  return out;
}
