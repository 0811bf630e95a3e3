/**
 * Frames of the sync protocol, each one length-prefixed CBOR map with a type tag `t`.
 * Requests ask for a page of heads, a range of one author's log, or one author's
 * equivocation proofs; every response is bounded by the limits below, and a decoder
 * refuses anything outside them (so a peer cannot make us buffer or walk more).
 */
import { decode, encode } from 'cborg'
import { SyncFrameError } from '../errors.js'

/** One author's head as a peer sees it. */
export interface HeadEntry { author: string, seq: number, hash: Uint8Array, flagged: boolean }

export type SyncRequest =
  | { t: 'heads', after: string | null, limit: number }
  | { t: 'range', want: RangeWant[] }
  | { t: 'proofs', author: string }

/** A slice of one author's log: `limit` records from seq `from` on. */
export interface RangeWant { author: string, from: number, limit: number }

export type SyncResponse =
  | { t: 'heads', heads: HeadEntry[], more: boolean }
  | { t: 'records', records: Uint8Array[] }
  | { t: 'proofs', proofs: Array<[Uint8Array, Uint8Array]> }
  | { t: 'error', code: string, message: string }

/** Bounds every frame is checked against. */
export interface SyncLimits {
  /** Records per range page. */
  pageSize: number
  /** Heads per heads page. */
  headsPageSize: number
  /** Equivocation proofs per response. */
  maxProofs: number
  /** Bytes per record. */
  maxRecordBytes: number
  /** Bytes per frame (the length prefix is refused beyond it). */
  maxFrameBytes: number
}

const MAX_AUTHOR_CHARS = 128
const MAX_TEXT_CHARS = 512
const HASH_BYTES = 32

/** Encode a request or response; throws SyncFrameError if it breaks the limits. */
export function encodeSyncFrame (frame: SyncRequest | SyncResponse, limits: SyncLimits): Uint8Array {
  // Heads and wants travel as arrays: a page of thousands of maps would repeat every key.
  const wire = frame.t === 'heads' && 'heads' in frame
    ? { t: 'heads', heads: frame.heads.map(h => [h.author, h.seq, h.hash, h.flagged]), more: frame.more }
    : frame.t === 'range'
      ? { t: 'range', want: frame.want.map(w => [w.author, w.from, w.limit]) }
      : frame
  const data = encode(wire)
  if (data.length > limits.maxFrameBytes) throw new SyncFrameError('too-large', `${data.length} bytes, at most ${limits.maxFrameBytes}`)
  return data
}

/** Decode and check a request frame. */
export function decodeSyncRequest (data: Uint8Array, limits: SyncLimits): SyncRequest {
  const m = decodeMap(data, limits)
  switch (m.t) {
    case 'heads':
      return { t: 'heads', after: m.after === null ? null : author(m.after, 'after'), limit: int(m.limit, 'limit', 1, limits.headsPageSize) }
    case 'range': {
      const want = list(m.want, 'want', limits.pageSize).map(parseWant)
      if (want.length === 0) throw new SyncFrameError('bad-field', "'want' must name at least one range")
      const total = want.reduce((n, w) => n + w.limit, 0)
      if (total > limits.pageSize) throw new SyncFrameError('too-many', `ranges ask for ${total} records, at most ${limits.pageSize}`)
      return { t: 'range', want }
    }
    case 'proofs':
      return { t: 'proofs', author: author(m.author, 'author') }
    default:
      throw new SyncFrameError('unknown-type', `unknown request type ${typeTag(m.t)}`)
  }
}

/** Decode and check a response frame. */
export function decodeSyncResponse (data: Uint8Array, limits: SyncLimits): SyncResponse {
  const m = decodeMap(data, limits)
  switch (m.t) {
    case 'heads': {
      const heads = list(m.heads, 'heads', limits.headsPageSize).map(parseHead)
      if (typeof m.more !== 'boolean') throw new SyncFrameError('bad-field', "'more' must be a boolean")
      return { t: 'heads', heads, more: m.more }
    }
    case 'records':
      return { t: 'records', records: list(m.records, 'records', limits.pageSize).map(r => record(r, limits)) }
    case 'proofs':
      return {
        t: 'proofs',
        proofs: list(m.proofs, 'proofs', limits.maxProofs).map(p => {
          const pair = list(p, 'proof', 2)
          if (pair.length !== 2) throw new SyncFrameError('bad-field', 'a proof is a pair of records')
          return [record(pair[0], limits), record(pair[1], limits)] as [Uint8Array, Uint8Array]
        })
      }
    case 'error':
      return { t: 'error', code: text(m.code, 'code'), message: text(m.message, 'message') }
    default:
      throw new SyncFrameError('unknown-type', `unknown response type ${typeTag(m.t)}`)
  }
}

// The peer's tag, short: it may be a megabytes-long string or array, never worth echoing whole.
function typeTag (t: unknown): string {
  return typeof t === 'string' ? JSON.stringify(t.slice(0, 40)) : `(a ${Array.isArray(t) ? 'array' : typeof t})`
}

function decodeMap (data: Uint8Array, limits: SyncLimits): Record<string, unknown> {
  if (!(data instanceof Uint8Array)) throw new SyncFrameError('not-bytes', 'not a byte array')
  if (data.length > limits.maxFrameBytes) throw new SyncFrameError('too-large', `${data.length} bytes, at most ${limits.maxFrameBytes}`)
  // Major type 5 (map), definite length: refuse other shapes before cborg walks them.
  if (data.length === 0 || (data[0] >> 5) !== 5 || (data[0] & 0x1f) > 27) throw new SyncFrameError('not-map', 'not a CBOR map')
  let value: unknown
  try {
    value = decode(data, { strict: true, rejectDuplicateMapKeys: true, allowIndefinite: false, allowUndefined: false, allowBigInt: false })
  } catch (err) {
    throw new SyncFrameError('malformed', `CBOR does not decode (${(err as Error).message})`)
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) {
    throw new SyncFrameError('not-map', 'not a CBOR map')
  }
  return value as Record<string, unknown>
}

function parseHead (h: unknown): HeadEntry {
  const a = list(h, 'head', 4)
  if (a.length !== 4) throw new SyncFrameError('bad-field', 'a head is [author, seq, hash, flagged]')
  if (!(a[2] instanceof Uint8Array) || a[2].length !== HASH_BYTES) throw new SyncFrameError('bad-field', `a head hash is ${HASH_BYTES} bytes`)
  if (typeof a[3] !== 'boolean') throw new SyncFrameError('bad-field', 'a head flag is a boolean')
  return { author: author(a[0], 'head author'), seq: int(a[1], 'head seq', 1, Number.MAX_SAFE_INTEGER), hash: a[2], flagged: a[3] }
}

function parseWant (w: unknown): RangeWant {
  const a = list(w, 'want entry', 3)
  if (a.length !== 3) throw new SyncFrameError('bad-field', 'a range is [author, from, limit]')
  return { author: author(a[0], 'want author'), from: int(a[1], 'want from', 1, Number.MAX_SAFE_INTEGER), limit: int(a[2], 'want limit', 1, Number.MAX_SAFE_INTEGER) }
}

function list (v: unknown, field: string, max: number): unknown[] {
  if (!Array.isArray(v)) throw new SyncFrameError('bad-field', `'${field}' must be an array`)
  if (v.length > max) throw new SyncFrameError('too-many', `'${field}' holds ${v.length} entries, at most ${max}`)
  return v
}

function record (v: unknown, limits: SyncLimits): Uint8Array {
  if (!(v instanceof Uint8Array) || v.length === 0 || v.length > limits.maxRecordBytes) {
    throw new SyncFrameError('record-size', `a record must be 1..${limits.maxRecordBytes} bytes`)
  }
  return v
}

function int (v: unknown, field: string, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
    throw new SyncFrameError('bad-field', `'${field}' must be an integer in [${lo}, ${hi}]`)
  }
  return v
}

function author (v: unknown, field: string): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_AUTHOR_CHARS) {
    throw new SyncFrameError('bad-field', `'${field}' must be an author id`)
  }
  return v
}

function text (v: unknown, field: string): string {
  if (typeof v !== 'string' || v.length > MAX_TEXT_CHARS) throw new SyncFrameError('bad-field', `'${field}' must be a short string`)
  return v
}
