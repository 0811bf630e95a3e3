/**
 * Fuzz targets of the record decoder (docs/PROTOCOL.md §2): random bytes, mutated valid
 * records, values of the wrong type, and record-shaped values signed by a real key. The
 * decoder must accept exactly what the protocol's rules accept — judged by a referee
 * written from PROTOCOL.md §2.2 — and refuse everything else with a RecordError.
 */
import fc from 'fast-check'
import { encode } from 'cborg'
import { equals } from 'uint8arrays/equals'
import { decodeRecord, isAcceptablePublicKey, RecordError, signedMessage, DEFAULT_MAX_FUTURE_MS, MAX_RECORD_BYTES, type SignedRecord } from '../../../src/index.js'
import { signMessageFast } from '../../../src/signature.js'
import { anyText, FIXED_NOW, fuzzIdentity, mutate, mutations, validPool, type FuzzParams } from './pool.js'

/** Every code PROTOCOL.md §2.2 names. */
export const RECORD_CODES = new Set(['BAD_SIGNATURE', 'WRONG_AUTHOR', 'BAD_AUTHOR_KEY', 'UNKNOWN_VERSION', 'UNKNOWN_KIND',
  'BAD_WEIGHT', 'OVERSIZE', 'FUTURE_TIMESTAMP', 'BAD_TIMESTAMP', 'BAD_SEQ', 'BAD_PREV', 'BAD_ITEM_ID', 'BAD_TEXT', 'MALFORMED', 'SELF_TRUST'])

/** Decode, returning the record or the RecordError; anything else thrown is a bug and propagates. */
export function tryDecode (input: unknown): SignedRecord | RecordError {
  try {
    return decodeRecord(input as Uint8Array, { now: FIXED_NOW })
  } catch (err) {
    if (!(err instanceof RecordError) || !RECORD_CODES.has(err.code)) throw err
    return err
  }
}

/** Random bytes, and random bytes behind a record-like prefix: refused with a RecordError (or decoded to the same bytes). */
export function fuzzRecordBytes (p: FuzzParams): void {
  const prefixed = fc.tuple(fc.constantFrom(Uint8Array.of(0x82), Uint8Array.of(0x82, 0x86, 0x01), Uint8Array.of(0x82, 0x86, 0x01, 0x58, 0x20)), fc.uint8Array({ maxLength: 1100 }))
    .map(([a, b]) => Uint8Array.from([...a, ...b]))
  fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 1100 }), prefixed), bytes => {
    const r = tryDecode(bytes)
    // A valid signature over random bytes would be a forgery: it must never happen.
    if (!(r instanceof RecordError)) throw new Error('random bytes decoded as a signed record')
  }), p)
}

/** Mutated valid records: refused with a RecordError, unless the edit changed nothing. */
export function fuzzRecordMutations (p: FuzzParams): void {
  const pool = validPool()
  fc.assert(fc.property(fc.nat({ max: pool.length - 1 }), mutations, (i, muts) => {
    const original = pool[i].bytes
    const bytes = mutate(original, muts)
    const r = tryDecode(bytes)
    // One byte string per record: whatever decodes must be the untouched original.
    if (!(r instanceof RecordError) && !equals(r.bytes, original)) throw new Error('a mutated record decoded as a different valid record')
  }), p)
}

/** Values that are not byte arrays at all: MALFORMED. */
export function fuzzRecordWrongTypes (p: FuzzParams): void {
  fc.assert(fc.property(fc.anything({ withTypedArray: false, withBigInt: true, withDate: true, withMap: true, withSet: true }), value => {
    const r = tryDecode(value)
    if (!(r instanceof RecordError) || r.code !== 'MALFORMED') throw new Error(`a ${typeof value} was not refused as MALFORMED`)
  }), p)
}

// Strings as cborg will carry them (lone surrogates become U+FFFD on the way to UTF-8).
const wellFormed = (s: string): string => Buffer.from(s, 'utf8').toString('utf8')
const text = (max: number): fc.Arbitrary<string> => fc.oneof(
  anyText(max).map(wellFormed),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: max })
)
const itemId = fc.oneof(
  fc.constantFrom('lastfm:artist:289', 'https://example.org/a', 'ipfs:bafy', 'a:b', 'A:b', ':x', 'x:', 'x: y', 'x:\u0007', `a:${'z'.repeat(198)}`, `a:${'z'.repeat(199)}`),
  fc.stringMatching(/^[a-z][a-z0-9+.-]{0,33}:\S{1,12}$/),
  text(210)
)
const weight = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 0.5, -0.5, 1e9, 1e9 + 1, 1.0000001, -1.0000001, NaN, Infinity, -Infinity, Number.MIN_VALUE),
  fc.double(),
  fc.integer({ min: -2, max: 2e9 })
)
const safeInt = (lo: number, hi: number): fc.Arbitrary<number> => fc.oneof(
  fc.integer({ min: lo, max: hi }),
  fc.constantFrom(0, -1, 1.5, 2 ** 53, Number.MAX_SAFE_INTEGER, -0)
)

/** A record-shaped wire value: [v, author, seq, prev, ts, body], and which pool identity signs it. */
interface Shaped { signer: number, wire: unknown[] }

const shaped: fc.Arbitrary<Shaped> = fc.record({
  signer: fc.integer({ min: 0, max: 2 }),
  v: fc.oneof({ weight: 8, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(0, 2, 1.5, 'v1', null) }),
  author: fc.oneof({ weight: 8, arbitrary: fc.constant('signer') }, { weight: 1, arbitrary: fc.uint8Array({ minLength: 31, maxLength: 33 }) }),
  seq: safeInt(1, 1_000_000),
  prev: fc.oneof(fc.constant(null), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 31, maxLength: 31 })),
  ts: safeInt(0, FIXED_NOW + 2 * DEFAULT_MAX_FUTURE_MS),
  body: fc.oneof(
    fc.tuple(fc.constant('trust'), fc.oneof(fc.constantFrom<unknown>('other', 'signer'), fc.uint8Array({ minLength: 31, maxLength: 33 })), weight),
    fc.tuple(fc.constant('interact'), itemId, weight),
    fc.tuple(fc.constant('item'), itemId, text(210)),
    fc.tuple(fc.constant('item'), itemId, text(210), fc.oneof(fc.constantFrom('https://x.org/a', 'http://x', 'ftp://x', 'https://x y'), text(410))),
    fc.tuple(fc.constant('profile'), fc.constantFrom<unknown>('name', 'bio', 1), fc.oneof(text(70), fc.constantFrom<unknown>('', 'x\u0007y', 'Ａlice\u202e', 'é'.repeat(32), 'é'.repeat(33), 7))),
    fc.tuple(fc.oneof(fc.constantFrom('Trust', 'like', ''), text(10)), itemId, weight),
    fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 5 })
  )
}).map(({ signer, v, author, seq, prev, ts, body }) => {
  const key = (x: unknown): unknown => x === 'signer' ? fuzzIdentity(signer).publicKey : x === 'other' ? fuzzIdentity(signer + 1).publicKey : x
  const b = body as unknown[]
  const wireBody = b[0] === 'trust' ? [b[0], key(b[1]), b[2]] : b
  return { signer, wire: [v, key(author), seq, prev, ts, wireBody] }
})

const ITEM_ID = /^[a-z][a-z0-9+.-]{0,31}:[^\s\p{Cc}]+$/u
const URL_FORM = /^https?:\/\/[^\s\p{Cc}]+$/u
const bytesOf = (s: string): number => Buffer.byteLength(s, 'utf8')
const isText = (s: unknown, max: number): s is string => typeof s === 'string' && bytesOf(s) >= 1 && bytesOf(s) <= max
const isKey = (k: unknown): k is Uint8Array => k instanceof Uint8Array && k.length === 32 && isAcceptablePublicKey(k)
const inRange = (w: unknown, lo: number, hi: number): boolean => typeof w === 'number' && Number.isFinite(w) && w >= lo && w <= hi

/** The referee: PROTOCOL.md §2.2 read literally, for a wire value signed by `signerKey`. */
export function obeysProtocol (wire: unknown[], signerKey: Uint8Array, encodedLength: number): boolean {
  const [v, author, seq, prev, ts, body] = wire as [unknown, unknown, unknown, unknown, unknown, unknown[]]
  if (encodedLength > MAX_RECORD_BYTES || v !== 1) return false
  if (!(author instanceof Uint8Array) || !equals(author, signerKey)) return false
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return false
  if (seq === 1 ? prev !== null : !(prev instanceof Uint8Array && prev.length === 32)) return false
  if (typeof ts !== 'number' || !Number.isSafeInteger(ts) || ts < 0 || ts > FIXED_NOW + DEFAULT_MAX_FUTURE_MS) return false
  const item = (x: unknown): boolean => isText(x, 200) && ITEM_ID.test(x)
  switch (body[0]) {
    case 'trust': return body.length === 3 && isKey(body[1]) && !equals(body[1], author) && inRange(body[2], -1, 1)
    case 'interact': return body.length === 3 && item(body[1]) && inRange(body[2], 0, 1e9)
    case 'item': return (body.length === 3 || body.length === 4) && item(body[1]) && isText(body[2], 200) && !/\p{Cc}/u.test(body[2]) &&
      (body.length === 3 || (isText(body[3], 400) && URL_FORM.test(body[3])))
    case 'profile': return body.length === 3 && body[1] === 'name' && typeof body[2] === 'string' && bytesOf(body[2]) <= 64 && !/\p{Cc}/u.test(body[2])
    default: return false
  }
}

/** Record-shaped values signed by a real key: decoded exactly when the referee says the rules hold. */
export function fuzzRecordFields (p: FuzzParams): void {
  fc.assert(fc.property(shaped, ({ signer, wire }) => {
    let unsigned: Uint8Array
    try {
      unsigned = encode(wire)
    } catch {
      return // not encodable as CBOR at all: nothing to send
    }
    const id = fuzzIdentity(signer)
    const sig = signMessageFast(id.seed, signedMessage(unsigned))
    const bytes = Uint8Array.from([0x82, ...unsigned, 0x58, 0x40, ...sig])
    const r = tryDecode(bytes)
    const expected = obeysProtocol(wire, id.publicKey, bytes.length)
    if (expected !== !(r instanceof RecordError)) {
      throw new Error(`decoder ${r instanceof RecordError ? `refused (${r.code}: ${r.message})` : 'accepted'} a record the protocol ${expected ? 'accepts' : 'refuses'}`)
    }
    if (!(r instanceof RecordError) && (r.seq !== wire[2] || r.ts !== wire[4] || !equals(r.bytes, bytes))) throw new Error('decoded fields differ from the encoded ones')
  }), p)
}
