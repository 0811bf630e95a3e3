/**
 * Fuzz targets of what peers send: gossip messages through the real topic validator into a
 * real LevelDB store, and sync protocol frames through the frame codec. Hostile bytes must
 * be refused with a typed reason and must not change the store.
 */
import fc from 'fast-check'
import { encode } from 'cborg'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MAX_RECORD_BYTES, RecordStore } from '../../../src/index.js'
import { decodeSyncRequest, decodeSyncResponse, encodeSyncFrame, SyncFrameError, SYNC_PROTOCOL_LIMITS, validateGossipMessage, type GossipLimits } from '../../../node/index.js'
import { FIXED_NOW, mutate, mutations, validPool, type FuzzParams } from './pool.js'
import { RECORD_CODES } from './records.js'

/** Gossip limits as the default config sets them. */
export const GOSSIP_LIMITS: GossipLimits = { maxBatchRecords: 256, maxMessageBytes: 256 * 1024, maxRecordBytes: MAX_RECORD_BYTES }
/** Reasons GossipMessageError gives (node/gossip/codec.ts). */
export const GOSSIP_REASONS = new Set(['not-bytes', 'too-large', 'not-array', 'malformed', 'empty', 'too-many', 'record-size'])

const cborOrJson = (v: unknown): Uint8Array => {
  try {
    return encode(v)
  } catch {
    return new TextEncoder().encode(JSON.stringify(v) ?? 'null')
  }
}

/**
 * Gossip messages — random bytes, arrays of random and mutated records, arbitrary CBOR —
 * against a store that already holds every valid record used: nothing may be accepted,
 * rejections carry a known reason, and the store's digest never moves.
 */
export async function fuzzGossipValidator (p: FuzzParams): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'mw-fuzz-gossip-'))
  const store = await RecordStore.open(dir, { sync: false, now: () => FIXED_NOW })
  try {
    const pool = validPool()
    await store.append(pool)
    const digest = await store.digest()
    const count = store.count()
    const record = fc.oneof(
      fc.nat({ max: pool.length - 1 }).map(i => pool[i].bytes),
      fc.tuple(fc.nat({ max: pool.length - 1 }), mutations).map(([i, m]) => mutate(pool[i].bytes, m)),
      fc.uint8Array({ maxLength: 1100 })
    )
    const message = fc.oneof(
      fc.uint8Array({ maxLength: 2000 }),
      fc.array(record, { maxLength: 40 }).map(rs => encode(rs)),
      fc.array(record, { minLength: 250, maxLength: 300 }).map(rs => encode(rs)),
      fc.jsonValue().map(cborOrJson),
      fc.tuple(fc.array(record, { minLength: 1, maxLength: 10 }), mutations).map(([rs, m]) => mutate(encode(rs), m))
    )
    await fc.assert(fc.asyncProperty(message, async data => {
      const v = await validateGossipMessage(data, { limits: GOSSIP_LIMITS, now: () => FIXED_NOW, append: async rs => await store.append(rs) })
      if (v.verdict === 'accept') throw new Error('a message of known or invalid records was accepted')
      if (v.verdict === 'reject' && !(GOSSIP_REASONS.has(v.reason ?? '') || RECORD_CODES.has(v.reason ?? ''))) throw new Error(`rejected with unknown reason ${String(v.reason)}`)
      if (store.count() !== count || store.pendingCount() !== 0) throw new Error('a refused message changed the store')
    }), { ...p, timeout: 10_000 })
    if (await store.digest() !== digest) throw new Error('the store digest changed')
  } finally {
    await store.close()
    await rm(dir, { recursive: true, force: true })
  }
}

const smallValue: fc.Arbitrary<unknown> = fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 20 }), fc.uint8Array({ maxLength: 40 }), fc.boolean(), fc.constant(null))
const authorish = fc.oneof(fc.constantFrom('12D3KooWQinqFr7rELtrLGZrCFKkt6v2Jx49zea4ggD8FFDhSYeX', ''), fc.string({ maxLength: 140 }), smallValue)
const intish = fc.oneof(fc.integer({ min: -2, max: 200_000 }), fc.constantFrom(0, 1, 2 ** 53, Number.MAX_SAFE_INTEGER, 1.5, -1), smallValue)
const bytesish = fc.oneof(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 1100 }), smallValue)

/** Sync frames: a map with a type tag and fields of plausible and implausible shapes. */
const frameMap = fc.record({
  t: fc.oneof(fc.constantFrom('heads', 'range', 'proofs', 'records', 'error'), smallValue),
  after: fc.oneof(fc.constant(null), authorish),
  limit: intish,
  author: authorish,
  want: fc.oneof(fc.array(fc.tuple(authorish, intish, intish), { maxLength: 20 }), smallValue),
  heads: fc.oneof(fc.array(fc.tuple(authorish, intish, bytesish, fc.oneof(fc.boolean(), smallValue)), { maxLength: 20 }), smallValue),
  more: fc.oneof(fc.boolean(), smallValue),
  records: fc.oneof(fc.array(bytesish, { maxLength: 20 }), smallValue),
  proofs: fc.oneof(fc.array(fc.array(bytesish, { maxLength: 3 }), { maxLength: 5 }), smallValue),
  code: fc.oneof(fc.string({ maxLength: 600 }), smallValue),
  message: fc.oneof(fc.string({ maxLength: 600 }), smallValue)
}, { requiredKeys: ['t'] })

const VALID_FRAMES = [
  { t: 'heads', after: null, limit: 1000 },
  { t: 'range', want: [{ author: '12D3KooWQinqFr7rELtrLGZrCFKkt6v2Jx49zea4ggD8FFDhSYeX', from: 1, limit: 100 }] },
  { t: 'proofs', author: '12D3KooWQinqFr7rELtrLGZrCFKkt6v2Jx49zea4ggD8FFDhSYeX' },
  { t: 'heads', heads: [{ author: '12D3KooWQinqFr7rELtrLGZrCFKkt6v2Jx49zea4ggD8FFDhSYeX', seq: 3, hash: new Uint8Array(32).fill(7), flagged: false }], more: true },
  { t: 'records', records: [new Uint8Array(200).fill(1)] },
  { t: 'error', code: 'BAD', message: 'no' }
].map(f => encodeSyncFrame(f as Parameters<typeof encodeSyncFrame>[0], SYNC_PROTOCOL_LIMITS))

/** Whatever a sync decoder accepts stays within the protocol limits and re-encodes to itself. */
function checkDecoded (decoded: ReturnType<typeof decodeSyncRequest> | ReturnType<typeof decodeSyncResponse>, decode: (b: Uint8Array) => unknown): void {
  const L = SYNC_PROTOCOL_LIMITS
  switch (decoded.t) {
    case 'heads':
      if ('limit' in decoded && !(decoded.limit >= 1 && decoded.limit <= L.headsPageSize)) throw new Error('heads limit out of bounds')
      if ('heads' in decoded && (decoded.heads.length > L.headsPageSize || decoded.heads.some(h => h.hash.length !== 32 || !Number.isSafeInteger(h.seq) || h.seq < 1))) throw new Error('heads page out of bounds')
      break
    case 'range':
      if (decoded.want.length === 0 || decoded.want.reduce((n, w) => n + w.limit, 0) > L.pageSize || decoded.want.some(w => w.from < 1 || w.limit < 1)) throw new Error('range out of bounds')
      break
    case 'records':
      if (decoded.records.length > L.pageSize || decoded.records.some(r => r.length < 1 || r.length > L.maxRecordBytes)) throw new Error('records out of bounds')
      break
    case 'proofs':
      if ('proofs' in decoded && decoded.proofs.length > L.maxProofs) throw new Error('proofs out of bounds')
      break
  }
  const again = decode(encodeSyncFrame(decoded, L))
  if (JSON.stringify(again, hexBytes) !== JSON.stringify(decoded, hexBytes)) throw new Error('a decoded frame does not survive re-encoding')
}

function hexBytes (_k: string, v: unknown): unknown {
  return v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v
}

/** Random bytes, random maps and mutated valid frames through both sync decoders. */
export function fuzzSyncFrames (p: FuzzParams): void {
  const frame = fc.oneof(
    fc.uint8Array({ maxLength: 600 }),
    frameMap.map(m => encode(m)),
    fc.tuple(fc.nat({ max: VALID_FRAMES.length - 1 }), mutations).map(([i, m]) => mutate(VALID_FRAMES[i], m)),
    fc.jsonValue().map(cborOrJson)
  )
  fc.assert(fc.property(frame, data => {
    for (const decode of [decodeSyncRequest, decodeSyncResponse]) {
      const d = (b: Uint8Array): ReturnType<typeof decode> => decode(b, SYNC_PROTOCOL_LIMITS)
      let decoded
      try {
        decoded = d(data)
      } catch (err) {
        if (!(err instanceof SyncFrameError)) throw err
        if (err.message.length > 1000) throw new Error(`error message of ${err.message.length} characters echoes the input`)
        continue
      }
      checkDecoded(decoded, d)
    }
  }), p)
}
