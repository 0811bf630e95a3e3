import { describe, expect, it } from 'vitest'
import { identityFromSeed } from '../../src/identity.js'
import { KeyBackupCorruptError, WrongPassphraseError, backupAuthor, decryptIdentity, encryptIdentity } from '../../src/key-backup.js'

const me = identityFromSeed(new Uint8Array(32).fill(41))
const other = identityFromSeed(new Uint8Array(32).fill(42))

describe('identity backup (Argon2id + XChaCha20-Poly1305)', () => {
  const text = encryptIdentity(me, 'correct horse battery')
  const file = JSON.parse(text) as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

  it('round-trips the key under the right passphrase and names its parameters', () => {
    expect(decryptIdentity(text, 'correct horse battery', 'b').author).toBe(me.author)
    expect(backupAuthor(text, 'b')).toBe(me.author)
    expect(file.kdf).toMatchObject({ alg: 'argon2id13', opslimit: 3, memlimit: 268435456 })
    expect(text).not.toContain(Buffer.from(me.seed).toString('hex'))
    expect(text).not.toContain(Buffer.from(me.seed).toString('base64'))
  })

  it('a wrong passphrase, or a header changed to another author, fails authentication', () => {
    expect(() => decryptIdentity(text, 'correct horse battery!', 'b')).toThrow(WrongPassphraseError)
    expect(() => decryptIdentity(JSON.stringify({ ...file, author: other.author }), 'correct horse battery', 'b')).toThrow(WrongPassphraseError)
  })

  const corrupt: Array<[string, string, RegExp]> = [
    ['not JSON', text.slice(0, 40), /not JSON/],
    ['another format', JSON.stringify({ ...file, format: 'x' }), /not a meritwalk-key-backup version 1 file/],
    ['a memlimit a crafted file could exhaust memory with', JSON.stringify({ ...file, kdf: { ...file.kdf, memlimit: 2 ** 40 } }), /kdf.memlimit .* outside/],
    ['a truncated ciphertext', JSON.stringify({ ...file, ciphertext: file.ciphertext.slice(0, 20) }), /ciphertext is not a sealed 32-byte key/]
  ]
  for (const [what, t, message] of corrupt) {
    it(`refuses ${what} before deriving any key`, () => {
      expect(() => decryptIdentity(t, 'correct horse battery', 'b')).toThrow(KeyBackupCorruptError)
      expect(() => decryptIdentity(t, 'correct horse battery', 'b')).toThrow(message)
    })
  }
})
