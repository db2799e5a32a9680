import tseslint from 'typescript-eslint';

const nodeModules = [
  'fs',
  'path',
  'os',
  'child_process',
  'worker_threads',
  'crypto',
  'util',
  'stream',
  'zlib',
  'http',
  'https',
  'net',
  'url',
  'events',
  'buffer',
  'process',
];

/** Every part outside the core imports it through its public entry, `src/core/index.ts`. */
const coreEntryOnly = {
  group: ['**/core/**', '!**/core/index'],
  message: 'Import the core through its public entry (core/index), never a file inside it.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', '.cache/**', 'artifacts/**', 'samples/**', 'esbuild.js'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      // Type information for the rules that need it; each file is checked with its nearest tsconfig.json.
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // A switch over a union lists every member: a new member is a lint error, not a silent `default:`.
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: false, requireDefaultForNonUnion: true },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      curly: ['error', 'multi-line'],
    },
  },
  {
    // The core is isomorphic: it runs in Node, in the webview and in workers.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['vscode', ...nodeModules].map((name) => ({
            name,
            message: 'src/core must stay isomorphic: no vscode, Node or DOM imports.',
          })),
          patterns: [
            { group: ['node:*'], message: 'src/core must stay isomorphic: no Node modules.' },
            {
              group: ['**/extension/**', '**/webview/**', '**/cli/**', '**/protocol/**', '**/node/**'],
              message: 'src/core imports nothing outside itself.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'require', 'Buffer', 'navigator'],
    },
  },
  {
    files: ['src/webview/**/*.ts', 'src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The webview and the protocol never import vscode.' }],
          patterns: [
            {
              group: ['**/extension/**', '**/cli/**', '**/node/**'],
              message: 'The webview and the protocol import only core and protocol.',
            },
            coreEntryOnly,
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The CLI runs without VS Code.' }],
          patterns: [
            { group: ['**/extension/**', '**/webview/**', '**/protocol/**'], message: 'The CLI imports only core and node.' },
            coreEntryOnly,
          ],
        },
      ],
    },
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/webview/**', '**/cli/**'], message: 'The extension imports core, protocol and node.' }, coreEntryOnly] },
      ],
    },
  },
  {
    // The browser build's counterparts of src/node (swapped in by esbuild for dist/web/extension.js).
    files: ['src/web/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/web mirrors src/node: no VS Code.' }],
          patterns: [
            {
              group: ['node:*', '**/extension/**', '**/webview/**', '**/cli/**', '**/protocol/**', '**/node/**'],
              message: 'src/web imports only the core: it runs in a web worker, without Node.',
            },
            coreEntryOnly,
          ],
        },
      ],
    },
  },
  {
    // Node's file system under the core's protocols, shared by the CLI and the extension.
    files: ['src/node/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/node runs without VS Code.' }],
          patterns: [
            {
              group: ['**/extension/**', '**/webview/**', '**/cli/**', '**/protocol/**'],
              message: 'src/node imports only the core and Node built-ins.',
            },
            coreEntryOnly,
          ],
        },
      ],
    },
  },
);
