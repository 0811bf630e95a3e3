import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // libp2p v3 calls Promise.withResolvers (Node 22); Node 20 needs it before libp2p loads.
    setupFiles: ['src/polyfill.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Network and daemon tests bind real ports and spawn real processes; two cores.
    pool: 'forks',
    maxWorkers: 2
  }
})
