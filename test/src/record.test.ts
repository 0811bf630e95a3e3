import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { encode } from 'cborg'
import * as ed from '@noble/ed25519'
import { identityFromSeed } from '../../src/identity.js'
import {
  signRecord, decodeRecord, encodeRecord, signedMessage, RecordError, MAX_RECORD_BYTES, type Body, type SignedRecord
} from '../../src/record.js'
import { encodeUnsigned, type WireRecord } from '../../src/record-codec.js'

const alice = identityFromSeed(new Uint8Array(32).fill(1))
const bob = identityFromSeed(new Uint8Array(32).fill(2))
const NOW = 1_700_000_000_000
const clock = { now: NOW }

function codeOf (f: () => unknown): string | undefined {
  try { f() } catch (err) { expect(err).toBeInstanceOf(RecordError); return (err as RecordError).code }
  return undefined
}

// Hand-built wire record signed by alice, to reach rules signRecord itself refuses to break.
function forge (over: Partial<WireRecord>, key = alice): Uint8Array {
  const w: WireRecord = { v: 1, author: key.publicKey, seq: 1, prev: null, ts: NOW, body: ['interact', 'lastfm:artist:1', 1], ...over }
  const u = encodeUnsigned(w)
  return Uint8Array.from([0x82, ...u, 0x58, 0x40, ...ed.sign(signedMessage(u), key.seed)])
}

describe('records: sign and decode', () => {
  const bodies: Body[] = [
    { kind: 'trust', target: bob.author, weight: 0.75 },
    { kind: 'trust', target: bob.author, weight: -1 },
    { kind: 'interact', item: 'lastfm:artist:51', weight: 1234 },
    { kind: 'item', item: 'lastfm:artist:51', title: 'Duran Duran' },
    { kind: 'item', item: 'lastfm:artist:51', title: 'Duran Duran', url: 'https://www.last.fm/music/Duran+Duran' }
  ]
  it.each(bodies)('round-trips %o', body => {
    const r = signRecord(alice, { seq: 1, ts: NOW, body })
    const d = decodeRecord(r.bytes, clock)
    expect(d.body).toEqual(body)
    expect(d.author).toBe(alice.author)
    expect(d.hash).toEqual(r.hash)
    expect(encodeRecord(d)).toEqual(r.bytes)
  })

  it('property: any valid interact record round-trips and re-encodes to the same bytes', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 2 ** 40 }), fc.integer({ min: 0, max: NOW }),
      fc.oneof(fc.integer({ min: 0, max: 1e9 }), fc.double({ min: 0, max: 1e9, noNaN: true })),
      fc.stringMatching(/^[a-z]{1,8}:[a-zA-Z0-9:/._-]{1,60}$/),
      (seq, ts, weight, item) => {
        const r = signRecord(alice, seq === 1 ? { seq, ts, body: { kind: 'interact', item, weight } } : { seq, ts, prev: new Uint8Array(32).fill(7), body: { kind: 'interact', item, weight } })
        const d = decodeRecord(r.bytes, clock)
        expect(d.body).toEqual({ kind: 'interact', item, weight: weight === 0 ? 0 : weight })
        expect(d.seq).toBe(seq)
        expect(encodeRecord(d)).toEqual(r.bytes)
      }), { numRuns: 200, seed: 3 })
  })

  it('never signs a record it would refuse (signing validates the same rules)', () => {
    expect(codeOf(() => signRecord(alice, { seq: 0, ts: NOW, body: bodies[0] }))).toBe('BAD_SEQ')
    expect(codeOf(() => signRecord(alice, { seq: 1, ts: NOW, body: { kind: 'trust', target: alice.author, weight: 1 } }))).toBe('SELF_TRUST')
    expect(codeOf(() => signRecord(alice, { seq: 1, ts: NOW, body: { kind: 'interact', item: 'lastfm:x', weight: Infinity } }))).toBe('BAD_WEIGHT')
    expect(codeOf(() => signRecord(alice, { seq: 1, ts: Date.now() + 3_600_000, body: bodies[0] }))).toBe('FUTURE_TIMESTAMP')
  })
})

describe('records: every rejection reason', () => {
  const good = signRecord(alice, { seq: 1, ts: NOW, body: { kind: 'trust', target: bob.author, weight: 1 } })

  it('BAD_SIGNATURE: any flipped signature bit; a signature by another key; a 63-byte signature', () => {
    for (const bit of [0, 100, 300, 511]) {
      const b = Uint8Array.from(good.bytes)
      b[b.length - 64 + (bit >> 3)] ^= 1 << (bit & 7)
      expect(codeOf(() => decodeRecord(b, clock))).toBe('BAD_SIGNATURE')
    }
    const u = encodeUnsigned({ v: 1, author: alice.publicKey, seq: 1, prev: null, ts: NOW, body: ['interact', 'lastfm:a', 1] })
    const byBob = Uint8Array.from([0x82, ...u, 0x58, 0x40, ...ed.sign(signedMessage(u), bob.seed)])
    expect(codeOf(() => decodeRecord(byBob, clock))).toBe('BAD_SIGNATURE')
    const short = encode([[1, alice.publicKey, 1, null, NOW, ['interact', 'lastfm:a', 1]], new Uint8Array(63)])
    expect(codeOf(() => decodeRecord(short, clock))).toBe('BAD_SIGNATURE')
    // The domain prefix is part of what is signed: a signature over the bare encoding fails.
    const bare = Uint8Array.from([0x82, ...u, 0x58, 0x40, ...ed.sign(u, alice.seed)])
    expect(codeOf(() => decodeRecord(bare, clock))).toBe('BAD_SIGNATURE')
  })

  it('WRONG_AUTHOR: a valid record by someone else than the expected author', () => {
    expect(codeOf(() => decodeRecord(good.bytes, { ...clock, author: bob.author }))).toBe('WRONG_AUTHOR')
    expect(decodeRecord(good.bytes, { ...clock, author: alice.author }).author).toBe(alice.author)
  })

  it('BAD_AUTHOR_KEY: small-order author, non-canonical author, small-order trust target', () => {
    const identityPoint = Uint8Array.from([1, ...new Array(31).fill(0)])
    expect(codeOf(() => decodeRecord(forge({ author: identityPoint }), clock))).toBe('BAD_AUTHOR_KEY')
    const nonCanonical = Uint8Array.from([0xee, ...new Array(30).fill(0xff), 0x7f])
    expect(codeOf(() => decodeRecord(forge({ author: nonCanonical }), clock))).toBe('BAD_AUTHOR_KEY')
    expect(codeOf(() => decodeRecord(forge({ body: ['trust', identityPoint, 1] }), clock))).toBe('BAD_AUTHOR_KEY')
  })

  it('UNKNOWN_VERSION and UNKNOWN_KIND', () => {
    expect(codeOf(() => decodeRecord(forge({ v: 2 }), clock))).toBe('UNKNOWN_VERSION')
    expect(codeOf(() => decodeRecord(forge({ v: 0 }), clock))).toBe('UNKNOWN_VERSION')
    expect(codeOf(() => decodeRecord(forge({ body: ['like', 'lastfm:a', 1] as unknown as WireRecord['body'] }), clock))).toBe('UNKNOWN_KIND')
    expect(codeOf(() => signRecord(alice, { seq: 1, ts: NOW, body: { kind: 'follow' } as unknown as Body }))).toBe('UNKNOWN_KIND')
  })

  it.each([
    ['trust 1.5', ['trust', bob.publicKey, 1.5]], ['trust -1.01', ['trust', bob.publicKey, -1.01]],
    ['trust NaN', ['trust', bob.publicKey, NaN]], ['trust Infinity', ['trust', bob.publicKey, Infinity]],
    ['interact -1', ['interact', 'lastfm:a', -1]], ['interact -0.5', ['interact', 'lastfm:a', -0.5]],
    ['interact -Infinity', ['interact', 'lastfm:a', -Infinity]], ['interact 2e9', ['interact', 'lastfm:a', 2e9]],
    ['interact as text', ['interact', 'lastfm:a', '3']]
  ])('BAD_WEIGHT: %s', (_name, body) => {
    expect(codeOf(() => decodeRecord(forge({ body: body as WireRecord['body'] }), clock))).toBe('BAD_WEIGHT')
  })

  it('OVERSIZE: whole record, item id, title, url', () => {
    expect(codeOf(() => decodeRecord(new Uint8Array(MAX_RECORD_BYTES + 1), clock))).toBe('OVERSIZE')
    expect(codeOf(() => decodeRecord(forge({ body: ['interact', 'x:' + 'é'.repeat(100), 1] }), clock))).toBe('OVERSIZE')
    expect(codeOf(() => decodeRecord(forge({ body: ['item', 'x:1', 't'.repeat(201)] }), clock))).toBe('OVERSIZE')
    expect(codeOf(() => decodeRecord(forge({ body: ['item', 'x:1', 't', 'https://' + 'u'.repeat(393)] }), clock))).toBe('OVERSIZE')
    // The largest legal fields still fit under MAX_RECORD_BYTES.
    const big = signRecord(alice, { seq: 2 ** 53 - 1, prev: new Uint8Array(32), ts: NOW, body: { kind: 'item', item: 'x:' + 'i'.repeat(198), title: 't'.repeat(200), url: 'https://' + 'u'.repeat(392) } })
    expect(big.bytes.length).toBeLessThanOrEqual(MAX_RECORD_BYTES)
    expect(decodeRecord(big.bytes, clock).seq).toBe(2 ** 53 - 1)
  })

  it('FUTURE_TIMESTAMP beyond the tolerance, accepted within it; BAD_TIMESTAMP for a negative ts', () => {
    const ahead = forge({ ts: NOW + 10 * 60_000 + 1 })
    expect(codeOf(() => decodeRecord(ahead, clock))).toBe('FUTURE_TIMESTAMP')
    expect(decodeRecord(ahead, { now: NOW, maxFutureMs: 11 * 60_000 }).ts).toBe(NOW + 600_001)
    expect(decodeRecord(forge({ ts: NOW + 10 * 60_000 }), clock).ts).toBe(NOW + 600_000)
    expect(codeOf(() => decodeRecord(forge({ ts: -1 }), clock))).toBe('BAD_TIMESTAMP')
  })

  it('BAD_SEQ: seq 0, negative, fractional', () => {
    expect(codeOf(() => decodeRecord(forge({ seq: 0 }), clock))).toBe('BAD_SEQ')
    expect(codeOf(() => decodeRecord(forge({ seq: -3 }), clock))).toBe('BAD_SEQ')
    expect(codeOf(() => decodeRecord(forge({ seq: 1.5 }), clock))).toBe('BAD_SEQ')
  })

  it('BAD_PREV: seq 1 with prev, seq 2 without, prev of the wrong length', () => {
    expect(codeOf(() => decodeRecord(forge({ prev: new Uint8Array(32) }), clock))).toBe('BAD_PREV')
    expect(codeOf(() => decodeRecord(forge({ seq: 2 }), clock))).toBe('BAD_PREV')
    expect(codeOf(() => decodeRecord(forge({ seq: 2, prev: new Uint8Array(31) }), clock))).toBe('BAD_PREV')
  })

  it('SELF_TRUST', () => {
    expect(codeOf(() => decodeRecord(forge({ body: ['trust', alice.publicKey, 0.5] }), clock))).toBe('SELF_TRUST')
  })

  it('BAD_ITEM_ID and BAD_TEXT', () => {
    for (const id of ['song', 'Lastfm:1', ':x', 'lastfm:a b', 'lastfm:\u0007', '']) {
      expect(codeOf(() => decodeRecord(forge({ body: ['interact', id, 1] }), clock))).toMatch(/BAD_ITEM_ID|BAD_TEXT/)
    }
    expect(codeOf(() => decodeRecord(forge({ body: ['item', 'x:1', 'bad\ntitle'] }), clock))).toBe('BAD_TEXT')
    expect(codeOf(() => decodeRecord(forge({ body: ['item', 'x:1', 'ok', 'ftp://x'] }), clock))).toBe('BAD_TEXT')
  })

  it('MALFORMED: non-canonical forms, wrong shapes, non-bytes input', () => {
    const u = Array.from(good.bytes)
    // seq 1 written with a one-byte head (18 01) instead of 01.
    const i = 1 + 1 + 1 + 34 // signed header, unsigned header, v, author
    expect(u[i]).toBe(0x01)
    const longSeq = Uint8Array.from([...u.slice(0, i), 0x18, ...u.slice(i)])
    expect(codeOf(() => decodeRecord(longSeq, clock))).toBe('MALFORMED')
    expect(codeOf(() => decodeRecord(Uint8Array.from([...good.bytes, 0]), clock))).toBe('MALFORMED')
    expect(codeOf(() => decodeRecord(encode({ v: 1 }), clock))).toBe('MALFORMED')
    expect(codeOf(() => decodeRecord(encode([[1, alice.publicKey, 1, null, NOW], new Uint8Array(64)]), clock))).toBe('MALFORMED')
    expect(codeOf(() => decodeRecord(new Uint8Array(0), clock))).toBe('MALFORMED')
    expect(codeOf(() => decodeRecord('82' as unknown as Uint8Array, clock))).toBe('MALFORMED')
  })

  it('a decoded record is independent of the caller reusing its buffer', () => {
    const buf = Uint8Array.from(good.bytes)
    const r: SignedRecord = decodeRecord(buf, clock)
    buf.fill(0)
    expect(r.bytes).toEqual(good.bytes)
    expect(r.sig).toEqual(good.sig)
  })
})
