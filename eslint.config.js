import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'net',
  'url',
  'worker_threads',
];

const electronOnlyInShell = {
  group: ['electron', 'electron-store'],
  message:
    'Only the Electron shell (src-main/index.ts, src-main/electron/) imports electron; inject an interface instead.',
};
const nodeNeverImportsRenderer = {
  group: ['**/src-renderer/**'],
  message: 'Node code never imports the renderer.',
};

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'node_modules/**',
      'dist/**',
      'test-results/**',
      'playwright-report/**',
      'bench/results/**',
      'tmp-exp/**',
      'quire-server-data/**',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    // The default resolver chokes on vite's package exports; the node resolver handles them.
    settings: { 'import-x/resolver-next': [createNodeResolver()], 'import-x/ignore': ['node_modules'] },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
      // A switch over a union names every member, or says what the rest do with a `default`.
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
    },
  },
  {
    // Vitest's asymmetric matchers are typed `any`, and destructured helpers read naturally in tests.
    files: ['tests/**/*.ts', 'tests/**/*.tsx'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  // Boundaries: folders by runtime.
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron-*', ...nodeBuiltins],
              message: 'src-shared is runtime-neutral: no Electron or Node imports.',
            },
            {
              group: [
                'react',
                'react-dom',
                '**/src-main/**',
                '**/src-renderer/**',
                '**/src-preload/**',
                '**/sync-server/**',
              ],
              message: 'src-shared imports nothing from the apps.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron-*', ...nodeBuiltins, 'better-sqlite3', 'conf', 'keytar'],
              message: 'The renderer is sandboxed: no Electron or Node imports; talk to main through tRPC.',
            },
            {
              group: ['**/src-main/**'],
              allowTypeImports: true,
              message: 'The renderer imports only `type AppRouter` from src-main.',
            },
          ],
        },
      ],
    },
  },
  {
    // Only the Electron shell (src-main/index.ts, src-main/electron/**) and the preload may import electron.
    files: ['src-main/**/*.ts', 'tests/**/*.ts', 'bench/**/*.ts'],
    ignores: ['src-main/index.ts', 'src-main/electron/**', 'tests/renderer/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [electronOnlyInShell, nodeNeverImportsRenderer] }],
    },
  },
  {
    // The device talks to the server through the wire contract; it may name the router's type only.
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/index.ts', 'src-main/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            electronOnlyInShell,
            nodeNeverImportsRenderer,
            {
              group: ['**/sync-server/**'],
              allowTypeImports: true,
              message: 'src-main imports only `type SyncServerRouter` from the server.',
            },
          ],
        },
      ],
    },
  },
  {
    // Services read time and randomness only through the injected Clock/Random (src-main/clock.ts);
    // the composition points that wire the real ones in are exempt. Timers are not banned yet.
    files: ['src-main/**/*.ts'],
    ignores: [
      'src-main/clock.ts',
      'src-main/index.ts',
      'src-main/cli/**',
      'src-main/electron/**',
      'src-main/web/**',
    ],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Services read time from the injected Clock.' },
        { object: 'Math', property: 'random', message: 'Services draw randomness from an injected Random.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Services read time from the injected Clock: new Date(clock.now()).',
        },
      ],
    },
  },
  {
    // The server is its own program: it shares src-shared and nothing else with the app.
    files: ['sync-server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            electronOnlyInShell,
            {
              group: ['**/src-main/**', '**/src-renderer/**', '**/src-preload/**'],
              message: 'sync-server imports only src-shared from the app.',
            },
          ],
        },
      ],
    },
  },
);
