// Compiles what the `meritwalk` command runs (cli/main.ts and everything it imports from
// cli, node, graph and src) to JavaScript in dist/ with esbuild: one bundle whose lazily
// imported parts (a command's implementation, the daemon, the engine) are split into
// chunks loaded on use, so a command starts near the time of a bare `node` (see
// bench/startup.ts). Dependencies stay in node_modules, except commander, which every
// start loads (bundled, it costs no CommonJS module lookup). Runs from `npm ci` /
// `npm install` (the `prepare` script) and `npm run build`. cli/bin.js uses dist/ only
// while it is newer than every source, and the sources through tsx otherwise, so an edit
// never runs stale code. Plain JavaScript: it must run before anything is built.
import { copyFileSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'
import { ROOT, sources } from '../cli/dist-state.js'

const started = Date.now()
const { files, dirs } = sources()
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
const external = Object.keys(pkg.dependencies).filter(d => d !== 'commander').flatMap(d => [d, `${d}/*`])
const tmp = join(ROOT, `dist.tmp-${process.pid}`)
rmSync(tmp, { recursive: true, force: true })
await build({
  entryPoints: { main: join(ROOT, 'cli/main.ts') },
  outdir: tmp,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  // commander is CommonJS: give the bundle a `require` for the Node built-ins it asks for.
  banner: { js: "import { createRequire as __mwRequire } from 'node:module'; const require = __mwRequire(import.meta.url);" },
  logLevel: 'warning'
})
// Loaded by URL next to the code that starts it (node/verify-pool.ts), which lands in dist/.
copyFileSync(join(ROOT, 'node/verify-worker.mjs'), join(tmp, 'verify-worker.mjs'))
// The ranking worker loads graph/ through tsx from ../graph (dist/ sits beside node/), so it runs from dist/ too.
copyFileSync(join(ROOT, 'node/ranking-worker.mjs'), join(tmp, 'ranking-worker.mjs'))
// What was built from what: cli/dist-state.js compares it with the sources on every start.
writeFileSync(join(tmp, 'build.json'), JSON.stringify({ started, dirs, files }) + '\n')
// Swapped in whole, so a command started meanwhile sees the old build or the new one.
const out = join(ROOT, 'dist')
const old = join(ROOT, `dist.old-${process.pid}`)
try { renameSync(out, old) } catch (err) { if (err.code !== 'ENOENT') throw err }
renameSync(tmp, out)
rmSync(old, { recursive: true, force: true })
process.stderr.write(`meritwalk: compiled ${files.length} source files to dist/ in ${Date.now() - started} ms\n`)
