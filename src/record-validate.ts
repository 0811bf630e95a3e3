/**
 * Field rules of a record (docs/PROTOCOL.md §2.2), applied alike when signing and when
 * decoding, so this node can never sign a record that another node would refuse.
 */
import { equals } from 'uint8arrays/equals'
import {
  RecordError, MAX_ITEM_BYTES, MAX_TITLE_BYTES, MAX_URL_BYTES, MAX_INTERACT_WEIGHT, DEFAULT_MAX_FUTURE_MS
} from './record-types.js'
import type { WireRecord } from './record-codec.js'
import { isAcceptablePublicKey } from './signature.js'

/** Clock options for the timestamp rule. */
export interface ValidateOptions { now?: number, maxFutureMs?: number }

// A scheme-like namespace, a colon, then no whitespace or control characters.
const ITEM_ID = /^[a-z][a-z0-9+.-]{0,31}:[^\s\p{Cc}]+$/u
const CONTROL = /\p{Cc}/u
const URL_FORM = /^https?:\/\/[^\s\p{Cc}]+$/u

function isBytes (x: unknown, length: number): x is Uint8Array {
  return x instanceof Uint8Array && x.length === length
}

function text (value: unknown, field: string, max: number): string {
  if (typeof value !== 'string') throw new RecordError('MALFORMED', `${field} must be a text string`, { field })
  const size = Buffer.byteLength(value, 'utf8')
  if (size > max) throw new RecordError('OVERSIZE', `${field} is ${size} bytes, the limit is ${max}`, { field })
  if (size === 0) throw new RecordError('BAD_TEXT', `${field} must not be empty`, { field })
  return value
}

/** Whether `id` is an item id the record rules accept (namespaced, no spaces, ≤ MAX_ITEM_BYTES). */
export function isItemId (id: string): boolean {
  const size = Buffer.byteLength(id, 'utf8')
  return size > 0 && size <= MAX_ITEM_BYTES && ITEM_ID.test(id)
}

function itemId (value: unknown): void {
  const id = text(value, 'body.item', MAX_ITEM_BYTES)
  if (!ITEM_ID.test(id)) {
    throw new RecordError('BAD_ITEM_ID', `item id "${id}" must be namespaced like lastfm:artist:289 or https://… (no spaces)`, { field: 'body.item' })
  }
}

function weight (value: unknown, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new RecordError('BAD_WEIGHT', `weight ${String(value)} must be a finite number in [${min}, ${max}]`, { field: 'body.weight' })
  }
}

/** Throw the RecordError for the first rule `w` breaks (order as in PROTOCOL.md §2.2). */
export function validateWire (w: WireRecord, opts: ValidateOptions = {}): void {
  if (w.v !== 1) throw new RecordError('UNKNOWN_VERSION', `record version ${String(w.v)} is not supported (this node speaks 1)`, { field: 'v' })
  if (!isBytes(w.author, 32) || !isAcceptablePublicKey(w.author)) {
    throw new RecordError('BAD_AUTHOR_KEY', 'author is not an acceptable Ed25519 public key (32 bytes, canonical, not small-order)', { field: 'author' })
  }
  if (!Number.isSafeInteger(w.seq) || w.seq < 1) {
    throw new RecordError('BAD_SEQ', `seq ${String(w.seq)} must be an integer ≥ 1`, { field: 'seq' })
  }
  if (w.seq === 1 ? w.prev !== null : !isBytes(w.prev, 32)) {
    throw new RecordError('BAD_PREV', w.seq === 1 ? 'the first record (seq 1) must have prev = null' : 'prev must be the 32-byte hash of record seq-1', { field: 'prev', seq: w.seq })
  }
  if (!Number.isSafeInteger(w.ts) || w.ts < 0) {
    throw new RecordError('BAD_TIMESTAMP', `ts ${String(w.ts)} must be whole milliseconds since 1970`, { field: 'ts' })
  }
  const now = opts.now ?? Date.now()
  const maxFutureMs = opts.maxFutureMs ?? DEFAULT_MAX_FUTURE_MS
  if (w.ts > now + maxFutureMs) {
    throw new RecordError('FUTURE_TIMESTAMP', `ts is ${w.ts - now} ms ahead of this node's clock (limit ${maxFutureMs} ms); check the author's clock`, { field: 'ts' })
  }
  validateBody(w)
}

function validateBody (w: WireRecord): void {
  const body = w.body as unknown[]
  switch (body[0]) {
    case 'trust':
      if (body.length !== 3) throw new RecordError('MALFORMED', 'trust body must be ["trust", target, weight]', { field: 'body' })
      if (!isBytes(body[1], 32) || !isAcceptablePublicKey(body[1])) {
        throw new RecordError('BAD_AUTHOR_KEY', 'trust target is not an acceptable Ed25519 public key', { field: 'body.target' })
      }
      if (equals(body[1], w.author)) throw new RecordError('SELF_TRUST', 'an author cannot trust or distrust themself', { field: 'body.target' })
      weight(body[2], -1, 1)
      return
    case 'interact':
      if (body.length !== 3) throw new RecordError('MALFORMED', 'interact body must be ["interact", item, weight]', { field: 'body' })
      itemId(body[1])
      weight(body[2], 0, MAX_INTERACT_WEIGHT)
      return
    case 'item':
      if (body.length !== 3 && body.length !== 4) throw new RecordError('MALFORMED', 'item body must be ["item", item, title] or ["item", item, title, url]', { field: 'body' })
      itemId(body[1])
      if (CONTROL.test(text(body[2], 'body.title', MAX_TITLE_BYTES))) {
        throw new RecordError('BAD_TEXT', 'body.title must not contain control characters', { field: 'body.title' })
      }
      if (body.length === 4 && !URL_FORM.test(text(body[3], 'body.url', MAX_URL_BYTES))) {
        throw new RecordError('BAD_TEXT', 'body.url must be an http(s) URL without spaces', { field: 'body.url' })
      }
      return
    default:
      throw new RecordError('UNKNOWN_KIND', `record kind ${JSON.stringify(body[0])?.slice(0, 40)} is unknown (trust, interact, item)`, { field: 'body.kind' })
  }
}
