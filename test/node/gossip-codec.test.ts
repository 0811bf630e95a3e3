import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { encode } from 'cborg'
import { decodeGossipBatch, encodeGossipBatch, packGossipBatches } from '../../node/gossip/codec.js'
import { GossipMessageError } from '../../node/errors.js'

const limits = { maxBatchRecords: 8, maxMessageBytes: 2048, maxRecordBytes: 300 }
const bytes = (n: number, fill: number): Uint8Array => new Uint8Array(n).fill(fill)

function reasonOf (fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(GossipMessageError)
    return (err as GossipMessageError).data.reason
  }
  throw new Error('expected a GossipMessageError')
}

describe('gossip codec', () => {
  it('round-trips a batch of record encodings', () => {
    const records = [bytes(10, 1), bytes(300, 2), bytes(1, 3)]
    const data = encodeGossipBatch(records, limits)
    expect(decodeGossipBatch(data, limits)).toEqual(records)
  })

  it('packs records into messages that each fit count and byte limits, in order', () => {
    const big = { ...limits, maxRecordBytes: 600 }
    const records = Array.from({ length: 30 }, (_, i) => bytes(200 + i * 10, i))
    const messages = packGossipBatches(records, big)
    const back = messages.flatMap(m => {
      expect(m.length).toBeLessThanOrEqual(big.maxMessageBytes)
      const batch = decodeGossipBatch(m, big)
      expect(batch.length).toBeLessThanOrEqual(big.maxBatchRecords)
      return batch
    })
    expect(back).toEqual(records)
    // Byte-bound here: 8 records of 200–490 bytes do not fit one 2 KiB message.
    expect(messages.length).toBeGreaterThan(Math.ceil(30 / big.maxBatchRecords))
    // Count-bound: small records go 8 to a message.
    expect(packGossipBatches(Array.from({ length: 17 }, () => bytes(10, 1)), limits)).toHaveLength(3)
  })

  it('refuses each kind of malformed or oversized message with its reason', () => {
    expect(reasonOf(() => decodeGossipBatch(new Uint8Array(0), limits))).toBe('not-array')
    expect(reasonOf(() => decodeGossipBatch(encode({ a: 1 }), limits))).toBe('not-array')
    expect(reasonOf(() => decodeGossipBatch(encode([]), limits))).toBe('empty')
    expect(reasonOf(() => decodeGossipBatch(encode(Array.from({ length: 9 }, () => bytes(4, 1))), limits))).toBe('too-many')
    expect(reasonOf(() => decodeGossipBatch(encode([bytes(4, 1), 'text']), limits))).toBe('not-bytes')
    expect(reasonOf(() => decodeGossipBatch(encode([bytes(301, 1)]), limits))).toBe('record-size')
    expect(reasonOf(() => decodeGossipBatch(encode([new Uint8Array(0)]), limits))).toBe('record-size')
    expect(reasonOf(() => decodeGossipBatch(new Uint8Array(2049).fill(0x80), limits))).toBe('too-large')
    // Indefinite-length array, truncated array, trailing bytes: not canonical CBOR.
    expect(reasonOf(() => decodeGossipBatch(Uint8Array.from([0x9f, 0x41, 0x01, 0xff]), limits))).toBe('not-array')
    expect(reasonOf(() => decodeGossipBatch(Uint8Array.from([0x82, 0x41, 0x01]), limits))).toBe('malformed')
    expect(reasonOf(() => decodeGossipBatch(Uint8Array.from([0x81, 0x41, 0x01, 0x00]), limits))).toBe('malformed')
    // Deep nesting inside an element must fail as malformed, not crash the process.
    const deep = new Uint8Array(1500).fill(0x81)
    deep[deep.length - 1] = 0x01
    expect(['malformed', 'not-bytes']).toContain(reasonOf(() => decodeGossipBatch(deep, { ...limits, maxMessageBytes: 4096 })))
    expect(reasonOf(() => encodeGossipBatch([], limits))).toBe('empty')
  })

  it('never throws anything but GossipMessageError on random input', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), data => {
      try {
        const out = decodeGossipBatch(data, limits)
        for (const r of out) expect(r).toBeInstanceOf(Uint8Array)
      } catch (err) {
        expect(err).toBeInstanceOf(GossipMessageError)
      }
    }), { numRuns: 2000, seed: 4 })
  })
})
