#!/usr/bin/env node
// Bundles the sync server (sync-server/main.ts) into out/server/; `npm run server` runs this,
// then `node out/server/main.mjs`. One ESM file plus a chunk per lazily loaded part (PGlite,
// Redis, pg), so the server starts without compiling TypeScript in its own process (tsx costs
// ~25 MB of RSS) and loads only the drivers its settings name. npm packages stay external: they
// load from node_modules as usual, native ones (argon2) included.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'out', 'server');

// Old chunks would otherwise pile up under new hashes.
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { main: path.join(root, 'sync-server', 'main.ts') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: 'linked',
  // Stack traces in the log name the TypeScript files.
  sourcesContent: false,
  logLevel: 'warning',
});

// The admin console the server serves at /admin (sync-server/admin/console-route.ts): a server
// started this way always has its console, built from the same checkout.
const { build: buildConsole } = await import('vite');
await buildConsole({
  configFile: path.join(root, 'sync-server', 'console', 'vite.config.ts'),
  logLevel: 'warn',
});
