import { describe, it, expect, afterEach } from 'vitest'
import { RecordStore, QuotaError, StoreClosedError, StoreOpenError, type AppendResult } from '../../src/store.js'
import { decodeRecord, recordHashHex, RecordError, signRecord, type SignedRecord } from '../../src/record.js'
import { tempDir, removeDirs, person, chain, plays } from './helpers.js'

const dirs: string[] = []
const stores: RecordStore[] = []
async function open (init: Parameters<typeof RecordStore.open>[1] = {}, dir?: string): Promise<RecordStore> {
  const s = await RecordStore.open(dir ?? await tempDir(dirs), { sync: false, ...init })
  stores.push(s)
  return s
}
afterEach(async () => {
  await Promise.all(stores.splice(0).map(async s => await s.close()))
  await removeDirs(dirs)
})

const alice = person(1)
const bob = person(2)
const carol = person(3)
const hashes = (rs: SignedRecord[]): string[] => rs.map(recordHashHex)

async function snapshot (s: RecordStore): Promise<unknown> {
  return { count: s.count(), heads: s.headsAfter(null, Infinity).map(([a, h]) => [a, h.seq, Buffer.from(h.hash).toString('hex')]), digest: await s.digest() }
}

describe('RecordStore: linking', () => {
  it('links a chain in one append; heads, count, range, get, records', async () => {
    const s = await open()
    const rs = chain(alice, 5, plays)
    const res = await s.append(rs.map(r => r.bytes))
    expect(hashes(res.accepted)).toEqual(hashes(rs))
    expect(res).toMatchObject({ duplicates: 0, pending: [], gaps: [], rejected: [], equivocations: [] })
    expect(s.head(alice.author)).toEqual({ seq: 5, hash: rs[4].hash })
    expect(s.count()).toBe(5)
    expect(hashes(await s.range(alice.author, 2, 2))).toEqual(hashes(rs.slice(1, 3)))
    expect(hashes(await s.range(alice.author, 4, 100))).toEqual(hashes(rs.slice(3)))
    expect(await s.range(alice.author, 6, 10)).toEqual([])
    expect(await s.range(bob.author, 1, 10)).toEqual([])
    expect((await s.get(alice.author, 3))?.bytes).toEqual(rs[2].bytes)
    expect(await s.get(alice.author, 6)).toBeUndefined()
    const all: SignedRecord[] = []
    for await (const r of s.records()) all.push(r)
    expect(hashes(all)).toEqual(hashes(rs))
    const batches: SignedRecord[][] = []
    for await (const b of s.recordBatches(2)) batches.push(b)
    expect(batches.map(b => b.length)).toEqual([2, 2, 1])
    expect(hashes(batches.flat())).toEqual(hashes(rs))
    // Stopping early closes the read-ahead iterator cleanly (the store still closes after).
    for await (const b of s.recordBatches(1)) { expect(b).toHaveLength(1); break }
  })

  it('re-delivery of stored records (bytes or objects) is a no-op', async () => {
    const s = await open()
    const rs = chain(alice, 3, plays)
    await s.append(rs)
    const before = await snapshot(s)
    const res = await s.append([...rs.map(r => r.bytes), rs[0], rs[2]])
    expect(res.duplicates).toBe(5)
    expect(res.accepted).toEqual([])
    expect(await snapshot(s)).toEqual(before)
  })

  it('holds out-of-order records as pending, reports the gap, links them in chain order once it fills', async () => {
    const s = await open()
    const rs = chain(alice, 4, plays)
    const r1 = await s.append([rs[3].bytes, rs[2].bytes])
    expect(r1.accepted).toEqual([])
    expect(hashes(r1.pending)).toEqual(hashes([rs[2], rs[3]]))
    expect(r1.gaps).toEqual([{ author: alice.author, fromSeq: 1, toSeq: 2 }])
    expect(s.count()).toBe(0)
    expect(s.head(alice.author)).toBeUndefined()
    expect(s.pendingCount()).toBe(2)
    const again = await s.append([rs[3].bytes])
    expect(again.duplicates).toBe(1)
    const r2 = await s.append([rs[0].bytes])
    expect(hashes(r2.accepted)).toEqual(hashes([rs[0]]))
    expect(r2.gaps).toEqual([{ author: alice.author, fromSeq: 2, toSeq: 2 }])
    const r3 = await s.append([rs[1].bytes])
    expect(hashes(r3.accepted)).toEqual(hashes(rs.slice(1)))
    expect(r3.gaps).toEqual([])
    expect(s.head(alice.author)?.seq).toBe(4)
    expect(s.pendingCount()).toBe(0)
  })

  it('refuses a record whose prev does not match the stored predecessor (BAD_PREV), state unchanged', async () => {
    const s = await open()
    const rs = chain(alice, 2, plays)
    await s.append([rs[0]])
    const before = await snapshot(s)
    const wrong = signRecord(alice, { seq: 2, prev: new Uint8Array(32).fill(9), ts: 1, body: plays(2) })
    const res = await s.append([wrong.bytes])
    expect(res.rejected).toHaveLength(1)
    expect(res.rejected[0].error).toBeInstanceOf(RecordError)
    expect(res.rejected[0].error.code).toBe('BAD_PREV')
    expect(await snapshot(s)).toEqual(before)
  })

  it('invalid records in a batch are rejected with their reason; valid ones still link; nothing else changes', async () => {
    const s = await open()
    const rs = chain(alice, 2, plays)
    const tampered = Uint8Array.from(rs[1].bytes)
    tampered[tampered.length - 1] ^= 0x10
    const res = await s.append([rs[0].bytes, tampered, new Uint8Array([1, 2, 3])])
    expect(hashes(res.accepted)).toEqual(hashes([rs[0]]))
    expect(res.rejected.map(r => r.error.code)).toEqual(['BAD_SIGNATURE', 'MALFORMED'])
    expect(res.rejected[0].bytes).toEqual(tampered)
    const only = await snapshot(s)
    const res2 = await s.append([tampered])
    expect(res2.rejected[0].error.code).toBe('BAD_SIGNATURE')
    expect(await snapshot(s)).toEqual(only)
  })

  it('a SignedRecord object is judged by its bytes, not by fields edited after decoding', async () => {
    const s = await open()
    const [r] = chain(alice, 1, plays)
    const edited = { ...r, body: { kind: 'interact' as const, item: 'lastfm:artist:666', weight: 1e6 } }
    const res = await s.append([edited])
    expect(res.accepted[0].body).toEqual(r.body)
    expect((await s.get(alice.author, 1))?.body).toEqual(r.body)
  })

  it('refuses records from the future using the store clock', async () => {
    const s = await open({ now: () => 1_700_000_000_000 - 3_600_000 })
    const res = await s.append(chain(alice, 1, plays))
    expect(res.rejected[0].error.code).toBe('FUTURE_TIMESTAMP')
    expect(s.count()).toBe(0)
  })

  it('digest depends only on the set of records, not on arrival order or batching', async () => {
    const a = await open()
    const b = await open()
    const all = [...chain(alice, 6, plays), ...chain(bob, 4, plays), ...chain(carol, 3, plays)]
    await a.append(all)
    for (const r of [...all].reverse()) await b.append([r.bytes])
    expect(b.count()).toBe(13)
    expect(await b.digest()).toBe(await a.digest())
    await b.append(chain(carol, 1, plays, 4, all[all.length - 1].hash))
    expect(await b.digest()).not.toBe(await a.digest())
  })
})

describe('RecordStore: equivocation', () => {
  it('a second record for a linked seq is stored as a proof and flags the author, once', async () => {
    const s = await open()
    const rs = chain(alice, 3, plays)
    await s.append(rs)
    const fork = signRecord(alice, { seq: 2, prev: rs[0].hash, ts: 5, body: { kind: 'trust', target: bob.author, weight: 1 } })
    const res = await s.append([fork.bytes])
    expect(res.equivocations).toHaveLength(1)
    const e = res.equivocations[0]
    expect(e).toMatchObject({ author: alice.author, seq: 2 })
    expect(recordHashHex(e.a)).toBe(recordHashHex(rs[1]))
    expect(recordHashHex(e.b)).toBe(recordHashHex(fork))
    expect(s.isFlagged(alice.author)).toBe(true)
    expect(s.isFlagged(bob.author)).toBe(false)
    // The linked chain is untouched.
    expect(s.head(alice.author)?.seq).toBe(3)
    expect(hashes(await s.range(alice.author, 1, 3))).toEqual(hashes(rs))
    // The proof is self-contained: both halves verify on their own, same author and seq, different content.
    const [proof] = await s.equivocations(alice.author)
    const a = decodeRecord(proof.a.bytes)
    const b = decodeRecord(proof.b.bytes)
    expect([a.author, a.seq]).toEqual([b.author, b.seq])
    expect(recordHashHex(a)).not.toBe(recordHashHex(b))
    // Re-delivery of the fork: no second proof.
    const again = await s.append([fork.bytes])
    expect(again.equivocations).toEqual([])
    expect(await s.equivocations()).toHaveLength(1)
  })

  it('detects forks among pending records and within one batch', async () => {
    const s = await open()
    const rs = chain(alice, 3, plays)
    const fork3 = signRecord(alice, { seq: 3, prev: rs[1].hash, ts: 9, body: plays(33) })
    const res = await s.append([rs[2].bytes, fork3.bytes])
    expect(res.equivocations.map(e => e.seq)).toEqual([3])
    const fork1 = signRecord(bob, { seq: 1, ts: 9, body: plays(99) })
    const [b1] = chain(bob, 1, plays)
    const res2 = await s.append([b1.bytes, fork1.bytes])
    expect(res2.accepted).toHaveLength(1)
    expect(res2.equivocations.map(e => [e.author, e.seq])).toEqual([[bob.author, 1]])
    expect(s.isFlagged(alice.author) && s.isFlagged(bob.author)).toBe(true)
  })

  it('proofs and flags survive a reopen', async () => {
    const dir = await tempDir(dirs)
    const s = await RecordStore.open(dir, { sync: false })
    const rs = chain(alice, 1, plays)
    await s.append(rs)
    await s.append([signRecord(alice, { seq: 1, ts: 2, body: plays(7) }).bytes])
    await s.close()
    const t = await open({}, dir)
    expect(t.isFlagged(alice.author)).toBe(true)
    expect(await t.equivocations()).toHaveLength(1)
    expect((await t.append([signRecord(alice, { seq: 1, ts: 3, body: plays(8) }).bytes])).equivocations).toEqual([])
  })
})

describe('RecordStore: quotas', () => {
  it('per author: records past maxRecordsPerAuthor are refused with QuotaError', async () => {
    const s = await open({ maxRecordsPerAuthor: 3 })
    const res = await s.append(chain(alice, 5, plays))
    expect(res.accepted).toHaveLength(3)
    expect(res.rejected.map(r => [r.error.code, (r.error as QuotaError).data.seq])).toEqual([['QUOTA_AUTHOR', 4], ['QUOTA_AUTHOR', 5]])
    expect(res.rejected[0].error).toBeInstanceOf(QuotaError)
    expect(s.head(alice.author)?.seq).toBe(3)
  })

  it('total: when full, untrusted authors are refused while trusted authors still get in', async () => {
    const s = await open({ maxTotalRecords: 4, priority: a => a === carol.author ? 0.2 : 0 })
    await s.append(chain(alice, 4, plays))
    const res = await s.append([...chain(bob, 2, plays), ...chain(carol, 3, plays)])
    expect(res.accepted.map(r => r.author)).toEqual([carol.author, carol.author, carol.author])
    expect(res.rejected.map(r => r.error.code)).toEqual(['QUOTA_TOTAL'])
    expect(s.count()).toBe(7)
    // Nothing acknowledged was evicted.
    expect(s.head(alice.author)?.seq).toBe(4)
  })

  it('pending: at most maxPendingPerAuthor records wait per author', async () => {
    const s = await open({ maxPendingPerAuthor: 2 })
    const rs = chain(alice, 5, plays)
    const res = await s.append(rs.slice(1).map(r => r.bytes))
    expect(res.pending).toHaveLength(2)
    expect(res.rejected.map(r => r.error.code)).toEqual(['QUOTA_PENDING', 'QUOTA_PENDING'])
    const fill = await s.append([rs[0]])
    expect(fill.accepted).toHaveLength(3)
  })

  it('pending: held bytes are bounded too (QUOTA_PENDING_BYTES); linking frees them', async () => {
    const rs = chain(alice, 6, plays)
    const size = rs[1].bytes.length
    const s = await open({ maxPendingBytes: 2 * size + Math.floor(size / 2) })
    const res = await s.append(rs.slice(1, 5).map(r => r.bytes))
    expect(res.pending.map(r => r.seq)).toEqual([2, 3])
    expect(res.rejected.map(r => [r.error.code, (r.error as QuotaError).data.limit])).toEqual([['QUOTA_PENDING_BYTES', 2 * size + Math.floor(size / 2)], ['QUOTA_PENDING_BYTES', 2 * size + Math.floor(size / 2)]])
    expect(res.rejected[0].error.message).toMatch(/bytes; sync the missing ranges first/)
    expect(s.pendingBytes()).toBe(rs[1].bytes.length + rs[2].bytes.length)
    expect(s.count()).toBe(0)
    const fill = await s.append([rs[0]])
    expect(fill.accepted.map(r => r.seq)).toEqual([1, 2, 3])
    expect(s.pendingBytes()).toBe(0)
    // Room again: the refused records come in once re-sent.
    expect((await s.append(rs.slice(3).map(r => r.bytes))).accepted.map(r => r.seq)).toEqual([4, 5, 6])
  })

  it('strangers: their records together are bounded (QUOTA_STRANGERS); trusted authors are not counted; the count survives a reopen', async () => {
    const dir = await tempDir(dirs)
    const trusted = new Set([carol.author])
    const init = { maxStrangerRecords: 3, priority: (a: string) => trusted.has(a) ? 0.2 : 0 }
    const s = await open(init, dir)
    await s.append(chain(alice, 2, plays))
    const res = await s.append([...chain(bob, 3, plays), ...chain(carol, 5, plays)])
    expect(res.accepted.map(r => `${r.author === bob.author ? 'bob' : 'carol'}#${r.seq}`)).toEqual(['bob#1', 'carol#1', 'carol#2', 'carol#3', 'carol#4', 'carol#5'])
    expect(res.rejected.map(r => [r.error.code, (r.error as QuotaError).data.seq])).toEqual([['QUOTA_STRANGERS', 2]])
    expect(res.rejected[0].error.message).toMatch(/limit of 3 records from strangers .*maxStrangerRecords/)
    // Nothing of the refused record was stored.
    expect(s.head(bob.author)?.seq).toBe(1)
    expect(s.count()).toBe(8)
    await s.close()
    // Reopened: the count is taken from the stored heads, so strangers are still at their limit.
    const again = await open(init, dir)
    expect((await again.append(chain(person(4), 1, plays))).rejected.map(r => r.error.code)).toEqual(['QUOTA_STRANGERS'])
    // The person comes to trust bob: after prioritiesChanged his records no longer count, and room opens.
    trusted.add(bob.author)
    again.prioritiesChanged()
    expect(again.strangerCount()).toBe(2)
    expect((await again.append(chain(person(4), 1, plays))).accepted).toHaveLength(1)
  })
})

describe('RecordStore: events, lifecycle', () => {
  it('onAccepted / onAppend fire after the write, in chain order; unsubscribe stops them', async () => {
    const s = await open()
    const seen: string[][] = []
    const results: AppendResult[] = []
    const off = s.onAccepted(rs => seen.push(hashes(rs)))
    s.onAppend(r => results.push(r))
    const rs = chain(alice, 3, plays)
    await s.append([rs[2], rs[1]])
    expect(seen).toEqual([])
    await s.append([rs[0]])
    expect(seen).toEqual([hashes(rs)])
    expect(results).toHaveLength(1)
    off()
    await s.append(chain(bob, 1, plays))
    expect(seen).toHaveLength(1)
    expect(results).toHaveLength(2)
  })

  it('concurrent appends are serialised: every record links exactly once', async () => {
    const s = await open()
    const rs = chain(alice, 40, plays)
    const results = await Promise.all(rs.map(async r => await s.append([r.bytes])))
    expect(results.reduce((n, r) => n + r.accepted.length, 0)).toBe(40)
    expect(s.head(alice.author)?.seq).toBe(40)
  })

  it('reopening keeps heads, count and digest; a closed store throws StoreClosedError', async () => {
    const dir = await tempDir(dirs)
    const s = await RecordStore.open(dir)
    await s.append([...chain(alice, 3, plays), ...chain(bob, 2, plays)])
    const before = await snapshot(s)
    await s.close()
    await expect(s.range(alice.author, 1, 1)).rejects.toBeInstanceOf(StoreClosedError)
    await expect(s.append([])).rejects.toBeInstanceOf(StoreClosedError)
    const t = await open({}, dir)
    expect(await snapshot(t)).toEqual(before)
    expect(t.head(alice.author)).toEqual(s.head(alice.author))
  })

  it('a directory already open elsewhere gives StoreOpenError', async () => {
    const dir = await tempDir(dirs)
    await open({}, dir)
    await expect(RecordStore.open(dir)).rejects.toBeInstanceOf(StoreOpenError)
  })
})

describe('RecordStore: ordered heads (issue #17: O(page) head queries)', () => {
  it('pages heads by author cursor, in order; an author added behind the cursor joins the next walk', async () => {
    const s = await open()
    const people = Array.from({ length: 40 }, (_, i) => person(100 + i))
    await s.append(people.map(p => chain(p, 1, plays)[0]))
    const walk = (limit: number): string[] => {
      const seen: string[] = []
      for (let page = s.headsAfter(null, limit); page.length > 0; page = s.headsAfter(page[page.length - 1][0], limit)) {
        expect(page.length).toBeLessThanOrEqual(limit)
        seen.push(...page.map(([a]) => a))
      }
      return seen
    }
    const sorted = people.map(p => p.author).sort()
    expect(walk(7)).toEqual(sorted)
    expect(s.authorCount()).toBe(40)
    // A page is cut at its limit and resumes strictly after the cursor.
    expect(s.headsAfter(sorted[9], 3).map(([a]) => a)).toEqual(sorted.slice(10, 13))
    expect(s.headsAfter(sorted[39], 3)).toEqual([])
    const late = person(999)
    await s.append([chain(late, 1, plays)[0]])
    expect(walk(7)).toEqual([...sorted, late.author].sort())
  })
})
