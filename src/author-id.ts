/**
 * The text form of an author: the libp2p PeerId string of the same Ed25519 key
 * ("12D3KooW…", base58btc of the identity multihash of the protobuf public key), so a peer
 * and the author behind it print the same. Conversions are cached because every decoded
 * record needs one and the libp2p encoders cost ~20 µs each.
 */
import { publicKeyFromRaw } from '@libp2p/crypto/keys'
import { peerIdFromPublicKey, peerIdFromString } from '@libp2p/peer-id'
import { MeritwalkError } from './errors.js'

/** An author's text form: the PeerId string of their Ed25519 key. */
export type AuthorId = string

/** The string given is not the id of an Ed25519 author. */
export class InvalidAuthorIdError extends MeritwalkError<{ id: string, reason: string }> {
  readonly exitCode = 2
  constructor (id: string, reason: string) {
    super('INVALID_AUTHOR_ID', `"${id.slice(0, 80)}" is not an author id (${reason}); author ids look like 12D3KooW… (see \`meritwalk id\`)`, { id, reason })
  }
}

const CACHE_LIMIT = 100_000
const idByKey = new Map<string, AuthorId>()
const keyById = new Map<AuthorId, Uint8Array>()

function remember<K, V> (cache: Map<K, V>, key: K, value: V): void {
  // Drop the oldest entries in bulk: a Sybil flood of fresh keys must not grow memory forever.
  if (cache.size >= CACHE_LIMIT) {
    let drop = CACHE_LIMIT >> 3
    for (const k of cache.keys()) {
      cache.delete(k)
      if (--drop === 0) break
    }
  }
  cache.set(key, value)
}

let lastKey: Uint8Array | undefined
let lastId = ''

function sameBytes (a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) if (a[i] !== b[i]) return false
  return true
}

function cacheKey (bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
}

/** Author id of a raw 32-byte Ed25519 public key. */
export function authorIdFromPublicKey (publicKey: Uint8Array): AuthorId {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) {
    throw new InvalidAuthorIdError(String(publicKey), 'an Ed25519 public key is 32 bytes')
  }
  // Records mostly come grouped by author (reloads walk keys in author order): check the last one first.
  if (lastKey !== undefined && sameBytes(lastKey, publicKey)) return lastId
  const key = cacheKey(publicKey)
  let id = idByKey.get(key)
  if (id === undefined) {
    id = peerIdFromPublicKey(publicKeyFromRaw(publicKey)).toString()
    remember(idByKey, key, id)
    remember(keyById, id, Uint8Array.from(publicKey))
  }
  lastKey = keyById.get(id) ?? Uint8Array.from(publicKey)
  lastId = id
  return id
}

/** Raw 32-byte public key of an author id (shared, do not mutate); throws InvalidAuthorIdError. */
export function publicKeyFromAuthorId (id: string): Uint8Array {
  if (typeof id !== 'string') throw new InvalidAuthorIdError(String(id), 'not a string')
  const cached = keyById.get(id)
  if (cached !== undefined) return cached
  let peer
  try {
    peer = peerIdFromString(id)
  } catch (err) {
    throw new InvalidAuthorIdError(id, `not a PeerId: ${(err as Error).message}`)
  }
  if (peer.type !== 'Ed25519' || peer.publicKey === undefined) {
    throw new InvalidAuthorIdError(id, `a ${peer.type} peer id, authors are Ed25519`)
  }
  const key = peer.publicKey.raw
  // Only the canonical text form is an author id, so ids compare as strings.
  if (authorIdFromPublicKey(key) !== id) throw new InvalidAuthorIdError(id, 'not in canonical form')
  return keyById.get(id) ?? key
}

/** True when `id` parses as an Ed25519 author id in canonical form. */
export function isAuthorId (id: string): boolean {
  try {
    publicKeyFromAuthorId(id)
    return true
  } catch {
    return false
  }
}
