/**
 * The record schema (docs/ARCHITECTURE.md §3, docs/PROTOCOL.md §2), its limits, and the one error
 * every validation failure throws.
 */
import { MeritwalkError } from './errors.js'
import type { AuthorId } from './author-id.js'

/** The fields of an author's own profile (protocol 2 has one: the display name). */
export type ProfileField = 'name'

/**
 * One change of one edge: trust in an author, an interaction with an item, item metadata,
 * or a field of the author's own profile (value "" clears it).
 */
export type Update =
  | { kind: 'trust', target: AuthorId, weight: number }
  | { kind: 'interact', item: string, weight: number }
  | { kind: 'item', item: string, title: string, url?: string }
  | { kind: 'profile', field: ProfileField, value: string }

/**
 * What a record says: one update; a batch of updates (each with the rules of its own kind,
 * at most one per target); or a checkpoint committing to the author's live state before
 * its seq (docs/PROTOCOL.md §9). New kinds are added here, in record-codec's wire union,
 * in record-validate's KIND_RULES and in record.ts's wireBody/fromWire.
 */
export type Body =
  | Update
  | { kind: 'batch', updates: Update[] }
  | { kind: 'checkpoint', root: string, edges: number }

/** The kinds a batch may carry (the single-update kinds). */
export const UPDATE_KINDS: ReadonlySet<string> = new Set(['trust', 'interact', 'item', 'profile'])

/** The updates a body carries, in order (none for a checkpoint). */
export function updatesOf (body: Body): readonly Update[] {
  switch (body.kind) {
    case 'batch': return body.updates
    case 'checkpoint': return []
    default: return [body]
  }
}

/** The target an update is about: the trusted author, the item or the profile field. */
export function targetOf (u: Update): string {
  return u.kind === 'trust' ? u.target : u.kind === 'profile' ? u.field : u.item
}

/** Whether an update removes its edge: weight 0, or an empty profile value. */
export function isRetraction (u: Update): boolean {
  return u.kind === 'profile' ? u.value === '' : u.kind !== 'item' && u.weight === 0
}

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
/**
 * Largest encoded record accepted (PROTOCOL.md §2.2). Single-update records are < 1024
 * bytes by their field bounds; only a batch uses the room up to 4096, so one signature and
 * envelope (~150 bytes) carries ~120 updates and a 40,000-item history signs hundreds of records.
 */
export const MAX_RECORD_BYTES = 4096
/** Bytes of a state commitment (SHA-256). */
export const STATE_ROOT_BYTES = 32
/** Longest item id, in UTF-8 bytes. */
export const MAX_ITEM_BYTES = 200
/** Longest item title, in UTF-8 bytes. */
export const MAX_TITLE_BYTES = 200

/** An item id's form: a scheme-like namespace, a colon, then no whitespace or control characters. */
export const ITEM_ID = /^[a-z][a-z0-9+.-]{0,31}:[^\s\p{Cc}]+$/u

const utf8 = new TextEncoder()

/** UTF-8 bytes of `s` (here, not Buffer.byteLength: the web UI's import checks item ids too). */
export function utf8Bytes (s: string): number {
  return utf8.encode(s).length
}

/** Whether `id` is an item id the record rules accept (namespaced, no spaces, ≤ MAX_ITEM_BYTES). */
export function isItemId (id: string): boolean {
  const size = utf8Bytes(id)
  return size > 0 && size <= MAX_ITEM_BYTES && ITEM_ID.test(id)
}
/** Longest item URL, in UTF-8 bytes. */
export const MAX_URL_BYTES = 400
/** Longest display name (a profile's `name`), in UTF-8 bytes. */
export const MAX_DISPLAY_NAME_BYTES = 64
/** Largest interaction weight (a play count or a rating). */
export const MAX_INTERACT_WEIGHT = 1e9
/** Default tolerance for an author's clock running ahead of ours. */
export const DEFAULT_MAX_FUTURE_MS = 10 * 60_000

/** Why a record was refused; each code is a distinct rule of PROTOCOL.md. */
export type RecordErrorCode =
  | 'BAD_SIGNATURE' | 'WRONG_AUTHOR' | 'BAD_AUTHOR_KEY' | 'UNKNOWN_VERSION' | 'UNKNOWN_KIND'
  | 'BAD_WEIGHT' | 'OVERSIZE' | 'FUTURE_TIMESTAMP' | 'BAD_TIMESTAMP' | 'BAD_SEQ' | 'BAD_PREV'
  | 'BAD_ITEM_ID' | 'BAD_TEXT' | 'MALFORMED' | 'SELF_TRUST' | 'DUPLICATE_UPDATE' | 'BAD_CHECKPOINT'

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
