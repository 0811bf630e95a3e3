/**
 * Core benchmarks: signing, verification (libsodium, node:crypto and noble), verify + append to LevelDB
 * in batches, and reloading a store of 1M records. Prints medians of RUNS runs, each beside
 * the machine limit it is measured against.
 *
 *   npx tsx bench/core.ts                 (RELOAD_RECORDS=200000 for a quicker run)
 */
import '../src/polyfill.js'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Level } from 'level'
import { identityFromSeed, type Identity } from '../src/identity.js'
import { signRecord, decodeRecord, signedMessage, type SignedRecord } from '../src/record.js'
import { isAcceptablePublicKey, publicKeyFromSeed, signLibsodium, signNodeCrypto, verifyLibsodium, verifyNodeCrypto, verifySignature, verifyNobleStrict } from '../src/signature.js'
import { randomBytes } from 'node:crypto'
import { VerifyPool } from '../node/verify-pool.js'
import { RecordStore } from '../src/store.js'

const RUNS = 5
const RELOAD_RECORDS = Number(process.env.RELOAD_RECORDS ?? 1_000_000)
const AUTHORS = Array.from({ length: 100 }, (_, i) => identityFromSeed(new Uint8Array(32).fill(i + 1)))

function median (xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[s.length >> 1]
}

/** Operations per second of `fn` over `n` calls. */
async function once (n: number, fn: (i: number) => unknown | Promise<unknown>): Promise<number> {
  const t = performance.now()
  for (let i = 0; i < n; i++) await fn(i)
  return n / ((performance.now() - t) / 1000)
}

/**
 * Rates of `a` and of its limit `b`, measured alternately RUNS times; the ratio is the median
 * of per-run ratios, so load from other processes on this shared machine cancels out.
 */
async function paired (a: () => Promise<number>, b: () => Promise<number>): Promise<{ a: number, b: number, ratio: number }> {
  const as: number[] = []
  const bs: number[] = []
  const ratios: number[] = []
  for (let run = 0; run < RUNS; run++) {
    const x = await a()
    const y = await b()
    as.push(x)
    bs.push(y)
    ratios.push(x / y)
  }
  return { a: median(as), b: median(bs), ratio: median(ratios) }
}

/** `count` records spread round-robin over `authors`, each author's chain linked (native signing). */
function * recordStream (count: number, authors: Identity[]): Generator<SignedRecord> {
  const heads = new Map<string, SignedRecord>()
  for (let i = 0; i < count; i++) {
    const who = authors[i % authors.length]
    const prev = heads.get(who.author)
    const seq = (prev?.seq ?? 0) + 1
    const body = { kind: 'interact' as const, item: `lastfm:artist:${i % 17_632}`, weight: 1 + (i % 500) }
    const r = signRecord(who, prev === undefined ? { seq, ts: 1_700_000_000_000 + i, body } : { seq, prev: prev.hash, ts: 1_700_000_000_000 + i, body }, { signer: 'native' })
    heads.set(who.author, r)
    yield r
  }
}

const fmt = (x: number): string => Math.round(x).toLocaleString('en-US')
const rows: string[] = []
function report (what: string, value: string, limit: string, ratio: number | string): void {
  const row = `| ${what} | ${value} | ${limit} | ${typeof ratio === 'number' ? ratio.toFixed(2) : ratio} |`
  rows.push(row)
  console.log(row)
}

async function tempDir (): Promise<string> {
  return await fs.mkdtemp(path.join(os.tmpdir(), 'mw-bench-core-'))
}

console.log(`# core bench: node ${process.version}, ${os.cpus().length} cores, median of ${RUNS} runs\n`)
console.log('| what | measured | limit | ratio |\n| --- | --- | --- | --- |')

// --- signing
const alice = AUTHORS[0]
const body = { kind: 'interact' as const, item: 'lastfm:artist:289', weight: 42 }
const sign = await paired(async () => await once(200, i => signRecord(alice, { seq: 1, ts: i, body })), async () => await once(2000, i => signRecord(alice, { seq: 1, ts: i, body }, { signer: 'native' })))
report('records signed/s, @noble/ed25519 (reference)', fmt(sign.a), `native ${fmt(sign.b)}/s`, sign.ratio)
const message = signedMessage(signRecord(alice, { seq: 1, ts: 0, body }).bytes.subarray(1, 100))
const sodiumSign = await paired(async () => await once(5000, () => signLibsodium(alice.seed, message)), async () => await once(5000, () => signNodeCrypto(alice.seed, message)))
report('signatures made/s, libsodium (the native backend)', fmt(sodiumSign.a), `node:crypto ${fmt(sodiumSign.b)}/s`, sodiumSign.ratio)

// --- verification
const sample = [...recordStream(3000, AUTHORS)]
const msgs = sample.map(r => signedMessage(r.bytes.subarray(1, r.bytes.length - 66)))
const keys = sample.map(r => AUTHORS.find(a => a.author === r.author)!.publicKey)
const verifyAll = async (): Promise<number> => await once(sample.length, i => verifySignature(keys[i], msgs[i], sample[i].sig))
const verify = await paired(async () => await once(100, i => verifyNobleStrict(keys[i], msgs[i], sample[i].sig)), verifyAll)
report('signatures verified/s, @noble/ed25519 strict', fmt(verify.a), `native ${fmt(verify.b)}/s`, verify.ratio)
const sodiumVerify = await paired(async () => await once(sample.length, i => verifyLibsodium(keys[i], msgs[i], sample[i].sig)), async () => await once(sample.length, i => verifyNodeCrypto(keys[i], msgs[i], sample[i].sig)))
report('signatures verified/s, libsodium (the native backend)', fmt(sodiumVerify.a), `node:crypto ${fmt(sodiumVerify.b)}/s`, sodiumVerify.ratio)
const decoding = await paired(async () => await once(sample.length, i => decodeRecord(sample[i].bytes)), verifyAll)
report('records decoded + validated + verified/s', fmt(decoding.a), `native verify alone ${fmt(decoding.b)}/s`, decoding.ratio)

// --- LevelDB raw batch put: the storage limit, in db.batch(array) and chained form
{
  const rates = { array: [] as number[], chained: [] as number[] }
  const enc = new TextEncoder()
  for (let run = 0; run < RUNS; run++) {
    for (const form of ['array', 'chained'] as const) {
      const dir = await tempDir()
      const db = new Level<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view' })
      await db.open()
      const t = performance.now()
      for (let b = 0; b < sample.length; b += 1000) {
        // Plain Uint8Array keys and values, as the store writes them (not Buffers).
        const ops = sample.slice(b, b + 1000).map((r, i) => ({ type: 'put' as const, key: enc.encode(`${r.author}/${b + i}`), value: Uint8Array.from(r.bytes) }))
        if (form === 'array') {
          await db.batch(ops, { sync: true })
        } else {
          const batch = db.batch()
          for (const op of ops) batch.put(op.key, op.value)
          await batch.write({ sync: true })
        }
      }
      rates[form].push(sample.length / ((performance.now() - t) / 1000))
      await db.close()
      await fs.rm(dir, { recursive: true, force: true })
    }
  }
  report('LevelDB raw batch put/s, db.batch(array) (1000 per batch, fsync)', fmt(median(rates.array)), '—', '—')
  report('LevelDB raw batch put/s, chained batch (1000 per batch, fsync; what the store uses)', fmt(median(rates.chained)), `array form ${fmt(median(rates.array))}/s`, median(rates.chained) / median(rates.array))
}

// --- verify + append in batches
for (const sync of [false, true]) {
  for (const batch of [100, 1000]) {
    const appendAll = async (): Promise<number> => {
      const dir = await tempDir()
      const store = await RecordStore.open(dir, { sync })
      const t = performance.now()
      // Like gossip handlers, keep a few appends in flight: one verifies while another is written.
      const inFlight = new Set<Promise<void>>()
      for (let b = 0; b < sample.length; b += batch) {
        const want = Math.min(batch, sample.length - b)
        const p: Promise<void> = store.append(sample.slice(b, b + batch).map(r => r.bytes)).then(res => {
          if (res.accepted.length !== want) throw new Error('bench records were not all accepted')
          inFlight.delete(p)
        })
        inFlight.add(p)
        if (inFlight.size >= 4) await Promise.race(inFlight)
      }
      await Promise.all(inFlight)
      const r = sample.length / ((performance.now() - t) / 1000)
      await store.close()
      await fs.rm(dir, { recursive: true, force: true })
      return r
    }
    const m = await paired(appendAll, verifyAll)
    report(`verify + append to LevelDB/s, batches of ${batch}, ${sync ? 'fsync' : 'no fsync'}`, fmt(m.a), `native verify alone ${fmt(m.b)}/s (target ≥ 0.80)`, m.ratio)
  }
}

// --- per-record costs beside verification: the store's CPU, a never-seen key's check,
// and what one verification worker holds
{
  const cpu = (): number => { const c = process.cpuUsage(); return c.user + c.system }
  const storeCpu: number[] = []
  for (let run = 0; run < RUNS; run++) {
    const dir = await tempDir()
    const store = await RecordStore.open(dir)
    // Already verified records (as the network path hands them over): the store's own work,
    // its JavaScript and LevelDB's write thread together, fsync on.
    const c0 = cpu()
    for (let b = 0; b < sample.length; b += 256) await store.append(sample.slice(b, b + 256))
    storeCpu.push((cpu() - c0) / sample.length)
    await store.close()
    await fs.rm(dir, { recursive: true, force: true })
  }
  const verifyUs = 1e6 / verify.b
  report('store CPU per appended verified record (JS + LevelDB thread, fsync, batches of 256)', `${median(storeCpu).toFixed(1)} µs`, `one native verification ${verifyUs.toFixed(1)} µs`, median(storeCpu) / verifyUs)
  const keyUs: number[] = []
  for (let run = 0; run < RUNS; run++) {
    const fresh = Array.from({ length: 1000 }, () => publicKeyFromSeed(randomBytes(32)))
    const t = performance.now()
    for (const k of fresh) isAcceptablePublicKey(k)
    keyUs.push((performance.now() - t) * 1000 / fresh.length)
  }
  report('key rule check of a never-seen key (then cached)', `${median(keyUs).toFixed(1)} µs`, `one native verification ${verifyUs.toFixed(1)} µs`, median(keyUs) / verifyUs)
  const pool = VerifyPool.create(4)
  if (pool !== undefined) {
    const before = process.memoryUsage().rss
    pool.start()
    await pool.verify(Array.from({ length: 8 }, (_, i) => ({ publicKey: keys[i], message: msgs[i], signature: sample[i].sig })))
    await new Promise(resolve => setTimeout(resolve, 500))
    report('resident memory per verification worker (4 started)', `${((process.memoryUsage().rss - before) / 4 / 1e6).toFixed(1)} MB`, '—', '—')
    await pool.close()
  }
}

// --- reload of a large store
{
  const dir = await tempDir()
  const authors = Array.from({ length: 1000 }, (_, i) => identityFromSeed(Uint8Array.from({ length: 32 }, (_, j) => (i * 7 + j * 13 + 1) & 0xff)))
  let store = await RecordStore.open(dir, { sync: false, maxRecordsPerAuthor: 1_000_000 })
  const tBuild = performance.now()
  let part: SignedRecord[] = []
  for (const r of recordStream(RELOAD_RECORDS, authors)) {
    part.push(r)
    if (part.length === 20_000) { await store.append(part); part = [] }
  }
  await store.append(part)
  console.log(`\n(built ${fmt(store.count())} records in ${((performance.now() - tBuild) / 1000).toFixed(1)} s)`)
  await store.close()
  const opens: number[] = []
  const walks: number[] = []
  const batchWalks: number[] = []
  for (let run = 0; run < 3; run++) {
    const t0 = performance.now()
    store = await RecordStore.open(dir, { maxRecordsPerAuthor: 1_000_000 })
    const t1 = performance.now()
    let n = 0
    for await (const r of store.records()) if (r.seq > 0) n++
    const t2 = performance.now()
    await store.close()
    const t3 = performance.now()
    store = await RecordStore.open(dir, { maxRecordsPerAuthor: 1_000_000 })
    for await (const batch of store.recordBatches()) n += batch.length
    const t4 = performance.now()
    await store.close()
    if (n !== 2 * RELOAD_RECORDS) throw new Error(`reload saw ${n / 2} records`)
    opens.push((t1 - t0) / 1000)
    walks.push((t2 - t0) / 1000)
    batchWalks.push((t4 - t3) / 1000)
  }
  report(`reload ${fmt(RELOAD_RECORDS)} records: open (heads of 1000 authors)`, `${median(opens).toFixed(2)} s`, '10 s', median(opens) / 10)
  report(`reload ${fmt(RELOAD_RECORDS)} records: open + records() decoding every record`, `${median(walks).toFixed(2)} s`, '10 s', median(walks) / 10)
  report(`reload ${fmt(RELOAD_RECORDS)} records: open + recordBatches()`, `${median(batchWalks).toFixed(2)} s`, '10 s', median(batchWalks) / 10)
  await fs.rm(dir, { recursive: true, force: true })
}
