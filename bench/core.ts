/**
 * Core benchmarks: signing, verification (node:crypto vs noble), verify + append to LevelDB
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
import { verifySignature, verifyNobleStrict } from '../src/signature.js'
import { RecordStore } from '../src/store.js'

const RUNS = 5
const RELOAD_RECORDS = Number(process.env.RELOAD_RECORDS ?? 1_000_000)
const AUTHORS = Array.from({ length: 100 }, (_, i) => identityFromSeed(new Uint8Array(32).fill(i + 1)))

function median (xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[s.length >> 1]
}

/** Operations per second of `fn` over `n` calls, median of RUNS. */
async function rate (n: number, fn: (i: number) => unknown | Promise<unknown>): Promise<number> {
  const rates: number[] = []
  for (let run = 0; run < RUNS; run++) {
    const t = performance.now()
    for (let i = 0; i < n; i++) await fn(i)
    rates.push(n / ((performance.now() - t) / 1000))
  }
  return median(rates)
}

/** `count` records spread over the authors, each author's chain linked (node:crypto signing). */
function makeRecords (count: number, authors: Identity[], start = 0): SignedRecord[] {
  const heads = new Map<string, SignedRecord>()
  const out: SignedRecord[] = []
  for (let i = 0; i < count; i++) {
    const who = authors[i % authors.length]
    const prev = heads.get(who.author)
    const seq = (prev?.seq ?? 0) + 1
    const body = { kind: 'interact' as const, item: `lastfm:artist:${(start + i) % 17_632}`, weight: 1 + (i % 500) }
    const r = signRecord(who, prev === undefined ? { seq, ts: 1_700_000_000_000 + i, body } : { seq, prev: prev.hash, ts: 1_700_000_000_000 + i, body }, { signer: 'node' })
    heads.set(who.author, r)
    out.push(r)
  }
  return out
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
const signNoble = await rate(300, i => signRecord(alice, { seq: 1, ts: i, body }))
const signNode = await rate(3000, i => signRecord(alice, { seq: 1, ts: i, body }, { signer: 'node' }))
report('records signed/s, @noble/ed25519 (reference)', fmt(signNoble), `node:crypto ${fmt(signNode)}/s`, signNoble / signNode)

// --- verification
const sample = makeRecords(4000, AUTHORS)
const msgs = sample.map(r => signedMessage(r.bytes.subarray(1, r.bytes.length - 66)))
const keys = sample.map(r => AUTHORS.find(a => a.author === r.author)!.publicKey)
const verifyNode = await rate(sample.length, i => verifySignature(keys[i], msgs[i], sample[i].sig))
const verifyNoble = await rate(300, i => verifyNobleStrict(keys[i], msgs[i], sample[i].sig))
report('signatures verified/s, @noble/ed25519 strict', fmt(verifyNoble), `node:crypto ${fmt(verifyNode)}/s`, verifyNoble / verifyNode)
const decodeRate = await rate(sample.length, i => decodeRecord(sample[i].bytes))
report('records decoded + validated + verified/s', fmt(decodeRate), `node:crypto verify ${fmt(verifyNode)}/s`, decodeRate / verifyNode)

// --- LevelDB raw batch put: the storage limit
{
  const rates: number[] = []
  for (let run = 0; run < RUNS; run++) {
    const dir = await tempDir()
    const db = new Level<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view' })
    await db.open()
    const t = performance.now()
    for (let b = 0; b < sample.length; b += 1000) {
      await db.batch(sample.slice(b, b + 1000).map((r, i) => ({ type: 'put' as const, key: Buffer.from(`${r.author}/${b + i}`), value: r.bytes })))
    }
    rates.push(sample.length / ((performance.now() - t) / 1000))
    await db.close()
    await fs.rm(dir, { recursive: true, force: true })
  }
  report('LevelDB raw batch put/s (1000 per batch, no fsync)', fmt(median(rates)), '—', '—')
}

// --- verify + append in batches
for (const sync of [false, true]) {
  for (const batch of [100, 1000]) {
    const rates: number[] = []
    for (let run = 0; run < RUNS; run++) {
      const dir = await tempDir()
      const store = await RecordStore.open(dir, { sync })
      const t = performance.now()
      for (let b = 0; b < sample.length; b += batch) {
        const res = await store.append(sample.slice(b, b + batch).map(r => r.bytes))
        if (res.accepted.length !== Math.min(batch, sample.length - b)) throw new Error('bench records were not all accepted')
      }
      rates.push(sample.length / ((performance.now() - t) / 1000))
      await store.close()
      await fs.rm(dir, { recursive: true, force: true })
    }
    report(`verify + append to LevelDB/s, batches of ${batch}, ${sync ? 'fsync' : 'no fsync'}`, fmt(median(rates)), `node:crypto verify ${fmt(verifyNode)}/s (target ≥ 0.80)`, median(rates) / verifyNode)
  }
}

// --- reload of a large store
{
  const dir = await tempDir()
  const authors = Array.from({ length: 1000 }, (_, i) => identityFromSeed(Uint8Array.from({ length: 32 }, (_, j) => (i * 7 + j * 13 + 1) & 0xff)))
  let store = await RecordStore.open(dir, { sync: false, maxRecordsPerAuthor: 1_000_000 })
  const tBuild = performance.now()
  const chunk = 20_000
  const heads = new Map<string, SignedRecord>()
  for (let done = 0; done < RELOAD_RECORDS; done += chunk) {
    const part: SignedRecord[] = []
    for (let i = done; i < Math.min(done + chunk, RELOAD_RECORDS); i++) {
      const who = authors[i % authors.length]
      const prev = heads.get(who.author)
      const seq = (prev?.seq ?? 0) + 1
      const b = { kind: 'interact' as const, item: `lastfm:artist:${i % 17_632}`, weight: 1 + (i % 500) }
      const r = signRecord(who, prev === undefined ? { seq, ts: 1_700_000_000_000 + i, body: b } : { seq, prev: prev.hash, ts: 1_700_000_000_000 + i, body: b }, { signer: 'node' })
      heads.set(who.author, r)
      part.push(r)
    }
    await store.append(part)
  }
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
