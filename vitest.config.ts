import { defineConfig } from 'vitest/config';

/** Tests that need PostgreSQL, Redis or a child server process (the sync server, the web CLI, a keyring daemon). */
const integration = [
  'tests/server/**/*.test.ts',
  'tests/sync/**/*.test.ts',
  'tests/integration/cli-web.test.ts',
  'tests/integration/secret-store.contract.test.ts',
  'tests/cli/**/*.test.ts',
];

export default defineConfig({
  test: {
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Storage and crash tests spawn processes and open SQLite files; two cores here.
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          // No PostgreSQL, no Redis, no server process: runs anywhere (`npm run test:unit`).
          name: 'unit',
          include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
          exclude: ['tests/e2e/**', 'node_modules/**', ...integration],
        },
      },
      {
        extends: true,
        test: {
          // Needs PostgreSQL and Redis (tests/support/postgres.ts) and spawns servers (`npm run test:integration`).
          name: 'integration',
          include: integration,
        },
      },
    ],
  },
});
