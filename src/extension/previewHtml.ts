/**
 * The webview panels' HTML shell (the preview's and the model summary's), without the VS Code API so it
 * is unit-tested: the CSP built in one place, every interpolated text escaped, the boot data in a
 * `data-*` attribute (never inline script).
 */
import { BOOT_DATA_ATTRIBUTE, type PreviewBootData } from '../protocol/messages';

/** What a panel's script may start besides itself. */
export interface CspOptions {
  /**
   * Workers from blob URLs, fetching the worker bundle from the extension's resources, and compiling
   * the core's WebAssembly (the preview); without them a panel runs its one script only (default true).
   */
  readonly workers?: boolean;
}

/**
 * Scripts only by nonce; styles, images and fonts only from the extension's own resources; the worker
 * bundle is fetched from them (connect-src) and started from a blob URL (worker-src), which inherits
 * this policy. Nothing remote, no inline script or style, no eval.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string, options: CspOptions = {}): string {
  const workers = options.workers ?? true;
  const base = ["default-src 'none'", `style-src ${cspSource}`, `img-src ${cspSource}`, `font-src ${cspSource}`];
  if (!workers) return [...base, `script-src 'nonce-${nonce}'`].join('; ');
  return [
    ...base,
    // 'wasm-unsafe-eval' lets the core compile its embedded WebAssembly kernels (and nothing else)
    `script-src 'nonce-${nonce}' 'wasm-unsafe-eval'`,
    `connect-src ${cspSource}`,
    'worker-src blob:',
  ].join('; ');
}

/** A fresh CSP nonce: 18 random bytes from the platform's CSPRNG (Web Crypto, in Node and in a web worker alike), base64. */
export function cspNonce(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes));
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttribute(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The parts of a panel's shell; `boot` is any JSON-serializable value the panel's script validates. */
export interface PanelHtmlParts {
  readonly cspSource: string;
  /** Base64 from a CSPRNG, fresh for every render. */
  readonly nonce: string;
  readonly language: string;
  readonly title: string;
  readonly loadingText: string;
  readonly scriptUri: string;
  /** The panel's stylesheets in order: media/base.css, then its own. */
  readonly styleUris: readonly string[];
  readonly boot: unknown;
  readonly csp?: CspOptions;
}

/** The preview's shell: a panel shell with the preview's boot data and its default CSP. */
export interface PreviewHtmlParts extends Omit<PanelHtmlParts, 'boot' | 'csp'> {
  readonly boot: PreviewBootData;
}

export function previewHtml(parts: PreviewHtmlParts): string {
  return panelHtml(parts);
}

/** A panel's shell: the CSP, its stylesheets, the boot data attribute, a loading line and its one script. */
export function panelHtml(parts: PanelHtmlParts): string {
  return `<!DOCTYPE html>
<html lang="${escapeAttribute(parts.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(contentSecurityPolicy(parts.cspSource, parts.nonce, parts.csp))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${parts.styleUris.map((uri) => `<link rel="stylesheet" href="${escapeAttribute(uri)}">`).join('\n')}
<title>${escapeHtml(parts.title)}</title>
</head>
<body ${BOOT_DATA_ATTRIBUTE}="${escapeAttribute(JSON.stringify(parts.boot))}">
<main id="status" data-state="loading">${escapeHtml(parts.loadingText)}</main>
<script nonce="${escapeAttribute(parts.nonce)}" src="${escapeAttribute(parts.scriptUri)}"></script>
</body>
</html>`;
}
