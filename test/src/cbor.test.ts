import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { encode, decode } from 'cborg'
import { isDeepStrictEqual } from 'node:util'
import { decodeCanonical, CborError } from '../../src/cbor.js'

// The referee: cborg's strict decoder plus "re-encoding gives the same bytes".
function cborgCanonical (bytes: Uint8Array): { ok: true, value: unknown } | { ok: false } {
  try {
    const value = decode(bytes, { strict: true, allowIndefinite: false, allowUndefined: false, allowBigInt: false, allowNaN: true, allowInfinity: true })
    return Buffer.from(encode(value)).equals(Buffer.from(bytes)) ? { ok: true, value } : { ok: false }
  } catch {
    return { ok: false }
  }
}

const leaf = fc.oneof(
  fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.maxSafeNat(), fc.double(), fc.float().map(Number),
  fc.constantFrom(0.5, -0.5, 1.5, 65504, 1e-7, -0, NaN, Infinity, -Infinity),
  fc.uint8Array({ maxLength: 40 }), fc.string({ maxLength: 30 }), fc.constant(null)
)
const value = fc.letrec(tie => ({ v: fc.oneof({ depthSize: 'small', maxDepth: 3 }, leaf, fc.array(tie('v'), { maxLength: 6 })) })).v

describe('decodeCanonical (records CBOR subset) agrees with cborg', () => {
  it('decodes everything cborg encodes, to an equal value', () => {
    fc.assert(fc.property(value, v => {
      const bytes = encode(v)
      expect(isDeepStrictEqual(decodeCanonical(bytes), decode(bytes, { allowNaN: true, allowInfinity: true }))).toBe(true)
    }), { numRuns: 2000, seed: 7 })
  })

  it('accepts a mutated encoding exactly when cborg finds it canonical', () => {
    fc.assert(fc.property(value, fc.nat(), fc.nat(255), fc.constantFrom('set', 'insert', 'delete'), (v, at, byte, op) => {
      const base = Array.from(encode(v))
      const i = at % (base.length + 1)
      if (op === 'set' && i < base.length) base[i] = byte
      else if (op === 'insert') base.splice(i, 0, byte)
      else if (i < base.length) base.splice(i, 1)
      const bytes = Uint8Array.from(base)
      const ref = cborgCanonical(bytes)
      let mine: unknown
      let ok = true
      try { mine = decodeCanonical(bytes) } catch (err) { expect(err).toBeInstanceOf(CborError); ok = false }
      // Maps, tags, booleans and undefined are canonical CBOR but outside the record subset.
      const outside = ref.ok && JSON.stringify(ref.value, (_k, x) => typeof x === 'boolean' || x === undefined || (x instanceof Object && !Array.isArray(x) && !(x instanceof Uint8Array)) ? '#OUT#' : x)?.includes('#OUT#')
      if (!outside) expect(ok).toBe(ref.ok)
      if (ok && ref.ok) expect(isDeepStrictEqual(mine, ref.value)).toBe(true)
    }), { numRuns: 5000, seed: 11 })
  })

  it.each([
    ['integer 1 as one-byte head', '1801'],
    ['integer 255 as two-byte head', '1900ff'],
    ['1.0 as a float', 'f93c00'],
    ['0.5 as a float32', 'fa3f000000'],
    ['-0 as a float', 'f98000'],
    ['indefinite array', '9f01ff'],
    ['a map', 'a10102'],
    ['a tag', 'c001'],
    ['true', 'f5'],
    ['invalid UTF-8', '62c328'],
    ['trailing byte', '0100'],
    ['truncated byte string', '4301'],
    ['integer above 2^53 - 1', '1b0020000000000000']
  ])('refuses %s', (_name, h) => {
    expect(() => decodeCanonical(Uint8Array.from(Buffer.from(h, 'hex')))).toThrow(CborError)
  })
})
