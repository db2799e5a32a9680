import * as assert from 'node:assert/strict';
import { chooseHost, type HostFacts } from '../../scripts/host/hostSelection';

const none: HostFacts = { preference: 'auto', vscodeExecutable: undefined, desktopCode: undefined, platform: 'linux', hasDisplay: false };

suite('test host selection', () => {
  test('with nothing at hand, code-server is used and no download is attempted', () => {
    const choice = chooseHost(none);
    assert.equal(choice.kind, 'code-server');
    assert.match(choice.reason, /KI_HOST=electron/);
  });

  test('VSCODE_EXECUTABLE selects the desktop host with that executable', () => {
    assert.deepEqual(chooseHost({ ...none, vscodeExecutable: '/opt/code/code' }), {
      kind: 'electron',
      executable: '/opt/code/code',
      reason: 'VSCODE_EXECUTABLE=/opt/code/code',
    });
  });

  test('a desktop `code` is used where a display exists, and skipped on a headless Linux', () => {
    const withDisplay = chooseHost({ ...none, desktopCode: '/usr/share/code/code', hasDisplay: true });
    assert.equal(withDisplay.kind, 'electron');
    assert.equal(withDisplay.kind === 'electron' && withDisplay.executable, '/usr/share/code/code');
    const headless = chooseHost({ ...none, desktopCode: '/usr/share/code/code' });
    assert.equal(headless.kind, 'code-server');
    assert.match(headless.reason, /display/);
    assert.equal(
      chooseHost({ ...none, desktopCode: '/Applications/Code.app/Contents/MacOS/Electron', platform: 'darwin' }).kind,
      'electron',
    );
  });

  test('KI_HOST=electron without a local VS Code asks test-electron to download one', () => {
    const choice = chooseHost({ ...none, preference: 'electron' });
    assert.equal(choice.kind, 'electron');
    assert.equal(choice.kind === 'electron' && choice.executable, undefined);
  });

  test('KI_HOST=code-server wins over a desktop VS Code', () => {
    assert.equal(
      chooseHost({
        ...none,
        preference: 'code-server',
        vscodeExecutable: '/opt/code/code',
        desktopCode: '/usr/share/code/code',
        hasDisplay: true,
      }).kind,
      'code-server',
    );
  });
});
