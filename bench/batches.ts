/**
 * Batch records (PROTOCOL.md §9): importing a 40,000-item history (20,000 artists and
 * 20,000 tracks, play counts, no titles) through LocalAuthor into a real LevelDB store
 * (fsync on), packed into batch records versus protocol 1's one record per update.
 * Prints records signed, bytes stored and the import time (median of RUNS runs), beside
 * the limit that matters here: one signature per record.
 *
 *   npx tsx bench/batches.ts
 */
import '../src/polyfill.js'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { identityFromSeed } from '../src/identity.js'
import { LocalAuthor } from '../src/author.js'
import { RecordStore } from '../src/store.js'
import type { Update } from '../src/record.js'

const RUNS = 3
const ITEMS = 40_000
const me = identityFromSeed(new Uint8Array(32).fill(7))
const history: Update[] = Array.from({ length: ITEMS }, (_, i) => ({
  kind: 'interact',
  item: i % 2 === 0 ? `lastfm:artist:${i >> 1}` : `lastfm:track:${100_000 + (i >> 1)}`,
  weight: 1 + (i * 7919) % 900
}))
const CHUNK = 1000 // what `meritwalk import` sends per social.interactMany call

function median (xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[xs.length >> 1]
}

async function run (oneRecordEach: boolean): Promise<{ seconds: number, records: number, bytes: number }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mw-batches-'))
  const store = await RecordStore.open(dir, { maxRecordsPerAuthor: 1_000_000 })
  try {
    const author = new LocalAuthor(me, store)
    let bytes = 0
    const t = performance.now()
    for (let i = 0; i < ITEMS; i += CHUNK) {
      for (const r of await author.append(history.slice(i, i + CHUNK), { oneRecordEach })) bytes += r.bytes.length
    }
    return { seconds: (performance.now() - t) / 1000, records: store.count(), bytes }
  } finally {
    await store.close()
    await fs.rm(dir, { recursive: true, force: true })
  }
}

for (const [label, each] of [['batch records (protocol 2)', false], ['one record per update (protocol 1)', true]] as const) {
  const runs = []
  for (let i = 0; i < RUNS; i++) runs.push(await run(each))
  const s = median(runs.map(r => r.seconds))
  const { records, bytes } = runs[0]
  console.log(`${label}: ${ITEMS.toLocaleString('en')} items → ${records.toLocaleString('en')} records, ${(bytes / 1e6).toFixed(2)} MB signed; import ${s.toFixed(2)} s (median of ${RUNS}), ${(ITEMS / s).toFixed(0)} items/s, ${(records / s).toFixed(0)} signatures/s`)
}
