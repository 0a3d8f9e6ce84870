import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

/**
 * Three bundles, one per runtime: main (Node, ESM like the package), preload (CommonJS, because a
 * sandboxed preload cannot be an ES module) and the renderer (the same React app web mode serves).
 */
export default defineConfig({
  main: {
    build: {
      // Dependencies stay in node_modules (native ones must): better-sqlite3, conf, pino, rxdb…
      // keytar is an optional dependency, which electron-vite does not externalize by itself.
      externalizeDeps: { include: ['keytar'] },
      rollupOptions: {
        input: { index: resolve(root, 'src-main/index.ts') },
      },
    },
  },
  preload: {
    build: {
      // Sandboxed preloads can require only electron and a few built-ins: bundle everything else.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'src-preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    base: './',
    plugins: [react()],
    build: {
      target: 'es2022',
      // Loaded from the local disk: one ~900 kB chunk costs nothing worth splitting for.
      chunkSizeWarningLimit: 1_200,
      rollupOptions: {
        input: { index: resolve(root, 'src-renderer/index.html') },
      },
    },
  },
});
