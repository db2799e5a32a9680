/**
 * The extension's settings (`contributes.configuration` in package.json), read in one place into typed,
 * immutable snapshots with defaults and clamping: a hand-edited settings.json can hold anything. Number
 * ranges and defaults are those package.json declares. Only types come from `vscode`, so the readers
 * run in plain Node against a stand-in for `vscode.workspace`.
 */
import type * as vscode from 'vscode';
import { WEIGHT_FILE_DTYPES, WEIGHT_FORMATS, type RuleId, type WeightFormat } from '../core/index';
import { DEFAULT_CHECK_SETTINGS, MAX_BATCH_SIZE } from '../protocol/checkMessages';
import { SAMPLE_SIZE_DEFAULT, SAMPLE_SIZE_MAX, SAMPLE_SIZE_MIN } from '../protocol/previewConfig';

/** The prefix of every setting: `kerasInitializers.diagnostics.enabled`... */
export const SETTINGS_SECTION = 'kerasInitializers';

/** Where settings are read from: `vscode.workspace`, or a stand-in in tests. */
export interface SettingsSource {
  getConfiguration(section: string): { get(key: string): unknown };
}

/** Whether a configuration change touches any of the extension's settings. */
export function affectsSettings(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SETTINGS_SECTION);
}

/** A number setting's range and default, as package.json declares them. */
export interface NumberRange {
  readonly minimum: number;
  readonly maximum: number;
  readonly default: number;
}

export const DEBOUNCE_MS: NumberRange = { minimum: 0, maximum: 5000, default: 300 };
export const IN_MEMORY_LIMIT_MB: NumberRange = { minimum: 16, maximum: 4096, default: 512 };
export const SAMPLE_SIZE: NumberRange = { minimum: SAMPLE_SIZE_MIN, maximum: SAMPLE_SIZE_MAX, default: SAMPLE_SIZE_DEFAULT };

type Section = ReturnType<SettingsSource['getConfiguration']>;

function section(source: SettingsSource): Section {
  return source.getConfiguration(SETTINGS_SECTION);
}

function bool(config: Section, key: string, fallback: boolean): boolean {
  const value = config.get(key);
  return typeof value === 'boolean' ? value : fallback;
}

/** A finite number rounded and clamped into `range`; anything else is the default. */
function clampedNumber(config: Section, key: string, range: NumberRange): number {
  const value = config.get(key);
  if (typeof value !== 'number' || !Number.isFinite(value)) return range.default;
  return Math.min(range.maximum, Math.max(range.minimum, Math.round(value)));
}

function oneOf<T extends string>(config: Section, key: string, allowed: readonly string[], fallback: T): T {
  const value = config.get(key);
  return typeof value === 'string' && allowed.includes(value) ? (value as T) : fallback;
}

// Every setting is read below with its literal key: the manifest test checks each contributed one is.

/** The language features' settings. */
export interface LanguageSettings {
  /** Master switch of the diagnostics. */
  readonly diagnosticsEnabled: boolean;
  /** Delay between the last keystroke and the diagnostics pass. */
  readonly debounceMs: number;
  /** Each rule on or off. */
  readonly rules: Readonly<Record<RuleId, boolean>>;
}

export function readLanguageSettings(source: SettingsSource): LanguageSettings {
  const config = section(source);
  const rules: Record<RuleId, boolean> = {
    unknownId: bool(config, 'diagnostics.unknownId', true),
    invalidArgument: bool(config, 'diagnostics.invalidArgument', true),
    identityShape: bool(config, 'diagnostics.identityShape', true),
    orthogonalRank: bool(config, 'diagnostics.orthogonalRank', true),
    keras2Name: bool(config, 'diagnostics.keras2Name', true),
    sharedSeededInstance: bool(config, 'diagnostics.sharedSeededInstance', true),
    modelBuild: bool(config, 'diagnostics.modelBuild', true),
  };
  return {
    diagnosticsEnabled: bool(config, 'diagnostics.enabled', true),
    debounceMs: clampedNumber(config, 'diagnostics.debounceMs', DEBOUNCE_MS),
    rules: Object.freeze(rules),
  };
}

export function sameLanguageSettings(a: LanguageSettings, b: LanguageSettings): boolean {
  return (
    a.diagnosticsEnabled === b.diagnosticsEnabled &&
    a.debounceMs === b.debounceMs &&
    (Object.keys(a.rules) as RuleId[]).every((r) => a.rules[r] === b.rules[r])
  );
}

/** The generator's settings. */
export interface GenerateSettings {
  readonly defaultFormat: WeightFormat;
  readonly defaultDType: string;
  readonly inMemoryLimitBytes: number;
}

export function readGenerateSettings(source: SettingsSource): GenerateSettings {
  const config = section(source);
  return {
    defaultFormat: oneOf<WeightFormat>(
      config,
      'generate.defaultFormat',
      WEIGHT_FORMATS.map((f) => f.format),
      'npy',
    ),
    defaultDType: oneOf(config, 'generate.defaultDType', WEIGHT_FILE_DTYPES, 'float32'),
    inMemoryLimitBytes: clampedNumber(config, 'generate.inMemoryLimitMB', IN_MEMORY_LIMIT_MB) * 1024 * 1024,
  };
}

/** The preview's settings. */
export interface PreviewSettings {
  readonly followCursor: boolean;
  readonly sampleSize: number;
}

export function readPreviewSettings(source: SettingsSource): PreviewSettings {
  const config = section(source);
  return {
    followCursor: bool(config, 'preview.followCursor', false),
    sampleSize: clampedNumber(config, 'preview.sampleSize', SAMPLE_SIZE),
  };
}

/** The model summary's settings. */
export interface SummarySettings {
  /** A "Model summary" CodeLens above each model. */
  readonly codeLensEnabled: boolean;
}

export function readSummarySettings(source: SettingsSource): SummarySettings {
  const config = section(source);
  return { codeLensEnabled: bool(config, 'codeLens.enabled', true) };
}

export const CHECK_BATCH_SIZE: NumberRange = { minimum: 1, maximum: MAX_BATCH_SIZE, default: DEFAULT_CHECK_SETTINGS.batchSize };

/** The initialization check's settings: where a new check starts (its panel's controls change them per run). */
export interface CheckStartSettings {
  readonly batchSize: number;
  readonly training: boolean;
}

export function readCheckSettings(source: SettingsSource): CheckStartSettings {
  const config = section(source);
  return { batchSize: clampedNumber(config, 'check.batchSize', CHECK_BATCH_SIZE), training: bool(config, 'check.training', false) };
}
