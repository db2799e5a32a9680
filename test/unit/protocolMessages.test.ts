import * as assert from 'node:assert/strict';
import { isHostToWebview, isRequestId, isWebviewToHost, parsePreviewBootData } from '../../src/protocol/messages';

suite('protocol guards', () => {
  test('request ids are positive safe integers', () => {
    for (const ok of [1, 2, 123456, Number.MAX_SAFE_INTEGER]) assert.equal(isRequestId(ok), true, String(ok));
    for (const bad of [0, -1, 1.5, NaN, Infinity, 2 ** 53, '1', null, undefined]) assert.equal(isRequestId(bad), false, String(bad));
  });

  test('webview → host: ready and pong are accepted', () => {
    assert.equal(isWebviewToHost({ type: 'ready' }), true);
    assert.equal(isWebviewToHost({ type: 'pong', requestId: 7 }), true);
  });

  test('webview → host: malformed messages are rejected', () => {
    const bad: unknown[] = [
      null, undefined, 'ready', 42, [], [{ type: 'ready' }], {},
      { type: 'pong' }, { type: 'pong', requestId: 0 }, { type: 'pong', requestId: '7' }, { type: 'pong', requestId: 1.25 },
      { type: 'Ready' }, { type: 'unknown' },
      // A host message travelling the wrong way.
      { type: 'ping', requestId: 1 },
    ];
    for (const message of bad) assert.equal(isWebviewToHost(message), false, JSON.stringify(message));
  });

  test('host → webview: ping is accepted, anything else rejected', () => {
    assert.equal(isHostToWebview({ type: 'ping', requestId: 3 }), true);
    for (const message of [null, {}, { type: 'ping' }, { type: 'ping', requestId: -3 }, { type: 'pong', requestId: 3 }, { type: 'ready' }]) {
      assert.equal(isHostToWebview(message), false, JSON.stringify(message));
    }
  });

  test('messages survive a JSON round trip (what postMessage carries)', () => {
    const pong = JSON.parse(JSON.stringify({ type: 'pong', requestId: 9 })) as unknown;
    assert.equal(isWebviewToHost(pong), true);
  });

  test('boot data is parsed from the attribute text, and rejected when malformed', () => {
    assert.deepEqual(parsePreviewBootData('{"extensionVersion":"0.1.0","readyText":"ready"}'), { extensionVersion: '0.1.0', readyText: 'ready' });
    for (const text of [undefined, '', 'not json', '[]', 'null', '{"extensionVersion":1,"readyText":"x"}', '{"extensionVersion":"0.1.0"}']) {
      assert.equal(parsePreviewBootData(text), undefined, String(text));
    }
  });
});
