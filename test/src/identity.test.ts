import { describe, it, expect, afterEach } from 'vitest'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { peerIdFromPrivateKey, peerIdFromString } from '@libp2p/peer-id'
import {
  loadOrCreateIdentity, loadIdentity, identityFromSeed, identityToLibp2pPrivateKey, authorIdFromPublicKey,
  publicKeyFromAuthorId, isAuthorId, InvalidAuthorIdError, IdentityNotFoundError, InsecureKeyFileError,
  IdentityCorruptError, IDENTITY_FILE
} from '../../src/identity.js'

const dirs: string[] = []
async function tempDir (): Promise<string> {
  const d = await fs.mkdtemp(path.join(os.tmpdir(), 'mw-id-'))
  dirs.push(d)
  return d
}
afterEach(async () => { await Promise.all(dirs.splice(0).map(async d => await fs.rm(d, { recursive: true, force: true }))) })

describe('identity', () => {
  it('creates a key file 0600 in a 0700 directory, then loads the same identity', async () => {
    const dataDir = path.join(await tempDir(), 'node')
    const a = await loadOrCreateIdentity(dataDir)
    expect((await fs.stat(dataDir)).mode & 0o777).toBe(0o700)
    expect((await fs.stat(path.join(dataDir, IDENTITY_FILE))).mode & 0o777).toBe(0o600)
    const b = await loadOrCreateIdentity(dataDir)
    const c = await loadIdentity(dataDir)
    expect(b).toEqual(a)
    expect(c).toEqual(a)
    expect(a.author).toMatch(/^12D3KooW/)
    expect(a.seed).toHaveLength(32)
    expect(a.publicKey).toHaveLength(32)
  })

  it('two concurrent creations end with one identity', async () => {
    const dataDir = await tempDir()
    const [a, b] = await Promise.all([loadOrCreateIdentity(dataDir), loadOrCreateIdentity(dataDir)])
    expect(a.author).toBe(b.author)
    expect((await fs.readdir(dataDir)).filter(f => f.endsWith('.tmp'))).toEqual([])
  })

  it('the libp2p private key gives a PeerId equal to the author id', async () => {
    const id = identityFromSeed(new Uint8Array(32).fill(9))
    const key = identityToLibp2pPrivateKey(id)
    expect(key.type).toBe('Ed25519')
    expect(peerIdFromPrivateKey(key).toString()).toBe(id.author)
    expect(key.publicKey.raw).toEqual(id.publicKey)
  })

  it('loadIdentity: missing → IdentityNotFoundError (nothing created)', async () => {
    const dataDir = await tempDir()
    await expect(loadIdentity(dataDir)).rejects.toBeInstanceOf(IdentityNotFoundError)
    expect(await fs.readdir(dataDir)).toEqual([])
  })

  it('loadIdentity: group/world readable key → InsecureKeyFileError; loadOrCreate does not overwrite it', async () => {
    const dataDir = await tempDir()
    const a = await loadOrCreateIdentity(dataDir)
    const file = path.join(dataDir, IDENTITY_FILE)
    for (const mode of [0o640, 0o604]) {
      await fs.chmod(file, mode)
      const err = await loadIdentity(dataDir).catch(e => e)
      expect(err).toBeInstanceOf(InsecureKeyFileError)
      expect(err.code).toBe('INSECURE_KEY_FILE')
      await expect(loadOrCreateIdentity(dataDir)).rejects.toBeInstanceOf(InsecureKeyFileError)
    }
    await fs.chmod(file, 0o600)
    expect((await loadIdentity(dataDir)).author).toBe(a.author)
  })

  it.each([
    ['not JSON', 'hello'],
    ['wrong type', JSON.stringify({ v: 1, type: 'rsa', seed: '00'.repeat(32), author: 'x' })],
    ['short seed', JSON.stringify({ v: 1, type: 'ed25519', seed: '00'.repeat(31), author: 'x' })],
    ['author mismatch', JSON.stringify({ v: 1, type: 'ed25519', seed: '00'.repeat(32), author: identityFromSeed(new Uint8Array(32).fill(1)).author })]
  ])('loadIdentity: corrupt key file (%s) → IdentityCorruptError', async (_name, text) => {
    const dataDir = await tempDir()
    await fs.writeFile(path.join(dataDir, IDENTITY_FILE), text, { mode: 0o600 })
    await expect(loadIdentity(dataDir)).rejects.toBeInstanceOf(IdentityCorruptError)
  })
})

describe('author ids', () => {
  const id = identityFromSeed(new Uint8Array(32).fill(5))

  it('round-trip between public key and text form', () => {
    expect(authorIdFromPublicKey(id.publicKey)).toBe(id.author)
    expect(publicKeyFromAuthorId(id.author)).toEqual(id.publicKey)
    expect(isAuthorId(id.author)).toBe(true)
  })

  it.each([
    ['empty', ''],
    ['garbage', 'hello world'],
    ['truncated', id.author.slice(0, -3)],
    ['a character outside base58', id.author.slice(0, -1) + '0'],
    ['secp256k1 peer id', '16Uiu2HAkxVZRw2oKy7rdZQfwxf7a9k5KSNzS1WkU3r3qLwLmfYpT'],
    ['RSA peer id', 'QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N'],
    ['CID form of the same key', peerIdFromString(id.author).toCID().toString()]
  ])('refuses %s with InvalidAuthorIdError', (_name, bad) => {
    expect(isAuthorId(bad)).toBe(false)
    let caught: unknown
    try { publicKeyFromAuthorId(bad) } catch (err) { caught = err }
    expect(caught).toBeInstanceOf(InvalidAuthorIdError)
    expect((caught as InvalidAuthorIdError).code).toBe('INVALID_AUTHOR_ID')
  })

  it('refuses a public key of the wrong length', () => {
    expect(() => authorIdFromPublicKey(new Uint8Array(31))).toThrow(InvalidAuthorIdError)
  })
})
