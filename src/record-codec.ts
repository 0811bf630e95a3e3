/**
 * Canonical wire form of a record (docs/PROTOCOL.md §2): deterministic CBOR (RFC 8949
 * §4.2.1, shortest forms) of
 *   signed   = [unsigned, sig]
 *   unsigned = [v, author, seq, prev | null, ts, body]
 *   body     = update | ["batch", update, update, …] | ["checkpoint", root, edges]
 *   update   = ["trust", target, weight] | ["interact", item, weight] | ["item", item, title(, url)]
 *            | ["profile", "name", value]
 * Decoding is strict (src/cbor.ts): any input that is not the one canonical encoding of its
 * value is refused, so each record has exactly one byte form (no malleability, stable hashes).
 */
import { encode } from 'cborg'
import { decodeCanonical } from './cbor.js'
import { RecordError, MAX_RECORD_BYTES } from './record-types.js'

/** One update as it sits on the wire (keys as 32 raw bytes). */
export type WireUpdate =
  | ['trust', Uint8Array, number]
  | ['interact', string, number]
  | ['item', string, string] | ['item', string, string, string]
  | ['profile', 'name', string]

/** Body as it sits on the wire. */
export type WireBody =
  | WireUpdate
  | ['batch', ...WireUpdate[]]
  | ['checkpoint', Uint8Array, number]

/** A record's fields as they sit on the wire, before validation. */
export interface WireRecord { v: number, author: Uint8Array, seq: number, prev: Uint8Array | null, ts: number, body: WireBody }

// The signed form appends a 64-byte byte string: header 0x58 0x40, then the signature.
const SIG_HEADER = Uint8Array.of(0x58, 0x40)
const SIG_TAIL = SIG_HEADER.length + 64

/** Canonical encoding of the unsigned part (what is hashed, and signed after the domain prefix). */
export function encodeUnsigned (w: WireRecord): Uint8Array {
  return encode([w.v, w.author, w.seq, w.prev, w.ts, w.body])
}

/** Canonical encoding of [unsigned, sig], built around the already-encoded unsigned part. */
export function encodeSigned (unsigned: Uint8Array, sig: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + unsigned.length + SIG_TAIL)
  out[0] = 0x82
  out.set(unsigned, 1)
  out.set(SIG_HEADER, 1 + unsigned.length)
  out.set(sig, 1 + unsigned.length + SIG_HEADER.length)
  return out
}

/** The unsigned part of a canonical signed encoding (a view, no copy). */
export function unsignedPart (bytes: Uint8Array): Uint8Array {
  return bytes.subarray(1, bytes.length - SIG_TAIL)
}

/** Parse canonical signed bytes into raw fields (shape only; values are checked by validation). */
export function parseSigned (bytes: Uint8Array): { wire: WireRecord, sig: Uint8Array, unsigned: Uint8Array } {
  if (!(bytes instanceof Uint8Array)) throw new RecordError('MALFORMED', 'a record must be given as bytes')
  if (bytes.length > MAX_RECORD_BYTES) {
    throw new RecordError('OVERSIZE', `record is ${bytes.length} bytes, the limit is ${MAX_RECORD_BYTES}`, { field: 'record' })
  }
  let value: unknown
  try {
    value = decodeCanonical(bytes)
  } catch (err) {
    throw new RecordError('MALFORMED', `record is not valid canonical CBOR: ${(err as Error).message}`)
  }
  if (!Array.isArray(value) || value.length !== 2 || !Array.isArray(value[0]) || !(value[1] instanceof Uint8Array)) {
    throw new RecordError('MALFORMED', 'record must be the CBOR array [unsigned, sig]')
  }
  const [u, sig] = value as [unknown[], Uint8Array]
  // Version first: a future version may change everything after it.
  if (u[0] !== 1) throw new RecordError('UNKNOWN_VERSION', `record version ${String(u[0])} is not supported (this node speaks 1)`, { field: 'v' })
  if (u.length !== 6 || !Array.isArray(u[5])) throw new RecordError('MALFORMED', 'unsigned record must be [v, author, seq, prev, ts, body]')
  if (sig.length !== 64) throw new RecordError('BAD_SIGNATURE', `signature is ${sig.length} bytes, must be 64`, { field: 'sig' })
  // Canonical decoding of [unsigned, sig] with a 64-byte sig fixes the layout: 0x82, unsigned, 0x58 0x40, sig.
  const unsigned = unsignedPart(bytes)
  const [v, author, seq, prev, ts, body] = u as [number, Uint8Array, number, Uint8Array | null, number, WireBody]
  return { wire: { v, author, seq, prev, ts, body }, sig, unsigned }
}

/** Parse bytes this node stored itself (already verified): no canonical or signature checks. */
export function parseTrusted (bytes: Uint8Array): { wire: WireRecord, sig: Uint8Array } {
  const [u, sig] = decodeCanonical(bytes) as [unknown[], Uint8Array]
  const [v, author, seq, prev, ts, body] = u as [number, Uint8Array, number, Uint8Array | null, number, WireBody]
  return { wire: { v, author, seq, prev, ts, body }, sig }
}
