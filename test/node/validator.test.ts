import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { RecordStore, encodeRecord, type SignedRecord } from '../../src/index.js'
import { encodeGossipBatch } from '../../node/gossip/codec.js'
import { validateGossipMessage, type ValidatorDeps } from '../../node/gossip/validator.js'
import { chain, identityN, tempDir } from './helpers.js'

const limits = { maxBatchRecords: 64, maxMessageBytes: 64 * 1024, maxRecordBytes: 1024 }
const alice = identityN(1)
const mallory = identityN(2)

describe('gossip validator', () => {
  let store: RecordStore
  let remove: () => Promise<void>
  let deps: ValidatorDeps

  beforeEach(async () => {
    const t = await tempDir()
    remove = t.remove
    store = await RecordStore.open(t.dir, { sync: false, maxRecordsPerAuthor: 20 })
    deps = { limits, append: async r => await store.append(r) }
  })
  afterEach(async () => {
    await store.close()
    await remove()
  })

  const msg = (records: Array<SignedRecord | Uint8Array>): Uint8Array =>
    encodeGossipBatch(records.map(r => r instanceof Uint8Array ? r : r.bytes), limits)

  it('accepts and stores a valid batch; the same records again are ignored', async () => {
    const records = chain(alice, 5)
    const v = await validateGossipMessage(msg(records), deps)
    expect(v.verdict).toBe('accept')
    expect(v.result?.accepted.map(r => r.seq)).toEqual([1, 2, 3, 4, 5])
    expect(store.head(alice.author)?.seq).toBe(5)
    // A replay (even in a differently composed batch) stores nothing and is not relayed.
    const again = await validateGossipMessage(msg(records.slice(1, 4)), deps)
    expect(again.verdict).toBe('ignore')
    expect(store.count()).toBe(5)
  })

  it('rejects tampered, forged and malformed input and stores nothing from that message', async () => {
    const [r1, r2] = chain(alice, 2)
    const tampered = Uint8Array.from(r2.bytes)
    tampered[tampered.length - 70] ^= 1 // a byte of the body, under the signature
    // Forged: claims alice as author, signed with mallory's key.
    const forgedSig = chain(mallory, 1)[0].sig
    const forged = encodeRecord({ ...r1, body: { kind: 'trust', target: mallory.author, weight: 1 }, sig: forgedSig })
    const badSig = Uint8Array.from(r1.bytes)
    badSig[badSig.length - 1] ^= 1
    const cases: Array<[Array<SignedRecord | Uint8Array>, string | undefined]> = [
      [[r1, tampered], undefined],
      [[forged], 'BAD_SIGNATURE'],
      [[badSig], 'BAD_SIGNATURE'],
      [[r1, new Uint8Array([1, 2, 3])], undefined]
    ]
    for (const [records, reason] of cases) {
      const v = await validateGossipMessage(msg(records), deps)
      expect(v.verdict).toBe('reject')
      if (reason !== undefined) expect(v.reason).toBe(reason)
      expect(v.result).toBeUndefined()
    }
    expect(store.count()).toBe(0)
    expect((await validateGossipMessage(new Uint8Array([0xa0]), deps)).reason).toBe('not-array')
  })

  it('accepts records ahead of a gap as pending and reports the gap to pull', async () => {
    const records = chain(alice, 6)
    const v = await validateGossipMessage(msg(records.slice(3)), deps)
    expect(v.verdict).toBe('accept')
    expect(v.result?.pending.map(r => r.seq)).toEqual([4, 5, 6])
    expect(v.result?.gaps).toEqual([{ author: alice.author, fromSeq: 1, toSeq: 3 }])
    expect(store.count()).toBe(0)
    await validateGossipMessage(msg(records.slice(0, 3)), deps)
    expect(store.head(alice.author)?.seq).toBe(6)
  })

  it('accepts an equivocation so the proof is relayed, and flags the author', async () => {
    const [r1, r2] = chain(alice, 2)
    const fork = chain(alice, 1, { prev: r1, body: () => ({ kind: 'trust', target: mallory.author, weight: 1 }) })[0]
    expect(fork.seq).toBe(2)
    expect((await validateGossipMessage(msg([r1, r2]), deps)).verdict).toBe('accept')
    const v = await validateGossipMessage(msg([fork]), deps)
    expect(v.verdict).toBe('accept')
    expect(v.result?.equivocations).toHaveLength(1)
    expect(store.isFlagged(alice.author)).toBe(true)
    // The same proof again is old news.
    expect((await validateGossipMessage(msg([fork]), deps)).verdict).toBe('ignore')
  })

  it('ignores (does not reject) valid records the store refuses by quota', async () => {
    const records = chain(alice, 21)
    await validateGossipMessage(msg(records.slice(0, 20)), deps)
    const v = await validateGossipMessage(msg(records.slice(20)), deps)
    expect(v.verdict).toBe('ignore')
    expect(v.result?.rejected[0].error.code).toBe('QUOTA_AUTHOR')
  })

  it('on random bytes: never throws, never accepts, never stores', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async data => {
      const v = await validateGossipMessage(data, deps)
      expect(v.verdict).toBe('reject')
    }), { numRuns: 300, seed: 7 })
    // Mutations of a valid message: a flipped byte anywhere is rejected (canonical CBOR and
    // the signature together cover every byte).
    const good = msg(chain(identityN(3), 3))
    await fc.assert(fc.asyncProperty(fc.nat(good.length - 1), fc.integer({ min: 1, max: 255 }), async (i, x) => {
      const bad = Uint8Array.from(good)
      bad[i] ^= x
      const v = await validateGossipMessage(bad, deps)
      expect(v.verdict).toBe('reject')
    }), { numRuns: 300, seed: 8 })
    expect(store.count()).toBe(0)
  })
})
