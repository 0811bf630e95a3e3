/**
 * A strict decoder for the deterministic-CBOR subset records use (docs/PROTOCOL.md §2.1):
 * unsigned/negative integers, byte strings, UTF-8 text strings, arrays, null and floats,
 * each in the one shortest form cborg's encoder writes. Anything else — a longer-than-needed
 * head, an integer written as a float, a float wider than it needs, indefinite lengths, maps,
 * tags, invalid UTF-8, trailing bytes — is refused, so one value has exactly one encoding.
 * Hand-written because cborg's decode followed by a re-encode check costs ~30 µs a record,
 * a quarter of a signature verification; this costs ~2 µs. Tests hold it to cborg.
 */
import { encode } from 'cborg'
import { equals } from 'uint8arrays/equals'

/** The input is not canonical CBOR of the accepted subset. */
export class CborError extends Error {}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const MAX_DEPTH = 4
// Smallest value each head width may carry (shorter widths must be used below it).
const MIN_FOR_WIDTH: Record<number, number> = { 24: 24, 25: 0x100, 26: 0x10000, 27: 0x100000000 }

class Reader {
  pos = 0
  constructor (readonly bytes: Uint8Array, readonly view: DataView) {}

  need (n: number): void {
    if (this.pos + n > this.bytes.length) throw new CborError('unexpected end of input')
  }

  // The argument of a head (RFC 8949 §3), which must be in its shortest form (§4.2.1).
  argument (info: number): number {
    if (info < 24) return info
    const width = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0
    if (width === 0) throw new CborError(`additional info ${info} is not allowed (indefinite or reserved)`)
    this.need(width)
    const v = this.view
    const p = this.pos
    const n = width === 1 ? v.getUint8(p) : width === 2 ? v.getUint16(p) : width === 4 ? v.getUint32(p) : v.getUint32(p) * 0x100000000 + v.getUint32(p + 4)
    if (width === 8 && v.getUint32(p) > 0x1fffff) throw new CborError('integer above 2^53 - 1')
    this.pos += width
    if (n < MIN_FOR_WIDTH[info]) throw new CborError('integer or length not in its shortest form')
    return n
  }

  item (depth: number): unknown {
    this.need(1)
    const head = this.bytes[this.pos++]
    const major = head >> 5
    const info = head & 31
    switch (major) {
      case 0: return this.argument(info)
      case 1: return -1 - this.argument(info)
      case 2: case 3: {
        const len = this.argument(info)
        this.need(len)
        // A plain Uint8Array view even when the input is a Buffer, so values compare alike.
        const slice = new Uint8Array(this.bytes.buffer, this.bytes.byteOffset + this.pos, len)
        this.pos += len
        if (major === 2) return slice
        try {
          return utf8.decode(slice)
        } catch {
          throw new CborError('text string is not valid UTF-8')
        }
      }
      case 4: {
        if (depth >= MAX_DEPTH) throw new CborError('arrays nested too deep')
        const len = this.argument(info)
        if (len > this.bytes.length - this.pos) throw new CborError('array longer than the input')
        const out: unknown[] = new Array(len)
        for (let i = 0; i < len; i++) out[i] = this.item(depth + 1)
        return out
      }
      case 7: return this.simple(info)
      default: throw new CborError(major === 5 ? 'maps are not used in records' : 'tags are not used in records')
    }
  }

  simple (info: number): unknown {
    if (info === 22) return null
    const start = this.pos - 1
    const width = info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0
    if (width === 0) throw new CborError(`simple value ${info} is not used in records`)
    this.need(width)
    const x = width === 2 ? half(this.view.getUint16(this.pos)) : width === 4 ? this.view.getFloat32(this.pos) : this.view.getFloat64(this.pos)
    this.pos += width
    // Canonical form is whatever cborg writes for x: integers as integers, else the narrowest exact float.
    if (!equals(encode(x), this.bytes.subarray(start, this.pos))) throw new CborError('number not in its shortest form')
    return x
  }
}

// IEEE 754 binary16 → number (RFC 8949 Appendix D).
function half (h: number): number {
  const exp = (h >> 10) & 0x1f
  const mant = h & 0x3ff
  const val = exp === 0 ? mant * 2 ** -24 : exp !== 31 ? (mant + 1024) * 2 ** (exp - 25) : mant === 0 ? Infinity : NaN
  return h & 0x8000 ? -val : val
}

/** Decode exactly one canonical item filling all of `bytes`; throws CborError. */
export function decodeCanonical (bytes: Uint8Array): unknown {
  const reader = new Reader(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  const value = reader.item(0)
  if (reader.pos !== bytes.length) throw new CborError(`${bytes.length - reader.pos} bytes after the end of the record`)
  return value
}
