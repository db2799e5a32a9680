/** The browser build's home folder: a web extension host has none (the dialog opens where the workbench decides). */
export function homeFolder(): string | undefined {
  return undefined;
}
