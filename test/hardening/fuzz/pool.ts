/**
 * Inputs the fuzz targets start from: a pool of valid signed records of every kind (fixed
 * seeds, so every run of a seed sees the same pool), byte-level mutations of them, and the
 * clock every decode is judged by.
 */
import fc from 'fast-check'
import { identityFromSeed, signRecord, type Body, type Identity, type SignedRecord } from '../../../src/index.js'

/** The clock records are judged by (records in the pool are a little older). */
export const FIXED_NOW = 1_700_000_000_000

/** What one fast-check run is given: how many cases, and the seed that replays them. */
export interface FuzzParams { numRuns: number, seed: number }

/** Identity `n` of the fuzz pool (seed 32 × (200 + n), clear of other suites' identities). */
export function fuzzIdentity (n: number): Identity {
  return identityFromSeed(new Uint8Array(32).fill(200 + n))
}

const BODIES: Array<(seq: number, other: Identity) => Body> = [
  (_s, other) => ({ kind: 'trust', target: other.author, weight: 1 }),
  (_s, other) => ({ kind: 'trust', target: other.author, weight: -0.25 }),
  seq => ({ kind: 'interact', item: `lastfm:artist:${seq}`, weight: seq * 3 }),
  seq => ({ kind: 'interact', item: `https://example.org/song/${seq}`, weight: 0.1 }),
  seq => ({ kind: 'item', item: `lastfm:artist:${seq}`, title: 'Björk', url: 'https://www.last.fm/music/Bj%C3%B6rk' }),
  seq => ({ kind: 'item', item: `ipfs:bafy${seq}`, title: 'x'.repeat(200) })
]

/** `authors` chains of `length` valid records each, cycling through every body kind. */
export function validPool (authors = 3, length = 6): SignedRecord[] {
  const out: SignedRecord[] = []
  for (let a = 0; a < authors; a++) {
    const id = fuzzIdentity(a)
    const other = fuzzIdentity((a + 1) % Math.max(2, authors))
    let prev: SignedRecord | undefined
    for (let seq = 1; seq <= length; seq++) {
      const body = BODIES[(seq + a) % BODIES.length](seq, other)
      const r: SignedRecord = signRecord(id, { seq, ...(prev === undefined ? {} : { prev: prev.hash }), ts: FIXED_NOW - 1000 + seq, body }, { signer: 'native' })
      out.push(r)
      prev = r
    }
  }
  return out
}

/** One byte-level edit; positions wrap around the input's length. */
export type Mutation =
  | { op: 'flip', at: number, bit: number }
  | { op: 'set', at: number, value: number }
  | { op: 'cut', at: number }
  | { op: 'insert', at: number, bytes: Uint8Array }
  | { op: 'delete', at: number, n: number }

/** Arbitrary lists of 1–4 mutations. */
export const mutations: fc.Arbitrary<Mutation[]> = fc.array(fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 8 }) })
), { minLength: 1, maxLength: 4 })

/** `bytes` with `muts` applied (a new array; the input is untouched). */
export function mutate (bytes: Uint8Array, muts: Mutation[]): Uint8Array {
  let b = Uint8Array.from(bytes)
  for (const m of muts) {
    const at = b.length === 0 ? 0 : m.at % b.length
    switch (m.op) {
      case 'flip': if (b.length > 0) b[at] ^= 1 << m.bit; break
      case 'set': if (b.length > 0) b[at] = m.value; break
      case 'cut': b = b.slice(0, at); break
      case 'insert': b = Uint8Array.from([...b.subarray(0, at), ...m.bytes, ...b.subarray(at)]); break
      case 'delete': b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + m.n)]); break
    }
  }
  return b
}

/** Strings with the full range of code points, lone surrogates included. */
export const anyText = (maxLength: number): fc.Arbitrary<string> => fc.string({ unit: 'binary', maxLength })
