/**
 * Network benchmarks (issue 4): end-to-end records/s from A to C in a line A–B–C (authored
 * and signed on A, validated and persisted on B and C, relayed by B), and catch-up time of a
 * fresh node pulling 10k and 100k records by sync. A runs in this process, every other node
 * in its own process (its own event loop, as deployed). The limit beside each figure is the
 * single-core rate of record validation (decode + Ed25519 verify) measured here.
 *
 *   npx tsx bench/network.ts [records=20000] [runs=3] [catch-up sizes=10000,100000]
 */
import '../src/polyfill.js'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import pino from 'pino'
import { defaultConfig } from '../src/config.js'
import { decodeRecord, identityFromSeed, signRecord, type Body, type SignedRecord } from '../src/index.js'
import { startDaemon, type Daemon } from '../node/index.js'

const [records = 20_000, runs = 3] = process.argv.slice(2, 4).map(Number)
const sizes = (process.argv[4] ?? '10000,100000').split(',').map(Number)

/** A node in a child process, spoken to in JSON lines. */
class ProcNode {
  private readonly lines: AsyncIterator<string>
  private constructor (private readonly proc: ChildProcess, readonly dir: string) {
    this.lines = createInterface({ input: proc.stdout! })[Symbol.asyncIterator]()
  }

  static async start (pageSize = 1000): Promise<{ node: ProcNode, ego: string, addr: string }> {
    const dir = await mkdtemp(join(tmpdir(), 'mw-bench-'))
    const proc = spawn(process.execPath, ['--import', 'tsx', 'bench/network/node-proc.ts', dir, String(pageSize)], { stdio: ['pipe', 'pipe', 'inherit'] })
    const node = new ProcNode(proc, dir)
    const ready = await node.next()
    return { node, ego: ready.ego as string, addr: (ready.multiaddrs as string[])[0] }
  }

  async ask (msg: object): Promise<Record<string, unknown>> {
    this.proc.stdin!.write(JSON.stringify(msg) + '\n')
    return await this.next()
  }

  async stop (): Promise<void> {
    await this.ask({ cmd: 'stop' })
    await rm(this.dir, { recursive: true, force: true })
  }

  private async next (): Promise<Record<string, unknown>> {
    const { value, done } = await this.lines.next()
    if (done === true) throw new Error('bench node exited')
    return JSON.parse(value)
  }
}

async function localNode (): Promise<{ daemon: Daemon, dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'mw-bench-'))
  const base = defaultConfig(dir)
  const daemon = await startDaemon({ ...base, listen: ['/ip4/127.0.0.1/tcp/0'], logLevel: 'warn', sync: { ...base.sync, intervalMs: 600_000 } },
    { logger: pino({ level: 'warn' }, pino.destination(2)) })
  return { daemon, dir }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const sleep = async (ms: number): Promise<void> => { await new Promise(resolve => setTimeout(resolve, ms)) }
const plays = (n: number, from: number): Body[] => Array.from({ length: n }, (_, i) => ({ kind: 'interact', item: `bench:track:${(from + i) % 5000}`, weight: 1 + ((from + i) % 100) }))

/** Single-core validation rate: decode + verify of distinct records, records/s. */
function validationLimit (sample: SignedRecord[]): number {
  const bytes = sample.map(r => Uint8Array.from(r.bytes))
  const t0 = performance.now()
  for (const b of bytes) decodeRecord(b)
  return bytes.length / ((performance.now() - t0) / 1000)
}

/** Records of `authors` authors, `per` each, signed with node:crypto. */
function corpus (authors: number, per: number): SignedRecord[] {
  const out: SignedRecord[] = []
  for (let a = 0; a < authors; a++) {
    const seed = new Uint8Array(32)
    new DataView(seed.buffer).setUint32(0, 0xbe4c0000 + a)
    const id = identityFromSeed(seed)
    let prev: SignedRecord | undefined
    for (let seq = 1; seq <= per; seq++) {
      const r: SignedRecord = signRecord(id, { seq, ...(prev === undefined ? {} : { prev: prev.hash }), ts: 1_700_000_000_000 + seq, body: plays(1, a * per + seq)[0] }, { signer: 'node' })
      out.push(r)
      prev = r
    }
  }
  return out
}

async function endToEnd (n: number): Promise<{ rate: number, authorRate: number, viaGossip: number }> {
  const a = await localNode()
  const b = await ProcNode.start()
  const c = await ProcNode.start()
  try {
    await a.daemon.connect(b.addr)
    await c.node.ask({ cmd: 'connect', addr: b.addr })
    // Let the gossip meshes form (a few heartbeats) before the clock starts.
    while (a.daemon.status().meshPeers < 1) await sleep(50)
    await sleep(2000)
    const t0 = Date.now()
    for (let i = 0; i < n; i += 256) await a.daemon.author.append(plays(Math.min(256, n - i), i))
    const authored = Date.now()
    const { at } = await c.node.ask({ cmd: 'wait', count: n, timeoutMs: 120_000 }) as { at: number }
    const status = await c.node.ask({ cmd: 'status' }) as { counters: { syncRecords: number } }
    if (at === undefined) throw new Error(`C did not get all ${n} records in 120 s: ${JSON.stringify(status)}`)
    return { rate: n / ((at - t0) / 1000), authorRate: n / ((authored - t0) / 1000), viaGossip: 1 - status.counters.syncRecords / n }
  } finally {
    await a.daemon.stop()
    await rm(a.dir, { recursive: true, force: true })
    await b.node.stop()
    await c.node.stop()
  }
}

async function catchUp (all: SignedRecord[]): Promise<number> {
  const a = await localNode()
  try {
    for (let i = 0; i < all.length; i += 2000) await a.daemon.store.append(all.slice(i, i + 2000))
    const b = await ProcNode.start()
    try {
      const t0 = Date.now()
      await b.node.ask({ cmd: 'connect', addr: a.daemon.multiaddrs()[0] })
      const { at } = await b.node.ask({ cmd: 'wait', count: all.length }) as { at: number }
      return (at - t0) / 1000
    } finally {
      await b.node.stop()
    }
  } finally {
    await a.daemon.stop()
    await rm(a.dir, { recursive: true, force: true })
  }
}

const biggest = Math.max(...sizes)
console.error(`signing ${biggest} records for the catch-up corpus…`)
const all = corpus(100, Math.ceil(biggest / 100))
const limit = median([0, 1, 2].map(() => validationLimit(all.slice(0, 20_000))))
console.error(`validation limit: ${Math.round(limit)} records/s on one core`)

const e2e = []
for (let r = 0; r < runs; r++) {
  e2e.push(await endToEnd(records))
  console.error(`e2e run ${r + 1}: ${Math.round(e2e[r].rate)} records/s (authoring ${Math.round(e2e[r].authorRate)}/s, ${(e2e[r].viaGossip * 100).toFixed(1)}% by gossip)`)
}
const rows: string[][] = []
const rate = median(e2e.map(x => x.rate))
rows.push([`end to end A→B→C, ${records} records`, `${Math.round(rate)} records/s`, `target ≥ 5,000/s; validation limit ${Math.round(limit)}/s/core`, `${(rate / 5000).toFixed(2)}× target, ${(rate / limit).toFixed(2)}× limit`])
rows.push(['  of which delivered by gossip (rest by gap pulls)', `${(median(e2e.map(x => x.viaGossip)) * 100).toFixed(1)} %`, '', ''])
for (const size of sizes) {
  const corpusOf = all.filter(r => r.seq <= size / 100)
  const times = []
  for (let r = 0; r < runs; r++) {
    times.push(await catchUp(corpusOf))
    console.error(`catch-up ${size} run ${r + 1}: ${times[r].toFixed(2)} s`)
  }
  const t = median(times)
  const floor = size / limit
  rows.push([`catch-up of ${size} records (100 authors) by sync`, `${t.toFixed(2)} s (${Math.round(size / t)} records/s)`, `target ≤ 60 s; validation alone ${floor.toFixed(1)} s`, `${(t / 60).toFixed(2)}× target, ${(floor / t).toFixed(2)}× limit rate`])
}
console.log('| figure | measured | limit / target | ratio |\n| --- | --- | --- | --- |')
for (const r of rows) console.log(`| ${r.join(' | ')} |`)
