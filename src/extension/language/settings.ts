/**
 * The language features' settings, read once per change into an immutable snapshot with defaults
 * and clamping (a hand-edited settings.json can hold anything).
 */
import * as vscode from 'vscode';
import type { RuleId } from '../../core/index';

export interface LanguageSettings {
  /** Master switch of the diagnostics. */
  readonly diagnosticsEnabled: boolean;
  /** Delay between the last keystroke and the diagnostics pass. */
  readonly debounceMs: number;
  /** Each rule on or off. */
  readonly rules: Readonly<Record<RuleId, boolean>>;
}

export const SECTION = 'kerasInitializers';
const DEBOUNCE_DEFAULT_MS = 300;
const DEBOUNCE_MAX_MS = 5000;

function bool(config: vscode.WorkspaceConfiguration, key: string, fallback: boolean): boolean {
  const value = config.get<unknown>(key);
  return typeof value === 'boolean' ? value : fallback;
}

/** A number of milliseconds in [0, 5000]; anything else falls back to the default. */
function debounce(config: vscode.WorkspaceConfiguration): number {
  const value = config.get<unknown>('diagnostics.debounceMs');
  if (typeof value !== 'number' || !Number.isFinite(value)) return DEBOUNCE_DEFAULT_MS;
  return Math.min(DEBOUNCE_MAX_MS, Math.max(0, Math.round(value)));
}

export function readLanguageSettings(): LanguageSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  // One literal key per rule: the manifest test checks that every contributed setting is read here.
  const rules: Record<RuleId, boolean> = {
    unknownId: bool(config, 'diagnostics.unknownId', true),
    invalidArgument: bool(config, 'diagnostics.invalidArgument', true),
    identityShape: bool(config, 'diagnostics.identityShape', true),
    orthogonalRank: bool(config, 'diagnostics.orthogonalRank', true),
    keras2Name: bool(config, 'diagnostics.keras2Name', true),
    sharedSeededInstance: bool(config, 'diagnostics.sharedSeededInstance', true),
  };
  return {
    diagnosticsEnabled: bool(config, 'diagnostics.enabled', true),
    debounceMs: debounce(config),
    rules: Object.freeze(rules),
  };
}

export function sameSettings(a: LanguageSettings, b: LanguageSettings): boolean {
  return (
    a.diagnosticsEnabled === b.diagnosticsEnabled &&
    a.debounceMs === b.debounceMs &&
    (Object.keys(a.rules) as RuleId[]).every((r) => a.rules[r] === b.rules[r])
  );
}
