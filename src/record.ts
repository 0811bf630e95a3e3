/**
 * Signing and decoding records: the only way a SignedRecord comes to exist, so holding one
 * means it passed every rule of docs/PROTOCOL.md (or came back from this node's own disk).
 */
import { encodeUnsigned, encodeSigned, parseSigned, parseTrusted, type WireBody, type WireRecord, type WireUpdate } from './record-codec.js'
import { encode } from 'cborg'
import { validateUpdate, validateWire, type ValidateOptions } from './record-validate.js'

import { RecordError, MAX_RECORD_BYTES, targetOf, type Body, type SignedRecord, type UnsignedRecord, type Update } from './record-types.js'
import { authorIdFromPublicKey, publicKeyFromAuthorId, type AuthorId } from './author-id.js'
import { sha256, signMessage, signMessageFast, verifySignature } from './signature.js'
import type { Identity } from './identity.js'

export * from './record-types.js'

/** Domain-separation prefix of every signed message: ASCII "meritwalk/record/v1" and a 0x00 byte. */
export const SIGN_DOMAIN: Uint8Array = Uint8Array.from(Buffer.from('meritwalk/record/v1\0', 'latin1'))

/** Options of decodeRecord: the clock for the timestamp rule and, for sync replies, the expected author. */
export interface DecodeOptions extends ValidateOptions { author?: AuthorId }

// Records built by signRecord/decodeRecord; anything else is re-decoded from its bytes.
const verified = new WeakSet<SignedRecord>()

/** The message an author signs: SIGN_DOMAIN followed by the unsigned encoding. */
export function signedMessage (unsigned: Uint8Array): Uint8Array {
  const msg = new Uint8Array(SIGN_DOMAIN.length + unsigned.length)
  msg.set(SIGN_DOMAIN, 0)
  msg.set(unsigned, SIGN_DOMAIN.length)
  return msg
}

function wireUpdate (u: Update): WireUpdate {
  switch (u?.kind) {
    case 'trust': return ['trust', publicKeyFromAuthorId(u.target), u.weight === 0 ? 0 : u.weight]
    case 'interact': return ['interact', u.item, u.weight === 0 ? 0 : u.weight]
    case 'item': return u.url === undefined ? ['item', u.item, u.title] : ['item', u.item, u.title, u.url]
    case 'profile': return ['profile', u.field, u.value]
    default: throw new RecordError('UNKNOWN_KIND', `update kind ${JSON.stringify((u as { kind?: unknown })?.kind)} is unknown (trust, interact, item, profile)`, { field: 'body.kind' })
  }
}

function wireBody (body: Body): WireBody {
  switch (body?.kind) {
    case 'batch': return ['batch', ...(Array.isArray(body.updates) ? body.updates : []).map(wireUpdate)]
    case 'checkpoint': return ['checkpoint', rootBytes(body.root), body.edges]
    default: return wireUpdate(body)
  }
}

// A malformed root still encodes (the validator then names the rule it breaks).
function rootBytes (root: string): Uint8Array {
  return typeof root === 'string' && /^([0-9a-f]{2})*$/.test(root) ? Uint8Array.from(Buffer.from(root, 'hex')) : new Uint8Array(0)
}

function fromWireUpdate (b: WireUpdate): Update {
  switch (b[0]) {
    case 'trust': return { kind: 'trust', target: authorIdFromPublicKey(b[1]), weight: b[2] }
    case 'interact': return { kind: 'interact', item: b[1], weight: b[2] }
    case 'profile': return { kind: 'profile', field: b[1], value: b[2] }
    default: return b.length === 4 ? { kind: 'item', item: b[1], title: b[2], url: b[3] } : { kind: 'item', item: b[1], title: b[2] }
  }
}

function fromWireBody (b: WireBody): Body {
  switch (b[0]) {
    case 'batch': return { kind: 'batch', updates: (b.slice(1) as WireUpdate[]).map(fromWireUpdate) }
    case 'checkpoint': return { kind: 'checkpoint', root: Buffer.from(b[1]).toString('hex'), edges: b[2] }
    default: return fromWireUpdate(b)
  }
}

function toWire (r: UnsignedRecord): WireRecord {
  return { v: r.v, author: publicKeyFromAuthorId(r.author), seq: r.seq, prev: r.prev ?? null, ts: r.ts, body: wireBody(r.body) }
}

function fromWire (w: WireRecord, sig: Uint8Array, bytes: Uint8Array, unsigned: Uint8Array, hash?: Uint8Array, brand = true): SignedRecord {
  const body = fromWireBody(w.body)
  const r: SignedRecord = { v: 1, author: authorIdFromPublicKey(w.author), seq: w.seq, ts: w.ts, body, sig, bytes, hash: hash ?? sha256(unsigned) }
  if (w.prev !== null) r.prev = w.prev
  // Stored records stay unbranded: a million-entry WeakSet makes every GC slow on reload.
  if (brand) verified.add(r)
  return r
}

// Worst-case bytes of a batch record around its updates: [[v, author, seq, prev, ts,
// ["batch", …]], sig] with 9-byte seq and ts, a 3-byte array head, the tag and the signature.
const BATCH_ENVELOPE_BYTES = 1 + 1 + 1 + 34 + 9 + 34 + 9 + 3 + 6 + 66

/**
 * Split updates, in order, into record bodies that each fit MAX_RECORD_BYTES: a batch of
 * several, or a plain update where it would be alone. A second update of the same target
 * starts a new record, so the later one still comes later in the log. Throws RecordError
 * (naming the update) when one breaks a rule, before anything is signed.
 */
export function packUpdates (author: AuthorId, updates: readonly Update[]): Body[] {
  const key = publicKeyFromAuthorId(author)
  const out: Body[] = []
  let group: Update[] = []
  let targets = new Set<string>()
  let bytes = BATCH_ENVELOPE_BYTES
  const flush = (): void => {
    if (group.length > 0) out.push(group.length === 1 ? group[0] : { kind: 'batch', updates: group })
    group = []
    targets = new Set()
    bytes = BATCH_ENVELOPE_BYTES
  }
  updates.forEach((u, i) => {
    const wire = wireUpdate(u)
    validateUpdate(wire, key, `updates[${i}]`)
    const size = encode(wire).length
    const target = `${u.kind}\0${targetOf(u)}`
    if (bytes + size > MAX_RECORD_BYTES || targets.has(target)) flush()
    group.push(u)
    targets.add(target)
    bytes += size
  })
  flush()
  return out
}

/** Which implementation signs: noble (the reference, default) or native (libsodium, else node:crypto; same bytes, faster). */
export interface SignOptions { signer?: 'noble' | 'native' }

/** Sign a record as `identity`; throws RecordError when a field breaks a rule. */
export function signRecord (identity: Identity, r: Omit<UnsignedRecord, 'v' | 'author'>, opts: SignOptions = {}): SignedRecord {
  const wire = toWire({ ...r, v: 1, author: identity.author })
  validateWire(wire)
  const unsigned = encodeUnsigned(wire)
  const sign = opts.signer === 'native' ? signMessageFast : signMessage
  const sig = sign(identity.seed, signedMessage(unsigned))
  const bytes = encodeSigned(unsigned, sig)
  return fromWire(wire, sig, bytes, bytes.subarray(1, 1 + unsigned.length))
}

/** Decode, validate and verify wire bytes; throws RecordError naming the broken rule. */
export function decodeRecord (input: Uint8Array, opts: DecodeOptions = {}): SignedRecord {
  const c = checkRecord(input, opts)
  return acceptRecord(c, verifySignature(c.publicKey, c.message, c.signature))
}

/**
 * A record that passed every rule but the signature: what a verifier elsewhere (a worker
 * thread) needs, and what `acceptRecord` turns into a SignedRecord with its verdict.
 */
export interface CheckedRecord {
  readonly publicKey: Uint8Array
  /** The signed message: SIGN_DOMAIN then the unsigned encoding. */
  readonly message: Uint8Array
  readonly signature: Uint8Array
  readonly parsed: { wire: WireRecord, bytes: Uint8Array, unsigned: Uint8Array }
}

/** decodeRecord without the signature check; throws RecordError naming the broken rule. */
export function checkRecord (input: Uint8Array, opts: DecodeOptions = {}): CheckedRecord {
  // Own copy: fields are views into it, and network buffers may be reused by their owner.
  const bytes = input instanceof Uint8Array && input.length <= MAX_RECORD_BYTES ? Uint8Array.from(input) : input
  const { wire, sig, unsigned } = parseSigned(bytes)
  validateWire(wire, opts)
  if (opts.author !== undefined && authorIdFromPublicKey(wire.author) !== opts.author) {
    throw new RecordError('WRONG_AUTHOR', `record is by ${authorIdFromPublicKey(wire.author)}, expected ${opts.author}`, { field: 'author', author: opts.author, seq: wire.seq })
  }
  return { publicKey: wire.author, message: signedMessage(unsigned), signature: sig, parsed: { wire, bytes, unsigned } }
}

/**
 * The record of a checked one given its signature verdict under PROTOCOL.md §4; throws
 * BAD_SIGNATURE when false. Pass only a verdict of that rule (verifySignature, or libsodium
 * on a worker): the SignedRecord returned counts as verified from then on.
 */
export function acceptRecord (c: CheckedRecord, signatureValid: boolean): SignedRecord {
  const { wire, bytes, unsigned } = c.parsed
  if (!signatureValid) {
    throw new RecordError('BAD_SIGNATURE', 'signature does not verify for this author and content', { field: 'sig', author: authorIdFromPublicKey(wire.author), seq: wire.seq })
  }
  return fromWire(wire, c.signature, bytes, unsigned)
}

/** Decode bytes this node itself verified and stored earlier (no signature check: reload speed); `hash` if stored alongside. */
export function decodeStoredRecord (stored: Uint8Array, hash?: Uint8Array): SignedRecord {
  const bytes = new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength)
  const { wire, sig } = parseTrusted(bytes)
  return fromWire(wire, sig, bytes, bytes.subarray(1, bytes.length - 66), hash, false)
}

/** True when `r` was produced by signRecord/decodeRecord in this process (so needs no re-check). */
export function isVerifiedRecord (r: SignedRecord): boolean {
  return verified.has(r)
}

/** Canonical encoding of a record and signature, without validation (tests craft bad records with it). */
export function encodeRecord (r: UnsignedRecord & { sig: Uint8Array }): Uint8Array {
  return encodeSigned(encodeUnsigned(toWire(r)), r.sig)
}

/** Lower-case hex of the record hash. */
export function recordHashHex (r: SignedRecord): string {
  return Buffer.from(r.hash.buffer, r.hash.byteOffset, r.hash.byteLength).toString('hex')
}
