import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The customer portal (src-portal) as static files for Kontor Server, which serves them under
 * /portal/ (src-server/portal/pages.ts). Absolute base, hashed assets, no inline script.
 */
export default defineConfig({
  root: 'src-portal',
  base: '/portal/',
  plugins: [react()],
  build: {
    outDir: '../out/portal',
    emptyOutDir: true,
    assetsDir: 'assets',
    // The polyfill would be bundled into the entry anyway; the portal's browsers need none.
    modulePreload: { polyfill: false },
    // One entry of React, Mantine and zod: about 500 kB, 150 kB gzipped, cached for a year under its hash.
    chunkSizeWarningLimit: 600,
  },
});
