/**
 * The network's one Ed25519 rule (docs/PROTOCOL.md §4) and its two implementations:
 * node:crypto on the hot path (OpenSSL, ~13x faster) and @noble/ed25519 as the portable
 * reference. The rule is RFC 8032 §5.1.7 with every choice the RFC leaves open fixed:
 *   - public key A: 32 bytes, canonical encoding, on the curve, not of small order;
 *   - signature: 64 bytes, R canonical, S < L;
 *   - the cofactorless equation [S]B = R + [k]A, R compared as bytes.
 * OpenSSL checks S < L and compares the re-encoded R bytewise (so a non-canonical R never
 * passes); the key rule is applied before it. noble's strict mode is cofactored, which
 * differs only for R or A with a torsion component (never produced by an honest signer), so
 * the reference adds the cofactorless check to stay equal to the hot path.
 */
import { createPrivateKey, createPublicKey, createHash, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto'
import * as ed from '@noble/ed25519'
import { sha512 } from '@noble/hashes/sha2.js'

ed.hashes.sha512 = sha512

const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')
const L = ed.Point.CURVE().n
const CACHE_LIMIT = 100_000
// public key (latin1) → KeyObject when the key obeys the rule, null when it does not.
const keys = new Map<string, KeyObject | null>()

// Cache key of 32 bytes: latin1 (one char per byte) is half the work of hex.
function cacheKey (publicKey: Uint8Array): string {
  return Buffer.from(publicKey.buffer, publicKey.byteOffset, publicKey.byteLength).toString('latin1')
}

/** True when `publicKey` obeys the key rule: 32 bytes, canonical, on the curve, not small-order. */
export function isAcceptablePublicKey (publicKey: Uint8Array): boolean {
  return keyObjectFor(publicKey) !== null
}

function keyObjectFor (publicKey: Uint8Array): KeyObject | null {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) return null
  const k = cacheKey(publicKey)
  let key = keys.get(k)
  if (key !== undefined) return key
  key = null
  try {
    // zip215=false: y < p and no "negative zero" x, i.e. the canonical encoding only.
    if (!ed.Point.fromBytes(publicKey, false).isSmallOrder()) {
      key = createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, publicKey]), format: 'der', type: 'spki' })
    }
  } catch {}
  if (keys.size >= CACHE_LIMIT) keys.clear()
  keys.set(k, key)
  return key
}

/** Hot-path verification under the network rule (node:crypto, cached KeyObjects). */
export function verifySignature (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (!(signature instanceof Uint8Array) || signature.length !== 64) return false
  const key = keyObjectFor(publicKey)
  if (key === null) return false
  return nodeVerify(null, message, key, signature)
}

/** Reference verification under the same rule, pure JS (@noble/ed25519 strict + cofactorless). */
export function verifySignatureReference (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (!(signature instanceof Uint8Array) || signature.length !== 64) return false
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) return false
  if (!ed.verify(signature, message, publicKey, { zip215: false })) return false
  return cofactorlessHolds(publicKey, message, signature)
}

/** noble's own strict verify, unmodified (tests compare it with node:crypto). */
export function verifyNobleStrict (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    return ed.verify(signature, message, publicKey, { zip215: false })
  } catch {
    return false
  }
}

function littleEndian (bytes: Uint8Array): bigint {
  return BigInt('0x' + (Buffer.from(bytes).reverse().toString('hex') || '0'))
}

// [S]B − [k]A must encode to exactly the R bytes of the signature.
function cofactorlessHolds (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  const r = signature.subarray(0, 32)
  const s = littleEndian(signature.subarray(32))
  const k = littleEndian(sha512(ed.etc.concatBytes(r, publicKey, message))) % L
  const A = ed.Point.fromBytes(publicKey, false)
  const check = ed.Point.BASE.multiply(s, false).subtract(A.multiply(k, false))
  return Buffer.from(check.toBytes()).equals(Buffer.from(r))
}

/** Deterministic Ed25519 signature with @noble/ed25519 (RFC 8032). */
export function signMessage (seed: Uint8Array, message: Uint8Array): Uint8Array {
  return ed.sign(message, seed)
}

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')
const signingKeys = new Map<string, KeyObject>()

/**
 * The same signature through node:crypto (~10x faster, for bulk imports). RFC 8032 signing is
 * deterministic, so the bytes equal signMessage's; tests check that on every vector.
 */
export function signMessageFast (seed: Uint8Array, message: Uint8Array): Uint8Array {
  const k = cacheKey(seed)
  let key = signingKeys.get(k)
  if (key === undefined) {
    key = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' })
    if (signingKeys.size >= 4096) signingKeys.clear()
    signingKeys.set(k, key)
  }
  const sig = nodeSign(null, message, key)
  return new Uint8Array(sig.buffer, sig.byteOffset, sig.byteLength)
}

/** Raw public key of a 32-byte seed. */
export function publicKeyFromSeed (seed: Uint8Array): Uint8Array {
  return ed.getPublicKey(seed)
}

/** SHA-256 (node:crypto; the record hash). */
export function sha256 (bytes: Uint8Array): Uint8Array {
  const d = createHash('sha256').update(bytes).digest()
  return new Uint8Array(d.buffer, d.byteOffset, d.byteLength)
}
