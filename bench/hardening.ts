/**
 * Hardening figures (issue #17's targets): while a friend of the ego keeps publishing, the
 * delivery of the friend's records, rank.recommend and node.status latency — quiet, during
 * a flood of fresh identities from one peer, during the same flood from a sender that
 * rotates its peer id every 3 messages, and from 10 s after each flood ended; how fast a
 * flood is judged against this machine's fresh-key verification limit; the victim's
 * retained memory after the floods; what giant gossip frames cost the victim; and whether
 * wrong RPC tokens are refused in time independent of where they differ.
 *
 *   npx tsx bench/hardening.ts [--runs 3] [--flood 10000] [--queries 200] [--honest-every 100]
 *
 * The victim is a real daemon (RPC plugin on) holding the Last.fm HetRec 2011 community
 * (~118k signed records); the flooders, the honest publisher and the query clients are
 * separate processes.
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
import { decodeRecord, identityFromSeed } from '../src/index.js'
import { startDaemon, type Daemon } from '../node/index.js'
import { rpcPlugin } from '../node/rpc/plugin.js'
import { readRpcAddress } from '../node/rpc/token.js'
import { goodHeaders, rawPost } from '../test/rpc/http.js'
import { liveBytes, signAs, throwaways } from '../test/hardening/helpers.js'
import { buildLastfmNode } from './hardening/lastfm-node.js'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, flood: { type: 'string', default: '10000' }, queries: { type: 'string', default: '200' }, 'honest-every': { type: 'string', default: '100' } } })
const RUNS = Number(values.runs)
const FLOOD = Number(values.flood)
const QUERIES = Number(values.queries)
const ROOM = 2000
/** Rotating flooder: a new peer id every this many messages (the issue's attacker). */
const ROTATE_EVERY = 3
/** The issue's recovery bound: figures from this long after a flood ended must be back to quiet. */
const RECOVERY_MS = 10_000
/** The honest friend publishes one record this often, ms. */
const HONEST_EVERY_MS = Number(values['honest-every'])

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)] }
/** The p-quantile (NaN for no samples: printed as "—"). */
const pct = (xs: number[], p: number): number => { const s = [...xs].sort((a, b) => a - b); return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor(p * s.length))] }
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

type Latencies = number[] & { status: number[], honest: number[] }
interface Flood { during: Latencies, after: Latencies, judgeMs: number, floodCpuMs: number }
interface Run { quiet: Latencies, floods: Flood[], junkStored: number, quotaRefused: number, budgetRefused: number, queueDropped: number, retainedBytes: number, giantCpuMs: number, tokenFirst: number, tokenLast: number }
const FLOODS = [{ name: 'one peer id', rotate: 0 }, { name: `peer id rotating every ${ROTATE_EVERY} messages`, rotate: ROTATE_EVERY }]

async function oneRun (template: string, records: number, friendSeed: string, root: string, i: number): Promise<Run> {
  const dir = join(root, `run-${i}`)
  await cp(template, dir, { recursive: true })
  const config = { ...defaultConfig(dir), listen: ['/ip4/127.0.0.1/tcp/0'], rpc: { host: '127.0.0.1', port: 0 }, logLevel: 'silent' as const, store: { ...defaultConfig(dir).store, maxRecordsPerAuthor: 100_000, maxTotalRecords: records + ROOM } }
  const daemon: Daemon = await startDaemon(config, { logger: pino({ level: 'silent' }), plugins: [rpcPlugin()] })
  let honest: ChildProcess | undefined
  try {
    await daemon.engine.recommendOffLoop(daemon.ego, { limit: 20 }) // build the ego's walks once
    const stage = (what: string): void => { process.stderr.write(`run ${i + 1}: ${what}\n`) }
    // The friend's records as the victim accepts them: when, and how long after signing.
    const friend = identityFromSeed(Uint8Array.from(Buffer.from(friendSeed, 'hex')))
    const deliveries: Array<{ at: number, ms: number }> = []
    const head = daemon.store.head(friend.author)!
    daemon.store.onAccepted(rs => {
      const at = Date.now()
      const mine = rs.filter(r => r.author === friend.author)
      for (const r of mine) deliveries.push({ at, ms: at - r.ts })
      if (mine.length > 0 && honest?.stdin?.writable === true) honest.stdin.write(`${mine[mine.length - 1].seq}\n`)
    })
    honest = child('bench/hardening/honest.ts', [daemon.multiaddrs()[0], friendSeed, String(head.seq), Buffer.from(head.hash).toString('hex'), String(HONEST_EVERY_MS)])
    honest.stdin!.on('error', () => {}) // the child may be gone while the victim still accepts its records
    let honestSent = 0
    await new Promise<void>(resolve => { createInterface({ input: honest!.stdout! }).on('line', l => { if (l === 'ready') resolve(); else honestSent++ }) })
    /** Queries as `queries` does, with the friend's deliveries accepted meanwhile. */
    const phase = async (max: number, during?: () => Promise<void>): Promise<Latencies> => {
      const from = Date.now()
      const q = await queries(dir, max, during)
      return Object.assign(q, { honest: deliveries.filter(d => d.at >= from).map(d => d.ms) })
    }
    stage('quiet queries')
    const quiet = await phase(QUERIES)
    const base = liveBytes()
    const floods: Flood[] = []
    for (const kind of FLOODS) {
      stage(`flood from ${kind.name}`)
      const flooder = child('bench/hardening/flooder.ts', [daemon.multiaddrs()[0], String(FLOOD), String(kind.rotate)])
      const fromFlooder = lines(flooder)
      await fromFlooder('ready')
      // Gossip messages judged (a full validation queue's drops are ignores too), less the friend's.
      const judged = (): number => { const g = daemon.status().counters.gossip; return g.accept + g.ignore + g.reject - honestSent }
      const before = judged()
      const messages = Math.ceil(FLOOD / 256)
      const cpu = process.cpuUsage()
      let judgeMs = 0
      const during = await phase(1e9, async () => {
        const t0 = performance.now()
        flooder.stdin!.write('go\n')
        await fromFlooder('done')
        // Over when all its messages are judged, or — a rotating sender's last messages may
        // die with its hosts, unjudged — when no message has been judged for a second.
        let seen = judged()
        let changed = performance.now()
        while (seen - before < messages && performance.now() - changed < 1000) {
          await new Promise(resolve => setTimeout(resolve, 20))
          // Only rises count: the friend's message in flight dips the figure for a moment.
          if (judged() > seen) { seen = judged(); changed = performance.now() }
        }
        judgeMs = changed - t0
      })
      const floodCpuMs = cpuMs(cpu)
      flooder.kill('SIGTERM')
      stage(`${RECOVERY_MS / 1000} s of recovery, then queries`)
      await new Promise(resolve => setTimeout(resolve, RECOVERY_MS))
      floods.push({ during, after: await phase(QUERIES), judgeMs, floodCpuMs })
    }
    const retainedBytes = liveBytes() - base
    stage('giant frames, token timing')
    const status = daemon.status()
    const junkStored = status.records - records - deliveries.length

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
    return { quiet, floods, junkStored, quotaRefused: status.counters.rejected.QUOTA_TOTAL ?? 0, budgetRefused: status.counters.rejected.STRANGER_BUDGET ?? 0, queueDropped: status.counters.rejected.VALIDATION_QUEUE_FULL ?? 0, retainedBytes, giantCpuMs, tokenFirst, tokenLast }
  } finally {
    honest?.stdin!.end()
    honest?.kill('SIGTERM')
    await daemon.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

const root = await mkdtemp(join(tmpdir(), 'mw-bench-hardening-'))
try {
  const template = join(root, 'template')
  let t0 = performance.now()
  const { records, friendSeed } = await buildLastfmNode(template)
  process.stdout.write(`Last.fm node: ${records} records signed and stored in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`)
  t0 = performance.now()
  const limit = freshVerifyRate()
  process.stdout.write(`fresh-key decode+verify limit: ${limit.toFixed(0)} records/s\n`)
  const runs: Run[] = []
  const p95 = (xs: number[]): string => xs.length === 0 ? '—' : pct(xs, 0.95).toFixed(1)
  for (let i = 0; i < RUNS; i++) {
    const r = await oneRun(template, records, friendSeed, root, i)
    runs.push(r)
    const floods = r.floods.map((f, k) => `${FLOODS[k].name}: judged in ${f.judgeMs.toFixed(0)} ms, CPU ${f.floodCpuMs.toFixed(0)} ms, recommend p50 ${median(f.during).toFixed(2)}/${median(f.after).toFixed(2)} ms, status p95 ${p95(f.during.status)}/${p95(f.after.status)} ms, honest p95 ${p95(f.during.honest)}/${p95(f.after.honest)} ms (${f.during.honest.length}/${f.after.honest.length} records) during/after`)
    process.stdout.write(`run ${i + 1}: quiet recommend p50 ${median(r.quiet).toFixed(2)} ms (${r.quiet.length} q), status p95 ${p95(r.quiet.status)} ms, honest p95 ${p95(r.quiet.honest)} ms (${r.quiet.honest.length} records); ${floods.join('; ')}; junk stored ${r.junkStored}, QUOTA_TOTAL ${r.quotaRefused}, STRANGER_BUDGET ${r.budgetRefused} records, VALIDATION_QUEUE_FULL ${r.queueDropped} messages; retained ${(r.retainedBytes / 2 ** 20).toFixed(1)} MiB; giant frame CPU ${r.giantCpuMs.toFixed(0)} ms; token ${r.tokenFirst.toFixed(3)}/${r.tokenLast.toFixed(3)} ms\n`)
  }
  const m = (f: (r: Run) => number): number => median(runs.map(f))
  const quiet50 = m(r => median(r.quiet))
  const quietStatus = m(r => pct(r.quiet.status, 0.95))
  const quietHonest = m(r => pct(r.quiet.honest, 0.95))
  const rows: Array<[string, string, string, string]> = [
    ['honest delivery p95, quiet', `${quietHonest.toFixed(1)} ms`, '—', '—'],
    ['recommend p50, quiet', `${quiet50.toFixed(2)} ms`, '—', '—'],
    ['node.status p95, quiet', `${quietStatus.toFixed(2)} ms`, '—', '—']
  ]
  FLOODS.forEach((kind, k) => {
    const f = (g: (x: Flood) => number): number => m(r => g(r.floods[k]))
    const during = f(x => pct(x.during.honest, 0.95))
    const after = f(x => pct(x.after.honest, 0.95))
    rows.push(
      [`honest delivery p95, flood from ${kind.name}`, `${during.toFixed(1)} ms`, `target ≤ 2× quiet = ${(2 * quietHonest).toFixed(1)} ms`, `${(during / quietHonest).toFixed(2)}× quiet`],
      [`honest delivery p95, from ${RECOVERY_MS / 1000} s after it`, `${after.toFixed(1)} ms`, 'target: quiet figure', `${(after / quietHonest).toFixed(2)}× quiet`],
      [`node.status p95, flood from ${kind.name}`, `${f(x => pct(x.during.status, 0.95)).toFixed(2)} ms`, 'target ≤ 100 ms', `${(f(x => pct(x.during.status, 0.95)) / 100).toFixed(2)}× target`],
      [`node.status p95, from ${RECOVERY_MS / 1000} s after it`, `${f(x => pct(x.after.status, 0.95)).toFixed(2)} ms`, 'target: quiet figure', `${(f(x => pct(x.after.status, 0.95)) / quietStatus).toFixed(2)}× quiet`],
      [`recommend p50, flood from ${kind.name}`, `${f(x => median(x.during)).toFixed(2)} ms`, `target ≤ 2× quiet = ${(2 * quiet50).toFixed(2)} ms`, `${(f(x => median(x.during)) / quiet50).toFixed(2)}× quiet`],
      [`recommend p50, from ${RECOVERY_MS / 1000} s after it`, `${f(x => median(x.after)).toFixed(2)} ms`, 'target: quiet figure', `${(f(x => median(x.after)) / quiet50).toFixed(2)}× quiet`],
      [`flood of ${FLOOD} fresh ids from ${kind.name}, judged`, `${(FLOOD / (f(x => x.judgeMs) / 1000)).toFixed(0)} records/s`, `fresh-key verify limit ${limit.toFixed(0)}/s`, `${(FLOOD / (f(x => x.judgeMs) / 1000) / limit).toFixed(2)}×`],
      [`victim CPU for the flood from ${kind.name}`, `${f(x => x.floodCpuMs).toFixed(0)} ms`, `${(FLOOD / limit * 1000).toFixed(0)} ms of pure verification`, `${(f(x => x.floodCpuMs) / (FLOOD / limit * 1000)).toFixed(2)}×`]
    )
  })
  rows.push(
    ['junk stored / refused (QUOTA_TOTAL / STRANGER_BUDGET records, VALIDATION_QUEUE_FULL messages), both floods', `${m(r => r.junkStored)} / ${m(r => r.quotaRefused)} / ${m(r => r.budgetRefused)} / ${m(r => r.queueDropped)}`, `room ${ROOM} records`, `${(m(r => r.junkStored) / ROOM).toFixed(2)}× room`],
    ['victim retained memory after both floods (heap + buffers, after GC)', `${(m(r => r.retainedBytes) / 2 ** 20).toFixed(1)} MiB`, '—', '—'],
    ['victim CPU per giant gossip frame (4 MiB, 16× the limit)', `${m(r => r.giantCpuMs).toFixed(0)} ms`, '—', 'dropped at the length prefix'],
    ['wrong token refused, differs in first / last char', `${m(r => r.tokenFirst).toFixed(3)} / ${m(r => r.tokenLast).toFixed(3)} ms`, 'equal', `${(m(r => r.tokenLast) / m(r => r.tokenFirst)).toFixed(3)}×`]
  )
  for (const r of rows) for (let k = 1; k < 4; k++) r[k] = r[k].replace(/NaN/g, '—')
  process.stdout.write(`\n| figure | measured | limit / target | ratio |\n| --- | --- | --- | --- |\n${rows.map(r => `| ${r.join(' | ')} |`).join('\n')}\n`)
} finally {
  await rm(root, { recursive: true, force: true })
}
