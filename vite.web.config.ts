import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

/** Web mode: the same renderer as the Electron window, built for the Node host to serve. */
export default defineConfig({
  root: resolve(import.meta.dirname, 'src-renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, 'out/web'),
    emptyOutDir: true,
    target: 'es2022',
    // Served from the local disk or loopback, never over a slow network: one ~900 kB chunk is fine.
    chunkSizeWarningLimit: 1_200,
  },
});
