/**
 * Hardening figures: recommendation latency for the ego when quiet, during a flood of
 * fresh identities and after it; how fast the flood is judged against this machine's
 * fresh-key verification limit; what giant gossip frames cost the victim; and whether
 * wrong RPC tokens are refused in time independent of where they differ.
 *
 *   npx tsx bench/hardening.ts [--runs 3] [--flood 10000] [--queries 200]
 *
 * The victim is a real daemon (RPC plugin on) holding the Last.fm HetRec 2011 community
 * (~118k signed records); the flooder and the query client are separate processes.
 */
import '../src/polyfill.js'
import { spawn, type ChildProcess } from 'node:child_process'
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import pino from 'pino'
import { defaultConfig } from '../src/config.js'
import { decodeRecord } from '../src/index.js'
import { startDaemon, type Daemon } from '../node/index.js'
import { rpcPlugin } from '../node/rpc/plugin.js'
import { readRpcAddress } from '../node/rpc/token.js'
import { goodHeaders, rawPost } from '../test/rpc/http.js'
import { signAs, throwaways } from '../test/hardening/helpers.js'
import { buildLastfmNode } from './hardening/lastfm-node.js'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, flood: { type: 'string', default: '10000' }, queries: { type: 'string', default: '200' } } })
const RUNS = Number(values.runs)
const FLOOD = Number(values.flood)
const QUERIES = Number(values.queries)
const ROOM = 2000

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)] }
const pct = (xs: number[], p: number): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))] }
const child = (script: string, args: string[]): ChildProcess => spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] })
/** One reader per child: `next(want)` resolves with the next line (equal to `want`, if given). */
function lines (c: ChildProcess): (want?: string) => Promise<string> {
  const queue: string[] = []
  let wake: () => void = () => {}
  let ended = false
  const rl = createInterface({ input: c.stdout! })
  rl.on('line', l => { queue.push(l); wake() })
  rl.on('close', () => { ended = true; wake() })
  return async want => {
    for (;;) {
      const i = queue.findIndex(l => want === undefined || l === want)
      if (i >= 0) return queue.splice(0, i + 1)[i]
      if (ended) throw new Error(`child ended before printing ${want ?? 'a line'}`)
      await new Promise<void>(resolve => { wake = resolve })
    }
  }
}

/**
 * Latencies of rank.recommend seen by a client process while `during` runs (or for `max`
 * calls), and of node.status seen by a second client at the same time (issue #17's target).
 */
async function queries (dataDir: string, max: number, during?: () => Promise<void>): Promise<number[] & { status: number[] }> {
  const c = child('bench/hardening/client.ts', [dataDir, String(max)])
  const s = child('bench/hardening/client.ts', [dataDir, '1000000000', 'status'])
  const out = lines(c)()
  const statusOut = lines(s)()
  if (during !== undefined) {
    await during()
    c.stdin!.end()
  }
  const ms = JSON.parse(await out) as number[]
  s.stdin!.end()
  return Object.assign(ms, { status: JSON.parse(await statusOut) as number[] })
}

const cpuMs = (since: NodeJS.CpuUsage): number => { const u = process.cpuUsage(since); return (u.user + u.system) / 1000 }

/** This machine's limit for judging a flood: decode + verify of records by never-seen keys. */
function freshVerifyRate (): number {
  const ids = throwaways(2000)
  const bytes = ids.map(t => signAs(t, 1, { kind: 'interact', item: 'spam:item:1', weight: 1 }))
  const t0 = performance.now()
  for (const b of bytes) decodeRecord(b)
  return bytes.length / ((performance.now() - t0) / 1000)
}

interface Run { quiet: number[] & { status: number[] }, during: number[] & { status: number[] }, after: number[] & { status: number[] }, judgeMs: number, floodCpuMs: number, junkStored: number, quotaRefused: number, budgetRefused: number, queueDropped: number, giantCpuMs: number, tokenFirst: number, tokenLast: number }

async function oneRun (template: string, records: number, root: string, i: number): Promise<Run> {
  const dir = join(root, `run-${i}`)
  await cp(template, dir, { recursive: true })
  const config = { ...defaultConfig(dir), listen: ['/ip4/127.0.0.1/tcp/0'], rpc: { host: '127.0.0.1', port: 0 }, logLevel: 'silent' as const, store: { ...defaultConfig(dir).store, maxRecordsPerAuthor: 100_000, maxTotalRecords: records + ROOM } }
  const daemon: Daemon = await startDaemon(config, { logger: pino({ level: 'silent' }), plugins: [rpcPlugin()] })
  try {
    daemon.engine.recommend(daemon.ego, { limit: 20 }) // build the ego's walks once
    const stage = (what: string): void => { process.stderr.write(`run ${i + 1}: ${what}\n`) }
    stage('quiet queries')
    const quiet = await queries(dir, QUERIES)
    stage('flood')

    const flooder = child('bench/hardening/flooder.ts', [daemon.multiaddrs()[0], String(FLOOD)])
    const fromFlooder = lines(flooder)
    await fromFlooder('ready')
    const judged = (): number => { const g = daemon.status().counters.gossip; return g.accept + g.ignore + g.reject }
    const before = judged()
    const messages = Math.ceil(FLOOD / 256)
    const cpu = process.cpuUsage()
    let judgeMs = 0
    const during = await queries(dir, 1e9, async () => {
      const t0 = performance.now()
      flooder.stdin!.write('go\n')
      await fromFlooder('done')
      while (judged() - before < messages) await new Promise(resolve => setTimeout(resolve, 20))
      judgeMs = performance.now() - t0
    })
    const floodCpuMs = cpuMs(cpu)
    flooder.kill('SIGTERM')
    stage('queries after the flood')
    const after = await queries(dir, QUERIES)
    stage('giant frames, token timing')
    const status = daemon.status()
    const junkStored = status.records - records

    // Giant gossip frames (4 MiB each) from the hardening suite's attacker process.
    const attacker = child('test/hardening/fixtures/gossip-attacker.ts', [daemon.multiaddrs()[0]])
    const giantCpu = process.cpuUsage()
    const frames = (JSON.parse(await lines(attacker)()) as { giant: number[] }).giant.length
    const giantCpuMs = cpuMs(giantCpu) / frames
    attacker.kill('SIGTERM')

    // Wrong tokens differing in the first or the last character: refused in the same time?
    const port = (await readRpcAddress(dir))!.port
    const token = (await import('node:fs/promises').then(async fs => await fs.readFile(join(dir, 'rpc.token'), 'utf8'))).trim()
    const flip = (c: string): string => c === '0' ? '1' : '0'
    const first = flip(token[0]) + token.slice(1)
    const last = token.slice(0, -1) + flip(token[token.length - 1])
    // Interleaved, so drift in the machine's load falls on both alike.
    const samples: [number[], number[]] = [[], []]
    for (let k = 0; k < 3000; k++) {
      const which = k % 2
      const t0 = process.hrtime.bigint()
      await rawPost(port, '{}', goodHeaders(port, which === 0 ? first : last))
      samples[which].push(Number(process.hrtime.bigint() - t0) / 1e6)
    }
    const [tokenFirst, tokenLast] = samples.map(median)
    return { quiet, during, after, judgeMs, floodCpuMs, junkStored, quotaRefused: status.counters.rejected.QUOTA_TOTAL ?? 0, budgetRefused: status.counters.rejected.STRANGER_BUDGET ?? 0, queueDropped: status.counters.rejected.VALIDATION_QUEUE_FULL ?? 0, giantCpuMs, tokenFirst, tokenLast }
  } finally {
    await daemon.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

const root = await mkdtemp(join(tmpdir(), 'mw-bench-hardening-'))
try {
  const template = join(root, 'template')
  let t0 = performance.now()
  const { records } = await buildLastfmNode(template)
  process.stdout.write(`Last.fm node: ${records} records signed and stored in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`)
  t0 = performance.now()
  const limit = freshVerifyRate()
  process.stdout.write(`fresh-key decode+verify limit: ${limit.toFixed(0)} records/s\n`)
  const runs: Run[] = []
  for (let i = 0; i < RUNS; i++) {
    const r = await oneRun(template, records, root, i)
    runs.push(r)
    process.stdout.write(`run ${i + 1}: quiet p50 ${median(r.quiet).toFixed(2)} ms (${r.quiet.length} q), during p50 ${median(r.during).toFixed(2)} p99 ${pct(r.during, 0.99).toFixed(1)} ms (${r.during.length} q), after p50 ${median(r.after).toFixed(2)} ms; flood judged in ${r.judgeMs.toFixed(0)} ms, victim CPU ${r.floodCpuMs.toFixed(0)} ms, junk stored ${r.junkStored}, QUOTA_TOTAL ${r.quotaRefused}, STRANGER_BUDGET ${r.budgetRefused} records, VALIDATION_QUEUE_FULL ${r.queueDropped} messages; status p95 quiet/during/after ${pct(r.quiet.status, 0.95).toFixed(1)}/${pct(r.during.status, 0.95).toFixed(1)}/${pct(r.after.status, 0.95).toFixed(1)} ms; giant frame CPU ${r.giantCpuMs.toFixed(0)} ms; token ${r.tokenFirst.toFixed(3)}/${r.tokenLast.toFixed(3)} ms\n`)
  }
  const m = (f: (r: Run) => number): number => median(runs.map(f))
  const quiet50 = m(r => median(r.quiet))
  const rows: Array<[string, string, string, string]> = [
    ['recommend p50, quiet', `${quiet50.toFixed(2)} ms`, '—', '—'],
    ['recommend p99, quiet', `${m(r => pct(r.quiet, 0.99)).toFixed(2)} ms`, '—', '—'],
    ['recommend p50, during the flood', `${m(r => median(r.during)).toFixed(2)} ms`, `target ≤ 2× quiet = ${(2 * quiet50).toFixed(2)} ms`, `${(m(r => median(r.during)) / quiet50).toFixed(2)}× quiet`],
    ['recommend p99, during the flood', `${m(r => pct(r.during, 0.99)).toFixed(1)} ms`, '—', `${(m(r => pct(r.during, 0.99)) / quiet50).toFixed(1)}× quiet p50`],
    ['recommend p50, after the flood', `${m(r => median(r.after)).toFixed(2)} ms`, `target ≤ 2× quiet`, `${(m(r => median(r.after)) / quiet50).toFixed(2)}× quiet`],
    ['node.status p95, quiet', `${m(r => pct(r.quiet.status, 0.95)).toFixed(2)} ms`, '—', '—'],
    ['node.status p95, during the flood', `${m(r => pct(r.during.status, 0.95)).toFixed(2)} ms`, 'target ≤ 100 ms', `${(m(r => pct(r.during.status, 0.95)) / 100).toFixed(2)}× target`],
    ['node.status p95, after the flood', `${m(r => pct(r.after.status, 0.95)).toFixed(2)} ms`, 'target: quiet figure', `${(m(r => pct(r.after.status, 0.95)) / m(r => pct(r.quiet.status, 0.95))).toFixed(2)}× quiet`],
    [`flood of ${FLOOD} fresh ids judged`, `${(FLOOD / (m(r => r.judgeMs) / 1000)).toFixed(0)} records/s`, `fresh-key verify limit ${limit.toFixed(0)}/s`, `${(FLOOD / (m(r => r.judgeMs) / 1000) / limit).toFixed(2)}×`],
    ['victim CPU for the whole flood', `${m(r => r.floodCpuMs).toFixed(0)} ms`, `${(FLOOD / limit * 1000).toFixed(0)} ms of pure verification`, `${(m(r => r.floodCpuMs) / (FLOOD / limit * 1000)).toFixed(2)}×`],
    ['junk stored / refused (QUOTA_TOTAL)', `${m(r => r.junkStored)} / ${m(r => r.quotaRefused)}`, `room ${ROOM} records`, `${(m(r => r.junkStored) / ROOM).toFixed(2)}× room`],
    ['victim CPU per giant gossip frame (4 MiB, 16× the limit)', `${m(r => r.giantCpuMs).toFixed(0)} ms`, '—', 'dropped at the length prefix'],
    ['wrong token refused, differs in first / last char', `${m(r => r.tokenFirst).toFixed(3)} / ${m(r => r.tokenLast).toFixed(3)} ms`, 'equal', `${(m(r => r.tokenLast) / m(r => r.tokenFirst)).toFixed(3)}×`]
  ]
  process.stdout.write(`\n| figure | measured | limit / target | ratio |\n| --- | --- | --- | --- |\n${rows.map(r => `| ${r.join(' | ')} |`).join('\n')}\n`)
} finally {
  await rm(root, { recursive: true, force: true })
}
