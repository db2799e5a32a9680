import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  DEBOUNCE_MS,
  IN_MEMORY_LIMIT_MB,
  SAMPLE_SIZE,
  SETTINGS_SECTION,
  readGenerateSettings,
  readLanguageSettings,
  readPreviewSettings,
  sameLanguageSettings,
  type NumberRange,
  type SettingsSource,
} from '../../src/extension/settings';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8'));
const declared = manifest.contributes.configuration.properties as Record<
  string,
  { type: string; default: unknown; minimum?: number; maximum?: number; enum?: string[] }
>;

/** A stand-in for vscode.workspace holding `values` (short keys) under the extension's section only. */
function source(values: Record<string, unknown>): SettingsSource {
  return {
    getConfiguration: (section) => ({ get: (key) => (section === SETTINGS_SECTION ? values[key] : undefined) }),
  };
}

suite('settings', () => {
  test('the section is the prefix of every contributed setting', () => {
    for (const key of Object.keys(declared)) assert.ok(key.startsWith(`${SETTINGS_SECTION}.`), key);
  });

  test('number ranges and defaults are those package.json declares', () => {
    const ranges: Record<string, NumberRange> = {
      'diagnostics.debounceMs': DEBOUNCE_MS,
      'generate.inMemoryLimitMB': IN_MEMORY_LIMIT_MB,
      'preview.sampleSize': SAMPLE_SIZE,
    };
    const numbers = Object.entries(declared).filter(([, p]) => p.type === 'number');
    assert.deepEqual(numbers.map(([k]) => k.slice(SETTINGS_SECTION.length + 1)).sort(), Object.keys(ranges).sort());
    for (const [key, p] of numbers) {
      const range = ranges[key.slice(SETTINGS_SECTION.length + 1)];
      assert.deepEqual(range, { minimum: p.minimum, maximum: p.maximum, default: p.default }, key);
    }
  });

  test('defaults are those package.json declares', () => {
    const language = readLanguageSettings(source({}));
    const generate = readGenerateSettings(source({}));
    const preview = readPreviewSettings(source({}));
    const short = (k: string) => declared[`${SETTINGS_SECTION}.${k}`].default;
    assert.equal(language.diagnosticsEnabled, short('diagnostics.enabled'));
    assert.equal(language.debounceMs, short('diagnostics.debounceMs'));
    for (const [rule, on] of Object.entries(language.rules)) assert.equal(on, short(`diagnostics.${rule}`), rule);
    assert.equal(generate.defaultFormat, short('generate.defaultFormat'));
    assert.equal(generate.defaultDType, short('generate.defaultDType'));
    assert.equal(generate.inMemoryLimitBytes, (short('generate.inMemoryLimitMB') as number) * 2 ** 20);
    assert.deepEqual(preview, { followCursor: short('preview.followCursor'), sampleSize: short('preview.sampleSize') });
  });

  test('numbers are rounded and clamped into their range; anything else is the default', () => {
    const debounce = (v: unknown) => readLanguageSettings(source({ 'diagnostics.debounceMs': v })).debounceMs;
    assert.equal(debounce(-5), 0);
    assert.equal(debounce(1e9), 5000);
    assert.equal(debounce(120.6), 121);
    assert.equal(debounce(Number.NaN), 300);
    assert.equal(debounce('100'), 300);
    const limit = (v: unknown) => readGenerateSettings(source({ 'generate.inMemoryLimitMB': v })).inMemoryLimitBytes / 2 ** 20;
    assert.equal(limit(1), 16);
    assert.equal(limit(1e6), 4096);
    assert.equal(limit(Infinity), 512);
    const read = (values: Record<string, unknown>) => readPreviewSettings(source(values));
    assert.deepEqual(read({ 'preview.followCursor': true, 'preview.sampleSize': 5000 }), { followCursor: true, sampleSize: 5000 });
    assert.deepEqual(read({ 'preview.followCursor': 'yes', 'preview.sampleSize': 1e12 }), { followCursor: false, sampleSize: 1_000_000 });
    assert.equal(read({ 'preview.sampleSize': 0 }).sampleSize, 1000);
    assert.equal(read({ 'preview.sampleSize': '5000' }).sampleSize, 1_000_000);
  });

  test('enums and booleans keep only values of their type', () => {
    const generate = readGenerateSettings(source({ 'generate.defaultFormat': 'safetensors', 'generate.defaultDType': 'float16' }));
    assert.equal(generate.defaultFormat, 'safetensors');
    assert.equal(generate.defaultDType, 'float16');
    const bad = readGenerateSettings(source({ 'generate.defaultFormat': 'h5', 'generate.defaultDType': 'int8' }));
    assert.equal(bad.defaultFormat, 'npy');
    assert.equal(bad.defaultDType, 'float32');
    for (const format of declared[`${SETTINGS_SECTION}.generate.defaultFormat`].enum ?? []) {
      assert.equal(readGenerateSettings(source({ 'generate.defaultFormat': format })).defaultFormat, format);
    }
    const language = readLanguageSettings(source({ 'diagnostics.enabled': 0, 'diagnostics.keras2Name': false }));
    assert.equal(language.diagnosticsEnabled, true);
    assert.equal(language.rules.keras2Name, false);
    assert.ok(Object.isFrozen(language.rules));
  });

  test('sameLanguageSettings compares every field', () => {
    const a = readLanguageSettings(source({}));
    assert.ok(sameLanguageSettings(a, readLanguageSettings(source({}))));
    assert.ok(!sameLanguageSettings(a, readLanguageSettings(source({ 'diagnostics.debounceMs': 10 }))));
    assert.ok(!sameLanguageSettings(a, readLanguageSettings(source({ 'diagnostics.orthogonalRank': false }))));
  });
});
