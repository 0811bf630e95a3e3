/**
 * Field rules of a record (docs/PROTOCOL.md §2.2), applied alike when signing and when
 * decoding, so this node can never sign a record that another node would refuse.
 */
import { equals } from 'uint8arrays/equals'
import {
  RecordError, ITEM_ID, MAX_DISPLAY_NAME_BYTES, MAX_ITEM_BYTES, MAX_TITLE_BYTES, MAX_URL_BYTES, MAX_INTERACT_WEIGHT, DEFAULT_MAX_FUTURE_MS, STATE_ROOT_BYTES
} from './record-types.js'
import type { WireRecord } from './record-codec.js'
import { isAcceptablePublicKey } from './signature.js'

/** Clock options for the timestamp rule. */
export interface ValidateOptions { now?: number, maxFutureMs?: number }

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

function itemId (value: unknown, field: string): void {
  const id = text(value, `${field}.item`, MAX_ITEM_BYTES)
  if (!ITEM_ID.test(id)) {
    throw new RecordError('BAD_ITEM_ID', `item id "${id}" must be namespaced like lastfm:artist:289 or https://… (no spaces)`, { field: `${field}.item` })
  }
}

function weight (value: unknown, min: number, max: number, field: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new RecordError('BAD_WEIGHT', `weight ${String(value)} must be a finite number in [${min}, ${max}]`, { field: `${field}.weight` })
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

type Rule = (body: unknown[], w: WireRecord, field: string) => void

function trustRule (body: unknown[], w: WireRecord, field: string): void {
  if (body.length !== 3) throw new RecordError('MALFORMED', 'trust body must be ["trust", target, weight]', { field })
  if (!isBytes(body[1], 32) || !isAcceptablePublicKey(body[1])) {
    throw new RecordError('BAD_AUTHOR_KEY', 'trust target is not an acceptable Ed25519 public key', { field: `${field}.target` })
  }
  if (equals(body[1], w.author)) throw new RecordError('SELF_TRUST', 'an author cannot trust or distrust themself', { field: `${field}.target` })
  weight(body[2], -1, 1, field)
}

function interactRule (body: unknown[], _w: WireRecord, field: string): void {
  if (body.length !== 3) throw new RecordError('MALFORMED', 'interact body must be ["interact", item, weight]', { field })
  itemId(body[1], field)
  weight(body[2], 0, MAX_INTERACT_WEIGHT, field)
}

function itemRule (body: unknown[], _w: WireRecord, field: string): void {
  if (body.length !== 3 && body.length !== 4) throw new RecordError('MALFORMED', 'item body must be ["item", item, title] or ["item", item, title, url]', { field })
  itemId(body[1], field)
  if (CONTROL.test(text(body[2], `${field}.title`, MAX_TITLE_BYTES))) {
    throw new RecordError('BAD_TEXT', `${field}.title must not contain control characters`, { field: `${field}.title` })
  }
  if (body.length === 4 && !URL_FORM.test(text(body[3], `${field}.url`, MAX_URL_BYTES))) {
    throw new RecordError('BAD_TEXT', `${field}.url must be an http(s) URL without spaces`, { field: `${field}.url` })
  }
}

// A profile field of the author's own: only `name` (protocol 2), 0–64 bytes ("" clears it),
// no control characters. Only rules every Unicode version agrees on are checked here (a
// record one node refuses and another accepts would split the network); a display name's
// normalisation and impersonation checks happen where it is shown (node/names.ts).
function profileRule (body: unknown[], _w: WireRecord, field: string): void {
  if (body.length !== 3 || body[1] !== 'name') throw new RecordError('MALFORMED', 'profile body must be ["profile", "name", value]', { field })
  const value = body[2]
  if (typeof value !== 'string') throw new RecordError('MALFORMED', `${field}.value must be a text string`, { field: `${field}.value` })
  const size = Buffer.byteLength(value, 'utf8')
  if (size > MAX_DISPLAY_NAME_BYTES) throw new RecordError('OVERSIZE', `${field}.value is ${size} bytes, the limit is ${MAX_DISPLAY_NAME_BYTES}`, { field: `${field}.value` })
  if (CONTROL.test(value)) throw new RecordError('BAD_TEXT', `${field}.value must not contain control characters`, { field: `${field}.value` })
}

/** The kinds one update may have, alone or inside a batch. */
const UPDATE_RULES: Record<string, Rule> = { trust: trustRule, interact: interactRule, item: itemRule, profile: profileRule }

/** Check one wire update of `author` by its kind's rules (a state leaf's content); throws RecordError. */
export function validateUpdate (u: unknown[], author: Uint8Array, field = 'leaf'): void {
  const rule = typeof u[0] === 'string' && Object.hasOwn(UPDATE_RULES, u[0]) ? UPDATE_RULES[u[0]] : undefined
  if (rule === undefined) throw unknownKind(u[0], field, 'trust, interact, item, profile')
  rule(u, { author } as WireRecord, field)
}

// A batch: 1+ updates, each by its own kind's rules, at most one per (kind, target) so
// "latest wins" never has to order two updates of one record.
function batchRule (body: unknown[], w: WireRecord, field: string): void {
  if (body.length < 2) throw new RecordError('MALFORMED', 'batch body must be ["batch", update, …] with at least one update', { field })
  const seen = new Set<string>()
  for (let i = 1; i < body.length; i++) {
    const u = body[i]
    const at = `${field}.updates[${i - 1}]`
    if (!Array.isArray(u)) throw new RecordError('MALFORMED', `${at} must be an update array`, { field: at })
    validateUpdate(u, w.author, at)
    const target = `${u[0] as string}:${u[1] instanceof Uint8Array ? Buffer.from(u[1]).toString('hex') : String(u[1])}`
    if (seen.has(target)) throw new RecordError('DUPLICATE_UPDATE', `${at} updates ${u[0] as string} ${target.slice(u[0].length + 1)} a second time in one batch`, { field: at })
    seen.add(target)
  }
}

// A checkpoint: the commitment only; whether it matches the state is judged where the state is known (the store).
function checkpointRule (body: unknown[], w: WireRecord, field: string): void {
  if (body.length !== 3 || !isBytes(body[1], STATE_ROOT_BYTES) || !Number.isSafeInteger(body[2]) || (body[2] as number) < 0) {
    throw new RecordError('MALFORMED', 'checkpoint body must be ["checkpoint", root (32 bytes), edges (integer ≥ 0)]', { field })
  }
  if (w.seq < 2) throw new RecordError('BAD_CHECKPOINT', 'a checkpoint commits to the records before it, so its seq must be ≥ 2', { field: 'seq' })
}

/** Every body kind this node accepts, by its wire tag. */
const KIND_RULES: Record<string, Rule> = { ...UPDATE_RULES, batch: batchRule, checkpoint: checkpointRule }
const KIND_NAMES = Object.keys(KIND_RULES).join(', ')

function unknownKind (kind: unknown, field: string, known: string): RecordError {
  return new RecordError('UNKNOWN_KIND', `record kind ${JSON.stringify(kind)?.slice(0, 40)} is unknown (${known})`, { field: `${field}.kind` })
}

function validateBody (w: WireRecord): void {
  const body = w.body as unknown[]
  const rule = typeof body[0] === 'string' && Object.hasOwn(KIND_RULES, body[0]) ? KIND_RULES[body[0]] : undefined
  if (rule === undefined) throw unknownKind(body[0], 'body', KIND_NAMES)
  rule(body, w, 'body')
}
