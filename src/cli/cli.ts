import { CLASS_NAMES } from '../core/index';

function main(argv: string[]): number {
  if (argv[0] === 'list') {
    for (const name of CLASS_NAMES) console.log(name);
    return 0;
  }
  console.error('usage: keras-init list');
  return 2;
}

process.exitCode = main(process.argv.slice(2));
