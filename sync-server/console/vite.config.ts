import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The admin console (`npm run build:console`): built to out/console/, which the sync server
 * serves at /admin (sync-server/admin/console-route.ts). Assets get content hashes, so the server
 * caches them for a year and never caches index.html.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/admin/',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, '../../out/console'),
    emptyOutDir: true,
    target: 'es2022',
    // The CSP allows no inline script or style: every asset is a file, however small.
    assetsInlineLimit: 0,
  },
});
