/**
 * The preview's HTML shell, without the VS Code API so it is unit-tested: the CSP built in one place,
 * every interpolated text escaped, the boot data in a `data-*` attribute (never inline script).
 */
import { BOOT_DATA_ATTRIBUTE, type PreviewBootData } from '../protocol/messages';

/**
 * Scripts only by nonce; styles, images and fonts only from the extension's own resources; the worker
 * bundle is fetched from them (connect-src) and started from a blob URL (worker-src), which inherits
 * this policy. Nothing remote, no inline script or style, no eval.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `img-src ${cspSource}`,
    `font-src ${cspSource}`,
    // 'wasm-unsafe-eval' lets the core compile its embedded WebAssembly kernels (and nothing else)
    `script-src 'nonce-${nonce}' 'wasm-unsafe-eval'`,
    `connect-src ${cspSource}`,
    'worker-src blob:',
  ].join('; ');
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttribute(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export interface PreviewHtmlParts {
  readonly cspSource: string;
  /** Base64 from a CSPRNG, fresh for every render. */
  readonly nonce: string;
  readonly language: string;
  readonly title: string;
  readonly loadingText: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly boot: PreviewBootData;
}

export function previewHtml(parts: PreviewHtmlParts): string {
  return `<!DOCTYPE html>
<html lang="${escapeAttribute(parts.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(contentSecurityPolicy(parts.cspSource, parts.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(parts.styleUri)}">
<title>${escapeHtml(parts.title)}</title>
</head>
<body ${BOOT_DATA_ATTRIBUTE}="${escapeAttribute(JSON.stringify(parts.boot))}">
<main id="status" data-state="loading">${escapeHtml(parts.loadingText)}</main>
<script nonce="${escapeAttribute(parts.nonce)}" src="${escapeAttribute(parts.scriptUri)}"></script>
</body>
</html>`;
}
