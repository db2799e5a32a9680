/** Command links in hovers: `command:` URIs that carry one initializer configuration. */
import type { InitializerCommandArgs } from './facts';

/** The commands hover links may run (the extension trusts exactly these in its MarkdownStrings). */
export interface HoverCommands {
  readonly preview: string;
  readonly generate: string;
}

export const DEFAULT_HOVER_COMMANDS: HoverCommands = {
  preview: 'kerasInitializers.openPreview',
  generate: 'kerasInitializers.generateWeights',
};

/**
 * `command:<id>?<encoded JSON>`: VS Code parses the query as JSON and, for an array, passes its items
 * as the command's arguments, so the command receives `{ initializer, shape? }` as its one argument.
 */
export function commandUri(command: string, args: InitializerCommandArgs): string {
  // Parentheses would end the Markdown link early (`shapeSource` quotes code such as `Dense(256)`).
  const query = encodeURIComponent(JSON.stringify([args])).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `command:${command}?${query}`;
}

/** The arguments a command URI carries (the inverse of commandUri), or undefined for another URI. */
export function commandUriArgs(uri: string, command: string): unknown[] | undefined {
  const prefix = `command:${command}?`;
  if (!uri.startsWith(prefix)) return undefined;
  try {
    const parsed: unknown = JSON.parse(decodeURIComponent(uri.slice(prefix.length)));
    return Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    return undefined;
  }
}
