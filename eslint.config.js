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
const syncServerTypesOnly = {
  group: ['**/sync-server/**'],
  allowTypeImports: true,
  message: 'src-main imports only `type SyncServerRouter` from the server.',
};
const TIMERS = [
  'setTimeout',
  'setInterval',
  'setImmediate',
  'clearTimeout',
  'clearInterval',
  'clearImmediate',
];
const timersMessage =
  'Services schedule through the injected Scheduler (src-main/clock.ts): scheduler.after(ms, task).';
const timersModules = {
  group: ['timers', 'timers/*', 'node:timers', 'node:timers/*'],
  message: timersMessage,
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
    // The default resolver chokes on vite's package exports; the node resolver handles them. It
    // must try the TypeScript extensions too, or import-x resolves no relative import and
    // `no-cycle` (and every path rule) silently checks nothing.
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.tsx', '.mjs', '.cjs', '.js', '.json', '.node'] }),
      ],
      'import-x/extensions': ['.ts', '.tsx'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/ignore': ['node_modules'],
    },
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
          patterns: [electronOnlyInShell, nodeNeverImportsRenderer, syncServerTypesOnly],
        },
      ],
    },
  },
  {
    // Services read time, randomness and timers only through the injected Clock/Random/Scheduler
    // (src-main/clock.ts). Exempt: clock.ts, which defines the real ones; the composition points
    // that wire them in (index.ts, cli/); the Electron shell (electron/), never run in plain Node.
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/clock.ts', 'src-main/index.ts', 'src-main/cli/**', 'src-main/electron/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Services read time from the injected Clock.' },
        { object: 'Math', property: 'random', message: 'Services draw randomness from an injected Random.' },
        ...['globalThis', 'global'].flatMap((object) =>
          TIMERS.map((property) => ({ object, property, message: timersMessage })),
        ),
      ],
      'no-restricted-globals': ['error', ...TIMERS.map((name) => ({ name, message: timersMessage }))],
      // Repeats the src-main import rules above (a later block replaces a rule's options), plus timers.
      'no-restricted-imports': [
        'error',
        { patterns: [electronOnlyInShell, nodeNeverImportsRenderer, syncServerTypesOnly, timersModules] },
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
  {
    // The admin console is a browser app of the server's own: src-shared, and the server's types only.
    files: ['sync-server/console/src/**/*.ts', 'sync-server/console/src/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron-*', ...nodeBuiltins],
              message: 'The admin console runs in a browser: no Electron or Node imports.',
            },
            {
              group: ['**/src-main/**', '**/src-renderer/**', '**/src-preload/**'],
              message: 'The admin console shares only src-shared with the app (its own UI kit is in ui/).',
            },
            {
              regex: String.raw`^(\.\./)+(router|trpc|server|main|config|errors|clock|admin|auth|blobs|bus|db|quotas|replication|security|ops|jobs|usage|health|metrics)(\.ts)?(/|$)`,
              allowTypeImports: true,
              message: 'The admin console imports only types from the server (`type SyncServerRouter`).',
            },
          ],
        },
      ],
    },
  },
  {
    // The renderer by feature: src-renderer/src/features/<name>/ meet only through their index.ts;
    // the UI kit (ui/) and lib/ sit below every feature and import none of them. Zones are read
    // from the folders, so a new feature is covered the day it is created. Both rules need imports
    // resolved to files (the resolver settings of the first block).
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.tsx'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: import.meta.dirname,
          zones: (() => {
            const fs = process.getBuiltinModule('node:fs');
            const src = 'src-renderer/src';
            const entries = fs.readdirSync(`${import.meta.dirname}/${src}`, { withFileTypes: true });
            const features = fs
              .readdirSync(`${import.meta.dirname}/${src}/features`, { withFileTypes: true })
              .filter((entry) => entry.isDirectory())
              .map((entry) => entry.name);
            const indexes = (except) =>
              features.filter((name) => name !== except).map((name) => `./${name}/index.ts`);
            return [
              ...features.map((name) => ({
                target: `${src}/features/${name}`,
                from: `${src}/features`,
                except: [`./${name}`, ...indexes(name)],
                message:
                  'Another feature is imported through its index only: `../other`, not `../other/File`.',
              })),
              {
                target: entries
                  .filter((entry) => entry.name !== 'features')
                  .map((entry) => `${src}/${entry.name}`),
                from: `${src}/features`,
                except: indexes(null),
                message:
                  'A feature is imported through its index only: `features/name`, not `features/name/File`.',
              },
              {
                target: [`${src}/ui`, `${src}/lib`],
                from: [`${src}/features`, `${src}/app`],
                message: 'The UI kit and lib/ sit below the features and the app shell: they import neither.',
              },
            ];
          })(),
        },
      ],
    },
  },
);
