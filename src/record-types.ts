/**
 * The record schema (DESIGN.md §2, docs/PROTOCOL.md §2), its limits, and the one error
 * every validation failure throws.
 */
import { MeritwalkError } from './errors.js'
import type { AuthorId } from './author-id.js'

/** What a record says: trust in an author, an interaction with an item, or item metadata. */
export type Body =
  | { kind: 'trust', target: AuthorId, weight: number }
  | { kind: 'interact', item: string, weight: number }
  | { kind: 'item', item: string, title: string, url?: string }

/** A record before signing; `prev` is absent exactly when `seq` is 1. */
export interface UnsignedRecord { v: 1, author: AuthorId, seq: number, prev?: Uint8Array, ts: number, body: Body }

/** A verified record with its wire bytes and hash. */
export interface SignedRecord extends UnsignedRecord {
  sig: Uint8Array
  /** Canonical encoding of the whole signed record (wire and disk form). */
  bytes: Uint8Array
  /** SHA-256 of the canonical encoding of the unsigned record (PROTOCOL.md §3). */
  hash: Uint8Array
}

/** Protocol version this node speaks. */
export const RECORD_VERSION = 1
/** Largest encoded record accepted (every valid record fits; see PROTOCOL.md §2). */
export const MAX_RECORD_BYTES = 1024
/** Longest item id, in UTF-8 bytes. */
export const MAX_ITEM_BYTES = 200
/** Longest item title, in UTF-8 bytes. */
export const MAX_TITLE_BYTES = 200
/** Longest item URL, in UTF-8 bytes. */
export const MAX_URL_BYTES = 400
/** Largest interaction weight (a play count or a rating). */
export const MAX_INTERACT_WEIGHT = 1e9
/** Default tolerance for an author's clock running ahead of ours. */
export const DEFAULT_MAX_FUTURE_MS = 10 * 60_000

/** Why a record was refused; each code is a distinct rule of PROTOCOL.md. */
export type RecordErrorCode =
  | 'BAD_SIGNATURE' | 'WRONG_AUTHOR' | 'BAD_AUTHOR_KEY' | 'UNKNOWN_VERSION' | 'UNKNOWN_KIND'
  | 'BAD_WEIGHT' | 'OVERSIZE' | 'FUTURE_TIMESTAMP' | 'BAD_TIMESTAMP' | 'BAD_SEQ' | 'BAD_PREV'
  | 'BAD_ITEM_ID' | 'BAD_TEXT' | 'MALFORMED' | 'SELF_TRUST'

/** A record that breaks a rule of the protocol; `data.field` names the offending field. */
export class RecordError extends MeritwalkError<{ reason: RecordErrorCode, field?: string, author?: string, seq?: number }> {
  readonly exitCode = 2
  declare readonly code: RecordErrorCode
  constructor (code: RecordErrorCode, message: string, data: { field?: string, author?: string, seq?: number } = {}) {
    super(code, message, { reason: code, ...data })
  }
}

/** What decoding a record threw, as a typed error: anything unexpected counts as MALFORMED. */
export function toRecordError (err: unknown): MeritwalkError {
  return err instanceof MeritwalkError ? err : new RecordError('MALFORMED', String(err))
}
