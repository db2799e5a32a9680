/** A one-line progress bar on a terminal, redrawn only when the shown percentage changes. */
import type { TerminalOutput } from './io';

export interface ProgressBar {
  update(done: number): void;
  /** Clears the line. */
  done(): void;
}

export function createProgressBar(out: TerminalOutput, total: number): ProgressBar {
  const width = Math.max(10, Math.min(40, (out.columns ?? 80) - 30));
  let shown = -1;
  let drawn = false;
  return {
    update(done: number) {
      const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 100;
      if (percent === shown) return;
      shown = percent;
      const filled = Math.round((percent / 100) * width);
      out.write(`\r  ${String(percent).padStart(3)}% [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} values`);
      drawn = true;
    },
    done() {
      // \x1b[K erases to the end of the line, so what follows starts clean.
      if (drawn) out.write('\r\x1b[K');
    },
  };
}
