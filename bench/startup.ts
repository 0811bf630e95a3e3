/**
 * CLI start-up: wall time of a client command (`meritwalk status` against a running
 * daemon, and `meritwalk --help`, which loads every command's definition) next to a bare
 * `node -e 0`, the machine's limit for any Node program. Runs alternate, so load on a
 * shared machine hits both sides alike; prints medians and the ratio (target ≤ 1.5).
 *
 *   npm run build && npx tsx bench/startup.ts [runs=15]
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import '../src/polyfill.js'
import { distIsCurrent } from '../cli/dist-state.js'
import { readRpcAddress } from '../node/rpc/token.js'

const RUNS = Number(process.argv[2] ?? 15)
const BIN = join(import.meta.dirname, '../cli/bin.js')

if (!distIsCurrent()) {
  process.stderr.write('dist/ is missing or older than the sources: run `npm run build` first (or the bench measures the tsx fallback)\n')
  process.exitCode = 1
} else {
  const dir = await mkdtemp(join(tmpdir(), 'meritwalk-startup-'))
  execFileSync(process.execPath, [BIN, 'init', '--data-dir', dir], { stdio: 'ignore' })
  const daemon = spawn(process.execPath, [BIN, 'start', '--data-dir', dir, '--rpc', '127.0.0.1:0', '--listen', '/ip4/127.0.0.1/tcp/0', '--log-level', 'warn'], { stdio: 'ignore' })
  try {
    while ((await readRpcAddress(dir).catch(() => undefined))?.pid !== daemon.pid) await new Promise(resolve => setTimeout(resolve, 100))
    const time = (args: string[]): number => {
      const t = performance.now()
      const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
      if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.toString()}`)
      return performance.now() - t
    }
    const cases = {
      'node -e 0': ['-e', '0'],
      'meritwalk status': [BIN, 'status', '--data-dir', dir],
      'meritwalk --help': [BIN, '--help']
    }
    const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map(k => [k, []]))
    for (const args of Object.values(cases)) time(args) // warm the file cache
    for (let i = 0; i < RUNS; i++) for (const [name, args] of Object.entries(cases)) times[name].push(time(args))
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
    const base = median(times['node -e 0'])
    process.stdout.write(`median of ${RUNS} runs each, alternating (Node ${process.version})\n`)
    for (const [name, xs] of Object.entries(times)) {
      process.stdout.write(`${name.padEnd(18)} ${median(xs).toFixed(0).padStart(5)} ms   ${(median(xs) / base).toFixed(2)}× node -e 0\n`)
    }
  } finally {
    daemon.kill('SIGINT')
    await new Promise(resolve => daemon.once('exit', resolve))
    await rm(dir, { recursive: true, force: true })
  }
}
