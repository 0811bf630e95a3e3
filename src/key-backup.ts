/**
 * The identity backup file (`meritwalk key export` / `key import`): the 32-byte Ed25519
 * seed encrypted under a passphrase, so a person can carry their identity to a new
 * machine. libsodium (sodium-native, already the signature backend):
 * - key = Argon2id v1.3 (crypto_pwhash) of the passphrase with a random 16-byte salt,
 *   opslimit 3 and memlimit 256 MiB (libsodium's MODERATE: about a second and 256 MiB per
 *   guess, so an offline guesser pays that per try);
 * - XChaCha20-Poly1305 (crypto_aead_xchacha20poly1305_ietf) with a random 24-byte nonce;
 *   every header field is the associated data, so changing any of them (author, KDF
 *   parameters) fails authentication like a wrong passphrase.
 * A file names its own parameters; import accepts them only within bounds (so a crafted
 * file cannot ask for 100 GiB of memory).
 */
import { createRequire } from 'node:module'
import { MeritwalkError } from './errors.js'
import { identityFromSeed, type Identity } from './identity.js'

type Sodium = typeof import('sodium-native')

export const BACKUP_FORMAT = 'meritwalk-key-backup'
const KDF_ALG = 'argon2id13'
const CIPHER_ALG = 'xchacha20poly1305-ietf'
/** Parameters of a new backup (libsodium's MODERATE). */
export const BACKUP_KDF = { opslimit: 3, memlimit: 256 * 1024 * 1024 }
/** What an imported file may ask for: at least libsodium's INTERACTIVE, at most 1 GiB / 10 passes. */
const KDF_BOUNDS = { opslimit: [2, 10], memlimit: [64 * 1024 * 1024, 1024 * 1024 * 1024] } as const
export const MIN_PASSPHRASE_CHARS = 8

interface BackupFile {
  format: typeof BACKUP_FORMAT
  v: 1
  author: string
  kdf: { alg: typeof KDF_ALG, opslimit: number, memlimit: number, salt: string }
  cipher: { alg: typeof CIPHER_ALG, nonce: string }
  ciphertext: string
}

/** The file is not a backup, or a field is malformed or out of bounds. */
export class KeyBackupCorruptError extends MeritwalkError<{ file: string, reason: string }> {
  readonly exitCode = 2
  constructor (file: string, reason: string) {
    super('KEY_BACKUP_CORRUPT', `${file} is not a usable meritwalk key backup (${reason}); nothing was changed`, { file, reason })
  }
}

/** Authentication failed: a wrong passphrase, or an altered file (indistinguishable by design). */
export class WrongPassphraseError extends MeritwalkError<{ file: string }> {
  readonly exitCode = 2
  constructor (file: string) {
    super('WRONG_PASSPHRASE', `the passphrase does not open ${file} (or the file was altered); nothing was changed`, { file })
  }
}

/** No libsodium on this platform: Argon2id is not available. */
export class KeyBackupUnavailableError extends MeritwalkError<Record<string, never>> {
  constructor () {
    super('KEY_BACKUP_UNAVAILABLE', 'key backups need libsodium (sodium-native), which does not load on this platform', {})
  }
}

function sodium (): Sodium {
  try {
    return createRequire(import.meta.url)('sodium-native') as Sodium
  } catch {
    throw new KeyBackupUnavailableError()
  }
}

function associatedData (f: Omit<BackupFile, 'ciphertext'>): Buffer {
  return Buffer.from(JSON.stringify([f.format, f.v, f.author, f.kdf.alg, f.kdf.opslimit, f.kdf.memlimit, f.kdf.salt, f.cipher.alg, f.cipher.nonce]))
}

function deriveKey (s: Sodium, passphrase: string, salt: Buffer, opslimit: number, memlimit: number): Buffer {
  const key = s.sodium_malloc(s.crypto_aead_xchacha20poly1305_ietf_KEYBYTES)
  s.crypto_pwhash(key, Buffer.from(passphrase.normalize('NFKC')), salt, opslimit, memlimit, s.crypto_pwhash_ALG_ARGON2ID13)
  return key
}

/** The backup file's text for `identity` under `passphrase`. */
export function encryptIdentity (identity: Identity, passphrase: string): string {
  const s = sodium()
  const salt = Buffer.alloc(s.crypto_pwhash_SALTBYTES)
  const nonce = Buffer.alloc(s.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
  s.randombytes_buf(salt)
  s.randombytes_buf(nonce)
  const header: Omit<BackupFile, 'ciphertext'> = {
    format: BACKUP_FORMAT,
    v: 1,
    author: identity.author,
    kdf: { alg: KDF_ALG, ...BACKUP_KDF, salt: salt.toString('base64') },
    cipher: { alg: CIPHER_ALG, nonce: nonce.toString('base64') }
  }
  const key = deriveKey(s, passphrase, salt, BACKUP_KDF.opslimit, BACKUP_KDF.memlimit)
  const out = Buffer.alloc(identity.seed.length + s.crypto_aead_xchacha20poly1305_ietf_ABYTES)
  s.crypto_aead_xchacha20poly1305_ietf_encrypt(out, Buffer.from(identity.seed), associatedData(header), null, nonce, key)
  s.sodium_memzero(key)
  return JSON.stringify({ ...header, ciphertext: out.toString('base64') }, null, 2) + '\n'
}

/** The identity in a backup file's text; KeyBackupCorruptError or WrongPassphraseError. */
export function decryptIdentity (text: string, passphrase: string, file: string): Identity {
  const f = parseBackup(text, file)
  const s = sodium()
  const salt = Buffer.from(f.kdf.salt, 'base64')
  const nonce = Buffer.from(f.cipher.nonce, 'base64')
  const sealed = Buffer.from(f.ciphertext, 'base64')
  if (salt.length !== s.crypto_pwhash_SALTBYTES) throw new KeyBackupCorruptError(file, 'salt is not 16 bytes')
  if (nonce.length !== s.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES) throw new KeyBackupCorruptError(file, 'nonce is not 24 bytes')
  if (sealed.length !== 32 + s.crypto_aead_xchacha20poly1305_ietf_ABYTES) throw new KeyBackupCorruptError(file, 'ciphertext is not a sealed 32-byte key')
  const key = deriveKey(s, passphrase, salt, f.kdf.opslimit, f.kdf.memlimit)
  const seed = s.sodium_malloc(32)
  try {
    s.crypto_aead_xchacha20poly1305_ietf_decrypt(seed, null, sealed, associatedData(f), nonce, key)
  } catch {
    throw new WrongPassphraseError(file)
  } finally {
    s.sodium_memzero(key)
  }
  const identity = identityFromSeed(Uint8Array.from(seed))
  s.sodium_memzero(seed)
  // Authenticated, so only a backup made from a broken key could get here.
  if (identity.author !== f.author) throw new KeyBackupCorruptError(file, 'the key does not match the author it names')
  return identity
}

/** The author a backup names (readable without the passphrase). */
export function backupAuthor (text: string, file: string): string {
  return parseBackup(text, file).author
}

function parseBackup (text: string, file: string): BackupFile {
  let f: Partial<BackupFile>
  try {
    f = JSON.parse(text)
  } catch {
    throw new KeyBackupCorruptError(file, 'not JSON')
  }
  if (typeof f !== 'object' || f === null || f.format !== BACKUP_FORMAT || f.v !== 1) throw new KeyBackupCorruptError(file, `not a ${BACKUP_FORMAT} version 1 file`)
  const b64 = (v: unknown): boolean => typeof v === 'string' && /^[A-Za-z0-9+/]+={0,2}$/.test(v)
  if (typeof f.author !== 'string') throw new KeyBackupCorruptError(file, 'no author')
  const k = f.kdf
  if (k?.alg !== KDF_ALG || !b64(k.salt)) throw new KeyBackupCorruptError(file, `kdf is not ${KDF_ALG} with a salt`)
  for (const p of ['opslimit', 'memlimit'] as const) {
    const [lo, hi] = KDF_BOUNDS[p]
    if (!Number.isInteger(k[p]) || k[p] < lo || k[p] > hi) throw new KeyBackupCorruptError(file, `kdf.${p} ${String(k[p])} is outside [${lo}, ${hi}]`)
  }
  if (f.cipher?.alg !== CIPHER_ALG || !b64(f.cipher.nonce)) throw new KeyBackupCorruptError(file, `cipher is not ${CIPHER_ALG} with a nonce`)
  if (!b64(f.ciphertext)) throw new KeyBackupCorruptError(file, 'no ciphertext')
  return f as BackupFile
}
