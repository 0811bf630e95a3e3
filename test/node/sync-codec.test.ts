import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { encode } from 'cborg'
import { decodeSyncRequest, decodeSyncResponse, encodeSyncFrame, type SyncRequest, type SyncResponse } from '../../node/sync/codec.js'
import { SyncFrameError } from '../../node/errors.js'

const limits = { pageSize: 10, headsPageSize: 4, maxProofs: 2, maxRecordBytes: 100, maxFrameBytes: 4096 }
const AUTHOR = '12D3KooWExampleAuthorA'
const hash = new Uint8Array(32).fill(7)

function reasonOf (fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(SyncFrameError)
    return (err as SyncFrameError).data.reason
  }
  throw new Error('expected a SyncFrameError')
}

describe('sync frame codec', () => {
  it('round-trips every request and response type', () => {
    const requests: SyncRequest[] = [
      { t: 'heads', after: null, limit: 4 },
      { t: 'heads', after: AUTHOR, limit: 1 },
      { t: 'range', want: [{ author: AUTHOR, from: 1, limit: 6 }, { author: 'b', from: 9, limit: 4 }] },
      { t: 'proofs', author: AUTHOR }
    ]
    for (const r of requests) expect(decodeSyncRequest(encodeSyncFrame(r, limits), limits)).toEqual(r)
    const responses: SyncResponse[] = [
      { t: 'heads', heads: [{ author: AUTHOR, seq: 3, hash, flagged: false }, { author: 'b', seq: 1, hash, flagged: true }], more: true },
      { t: 'records', records: [new Uint8Array([1, 2]), new Uint8Array(100)] },
      { t: 'records', records: [] },
      { t: 'proofs', proofs: [[new Uint8Array([1]), new Uint8Array([2])]] },
      { t: 'error', code: 'too-many', message: 'no' }
    ]
    for (const r of responses) expect(decodeSyncResponse(encodeSyncFrame(r, limits), limits)).toEqual(r)
  })

  it('refuses requests outside the bounds, each with its reason', () => {
    const req = (m: unknown): string => reasonOf(() => decodeSyncRequest(encode(m), limits))
    expect(req({ t: 'heads', after: null, limit: 5 })).toBe('bad-field')
    expect(req({ t: 'heads', after: null, limit: 0 })).toBe('bad-field')
    expect(req({ t: 'heads', after: 7, limit: 1 })).toBe('bad-field')
    expect(req({ t: 'range', want: [[AUTHOR, 1, 6], [AUTHOR, 10, 5]] })).toBe('too-many')
    expect(req({ t: 'range', want: [] })).toBe('bad-field')
    expect(req({ t: 'range', want: [[AUTHOR, 0, 1]] })).toBe('bad-field')
    expect(req({ t: 'range', want: [[AUTHOR, 1.5, 1]] })).toBe('bad-field')
    expect(req({ t: 'range', want: [[AUTHOR, 1]] })).toBe('bad-field')
    expect(req({ t: 'range', want: Array.from({ length: 11 }, () => [AUTHOR, 1, 1]) })).toBe('too-many')
    expect(req({ t: 'proofs', author: 'x'.repeat(200) })).toBe('bad-field')
    expect(req({ t: 'gimme' })).toBe('unknown-type')
    expect(req([1, 2])).toBe('not-map')
    expect(reasonOf(() => decodeSyncRequest(new Uint8Array(5000).fill(0xa0), limits))).toBe('too-large')
    expect(reasonOf(() => decodeSyncRequest(Uint8Array.from([0xa2, 0x61, 0x74, 0x61, 0x74, 0x61, 0x74, 0x01]), limits))).toBe('malformed')
  })

  it('refuses responses outside the bounds', () => {
    const res = (m: unknown): string => reasonOf(() => decodeSyncResponse(encode(m), limits))
    expect(res({ t: 'heads', heads: Array.from({ length: 5 }, () => [AUTHOR, 1, hash, false]), more: false })).toBe('too-many')
    expect(res({ t: 'heads', heads: [[AUTHOR, 1, new Uint8Array(31), false]], more: false })).toBe('bad-field')
    expect(res({ t: 'heads', heads: [[AUTHOR, 0, hash, false]], more: false })).toBe('bad-field')
    expect(res({ t: 'heads', heads: [], more: 1 })).toBe('bad-field')
    expect(res({ t: 'records', records: Array.from({ length: 11 }, () => new Uint8Array(1)) })).toBe('too-many')
    expect(res({ t: 'records', records: [new Uint8Array(101)] })).toBe('record-size')
    expect(res({ t: 'records', records: ['abc'] })).toBe('record-size')
    expect(res({ t: 'proofs', proofs: [[new Uint8Array(1)]] })).toBe('bad-field')
    expect(res({ t: 'proofs', proofs: Array.from({ length: 3 }, () => [new Uint8Array(1), new Uint8Array(1)]) })).toBe('too-many')
    expect(res({ t: 'error', code: 5, message: '' })).toBe('bad-field')
    expect(reasonOf(() => encodeSyncFrame({ t: 'records', records: [new Uint8Array(5000)] }, limits))).toBe('too-large')
  })

  it('never throws anything but SyncFrameError on random input', () => {
    const check = (data: Uint8Array): void => {
      for (const decode of [decodeSyncRequest, decodeSyncResponse]) {
        try {
          decode(data, limits)
        } catch (err) {
          expect(err).toBeInstanceOf(SyncFrameError)
        }
      }
    }
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), check), { numRuns: 1500, seed: 5 })
    // Structured junk: random CBOR maps with a valid type tag reach the field checks.
    const value = fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null), fc.uint8Array({ maxLength: 40 }),
      fc.array(fc.oneof(fc.integer(), fc.string(), fc.uint8Array({ maxLength: 40 })), { maxLength: 5 }))
    fc.assert(fc.property(fc.constantFrom('heads', 'range', 'proofs', 'records', 'error'), fc.dictionary(fc.constantFrom('after', 'limit', 'want', 'author', 'heads', 'more', 'records', 'proofs', 'code', 'message'), value),
      (t, fields) => check(encode({ ...fields, t }))), { numRuns: 1500, seed: 6 })
  })
})
