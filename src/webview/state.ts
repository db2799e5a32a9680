/**
 * The panel's state and every change to it, as a pure reducer: the controls, the host's patches and
 * restored state all go through `reduce`, so what the panel shows is a function of the actions it saw.
 * Values are kept well-typed (see the protocol guards); whether Keras accepts them is checked by the core
 * when the initializer is built, and its message is shown.
 */
import type { Activation, ClassName, DType } from '../core/index';
import {
  CALL_INDEX_MAX,
  MAX_DIMENSION,
  MAX_RANK,
  PROPAGATION_LIMITS,
  SEED_LIMIT,
  clampSampleSize,
  configurableArgs,
  defaultArgs,
  isArgValueFor,
  type ArgValue,
  type CodeStyle,
  type ConfigPatch,
  type InputDistributionName,
  type PreviewConfig,
  type PreviewState,
  type PropagationSettings,
  type SeedSetting,
} from '../protocol/previewConfig';

/** Shapes of common weights, for the shape presets. */
export const SHAPE_PRESETS: readonly { readonly id: string; readonly label: string; readonly shape: readonly number[] }[] = [
  { id: 'dense', label: 'Dense 784 → 256 (784, 256)', shape: [784, 256] },
  { id: 'conv2d', label: 'Conv2D 3×3, 64 → 128 (3, 3, 64, 128)', shape: [3, 3, 64, 128] },
  { id: 'lstm', label: 'LSTM recurrent, 256 units (256, 1024)', shape: [256, 1024] },
  { id: 'embedding', label: 'Embedding 10000 × 128 (10000, 128)', shape: [10000, 128] },
];

/** The preset a shape matches, or undefined for a custom shape. */
export function presetOf(shape: readonly number[]): string | undefined {
  return SHAPE_PRESETS.find((p) => p.shape.length === shape.length && p.shape.every((d, i) => d === shape[i]))?.id;
}

/** A shape the initializer can use when the current one has the wrong rank (Identity 2-D, Orthogonal ≥ 2-D, STFT 3-D). */
function shapeFitFor(className: ClassName, shape: readonly number[]): readonly number[] {
  if (className === 'STFT') return shape.length === 3 ? shape : [256, 1, 129];
  if (className === 'Identity') return shape.length === 2 ? shape : [256, 256];
  if (className === 'Orthogonal') return shape.length >= 2 ? shape : [256, 256];
  return shape;
}

export type Action =
  | { readonly type: 'setInitializer'; readonly className: ClassName }
  | { readonly type: 'setArg'; readonly name: string; readonly value: ArgValue }
  | { readonly type: 'setShape'; readonly shape: readonly number[] }
  | { readonly type: 'setDtype'; readonly dtype: DType }
  | { readonly type: 'setSeed'; readonly value: number }
  | { readonly type: 'setSeedKind'; readonly kind: SeedSetting['kind'] }
  | { readonly type: 'setCallIndex'; readonly callIndex: number }
  | { readonly type: 'setSampleSize'; readonly sampleSize: number }
  | { readonly type: 'setFollowCursor'; readonly enabled: boolean }
  | { readonly type: 'setLogScale'; readonly enabled: boolean }
  | { readonly type: 'setCodeStyle'; readonly style: CodeStyle }
  | {
      readonly type: 'setPropagation';
      readonly settings: Partial<Omit<PropagationSettings, 'activation' | 'input' | 'compareWith'>> & {
        readonly activation?: Activation;
        readonly input?: InputDistributionName;
        readonly compareWith?: ClassName;
      };
    }
  | { readonly type: 'applyPatch'; readonly patch: ConfigPatch };

function withConfig(state: PreviewState, config: Partial<PreviewConfig>): PreviewState {
  const next = { ...state.config, ...config };
  // The text telling where the shape comes from goes with that shape only.
  if (next.shapeSource !== undefined && !('shapeSource' in config) && !sameShape(next.shape, state.config.shape)) {
    const { shapeSource: _dropped, ...rest } = next;
    return { ...state, config: rest };
  }
  return { ...state, config: next };
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** The configuration without a note on where its shape came from (the shape is no longer that one). */
export function withoutShapeSource(config: PreviewConfig): PreviewConfig {
  if (!Object.prototype.hasOwnProperty.call(config, 'shapeSource')) return config;
  const copy: { -readonly [K in keyof PreviewConfig]: PreviewConfig[K] } = { ...config };
  delete copy.shapeSource;
  return copy;
}

/** A configuration change that gives a new shape: the shape is no longer the one its source described. */
function withShape(state: PreviewState, config: Partial<PreviewConfig> & { readonly shape: readonly number[] }): PreviewState {
  return { ...state, config: { ...withoutShapeSource(state.config), ...config } };
}

function clampInt(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return min;
  return Math.min(max, Math.max(min, Math.round(value)));
}

function isValidShape(shape: readonly number[]): boolean {
  return (
    shape.length <= MAX_RANK &&
    shape.every((d) => Number.isSafeInteger(d) && d >= 0 && d <= MAX_DIMENSION) &&
    shape.reduce((a, b) => a * b, 1) <= Number.MAX_SAFE_INTEGER
  );
}

/**
 * A shape from a patch whose dimensions may be unknown (null): all known → that shape; same rank as
 * the current shape → the known dimensions replace the current ones; otherwise the current shape stays.
 */
export function mergeShape(current: readonly number[], incoming: readonly (number | null)[]): readonly number[] {
  if (incoming.every((d): d is number => d !== null)) return incoming;
  if (incoming.length !== current.length) return current;
  return incoming.map((d, i) => d ?? current[i]);
}

/** Arguments of a patch over the class's defaults, dropping what the class does not take or the wrong type. */
function argsFor(className: ClassName, given: Readonly<Record<string, ArgValue>>): Record<string, ArgValue> {
  const args = defaultArgs(className);
  for (const spec of configurableArgs(className)) {
    if (Object.prototype.hasOwnProperty.call(given, spec.name) && isArgValueFor(spec, given[spec.name])) args[spec.name] = given[spec.name];
  }
  return args;
}

function clampSeed(value: number): number {
  return clampInt(value, -SEED_LIMIT, SEED_LIMIT);
}

function clampPropagation(
  current: PropagationSettings,
  change: Extract<Action, { type: 'setPropagation' }>['settings'],
): PropagationSettings {
  const next = { ...current, ...change };
  return {
    ...next,
    depth: clampInt(next.depth, PROPAGATION_LIMITS.depth.min, PROPAGATION_LIMITS.depth.max),
    width: clampInt(next.width, PROPAGATION_LIMITS.width.min, PROPAGATION_LIMITS.width.max),
    batch: clampInt(next.batch, PROPAGATION_LIMITS.batch.min, PROPAGATION_LIMITS.batch.max),
  };
}

export function reduce(state: PreviewState, action: Action): PreviewState {
  switch (action.type) {
    case 'setInitializer': {
      if (action.className === state.config.className) return state;
      const shape = shapeFitFor(action.className, state.config.shape);
      const change = { className: action.className, args: defaultArgs(action.className) };
      // The shape (and its source) stays unless the new initializer needs another rank.
      return shape === state.config.shape ? withConfig(state, change) : withShape(state, { ...change, shape });
    }
    case 'setArg': {
      const spec = configurableArgs(state.config.className).find((s) => s.name === action.name);
      if (!spec || !isArgValueFor(spec, action.value)) return state;
      return withConfig(state, { args: { ...state.config.args, [action.name]: action.value } });
    }
    case 'setShape':
      // The user's own shape: whatever the model said about the previous one no longer applies.
      return isValidShape(action.shape) ? withShape(state, { shape: [...action.shape] }) : state;
    case 'setDtype':
      return withConfig(state, { dtype: action.dtype });
    case 'setSeed': {
      const value = clampSeed(action.value);
      const seed: SeedSetting = state.config.seed.kind === 'int' ? { kind: 'int', value } : { ...state.config.seed, value };
      return withConfig(state, { seed });
    }
    case 'setSeedKind': {
      const { seed } = state.config;
      if (seed.kind === action.kind) return state;
      return withConfig(state, {
        seed: action.kind === 'int' ? { kind: 'int', value: seed.value } : { kind: 'generator', value: seed.value, callIndex: 0 },
      });
    }
    case 'setCallIndex': {
      const { seed } = state.config;
      if (seed.kind !== 'generator') return state;
      return withConfig(state, { seed: { ...seed, callIndex: clampInt(action.callIndex, 0, CALL_INDEX_MAX) } });
    }
    case 'setSampleSize':
      return withConfig(state, { sampleSize: clampSampleSize(action.sampleSize) });
    case 'setFollowCursor':
      return { ...state, followCursor: action.enabled };
    case 'setLogScale':
      return { ...state, view: { ...state.view, logScale: action.enabled } };
    case 'setCodeStyle':
      return { ...state, view: { ...state.view, codeStyle: action.style } };
    case 'setPropagation':
      return { ...state, view: { ...state.view, propagation: clampPropagation(state.view.propagation, action.settings) } };
    case 'applyPatch': {
      const { patch } = action;
      const merged = patch.shape !== undefined ? mergeShape(state.config.shape, patch.shape) : state.config.shape;
      const shape = isValidShape(merged) ? merged : state.config.shape;
      const fromPatch = patch.shape !== undefined && patch.shape.length === shape.length && patch.shape.every((d, i) => d === shape[i]);
      const { shapeSource: _previous, ...config } = state.config;
      return {
        ...state,
        config: {
          ...config,
          className: patch.className,
          args: argsFor(patch.className, patch.args),
          shape,
          dtype: patch.dtype ?? state.config.dtype,
          seed: patch.seed ?? state.config.seed,
          ...(fromPatch && patch.shapeSource !== undefined ? { shapeSource: patch.shapeSource } : {}),
        },
      };
    }
  }
}

// --- parsing the text of the controls ---

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** The text inside one pair of () or [] (or the text itself without brackets); undefined when unbalanced. */
function unbracket(text: string): string | undefined {
  const t = text.trim();
  const m = /^\((.*)\)$/s.exec(t) ?? /^\[(.*)\]$/s.exec(t);
  const inner = m ? m[1] : t;
  return /[()[\]]/.test(inner) ? undefined : inner.trim();
}

/** Python allows one trailing comma, as in (10,). */
function withoutTrailingEmpty(parts: string[]): string[] {
  return parts.length > 1 && parts[parts.length - 1] === '' ? parts.slice(0, -1) : parts;
}

/**
 * A shape typed by the user: integers separated by commas, spaces or ×/x, optionally in () or [];
 * "()" or "" is the scalar shape.
 */
export function parseShapeText(text: string): Parsed<number[]> {
  const inner = unbracket(text);
  if (inner === undefined) return { ok: false, error: 'unbalanced brackets: write e.g. 784, 256 or (784, 256)' };
  if (inner === '') return { ok: true, value: [] };
  const parts = withoutTrailingEmpty(inner.split(/\s*(?:,|×|x|X|\*|\s)\s*/));
  const shape: number[] = [];
  for (const part of parts) {
    if (!/^\d+$/.test(part)) return { ok: false, error: `"${part}" is not a dimension: use non-negative integers, e.g. 784, 256` };
    const d = Number(part);
    if (d > MAX_DIMENSION) return { ok: false, error: `dimension ${part} is larger than ${MAX_DIMENSION}` };
    shape.push(d);
  }
  if (shape.length > MAX_RANK) return { ok: false, error: `rank ${shape.length} is more than the ${MAX_RANK} the preview handles` };
  if (!isValidShape(shape)) return { ok: false, error: 'the shape has more elements than can be counted exactly' };
  return { ok: true, value: shape };
}

/** The text a shape is shown as in its input: "784, 256". */
export function shapeText(shape: readonly number[]): string {
  return shape.join(', ');
}

/** A float argument typed as Python would write it (1, 1.5, -2e-3); inf and nan are refused (JSON cannot carry them). */
export function parseFloatText(text: string): Parsed<number> {
  const t = text.trim().replace(/_/g, '');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return { ok: false, error: `"${text.trim()}" is not a number` };
  const value = Number(t);
  if (!Number.isFinite(value)) return { ok: false, error: `"${text.trim()}" is out of the float range` };
  return { ok: true, value };
}

/** An integer typed by the user (seed, call index, sizes). */
export function parseIntegerText(text: string, min: number, max: number): Parsed<number> {
  const t = text.trim().replace(/_/g, '');
  if (!/^[+-]?\d+$/.test(t)) return { ok: false, error: `"${text.trim()}" is not an integer` };
  const value = Number(t);
  if (!Number.isSafeInteger(value) || value < min || value > max) return { ok: false, error: `use an integer from ${min} to ${max}` };
  return { ok: true, value };
}

/** `input_axes` / `output_axes`: "None" (or empty) or a list of integer axes such as "0, 1" or "[-2, -1]". */
export function parseAxesText(text: string): Parsed<number[] | null> {
  const t = text.trim();
  if (t === '' || t === 'None') return { ok: true, value: null };
  const inner = unbracket(t);
  if (inner === undefined) return { ok: false, error: 'unbalanced brackets: write None or e.g. 0, 1' };
  const parts = inner === '' ? [] : withoutTrailingEmpty(inner.split(/\s*,\s*/));
  const axes: number[] = [];
  for (const part of parts) {
    if (!/^[+-]?\d+$/.test(part) || Math.abs(Number(part)) > MAX_RANK * 8) {
      return { ok: false, error: `"${part}" is not an axis: use None or integers, e.g. 0, 1` };
    }
    axes.push(Number(part));
  }
  if (axes.length > MAX_RANK) return { ok: false, error: `at most ${MAX_RANK} axes` };
  return { ok: true, value: axes };
}

/** The text an axes argument is shown as: "None" or "0, 1". */
export function axesText(value: ArgValue): string {
  return Array.isArray(value) ? value.join(', ') : 'None';
}

/** A note's text cut at its `code` spans: "kernel of `Dense(256)`" → text "kernel of ", code "Dense(256)". */
export function codeSpans(text: string): { readonly code: boolean; readonly text: string }[] {
  const spans: { code: boolean; text: string }[] = [];
  const parts = text.split('`');
  // An odd count of backticks leaves the last one unpaired: it is shown as it is.
  const paired = parts.length % 2 === 1 ? parts.length : parts.length - 1;
  for (let i = 0; i < parts.length; i++) {
    const code = i % 2 === 1 && i < paired;
    const piece = i >= paired ? `\`${parts[i]}` : parts[i];
    if (piece === '') continue;
    const last = spans[spans.length - 1];
    if (last && last.code === code) last.text += piece;
    else spans.push({ code, text: piece });
  }
  return spans;
}
