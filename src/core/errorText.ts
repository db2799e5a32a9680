/** The text of a thrown value for a message or a log line: an Error's message (or its stack), anything else as a string. */
export function errorText(e: unknown, options: { readonly stack?: boolean } = {}): string {
  if (!(e instanceof Error)) return String(e);
  return options.stack ? (e.stack ?? e.message) : e.message;
}
