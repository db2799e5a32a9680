import * as assert from 'node:assert/strict';
import { contentSecurityPolicy, previewHtml, type PreviewHtmlParts } from '../../src/extension/previewHtml';
import { parsePreviewBootData } from '../../src/protocol/messages';
import { defaultState } from '../../src/protocol/previewConfig';

const HOSTILE = `"><script>alert('x')</script><img src=x onerror=alert(1)>&amp;`;

const parts: PreviewHtmlParts = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'q83vEjRWeJq83vEjRWeJq83v',
  language: `en"><script>`,
  title: HOSTILE,
  loadingText: HOSTILE,
  scriptUri: `https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/main.js?"onload="alert(1)`,
  styleUris: [
    'https://file+.vscode-resource.vscode-cdn.net/ext/media/base.css',
    'https://file+.vscode-resource.vscode-cdn.net/ext/media/preview.css',
  ],
  boot: {
    extensionVersion: HOSTILE,
    readyText: HOSTILE,
    workerUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/worker.js',
    state: defaultState(),
    defaults: { sampleSize: 1000, followCursor: true },
  },
};

/** What an HTML parser gives for an attribute value written with these five entities. */
function unescapeAttribute(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

suite('panel HTML shell', () => {
  test('the CSP: nothing by default, scripts by nonce (and WebAssembly compiles), own resources, workers from blob URLs, no eval', () => {
    const csp = contentSecurityPolicy(parts.cspSource, parts.nonce);
    const directives = Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    assert.deepEqual(directives, {
      'default-src': ["'none'"],
      'style-src': [parts.cspSource],
      'img-src': [parts.cspSource],
      'font-src': [parts.cspSource],
      'script-src': [`'nonce-${parts.nonce}'`, "'wasm-unsafe-eval'"],
      'connect-src': [parts.cspSource],
      'worker-src': ['blob:'],
    });
    // 'wasm-unsafe-eval' is the only relaxation: no 'unsafe-eval', no 'unsafe-inline', no wildcard, nothing remote.
    assert.doesNotMatch(csp.replace("'wasm-unsafe-eval'", ''), /unsafe|\*|https?:\/\/(?!file\+\.vscode-resource)/);
  });

  test('one script, by nonce and src, no inline code or styles; hostile text stays text', () => {
    const html = previewHtml(parts);
    const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1, 'one script element');
    assert.equal(scripts[0][1], '', 'no inline script');
    assert.match(scripts[0][0], new RegExp(`^<script nonce="${parts.nonce}" src="[^"]*">`));
    // Only the shell's own elements exist: the hostile text did not open any tag or attribute.
    const tags = [...html.matchAll(/<([a-zA-Z]+)[\s>]/g)].map((t) => t[1].toLowerCase());
    assert.deepEqual(tags, ['html', 'head', 'meta', 'meta', 'meta', 'link', 'link', 'title', 'body', 'main', 'script']);
    assert.doesNotMatch(html, /style=|onload="|onerror="/);
    assert.match(html, /<main id="status" data-state="loading">"&gt;&lt;script&gt;alert\('x'\)&lt;\/script&gt;/);
  });

  test('the boot data round-trips through its attribute', () => {
    const html = previewHtml(parts);
    const m = /<body data-boot="([^"]*)">/.exec(html);
    assert.ok(m, 'the body carries data-boot');
    assert.deepEqual(parsePreviewBootData(unescapeAttribute(m[1])), parts.boot);
  });
});
