import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

function allSources(dir: string): string {
  let text = '';
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) text += allSources(p);
    else if (entry.name.endsWith('.ts')) text += fs.readFileSync(p, 'utf8') + '\n';
  }
  return text;
}

const extensionSource = allSources(path.join(root, 'src', 'extension'));

suite('manifest', () => {
  test('identity fields are present', () => {
    for (const key of [
      'name',
      'displayName',
      'description',
      'publisher',
      'version',
      'license',
      'repository',
      'icon',
      'categories',
      'keywords',
    ]) {
      assert.ok(manifest[key], `package.json lacks ${key}`);
    }
    assert.ok(fs.existsSync(path.join(root, manifest.icon)), 'the icon file exists');
  });

  test('engines.vscode is no newer than 1.100', () => {
    const m = /^\^?(\d+)\.(\d+)\./.exec(manifest.engines.vscode);
    assert.ok(m, manifest.engines.vscode);
    assert.ok(Number(m[1]) === 1 && Number(m[2]) <= 100, `engines.vscode ${manifest.engines.vscode}`);
  });

  test('activates on Python files, notebooks and the preview panel only', () => {
    const events: string[] = manifest.activationEvents;
    assert.ok(!events.includes('*') && !events.includes('onStartupFinished'));
    for (const e of events) {
      assert.match(e, /^(onLanguage:python|onNotebook:jupyter-notebook|onWebviewPanel:kerasInitializers\.[a-zA-Z]+)$/);
    }
    assert.ok(events.includes('onLanguage:python') && events.includes('onNotebook:jupyter-notebook'));
  });

  test('untrusted workspaces are declared', () => {
    assert.ok(manifest.capabilities?.untrustedWorkspaces, 'capabilities.untrustedWorkspaces');
  });

  test('every contributed command has a category and is registered by the code', () => {
    const commandsSource = fs.readFileSync(path.join(root, 'src', 'extension', 'commands.ts'), 'utf8');
    for (const cmd of manifest.contributes.commands) {
      assert.ok(cmd.category, `${cmd.command} has a category`);
      assert.match(cmd.command, /^kerasInitializers\.[a-z][A-Za-z]+$/);
      assert.ok(commandsSource.includes(`'${cmd.command}'`), `${cmd.command} is in the Commands map`);
      assert.equal(extensionSource.split(`'${cmd.command}'`).length - 1, 1, `${cmd.command} is spelled out only in the Commands map`);
      const key = /(\w+):\s*'([^']+)'/g;
      let registered = false;
      for (let m = key.exec(commandsSource); m; m = key.exec(commandsSource)) {
        if (m[2] === cmd.command && new RegExp(`registerCommand\\(\\s*Commands\\.${m[1]}\\b`).test(extensionSource)) registered = true;
      }
      assert.ok(registered, `${cmd.command} is registered with registerCommand(Commands.<key>, ...)`);
    }
  });

  test('every setting has a description and a type, and is read by the code', () => {
    const props = manifest.contributes.configuration.properties as Record<
      string,
      { description?: string; markdownDescription?: string; type?: string }
    >;
    // Settings are read only in settings.ts, each with its literal key inside an exported read*Settings.
    const settingsFile = path.join(root, 'src', 'extension', 'settings.ts');
    const settingsSource = fs.readFileSync(settingsFile, 'utf8');
    const readerOf = new Map<string, string>();
    const readers = settingsSource.split(/^export function /m).slice(1);
    for (const body of readers) {
      const name = /^(read\w+Settings)\(/.exec(body)?.[1];
      if (name === undefined) continue;
      const keyRead = /\(\s*config,\s*'([^']+)'/g;
      for (let m = keyRead.exec(body); m; m = keyRead.exec(body)) readerOf.set(m[1], name);
    }
    const otherSources = extensionSource.replace(settingsSource, '');
    assert.ok(!/getConfiguration\(/.test(otherSources), 'settings are read through src/extension/settings.ts only');
    assert.ok(settingsSource.includes("SETTINGS_SECTION = 'kerasInitializers'"));
    for (const [key, prop] of Object.entries(props)) {
      assert.match(key, /^kerasInitializers\./);
      assert.ok(prop.description || prop.markdownDescription, `${key} has a description`);
      assert.ok(prop.type, `${key} has a type`);
      const reader = readerOf.get(key.slice('kerasInitializers.'.length));
      assert.ok(reader, `${key} is read by a read*Settings function of settings.ts`);
      assert.match(otherSources, new RegExp(`\\b${reader}\\(`), `${key}: ${reader} is called by the extension`);
    }
  });

  test('Python snippets are contributed and the file parses', () => {
    const snip = manifest.contributes.snippets.find((s: { language: string }) => s.language === 'python');
    assert.ok(snip);
    JSON.parse(fs.readFileSync(path.join(root, snip.path), 'utf8'));
  });

  test('the CLI is the package bin', () => {
    assert.equal(manifest.bin['keras-init'], 'dist/cli.js');
  });
});
