/** The browser build's `availableBytes`: a web extension host has no local file system to ask. */
export function availableBytes(_dir: string): Promise<number | undefined> {
  return Promise.resolve(undefined);
}
