/** `keras-init`: the command dispatcher, with exit statuses 0 (success), 1 (failure), 2 (usage), 130 (interrupted). */
import { CoreError, WeightFileError, errorText } from '../core/index';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateCommand, layerCommand } from './generate';
import { MAIN_HELP } from './help';
import { describeCommand, listCommand } from './info';
import { modelCommand } from './model';
import { EXIT, UsageError, type CliIo } from './io';

const COMMANDS: Readonly<Record<string, (argv: string[], io: CliIo) => number | Promise<number>>> = {
  generate: generateCommand,
  layer: layerCommand,
  describe: describeCommand,
  list: listCommand,
  model: modelCommand,
};

/** The package's version, from the package.json above this file (dist/cli.js or src/cli/main.ts). */
function packageVersion(): string {
  for (let dir = __dirname, up = 0; up < 4; up++, dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'keras-initializers' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // Not here; look one folder up.
    }
  }
  return 'unknown';
}

/** parseArgs reports unknown options and missing values with these codes. */
function isParseArgsError(e: unknown): e is Error {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

/** Runs one command line (without the `node cli.js` prefix) and returns the exit status. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    if (command === 'help' && rest[0] !== undefined && COMMANDS[rest[0]] !== undefined) return main([rest[0], '--help'], io);
    (command === undefined ? io.stderr : io.stdout).write(MAIN_HELP);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  if (command === '--version' || command === '-V') {
    io.stdout.write(`${packageVersion()}\n`);
    return EXIT.ok;
  }
  const run = COMMANDS[command];
  if (run === undefined) {
    io.stderr.write(
      `keras-init: unknown command '${command}'; the commands are ${Object.keys(COMMANDS).join(', ')}. Run 'keras-init --help'.\n`,
    );
    return EXIT.usage;
  }
  try {
    return await run(rest, io);
  } catch (e) {
    if (e instanceof UsageError || isParseArgsError(e)) {
      io.stderr.write(`keras-init ${command}: ${e.message}\nRun 'keras-init ${command} --help' for its options.\n`);
      return EXIT.usage;
    }
    if (e instanceof WeightFileError && e.code === 'CANCELLED') {
      io.stderr.write(`keras-init ${command}: interrupted; ${e.message}\n`);
      return EXIT.interrupted;
    }
    if (e instanceof CoreError) {
      const kind = e.kerasType !== undefined ? `${e.kerasType}: ` : '';
      io.stderr.write(`keras-init ${command}: ${kind}${e.message}\n`);
      return EXIT.failure;
    }
    if (e instanceof WeightFileError) {
      io.stderr.write(`keras-init ${command}: ${e.message}\n`);
      return EXIT.failure;
    }
    io.stderr.write(`keras-init ${command}: ${errorText(e)}\n`);
    return EXIT.failure;
  }
}
