/**
 * Issue #17, floods of validly signed records: what waits for gossip validation is bounded
 * per peer and in total, peers are served in turn with scored peers first, and strangers
 * share one budget of records per second (over it: not stored, so not relayed). A real
 * store, real records, the real ingest path.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { pino } from 'pino'
import { MAX_RECORD_BYTES, RecordStore, type SignedRecord } from '../../src/index.js'
import { createCounters } from '../../node/counters.js'
import { encodeGossipBatch } from '../../node/gossip/codec.js'
import { Ingest, type IngestInit } from '../../node/ingest.js'
import { StrangerBudget } from '../../node/stranger-budget.js'
import { chain, identityN, tempDir } from './helpers.js'

const limits = { maxBatchRecords: 256, maxMessageBytes: 1 << 18, maxRecordBytes: MAX_RECORD_BYTES }
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => { for (const c of cleanups.splice(0)) await c() })

async function ingestOn (opts: Partial<IngestInit> = {}): Promise<{ ingest: Ingest, store: RecordStore, counters: ReturnType<typeof createCounters> }> {
  const t = await tempDir()
  const store = await RecordStore.open(t.dir, { sync: false })
  cleanups.push(async () => { await store.close(); await t.remove() })
  const counters = createCounters()
  const ingest = new Ingest({ store, limits, counters, log: pino({ level: 'silent' }), pull: () => {}, spread: () => {}, ...opts })
  return { ingest, store, counters }
}

/** A gossip message of `n` fresh authors' first records (authors numbered from `from`). */
function freshMessage (from: number, n: number): Uint8Array {
  return encodeGossipBatch(Array.from({ length: n }, (_, i) => chain(identityN(from + i), 1)[0].bytes), limits)
}

describe('gossip validation queue', () => {
  it('bounds each peer, serves peers in turn, and drops the excess as ignore', async () => {
    const { ingest, counters } = await ingestOn({ queue: { perPeer: 4, total: 64 } })
    const done: string[] = []
    const flood = Array.from({ length: 20 }, async (_, i) => { const v = await ingest.gossip('flooder', freshMessage(1000 + i * 50, 50)); done.push(`flooder:${v}`); return v })
    const honest = ingest.gossip('honest', freshMessage(5000, 5)).then(v => { done.push(`honest:${v}`); return v })
    const verdicts = await Promise.all(flood)
    expect(await honest).toBe('accept')
    // The first started at once and 4 waited; the other 15 were dropped without validation.
    expect(verdicts.filter(v => v === 'accept')).toHaveLength(5)
    expect(verdicts.filter(v => v === 'ignore')).toHaveLength(15)
    expect(counters.rejected.VALIDATION_QUEUE_FULL).toBe(15)
    // The honest message went in the second turn, not behind the flooder's queue.
    const order = done.filter(d => d.endsWith(':accept'))
    expect(order.indexOf('honest:accept')).toBeLessThanOrEqual(1)
  })

  it('when full, a scored peer displaces an unscored one', async () => {
    const { ingest, counters } = await ingestOn({ queue: { perPeer: 4, total: 6 }, score: peer => peer === 'friend' ? 5 : 0 })
    const strangers = [...Array.from({ length: 4 }, async (_, i) => await ingest.gossip('a', freshMessage(1000 + i * 10, 10))), ...Array.from({ length: 4 }, async (_, i) => await ingest.gossip('b', freshMessage(2000 + i * 10, 10)))]
    const friend = ingest.gossip('friend', freshMessage(3000, 3))
    expect(await friend).toBe('accept')
    const verdicts = await Promise.all(strangers)
    // 1 running + 6 queued of 8: one dropped for room, then one displaced by the friend.
    expect(verdicts.filter(v => v === 'ignore')).toHaveLength(2)
    expect(counters.rejected.VALIDATION_QUEUE_FULL).toBe(2)
  })
})

describe('stranger budget', () => {
  it('strangers share one budget; trusted authors pass; a message with nothing admitted is not relayed', async () => {
    const friend = identityN(1)
    let t = 0
    const budget = new StrangerBudget({ ratePerSecond: 10, burst: 20, priority: a => a === friend.author ? 1 : 0, now: () => t })
    const { ingest, store, counters } = await ingestOn({ budget })
    expect(await ingest.gossip('p', freshMessage(100, 15))).toBe('accept')
    // 15 + 15 strangers against a burst of 20: 5 of the second message get in.
    expect(await ingest.gossip('q', freshMessage(200, 15))).toBe('accept')
    expect(store.count()).toBe(20)
    expect(counters.rejected.STRANGER_BUDGET).toBe(10)
    // The budget is spent: a stranger-only message stores nothing and is ignored (not relayed)…
    expect(await ingest.gossip('r', freshMessage(300, 5))).toBe('ignore')
    // …while a trusted author's records all pass.
    const own: SignedRecord[] = chain(friend, 30)
    expect(await ingest.gossip('r', encodeGossipBatch(own.map(r => r.bytes), limits))).toBe('accept')
    expect(store.head(friend.author)?.seq).toBe(30)
    // A second later the budget has 10 more for strangers, by sync as by gossip.
    t += 1000
    const synced = await ingest.synced('s', Array.from({ length: 15 }, (_, i) => chain(identityN(400 + i), 1)[0].bytes))
    expect(synced.accepted).toBe(10)
    expect(synced.refused.size).toBe(5)
    expect(store.count()).toBe(20 + 30 + 10)
  })
})
