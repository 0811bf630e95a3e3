/**
 * The gossip message: a CBOR array of canonical record encodings (byte strings), bounded in
 * count and bytes. The records are opaque here; the validator decodes and verifies them.
 */
import { decode, encode } from 'cborg'
import { GossipMessageError } from '../errors.js'

/** Bounds on one gossip message (from config.gossip, plus the record size limit). */
export interface GossipLimits {
  /** Records per message. */
  maxBatchRecords: number
  /** Bytes per message. */
  maxMessageBytes: number
  /** Bytes per record. */
  maxRecordBytes: number
}

// CBOR header of an array or byte string is at most 5 bytes for any length we allow (< 2^32).
const HEADER_BYTES = 5

/** Encode one batch; throws GossipMessageError when it breaks the limits. */
export function encodeGossipBatch (records: Uint8Array[], limits: GossipLimits): Uint8Array {
  checkBatch(records, limits)
  const data = encode(records)
  if (data.length > limits.maxMessageBytes) {
    throw new GossipMessageError('too-large', `${data.length} bytes, at most ${limits.maxMessageBytes}`)
  }
  return data
}

/** Split records into messages that each fit the limits, in order. */
export function packGossipBatches (records: Uint8Array[], limits: GossipLimits): Uint8Array[] {
  const out: Uint8Array[] = []
  let batch: Uint8Array[] = []
  let bytes = HEADER_BYTES
  for (const r of records) {
    const size = r.length + HEADER_BYTES
    if (batch.length > 0 && (batch.length >= limits.maxBatchRecords || bytes + size > limits.maxMessageBytes)) {
      out.push(encodeGossipBatch(batch, limits))
      batch = []
      bytes = HEADER_BYTES
    }
    batch.push(r)
    bytes += size
  }
  if (batch.length > 0) out.push(encodeGossipBatch(batch, limits))
  return out
}

/** Decode a message into its record encodings; throws GossipMessageError (reason in data). */
export function decodeGossipBatch (data: Uint8Array, limits: GossipLimits): Uint8Array[] {
  if (!(data instanceof Uint8Array)) throw new GossipMessageError('not-bytes', 'not a byte array')
  if (data.length > limits.maxMessageBytes) {
    throw new GossipMessageError('too-large', `${data.length} bytes, at most ${limits.maxMessageBytes}`)
  }
  // Major type 4 (array) with a definite length; anything else is not ours, and the check
  // keeps cborg from walking arbitrary structures.
  if (data.length === 0 || (data[0] >> 5) !== 4 || (data[0] & 0x1f) > 27) {
    throw new GossipMessageError('not-array', 'not a CBOR array of records')
  }
  let value: unknown
  try {
    value = decode(data, { strict: true, allowIndefinite: false, allowUndefined: false, allowBigInt: false })
  } catch (err) {
    throw new GossipMessageError('malformed', `CBOR does not decode (${(err as Error).message})`)
  }
  if (!Array.isArray(value)) throw new GossipMessageError('not-array', 'not a CBOR array of records')
  checkBatch(value, limits)
  return value as Uint8Array[]
}

function checkBatch (records: unknown[], limits: GossipLimits): void {
  if (records.length === 0) throw new GossipMessageError('empty', 'a batch holds at least one record')
  if (records.length > limits.maxBatchRecords) {
    throw new GossipMessageError('too-many', `${records.length} records, at most ${limits.maxBatchRecords}`)
  }
  for (const r of records) {
    if (!(r instanceof Uint8Array)) throw new GossipMessageError('not-bytes', 'every record must be a byte string')
    if (r.length === 0 || r.length > limits.maxRecordBytes) {
      throw new GossipMessageError('record-size', `a record of ${r.length} bytes, expected 1..${limits.maxRecordBytes}`)
    }
  }
}
