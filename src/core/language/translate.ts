/**
 * User-facing text of the editor features is built here, in the core, and localized by the caller:
 * the extension passes `vscode.l10n.t`, tests and the CLI use `englishText`. Templates use `{0}`
 * placeholders; text that may hold braces (Keras messages, code) is always passed as an argument.
 */
export type Translate = (message: string, ...args: (string | number)[]) => string;

/** The identity translation: fills `{n}` placeholders, as `vscode.l10n.t` does without a bundle. */
export const englishText: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const i = Number(index);
    return i < args.length ? String(args[i]) : whole;
  });
