/**
 * The node's one Ed25519 identity: created once, kept in the data directory (file 0600,
 * directory 0700), and used both to sign records and as the libp2p PeerId.
 */
import fs from 'node:fs/promises'
import { makeDataDir } from './config.js'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { privateKeyFromRaw } from '@libp2p/crypto/keys'
import type { Ed25519PrivateKey } from '@libp2p/interface'
import { MeritwalkError } from './errors.js'
import { authorIdFromPublicKey, type AuthorId } from './author-id.js'
import { publicKeyFromSeed } from './signature.js'

export { authorIdFromPublicKey, publicKeyFromAuthorId, isAuthorId, InvalidAuthorIdError, type AuthorId } from './author-id.js'

/** The node's key pair; `seed` is the 32-byte secret and never leaves the process. */
export interface Identity { author: AuthorId, publicKey: Uint8Array, seed: Uint8Array }

/** Name of the key file inside the data directory. */
export const IDENTITY_FILE = 'identity.json'

interface KeyFile { v: 1, type: 'ed25519', seed: string, author: string }

/** No key file in the data directory. */
export class IdentityNotFoundError extends MeritwalkError<{ file: string }> {
  constructor (file: string) {
    super('IDENTITY_NOT_FOUND', `no identity at ${file}; run \`meritwalk init\` first`, { file })
  }
}

/** The key file can be read by group or others. */
export class InsecureKeyFileError extends MeritwalkError<{ file: string, mode: number }> {
  constructor (file: string, mode: number) {
    super('INSECURE_KEY_FILE', `${file} is readable by others (mode ${(mode & 0o777).toString(8)}); run \`chmod 600 ${file}\``, { file, mode })
  }
}

/** The key file exists but does not hold a usable key. */
export class IdentityCorruptError extends MeritwalkError<{ file: string, reason: string }> {
  constructor (file: string, reason: string) {
    super('IDENTITY_CORRUPT', `${file} is not a meritwalk key file (${reason}); move it away and run \`meritwalk init\` to make a new identity`, { file, reason })
  }
}

/** Identity from a 32-byte secret seed (deterministic; tests and vectors use fixed seeds). */
export function identityFromSeed (seed: Uint8Array): Identity {
  if (!(seed instanceof Uint8Array) || seed.length !== 32) throw new TypeError('an Ed25519 seed is 32 bytes')
  const publicKey = publicKeyFromSeed(seed)
  return { author: authorIdFromPublicKey(publicKey), publicKey, seed: Uint8Array.from(seed) }
}

/** Load the identity in `dataDir`; throws IdentityNotFoundError, InsecureKeyFileError or IdentityCorruptError. */
export async function loadIdentity (dataDir: string): Promise<Identity> {
  const file = path.join(dataDir, IDENTITY_FILE)
  let handle
  try {
    handle = await fs.open(file, 'r')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new IdentityNotFoundError(file)
    throw err
  }
  try {
    const { mode } = await handle.stat()
    if ((mode & 0o077) !== 0) throw new InsecureKeyFileError(file, mode)
    return parseKeyFile(file, await handle.readFile('utf8'))
  } finally {
    await handle.close()
  }
}

function parseKeyFile (file: string, text: string): Identity {
  let json: Partial<KeyFile>
  try {
    json = JSON.parse(text)
  } catch {
    throw new IdentityCorruptError(file, 'not JSON')
  }
  if (json.v !== 1 || json.type !== 'ed25519') throw new IdentityCorruptError(file, 'unknown key type or version')
  if (typeof json.seed !== 'string' || !/^[0-9a-f]{64}$/.test(json.seed)) throw new IdentityCorruptError(file, 'seed is not 64 hex digits')
  const identity = identityFromSeed(Buffer.from(json.seed, 'hex'))
  if (json.author !== identity.author) throw new IdentityCorruptError(file, 'author does not match the seed')
  return identity
}

/** Load the identity in `dataDir`, creating the directory (0700) and a new key (0600) if absent. */
export async function loadOrCreateIdentity (dataDir: string): Promise<Identity> {
  await makeDataDir(dataDir)
  try {
    return await loadIdentity(dataDir)
  } catch (err) {
    if (!(err instanceof IdentityNotFoundError)) throw err
  }
  const identity = identityFromSeed(randomBytes(32))
  return await saveIdentity(dataDir, identity) ? identity : await loadIdentity(dataDir)
}

/**
 * Write `identity` as the data directory's key (0600) unless one is there; false (and
 * nothing written) if a key file already exists.
 */
export async function saveIdentity (dataDir: string, identity: Identity): Promise<boolean> {
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 })
  const file = path.join(dataDir, IDENTITY_FILE)
  const body: KeyFile = { v: 1, type: 'ed25519', seed: Buffer.from(identity.seed).toString('hex'), author: identity.author }
  // Write a temp file then link it in: a crash never leaves a half-written key, and `link`
  // fails if a concurrent process created the key first.
  // Random suffix: two creations in one process within the same millisecond must not collide.
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
  await fs.writeFile(tmp, JSON.stringify(body) + '\n', { mode: 0o600, flag: 'wx' })
  try {
    const h = await fs.open(tmp, 'r')
    await h.sync()
    await h.close()
    await fs.link(tmp, file)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    return false
  } finally {
    await fs.rm(tmp, { force: true })
  }
  return true
}

/** The identity as a libp2p private key, for libp2p's `privateKey` option (PeerId = author). */
export function identityToLibp2pPrivateKey (id: Identity): Ed25519PrivateKey {
  const raw = new Uint8Array(64)
  raw.set(id.seed, 0)
  raw.set(id.publicKey, 32)
  return privateKeyFromRaw(raw) as Ed25519PrivateKey
}
