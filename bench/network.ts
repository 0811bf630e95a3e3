/**
 * Network benchmarks (issue 4): end-to-end records/s from A to C in a line A–B–C (authored
 * and signed on A, validated and persisted on B and C, relayed by B), and catch-up time of a
 * fresh node pulling 10k and 100k records by sync, and the rate of the import path
 * (records.import: verification workers, then the store). A runs in this process, every other node
 * in its own process (its own event loop, as deployed). Limits are measured right before
 * each run (the machine is shared): single-core record validation (decode + Ed25519 verify)
 * and signing; end to end, two cores can do at most 2 / (1/sign + 2/validate) records/s.
 *
 *   npx tsx bench/network.ts [records=20000] [runs=3] [catch-up sizes=10000,100000]
 *   MW_PROF=<dir> …   also writes a CPU profile of every child node into <dir>
 *   MW_NODE_FLAGS='…' passes V8 flags to the child nodes
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
    const proc = spawn(process.execPath, [...(process.env.MW_NODE_FLAGS?.split(' ') ?? []), ...(process.env.MW_PROF !== undefined ? ['--cpu-prof', '--cpu-prof-dir', process.env.MW_PROF] : []), '--import', 'tsx', 'bench/network/node-proc.ts', dir, String(pageSize)], { stdio: ['pipe', 'pipe', 'inherit'] })
    const node = new ProcNode(proc, dir)
    const ready = await node.next()
    return { node, ego: ready.ego as string, addr: (ready.multiaddrs as string[])[0] }
  }

  async ask (msg: object): Promise<Record<string, unknown>> {
    this.proc.stdin!.write(JSON.stringify(msg) + '\n')
    return await this.next()
  }

  /** CPU time the process has used, µs. */
  async cpu (): Promise<number> {
    return (await this.ask({ cmd: 'cpu' })).us as number
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

const cpuNow = (): number => { const { user, system } = process.cpuUsage(); return user + system }
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const sleep = async (ms: number): Promise<void> => { await new Promise(resolve => setTimeout(resolve, ms)) }
const plays = (n: number, from: number): Body[] => Array.from({ length: n }, (_, i) => ({ kind: 'interact', item: `bench:track:${(from + i) % 5000}`, weight: 1 + ((from + i) % 100) }))

/** Single-core rates of record validation (decode + verify) and of signing, records/s. */
function cryptoLimits (sample: SignedRecord[]): { verify: number, sign: number } {
  const bytes = sample.map(r => Uint8Array.from(r.bytes))
  let t0 = performance.now()
  for (const b of bytes) decodeRecord(b)
  const verify = bytes.length / ((performance.now() - t0) / 1000)
  const id = identityFromSeed(new Uint8Array(32).fill(9))
  t0 = performance.now()
  for (let i = 0; i < sample.length; i++) signRecord(id, { seq: 1, ts: 1, body: sample[i].body }, { signer: 'native' })
  return { verify, sign: sample.length / ((performance.now() - t0) / 1000) }
}

// Two cores; each record end to end costs one signature (A) and two validations (B, C).
const e2eLimit = (l: { verify: number, sign: number }): number => 2 / (1 / l.sign + 2 / l.verify)

/** Records of `authors` authors, `per` each, signed with node:crypto. */
function corpus (authors: number, per: number): SignedRecord[] {
  const out: SignedRecord[] = []
  for (let a = 0; a < authors; a++) {
    const seed = new Uint8Array(32)
    new DataView(seed.buffer).setUint32(0, 0xbe4c0000 + a)
    const id = identityFromSeed(seed)
    let prev: SignedRecord | undefined
    for (let seq = 1; seq <= per; seq++) {
      const r: SignedRecord = signRecord(id, { seq, ...(prev === undefined ? {} : { prev: prev.hash }), ts: 1_700_000_000_000 + seq, body: plays(1, a * per + seq)[0] }, { signer: 'native' })
      out.push(r)
      prev = r
    }
  }
  return out
}

async function endToEnd (n: number): Promise<{ rate: number, authorRate: number, viaGossip: number, cpuPerRecord: [number, number, number] }> {
  const a = await localNode()
  const b = await ProcNode.start()
  const c = await ProcNode.start()
  try {
    await a.daemon.connect(b.addr)
    await c.node.ask({ cmd: 'connect', addr: b.addr })
    // Let the gossip meshes form (a few heartbeats) before the clock starts.
    while (a.daemon.status().meshPeers < 1) await sleep(50)
    await sleep(2000)
    const cpu0 = [cpuNow(), await b.node.cpu(), await c.node.cpu()]
    const t0 = Date.now()
    for (let i = 0; i < n; i += 256) await a.daemon.author.append(plays(Math.min(256, n - i), i), { oneRecordEach: true })
    const authored = Date.now()
    const { at } = await c.node.ask({ cmd: 'wait', count: n, timeoutMs: 120_000 }) as { at: number }
    const cpu1 = [cpuNow(), await b.node.cpu(), await c.node.cpu()]
    const status = await c.node.ask({ cmd: 'status' }) as { counters: { syncRecords: number } }
    if (at === undefined) throw new Error(`C did not get all ${n} records in 120 s: ${JSON.stringify(status)}`)
    const cpuPerRecord = cpu1.map((t, i) => (t - cpu0[i]) / n) as [number, number, number]
    return { rate: n / ((at - t0) / 1000), authorRate: n / ((authored - t0) / 1000), viaGossip: 1 - status.counters.syncRecords / n, cpuPerRecord }
  } finally {
    await a.daemon.stop()
    await rm(a.dir, { recursive: true, force: true })
    await b.node.stop()
    await c.node.stop()
  }
}

/** Records/s through the import path (records.import: workers verify, the store appends), batches of 500. */
async function importRate (all: SignedRecord[]): Promise<number> {
  const a = await localNode()
  try {
    const bytes = all.map(r => Uint8Array.from(r.bytes))
    const t0 = Date.now()
    for (let i = 0; i < bytes.length; i += 500) {
      const checked = await a.daemon.verifyRecords(bytes.slice(i, i + 500))
      const result = await a.daemon.store.append(checked.records)
      if (checked.rejected.length > 0 || result.accepted.length !== checked.records.length) throw new Error('bench records were refused')
    }
    return all.length / ((Date.now() - t0) / 1000)
  } finally {
    await a.daemon.stop()
    await rm(a.dir, { recursive: true, force: true })
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
const sample = all.slice(0, 5000)

// The machine is shared: measure the limit right before every run, report the median ratio.
const e2e: Array<{ rate: number, limit: number, verify: number, viaGossip: number }> = []
for (let r = 0; r < runs; r++) {
  const l = cryptoLimits(sample)
  const run = await endToEnd(records)
  e2e.push({ rate: run.rate, limit: e2eLimit(l), verify: l.verify, viaGossip: run.viaGossip })
  console.error(`e2e run ${r + 1}: ${Math.round(run.rate)} records/s (authoring ${Math.round(run.authorRate)}/s, ${(run.viaGossip * 100).toFixed(1)}% by gossip); CPU per record A/B/C ${run.cpuPerRecord.map(x => x.toFixed(0)).join('/')} µs; limit ${Math.round(e2eLimit(l))}/s (verify ${Math.round(l.verify)}/s, sign ${Math.round(l.sign)}/s per core)`)
}
const rows: string[][] = []
const rate = median(e2e.map(x => x.rate))
rows.push([`end to end A→B→C, ${records} records`, `${Math.round(rate)} records/s`, `target ≥ 5,000/s; limit ${Math.round(median(e2e.map(x => x.limit)))}/s (2 cores ÷ one signature + two validations; validation ${Math.round(median(e2e.map(x => x.verify)))}/s/core)`, `${(rate / 5000).toFixed(2)}× target, ${median(e2e.map(x => x.rate / x.limit)).toFixed(2)}× limit`])
rows.push(['  of which delivered by gossip (rest by gap pulls)', `${(median(e2e.map(x => x.viaGossip)) * 100).toFixed(1)} %`, '', ''])
for (const size of sizes) {
  const corpusOf = all.filter(r => r.seq <= size / 100)
  const runsOf: Array<{ t: number, floor: number }> = []
  for (let r = 0; r < runs; r++) {
    const l = cryptoLimits(sample)
    const t = await catchUp(corpusOf)
    runsOf.push({ t, floor: size / l.verify })
    console.error(`catch-up ${size} run ${r + 1}: ${t.toFixed(2)} s (validation alone ${(size / l.verify).toFixed(1)} s)`)
  }
  const t = median(runsOf.map(x => x.t))
  rows.push([`catch-up of ${size} records (100 authors) by sync`, `${t.toFixed(2)} s (${Math.round(size / t)} records/s)`, `target ≤ 60 s; limit: validation alone ${median(runsOf.map(x => x.floor)).toFixed(1)} s`, `${(t / 60).toFixed(2)}× target, ${median(runsOf.map(x => x.floor / x.t)).toFixed(2)}× limit rate`])
}
{
  const corpusOf = all.filter(r => r.seq <= 200)
  const runsOf: Array<{ rate: number, verify: number }> = []
  for (let r = 0; r < runs; r++) {
    const l = cryptoLimits(sample)
    const rate = await importRate(corpusOf)
    runsOf.push({ rate, verify: l.verify })
    console.error(`import ${corpusOf.length} run ${r + 1}: ${Math.round(rate)} records/s (validation ${Math.round(l.verify)}/s per core)`)
  }
  const rate = median(runsOf.map(x => x.rate))
  rows.push([`import of ${corpusOf.length} records (records.import path, batches of 500)`, `${Math.round(rate)} records/s`, `validation alone ${Math.round(median(runsOf.map(x => x.verify)))}/s on one core`, `${median(runsOf.map(x => x.rate / x.verify)).toFixed(2)}× limit rate`])
}
console.log('| figure | measured | limit / target | ratio |\n| --- | --- | --- | --- |')
for (const r of rows) console.log(`| ${r.join(' | ')} |`)
