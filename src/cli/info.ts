/** `keras-init describe` and `keras-init list`: what an initializer computes, and every accepted id. */
import { parseArgs } from 'node:util';
import { REGISTRY, describe, registryEntry, type DescribedLaw, type InitializerDescription } from '../core/index';
import { readInitializer } from './generate';
import { DESCRIBE_HELP, LIST_HELP } from './help';
import { EXIT, UsageError, type CliIo } from './io';
import { parseShapeOption } from './options';

function num(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}

function lawText(law: DescribedLaw | undefined): string | undefined {
  switch (law?.kind) {
    case undefined:
      return undefined;
    case 'normal':
      return `normal, mean ${num(law.mean)}, std ${num(law.std)}`;
    case 'truncated_normal':
      return `truncated normal, mean ${num(law.mean)}, stddev ${num(law.std)} before truncation to [${num(law.lower)}, ${num(law.upper)}]`;
    case 'uniform':
      return `uniform on [${num(law.low)}, ${num(law.high)})`;
    case 'constant':
      return `constant ${num(law.value)}`;
    case 'empirical':
      return 'no closed form (see the formula)';
  }
}

export function describeCommand(argv: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { shape: { type: 'string', short: 's' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout.write(DESCRIBE_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    throw new UsageError('describe takes one <initializer>, e.g. keras-init describe he_normal --shape 784,256.', 'describe');
  }
  const init = readInitializer(positionals[0]);
  const shape = values.shape !== undefined ? parseShapeOption('--shape', values.shape) : undefined;
  const d: InitializerDescription = describe(init, shape);
  const entry = registryEntry(init.className);
  if (values.json) {
    io.stdout.write(
      `${JSON.stringify({ ...d, shape: shape ?? null, config: init.getConfig(), summary: entry?.summary ?? null }, null, 2)}\n`,
    );
    return EXIT.ok;
  }
  const rows: [string, string | undefined][] = [
    ['config', JSON.stringify(init.getConfig())],
    ['summary', entry?.summary],
    ['shape', shape !== undefined ? `(${shape.join(', ')})` : undefined],
    ['fans', d.fanIn !== undefined ? `fan_in ${d.fanIn}, fan_out ${d.fanOut ?? ''}` : undefined],
    ['law', lawText(d.law)],
    ['stddev', d.std !== undefined ? num(d.std) : undefined],
    ['limit', d.limit !== undefined ? num(d.limit) : undefined],
    ['values', d.expectedStd !== undefined ? `mean ${num(d.expectedMean ?? 0)}, std ${num(d.expectedStd)}` : undefined],
    ['formula', d.formula],
  ];
  io.stdout.write(`${init.className}\n`);
  for (const [label, text] of rows) if (text !== undefined) io.stdout.write(`  ${label.padEnd(8)} ${text}\n`);
  if (shape === undefined && entry?.usesFans) io.stdout.write('  (give --shape to compute the fans and the std or limit)\n');
  return EXIT.ok;
}

export function listCommand(argv: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout.write(LIST_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new UsageError(`list takes no arguments; unexpected: ${positionals.join(' ')}.`, 'list');
  if (values.json) {
    const out = REGISTRY.map((e) => ({
      className: e.className,
      ids: [e.className, ...e.aliases],
      keras2OnlyNames: e.keras2OnlyNames,
      seeded: e.seeded,
      usesFans: e.usesFans,
      summary: e.summary,
      args: e.args.map((a) => ({ name: a.name, type: a.type, default: a.default })),
    }));
    io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return EXIT.ok;
  }
  const width = Math.max(...REGISTRY.map((e) => e.className.length)) + 2;
  for (const e of REGISTRY) {
    io.stdout.write(`${e.className.padEnd(width)}${[e.className, ...e.aliases].join(', ')}\n${' '.repeat(width)}${e.summary}\n`);
  }
  return EXIT.ok;
}
