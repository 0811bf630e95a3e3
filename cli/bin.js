#!/usr/bin/env node
// The `meritwalk` command. Runs the JavaScript compiled into dist/ by `npm ci` (the
// `prepare` script, scripts/build.js) while it is current, so a command starts in about the
// time of a bare `node`; after any source edit it runs the TypeScript sources through tsx
// instead, so stale code never runs (`npm run build` makes it fast again).
import { distIsCurrent } from './dist-state.js'

if (distIsCurrent()) {
  await import('../dist/main.js')
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('./main.ts')
}
