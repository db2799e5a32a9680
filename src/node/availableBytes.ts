import * as fs from 'node:fs';

/** Bytes available to this user in `dir`'s file system, when the platform says. */
export async function availableBytes(dir: string): Promise<number | undefined> {
  try {
    const s = await fs.promises.statfs(dir);
    // Pseudo file systems (/proc, /sys) report no blocks at all: they say nothing about space.
    return s.blocks > 0 ? s.bavail * s.bsize : undefined;
  } catch {
    return undefined;
  }
}
