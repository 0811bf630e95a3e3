import { describe, it, expect } from 'vitest'
import { readFileSync } from 'node:fs'
import { createPublicKey, verify as nodeVerify } from 'node:crypto'
import fc from 'fast-check'
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import {
  isAcceptablePublicKey, signatureBackend, signLibsodium, signMessage, signMessageFast, signNodeCrypto, publicKeyFromSeed,
  verifyLibsodium, verifyNobleStrict, verifyNodeCrypto, verifySignature, verifySignatureReference
} from '../../src/signature.js'

const file = JSON.parse(readFileSync(new URL('../vectors/ed25519.json', import.meta.url), 'utf8')) as {
  message: string
  cases: Array<{ name: string, publicKey: string, signature: string, rawNode: boolean, rawNobleStrict: boolean, rawLibsodium: boolean, rule: boolean }>
}
const bytes = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'))
const msg = bytes(file.message)

// node:crypto with no meritwalk rule in front: what OpenSSL alone says.
function rawNode (pk: Uint8Array, sig: Uint8Array): boolean {
  try {
    const key = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), pk]), format: 'der', type: 'spki' })
    return pk.length === 32 && nodeVerify(null, msg, key, sig)
  } catch {
    return false
  }
}

const sodium = createRequire(import.meta.url)('sodium-native') as typeof import('sodium-native')
// libsodium with no meritwalk code in front.
function rawLibsodium (pk: Uint8Array, sig: Uint8Array): boolean {
  try {
    return sodium.crypto_sign_verify_detached(Buffer.from(sig), Buffer.from(msg), Buffer.from(pk))
  } catch {
    return false
  }
}

describe('Ed25519 rule: libsodium, node:crypto and noble agree (PROTOCOL.md §4)', () => {
  const torsionCases = (name: string): boolean => /torsion|mixed-order/.test(name)

  for (const c of file.cases) {
    it(c.name, () => {
      const pk = bytes(c.publicKey)
      const sig = bytes(c.signature)
      // The recorded library behaviour still holds (the file documents it).
      expect(rawNode(pk, sig)).toBe(c.rawNode)
      expect(verifyNobleStrict(pk, msg, sig)).toBe(c.rawNobleStrict)
      expect(rawLibsodium(pk, sig)).toBe(c.rawLibsodium)
      // Both native paths and the portable reference give the rule's verdict.
      expect(verifySignature(pk, msg, sig)).toBe(c.rule)
      expect(verifyLibsodium(pk, msg, sig)).toBe(c.rule)
      expect(verifyNodeCrypto(pk, msg, sig)).toBe(c.rule)
      expect(verifySignatureReference(pk, msg, sig)).toBe(c.rule)
      // libsodium alone is the rule, once lengths are exact (it reads 64 bytes of a longer signature).
      if (pk.length === 32 && sig.length === 64) expect(c.rawLibsodium).toBe(c.rule)
      if (!torsionCases(c.name)) {
        // With the key rule applied first, plain node:crypto and plain noble strict agree.
        expect(isAcceptablePublicKey(pk) && rawNode(pk, sig)).toBe(verifyNobleStrict(pk, msg, sig))
      }
    })
  }

  it('covers the required classes: S ≥ L, small-order keys, non-canonical keys, wrong lengths', () => {
    const names = file.cases.map(c => c.name).join('\n')
    for (const needle of ['S + L', 'small-order key', 'small-order R', 'non-canonical key', 'signature 63', 'public key 33']) expect(names).toContain(needle)
    expect(file.cases.filter(c => c.rule).map(c => c.name)).toEqual(['valid signature'])
  })

  it('random keys, messages and bit flips: every path signs the same bytes and gives the same verdict', () => {
    fc.assert(fc.property(
      fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 64 }), fc.nat(64 * 8 - 1), fc.boolean(),
      (seed, message, bit, flip) => {
        const pk = publicKeyFromSeed(seed)
        const sig = signMessage(seed, message)
        expect(signMessageFast(seed, message)).toEqual(sig)
        expect(signLibsodium(seed, message)).toEqual(sig)
        expect(signNodeCrypto(seed, message)).toEqual(sig)
        if (flip) sig[bit >> 3] ^= 1 << (bit & 7)
        expect(verifySignature(pk, message, sig)).toBe(!flip)
        expect(verifyLibsodium(pk, message, sig)).toBe(!flip)
        expect(verifyNodeCrypto(pk, message, sig)).toBe(!flip)
        expect(verifySignatureReference(pk, message, sig)).toBe(!flip)
      }), { numRuns: 150, seed: 42 })
  })

  it('uses libsodium where its prebuilt binding loads, and node:crypto where it does not', () => {
    expect(signatureBackend).toBe('libsodium')
    const probe = "import('./src/signature.ts').then(m => console.log(m.signatureBackend))"
    const run = (env: NodeJS.ProcessEnv): string => execFileSync(process.execPath, ['--import', 'tsx', '-e', probe], { cwd: new URL('../..', import.meta.url), env: { ...process.env, ...env }, encoding: 'utf8' }).trim()
    expect(run({ MERITWALK_NO_LIBSODIUM: '1' })).toBe('node:crypto')
    expect(run({})).toBe('libsodium')
  })
})
