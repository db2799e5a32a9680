/** Temporary folders for profiles and workspace copies, removed on exit unless KI_KEEP_TMP=1. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { onCleanup } from './processes';
import { knobs } from './settings';

export function makeTmp(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  onCleanup(() => {
    if (knobs().keepTmp) console.log(`kept temporary files in ${dir} (KI_KEEP_TMP=1)`);
    else fs.rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** A fresh copy of a fixture folder, so that nothing a test does reaches the checked-in files. */
export function copyFolder(source: string, destination: string): string {
  fs.cpSync(source, destination, { recursive: true });
  return destination;
}
