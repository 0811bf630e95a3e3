/**
 * The network's one Ed25519 rule (docs/PROTOCOL.md §4) and its three implementations:
 * libsodium (sodium-native) on the hot path, node:crypto (OpenSSL) where libsodium's
 * prebuilt binding does not load, and @noble/ed25519 as the portable reference. The rule is
 * RFC 8032 §5.1.7 with every choice the RFC leaves open fixed:
 *   - public key A: 32 bytes, canonical encoding, on the curve, not of small order;
 *   - signature: 64 bytes, R canonical and not of small order, S < L;
 *   - the cofactorless equation [S]B = R + [k]A, R compared as bytes.
 * That is exactly libsodium's crypto_sign_verify_detached. OpenSSL checks S < L and compares
 * the re-encoded R bytewise (so a non-canonical R never passes); the key and small-order-R
 * rules are applied before it. noble's strict mode is cofactored, which differs only for R or
 * A with a torsion component (never produced by an honest signer), so the reference adds the
 * cofactorless check. Tests hold all three to the same verdict on every vector.
 *
 * libsodium verifies and signs about twice as fast as OpenSSL here (bench/core.ts): the
 * verification on every relay is what bounds end-to-end gossip throughput.
 */
import { createRequire } from 'node:module'
import { createPrivateKey, createPublicKey, hash, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto'
import * as ed from '@noble/ed25519'
import { sha512 } from '@noble/hashes/sha2.js'

ed.hashes.sha512 = sha512

/** The implementation behind verifySignature and signMessageFast. */
export type SignatureBackend = 'libsodium' | 'node:crypto'

type Sodium = typeof import('sodium-native')

// A CommonJS addon with prebuilt binaries; a platform without one falls back to node:crypto.
function loadSodium (): Sodium | undefined {
  if (process.env.MERITWALK_NO_LIBSODIUM === '1') return undefined
  try {
    return createRequire(import.meta.url)('sodium-native') as Sodium
  } catch {
    return undefined
  }
}

const sodium = loadSodium()

/** Which implementation this process verifies and signs with. */
export const signatureBackend: SignatureBackend = sodium === undefined ? 'node:crypto' : 'libsodium'

const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')
const L = ed.Point.CURVE().n
const CACHE_LIMIT = 100_000
// public key (latin1) → whether it obeys the key rule. Kept apart from node:crypto's
// KeyObjects, which cost more than the check itself and only the fallback path needs.
const acceptable = new Map<string, boolean>()
const verifyKeys = new Map<string, KeyObject>()

// Cache key of 32 bytes: latin1 (one char per byte) is half the work of hex.
function cacheKey (publicKey: Uint8Array): string {
  return Buffer.from(publicKey.buffer, publicKey.byteOffset, publicKey.byteLength).toString('latin1')
}

const asBuffer = (b: Uint8Array): Buffer => Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength)

// The canonical encodings of the 8 points of order dividing 8 (the torsion subgroup). A
// non-canonical R never passes the bytewise comparison, so these are all an R check needs.
const SMALL_ORDER = new Set<string>()
{
  const t8 = ed.Point.fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a')
  for (let i = 0, p = ed.Point.ZERO; i < 8; i++, p = p.add(t8)) SMALL_ORDER.add(cacheKey(p.toBytes()))
}

/** True when the signature's R (its first 32 bytes) encodes a point of small order. */
function smallOrderR (signature: Uint8Array): boolean {
  return SMALL_ORDER.has(cacheKey(signature.subarray(0, 32)))
}

/** True when `publicKey` obeys the key rule: 32 bytes, canonical, on the curve, not small-order. */
export function isAcceptablePublicKey (publicKey: Uint8Array): boolean {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) return false
  const k = cacheKey(publicKey)
  let ok = acceptable.get(k)
  if (ok !== undefined) return ok
  try {
    // zip215=false: y < p and no "negative zero" x, i.e. the canonical encoding only.
    ok = !ed.Point.fromBytes(publicKey, false).isSmallOrder()
  } catch {
    ok = false
  }
  if (acceptable.size >= CACHE_LIMIT) acceptable.clear()
  acceptable.set(k, ok)
  return ok
}

/** Hot-path verification under the network rule (libsodium, else node:crypto). */
export function verifySignature (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  return sodium === undefined ? verifyNodeCrypto(publicKey, message, signature) : verifyLibsodium(publicKey, message, signature)
}

/** The rule through libsodium, which implements all of it natively; throws if libsodium did not load. */
export function verifyLibsodium (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (sodium === undefined) throw new Error('libsodium (sodium-native) is not available on this platform')
  if (!(signature instanceof Uint8Array) || signature.length !== 64) return false
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) return false
  // No key-rule lookup here: libsodium applies the same key rule itself (every vector in
  // test/vectors/ed25519.json says so), and record decoding has already checked the author.
  return sodium.crypto_sign_verify_detached(asBuffer(signature), asBuffer(message), asBuffer(publicKey))
}

/** The rule through node:crypto (OpenSSL) plus the key and small-order-R checks it lacks. */
export function verifyNodeCrypto (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (!(signature instanceof Uint8Array) || signature.length !== 64) return false
  if (!isAcceptablePublicKey(publicKey) || smallOrderR(signature)) return false
  const key = cached(verifyKeys, publicKey, () => createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, publicKey]), format: 'der', type: 'spki' }), CACHE_LIMIT)
  return nodeVerify(null, message, key, signature)
}

/** Reference verification under the same rule, pure JS (@noble/ed25519 strict + cofactorless). */
export function verifySignatureReference (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (!(signature instanceof Uint8Array) || signature.length !== 64) return false
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) return false
  if (!ed.verify(signature, message, publicKey, { zip215: false })) return false
  return !smallOrderR(signature) && cofactorlessHolds(publicKey, message, signature)
}

/** noble's own strict verify, unmodified (tests compare it with the other paths). */
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
// seed (latin1) → the backend's signing key: libsodium's 64-byte secret key, or a KeyObject.
const sodiumKeys = new Map<string, Buffer>()
const nodeKeys = new Map<string, KeyObject>()

function cached<V> (cache: Map<string, V>, key: Uint8Array, make: () => V, limit = 4096): V {
  const k = cacheKey(key)
  let v = cache.get(k)
  if (v === undefined) {
    v = make()
    if (cache.size >= limit) cache.clear()
    cache.set(k, v)
  }
  return v
}

/**
 * The same signature through the native backend (libsodium, else node:crypto; ~30x
 * noble's rate). RFC 8032 signing is deterministic, so the bytes equal signMessage's; tests
 * check that for both backends.
 */
export function signMessageFast (seed: Uint8Array, message: Uint8Array): Uint8Array {
  return sodium === undefined ? signNodeCrypto(seed, message) : signLibsodium(seed, message)
}

/** Signature through libsodium; throws if libsodium did not load. */
export function signLibsodium (seed: Uint8Array, message: Uint8Array): Uint8Array {
  if (sodium === undefined) throw new Error('libsodium (sodium-native) is not available on this platform')
  const secret = cached(sodiumKeys, seed, () => {
    const sk = Buffer.alloc(64)
    sodium.crypto_sign_seed_keypair(Buffer.alloc(32), sk, Buffer.from(seed))
    return sk
  })
  const sig = Buffer.alloc(64)
  sodium.crypto_sign_detached(sig, asBuffer(message), secret)
  return new Uint8Array(sig.buffer, sig.byteOffset, sig.byteLength)
}

/** Signature through node:crypto. */
export function signNodeCrypto (seed: Uint8Array, message: Uint8Array): Uint8Array {
  const key = cached(nodeKeys, seed, () => createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' }))
  const sig = nodeSign(null, message, key)
  return new Uint8Array(sig.buffer, sig.byteOffset, sig.byteLength)
}

/** Raw public key of a 32-byte seed. */
export function publicKeyFromSeed (seed: Uint8Array): Uint8Array {
  return ed.getPublicKey(seed)
}

/** SHA-256 (node:crypto; the record hash). */
export function sha256 (bytes: Uint8Array): Uint8Array {
  // One-shot: no Hash object per record (~0.5 µs of ~1.5 saved on every record decoded).
  const d = hash('sha256', bytes, 'buffer')
  return new Uint8Array(d.buffer, d.byteOffset, d.byteLength)
}
