/**
 * The hover over a Keras initializer in Python source, as Markdown: what it is, its law and formula
 * with this call's numbers (from the literal arguments and the shape the layer makes known, or a
 * table over typical fans), its defaults, Keras 3's seed semantics, the PyTorch equivalent, the
 * documentation link and command links carrying this exact configuration. Pure: (text, offset) in,
 * plain data out; the extension only wraps it in a vscode.Hover.
 */
import { formatNumber, type DescribedLaw, type InitializerDescription } from '../initializers/describe';
import type { InitializerSpec } from '../initializers/initializer';
import type { ArgSpec } from '../initializers/registry';
import { pyFloatRepr, pyStrRepr } from '../initializers/pyFormat';
import { findInitializerAt } from '../python/findInitializerAt';
import type { ArgumentInfo, InitializerExpression, SourceRange } from '../python/types';
import { commandUri, DEFAULT_HOVER_COMMANDS, type HoverCommands } from './commands';
import {
  initializerFacts,
  isMissingConstantValue,
  keras3NameOf,
  type FanTable,
  type InitializerCommandArgs,
  type InitializerFacts,
} from './facts';
import { clip, code, escapeMarkdown, table } from './markdown';
import { kerasShapeError, shapeText } from './shapes';
import { englishText, type Translate } from './translate';
import { suggestionsFor, unknownNameMessage } from './unknownId';

export interface HoverOptions {
  /** Localizes the text (vscode.l10n.t in the extension). */
  readonly t?: Translate;
  /** The command ids of the Preview and Generate links. */
  readonly commands?: HoverCommands;
}

export interface HoverContent {
  readonly markdown: string;
  /** The text the hover is about (the name under the cursor, or the whole expression). */
  readonly range: SourceRange;
  /** What the Preview and Generate links carry, when Keras accepts the configuration. */
  readonly commandArgs?: InitializerCommandArgs;
}

const n = formatNumber;

export { shapeText };

/** A registry default as Python writes it: `0.05`, `'fan_in'`, `None`, `False`. */
function pyDefault(arg: ArgSpec): string {
  const d = arg.default;
  if (d === null) return 'None';
  if (typeof d === 'boolean') return d ? 'True' : 'False';
  if (typeof d === 'string') return pyStrRepr(d);
  return arg.type === 'float' ? pyFloatRepr(d) : String(d);
}

/** The constructor signature with Keras's defaults: `HeNormal(seed=None, input_axes=None, output_axes=None)`. */
export function signature(className: string, args: readonly ArgSpec[]): string {
  return `${className}(${args.map((a) => `${a.name}=${pyDefault(a)}`).join(', ')})`;
}

function lawName(spec: InitializerSpec, t: Translate): string {
  switch (spec.family) {
    case 'random_normal':
      return t('normal');
    case 'truncated_normal':
      return t('truncated normal (values beyond 2 stddev redrawn)');
    case 'random_uniform':
      return t('uniform');
    case 'variance_scaling':
      return spec.distribution === 'uniform'
        ? t('uniform, scaled by the fans')
        : spec.distribution === 'untruncated_normal'
          ? t('normal, scaled by the fans')
          : t('truncated normal (at 2 stddev), scaled by the fans');
    case 'zeros':
    case 'ones':
    case 'constant':
      return t('constant');
    case 'orthogonal':
      return t('orthogonal matrix');
    case 'identity':
      return t('identity matrix');
    case 'stft':
      return t('STFT kernel (windowed cosines or sines)');
    case 'base':
    case 'tensor':
      return t('given values');
  }
}

/** One line with the numbers of a law: stddev, std of the values, bounds. */
function lawNumbers(d: InitializerDescription, t: Translate): string | undefined {
  const law: DescribedLaw | undefined = d.law;
  if (law === undefined) return undefined;
  switch (law.kind) {
    case 'truncated_normal':
      return t(
        'stddev {0} before truncation · std of the values {1} · values in [{2}, {3}]',
        n(law.std),
        n(d.expectedStd ?? Number.NaN),
        n(law.lower),
        n(law.upper),
      );
    case 'normal':
      return t('mean {0} · stddev {1}', n(law.mean), n(law.std));
    case 'uniform':
      return t('values in [{0}, {1}) · std of the values {2}', n(law.low), n(law.high), n(d.expectedStd ?? Number.NaN));
    case 'constant':
      return t('every value {0}', n(law.value));
    case 'empirical':
      return undefined;
  }
}

function fanTableMarkdown(ft: FanTable, t: Translate): string {
  const first = ft.rows[0]?.description.law;
  const fanHeader = ft.variable === 'square' ? 'fan_in = fan_out' : ft.variable;
  let header: string[];
  let cells: (d: InitializerDescription) => string[];
  if (first?.kind === 'uniform') {
    header = [fanHeader, 'limit', t('std of the values')];
    cells = (d) => [n(d.limit ?? Number.NaN), n(d.expectedStd ?? Number.NaN)];
  } else if (first?.kind === 'truncated_normal') {
    header = [fanHeader, 'stddev', t('std of the values'), t('bounds')];
    cells = (d) => [n(d.std ?? Number.NaN), n(d.expectedStd ?? Number.NaN), `±${n(2 * (d.std ?? Number.NaN))}`];
  } else {
    header = [fanHeader, 'stddev'];
    cells = (d) => [n(d.std ?? Number.NaN)];
  }
  const rows = ft.rows.map((r) => [String(r.fan), ...cells(r.description)]);
  return table(
    header,
    rows,
    header.map(() => true),
  );
}

function whereLine(facts: InitializerFacts, t: Translate): string | undefined {
  const layer = facts.expression.layer;
  if (layer === undefined) return undefined;
  const weight = layer.weight !== undefined ? ` ${layer.weight}` : '';
  const who = `${code(layer.name)}${escapeMarkdown(weight)}`;
  const shape = facts.partialShape;
  if (facts.perShape !== undefined && layer.shapeSource !== undefined) return `${who}, ${escapeMarkdown(layer.shapeSource.text)}`;
  if (shape === undefined) return t('{0}: its shape is not known here.', who);
  const fans: string[] = [];
  const fanIn = facts.shape !== undefined ? facts.call?.fanIn : facts.fanIn;
  const fanOut = facts.shape !== undefined ? facts.call?.fanOut : facts.fanOut;
  if (facts.entry.usesFans) {
    const unknownIn =
      layer.shapeUnknown !== undefined ? t('fan_in unknown ({0})', escapeMarkdown(clip(layer.shapeUnknown, 120))) : undefined;
    fans.push(fanIn !== undefined ? `fan_in = ${fanIn}` : (unknownIn ?? t('fan_in unknown (set by the input)')));
    fans.push(fanOut !== undefined ? `fan_out = ${fanOut}` : t('fan_out unknown'));
  }
  const shapeCode = code(shapeText(shape));
  const line = fans.length > 0 ? t('{0}, shape {1}: {2}', who, shapeCode, fans.join(', ')) : t('{0}, shape {1}', who, shapeCode);
  return facts.shape !== undefined && layer.shapeSource !== undefined
    ? `${line}  \n${t('From the model: {0}', layer.shapeSource.text)}`
    : line;
}

/** One line per shape when the layer call makes layers whose weights differ. */
function perShapeLines(facts: InitializerFacts, t: Translate): string[] {
  const out: string[] = [];
  for (const s of facts.perShape ?? []) {
    const parts = [code(shapeText(s.shape))];
    if (s.count > 1) parts.push(t('({0} weights)', s.count));
    const call = s.call;
    const numbers = call !== undefined && facts.entry.usesFans ? lawNumbers(call, t) : undefined;
    const fans = call?.fanIn !== undefined && facts.entry.usesFans ? `fan_in = ${call.fanIn}, fan_out = ${call.fanOut ?? '?'}` : undefined;
    const shapeError = kerasShapeError(facts.className, s.shape);
    const what = shapeError !== undefined ? code(`ValueError: ${shapeError}`) : [fans, numbers].filter((x) => x !== undefined).join(' · ');
    out.push(`${parts.join(' ')}${what !== '' ? `: ${what}` : ''} — ${s.source}`);
  }
  return out;
}

/** The "Here" block: Markdown lines (joined with hard breaks), then an optional table. */
function hereSection(facts: InitializerFacts, t: Translate): { lines: string[]; table?: string } {
  const out: string[] = [];
  const where = whereLine(facts, t);
  if (where !== undefined) out.push(`**${t('Here')}** ${where}`);
  const shapeError =
    facts.partialShape !== undefined && facts.perShape === undefined ? kerasShapeError(facts.className, facts.partialShape) : undefined;
  if (shapeError !== undefined) out.push(t('Keras raises {0} when the layer is built.', code(`ValueError: ${shapeError}`)));
  if (facts.perShape !== undefined) {
    out.push(...perShapeLines(facts, t));
  } else if (facts.call !== undefined) {
    const numbers = lawNumbers(facts.call, t);
    // describe() substitutes the numbers into the formula (fans, scale, stddev or limit).
    if (facts.call.formula !== facts.general?.formula) out.push(code(facts.call.formula));
    if (numbers !== undefined && facts.entry.usesFans) out.push(numbers);
  } else if (facts.fanTable !== undefined) {
    const ft = facts.fanTable;
    const fixed =
      ft.fixedFanOut !== undefined ? ` (fan_out = ${ft.fixedFanOut})` : ft.fixedFanIn !== undefined ? ` (fan_in = ${ft.fixedFanIn})` : '';
    const what = ft.variable === 'square' ? t('The fans are not known here; for a square weight') : t('{0} is not known here', ft.variable);
    out.push(`${escapeMarkdown(what)}${escapeMarkdown(fixed)}:`);
    return { lines: out, table: fanTableMarkdown(ft, t) };
  } else if (facts.entry.usesFans && facts.instance?.spec.family === 'variance_scaling') {
    out.push(escapeMarkdown(t('The fans come from input_axes / output_axes of a shape not known here.')));
  }
  return { lines: out };
}

/** `seed=42` as written, or the absence of a seed argument. */
function seedArgument(expr: InitializerExpression): ArgumentInfo | undefined {
  return expr.argList.find((a) => a.name === 'seed');
}

function seedSection(facts: InitializerFacts, t: Translate): string | undefined {
  if (!facts.entry.seeded) return undefined;
  const a = seedArgument(facts.expression);
  const otherBackends = t('On the TensorFlow, JAX and PyTorch backends the same seed draws different numbers.');
  let text: string;
  if (a === undefined || (a.literal && a.type === 'None')) {
    text = t(
      'No seed: Keras 3 draws one when the instance is created, so every call of this instance returns identical values (a shared instance gives identical weights to every layer). Pass {0} for fresh values on each call.',
      code('seed=keras.random.SeedGenerator(...)'),
    );
  } else if (a.literal && (a.type === 'int' || a.type === 'bool')) {
    const s = String(Number(a.value));
    text = t(
      '{0}: identical values on every call of this instance, in every layer it is passed to. On the numpy backend they are the values of {1}. Use {2} for fresh values on each call.',
      code(`seed=${a.valueText}`),
      code(`numpy.random.default_rng([${s}, 0])`),
      code(`keras.random.SeedGenerator(${s})`),
    );
  } else if (!a.literal && /\bSeedGenerator\s*\(/.test(a.valueText)) {
    text = t('{0}: a SeedGenerator, so each call draws fresh values (call k uses the seed [s, k]).', code(`seed=${clip(a.valueText, 60)}`));
  } else {
    text = t(
      '{0}: an int seed gives identical values on every call of this instance; a keras.random.SeedGenerator gives fresh values on each call.',
      code(`seed=${clip(a.valueText, 60)}`),
    );
  }
  return `**${t('Seed')}** ${text} ${otherBackends}`;
}

function pytorchLine(facts: InitializerFacts, t: Translate): string {
  const p = facts.entry.pytorch;
  const note = p.note !== '' ? ` ${escapeMarkdown(p.note)}` : '';
  if (p.call === null) return `**PyTorch** ${t('no torch.nn.init equivalent.')}${note}`;
  const match = p.match === 'same' ? t('same law') : t('same variance, not the same law');
  return `**PyTorch** ${code(p.call)} (${match}).${note}`;
}

function argumentsLine(facts: InitializerFacts, t: Translate): string {
  const sig = code(signature(facts.className, facts.entry.args));
  const given = facts.expression.argList.filter((a) => !a.unpacked);
  const parts = [`**${t('Defaults')}** ${sig}`];
  if (given.length > 0) {
    const written = given.map((a) => code(clip(a.keyword && a.name !== undefined ? `${a.name}=${a.valueText}` : a.valueText, 50)));
    parts.push(t('given here: {0}', written.join(', ')));
  }
  if (facts.nonLiteral.length > 0) {
    parts.push(t('not literals, so not used in the numbers: {0}', facts.nonLiteral.map((x) => code(x)).join(', ')));
  }
  return parts.join(' · ');
}

function titleLine(facts: InitializerFacts, t: Translate): string {
  const expr = facts.expression;
  const module = expr.module ?? 'keras.initializers';
  const full = code(`${module}.${facts.className}`);
  let written = '';
  if (expr.form === 'string') written = ` ← ${code(`"${expr.name}"`)}`;
  else if (expr.form === 'dict') written = ` ← ${t('config dict')}`;
  else if (expr.name !== facts.className) written = ` ← ${code(expr.name)}`;
  const via = expr.via !== undefined ? ` ${t('(held by {0})', code(expr.via.variable))}` : '';
  return `**${facts.className}** ${full}${written}${via}`;
}

function linksLine(facts: InitializerFacts, t: Translate, commands: HoverCommands): string {
  const links: string[] = [];
  if (facts.commandArgs !== undefined) {
    links.push(`[${t('Preview')}](${commandUri(commands.preview, facts.commandArgs)} "${t('Open the preview with this configuration')}")`);
    links.push(
      `[${t('Generate weights…')}](${commandUri(commands.generate, facts.commandArgs)} "${t('Write weights with this configuration to a file')}")`,
    );
  }
  links.push(`[${t('Documentation')}](${facts.entry.docUrl})`);
  return links.join(' · ');
}

function isTfKeras(expr: InitializerExpression): boolean {
  const m = expr.module ?? '';
  return m.startsWith('tensorflow') || m.startsWith('tf_keras') || expr.keras2Name !== undefined;
}

/** The hover text for an initializer that Keras 3 knows (its class is resolved). */
export function initializerMarkdown(facts: InitializerFacts, options: HoverOptions = {}): string {
  const t = options.t ?? englishText;
  const commands = options.commands ?? DEFAULT_HOVER_COMMANDS;
  const expr = facts.expression;
  const blocks: string[] = [];
  blocks.push(`${titleLine(facts, t)}  \n${escapeMarkdown(facts.entry.summary)}`);
  if (expr.keras2Name !== undefined) {
    blocks.push(
      t(
        '{0} is a tf.keras 2.x name: Keras 3 does not accept it; use {1}.',
        code(expr.keras2Name),
        code(keras3NameOf(expr.keras2Name) ?? facts.className),
      ),
    );
  }
  if (facts.error !== undefined) {
    const type = facts.error.kerasType !== undefined ? `${facts.error.kerasType}: ` : '';
    const hint = isMissingConstantValue(facts.className, facts.error)
      ? ` ${t('(Constant needs a value: write keras.initializers.Constant(value=...))')}`
      : '';
    blocks.push(`**${t('Keras raises')}** ${code(`${type}${facts.error.message}`)}${escapeMarkdown(hint)}`);
  }
  const spec = facts.instance?.spec;
  const law = spec !== undefined ? lawName(spec, t) : escapeMarkdown(facts.entry.law.replace(/_/g, ' '));
  const formula = facts.general?.formula ?? facts.entry.formula;
  const lawBlock = [`**${t('Law')}** ${law}: ${code(formula)}`];
  // Shape-free laws (RandomNormal, TruncatedNormal...) have their numbers already.
  if (!facts.entry.usesFans && facts.general !== undefined) {
    const numbers = lawNumbers(facts.general, t);
    if (numbers !== undefined) lawBlock.push(numbers);
  }
  blocks.push(lawBlock.join('  \n'));
  if (facts.error === undefined) {
    const here = hereSection(facts, t);
    if (here.lines.length > 0) blocks.push(here.lines.join('  \n'));
    if (here.table !== undefined) blocks.push(here.table);
  }
  blocks.push(argumentsLine(facts, t));
  const seed = seedSection(facts, t);
  if (seed !== undefined) blocks.push(seed);
  blocks.push(pytorchLine(facts, t));
  if (isTfKeras(expr) && facts.entry.keras2Notes.length > 0) {
    blocks.push(`**${t('tf.keras 2.x')}** ${escapeMarkdown(facts.entry.keras2Notes.join(' '))}`);
  }
  blocks.push(linksLine(facts, t, commands));
  return blocks.join('\n\n');
}

/** The hover text for a name Keras 3 rejects: Keras's error and the closest accepted names. */
export function unknownMarkdown(expr: InitializerExpression, options: HoverOptions = {}): string {
  const t = options.t ?? englishText;
  const name = expr.unknownId ?? expr.name;
  const blocks = [`**${t('Not a Keras initializer')}** ${code(name)}`, `${t('Keras raises')} ${code(unknownNameMessage(expr, name))}`];
  const suggestions = suggestionsFor(expr, name);
  if (suggestions.length > 0) blocks.push(t('Did you mean {0}?', suggestions.map((s) => code(s)).join(', ')));
  return blocks.join('\n\n');
}

/** The hover for an expression found by the reader. */
export function hoverFor(expr: InitializerExpression, offset: number, options: HoverOptions = {}): HoverContent {
  const inside = (r: SourceRange): boolean => r.start <= offset && offset <= r.end;
  const range = expr.via !== undefined && inside(expr.via.range) ? expr.via.range : inside(expr.nameRange) ? expr.nameRange : expr.range;
  if (expr.className === undefined) return { markdown: unknownMarkdown(expr, options), range };
  const facts = initializerFacts(expr);
  if (facts === undefined) return { markdown: unknownMarkdown(expr, options), range };
  return {
    markdown: initializerMarkdown(facts, options),
    range,
    ...(facts.commandArgs !== undefined ? { commandArgs: facts.commandArgs } : {}),
  };
}

/** The hover at `offset` in a Python text, or undefined when no Keras initializer is there. */
export function hoverAt(text: string, offset: number, options: HoverOptions = {}): HoverContent | undefined {
  const expr = findInitializerAt(text, offset);
  return expr === undefined ? undefined : hoverFor(expr, offset, options);
}
