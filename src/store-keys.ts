/**
 * LevelDB key layout of the record store (docs/PROTOCOL.md §6). One leading bucket byte,
 * then fixed-width fields; numbers are 8-byte big-endian so keys sort by (author, seq).
 */
import { publicKeyFromAuthorId, type AuthorId } from './author-id.js'
import { decodeStoredRecord } from './record.js'
import type { SignedRecord } from './record-types.js'

/**
 * Buckets: the first key byte. Never reuse a number: 4–6 held reverse indexes (trust by
 * target, interactions and item records by item) and 7 node metadata, which nothing read;
 * stores written before their removal may still hold such keys, and nothing reads them.
 */
export enum Bucket {
  /** author(32) seq(8) -> record hash(32) then signed record bytes (linked records only) */
  Record = 1,
  /** author(32) -> seq(8) hash(32) of the author's last linked record */
  Head = 2,
  /** author(32) seq(8) -> CBOR [bytes of linked record, bytes of conflicting record] */
  Equivocation = 3
}

/** Big-endian 8-byte encoding of a safe integer. */
export function u64 (n: number): Uint8Array {
  return putU64(new Uint8Array(8), 0, n)
}

/** Write `n` big-endian in 8 bytes at `offset` of `out`; returns `out`. */
function putU64<T extends Uint8Array> (out: T, offset: number, n: number): T {
  const v = new DataView(out.buffer, out.byteOffset + offset, 8)
  v.setUint32(0, Math.floor(n / 0x100000000))
  v.setUint32(4, n >>> 0)
  return out
}

/** Read a big-endian 8-byte integer at `offset`. */
export function readU64 (bytes: Uint8Array, offset = 0): number {
  const v = new DataView(bytes.buffer, bytes.byteOffset + offset, 8)
  return v.getUint32(0) * 0x100000000 + v.getUint32(4)
}

function key (bucket: Bucket, ...parts: Uint8Array[]): Uint8Array {
  let len = 1
  for (const p of parts) len += p.length
  // Buffers, not plain Uint8Arrays: classic-level copies those without converting (~1.5x faster batches).
  const out = Buffer.allocUnsafe(len)
  out[0] = bucket
  let at = 1
  for (const p of parts) { out.set(p, at); at += p.length }
  return out
}

/** Key of an author's record `seq` (or the equivocation proof at `seq`). */
export function seqKey (bucket: Bucket.Record | Bucket.Equivocation, author: AuthorId, seq: number): Uint8Array {
  // Written in place (no u64 array per key): this runs for every record stored or read.
  const out = Buffer.allocUnsafe(41)
  out[0] = bucket
  out.set(publicKeyFromAuthorId(author), 1)
  return putU64(out, 33, seq)
}

/** Key of an author's head. */
export function headKey (author: AuthorId): Uint8Array {
  return key(Bucket.Head, publicKeyFromAuthorId(author))
}

/** Iterator bounds covering every key that starts with `prefix`. */
export function prefixRange (prefix: Uint8Array): { gte: Uint8Array, lt: Uint8Array } {
  const lt = Uint8Array.from(prefix)
  let i = lt.length - 1
  while (i >= 0 && lt[i] === 0xff) i--
  // A prefix of all 0xff bytes has no upper bound of the same length; the bucket byte never is 0xff.
  lt[i]++
  return { gte: prefix, lt: lt.subarray(0, i + 1) }
}

/** Value of a Record-bucket entry: the hash is kept so reloads need not re-hash every record. */
export function recordValue (r: SignedRecord): Uint8Array {
  const v = Buffer.allocUnsafe(32 + r.bytes.length)
  v.set(r.hash, 0)
  v.set(r.bytes, 32)
  return v
}

/** The record of a Record-bucket value. */
export function fromRecordValue (v: Uint8Array): SignedRecord {
  return decodeStoredRecord(v.subarray(32), new Uint8Array(v.buffer, v.byteOffset, 32))
}
