#!/usr/bin/env node
// The `meritwalk` command. Runs the TypeScript sources through tsx so a checkout works
// right after `npm ci`, with no build step that could go stale.
import { register } from 'tsx/esm/api'

register()
await import('../src/polyfill.ts')
await import('./main.ts')
