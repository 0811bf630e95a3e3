/**
 * The web UI's build: one HTML page under /ui/ (the daemon serves ui/dist there), the
 * graph view in its own chunk (loaded when opened, so the first page stays small).
 */
import { defineConfig } from 'vite'

export default defineConfig({
  root: import.meta.dirname,
  base: '/ui/',
  // src/history parses CSV with csv-parse; its Node build uses Node's Buffer, its browser build brings its own.
  resolve: { alias: { 'csv-parse/sync': 'csv-parse/browser/esm/sync' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The daemon's CSP allows no inline script, so every script is a file.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1024,
    // Quiet at `npm ci`: the slow-plugin report is about the build machine, not the bundle.
    rolldownOptions: { checks: { pluginTimings: false } }
  }
})
