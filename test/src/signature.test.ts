import { describe, it, expect } from 'vitest'
import { readFileSync } from 'node:fs'
import { createPublicKey, verify as nodeVerify } from 'node:crypto'
import fc from 'fast-check'
import {
  isAcceptablePublicKey, signMessage, signMessageFast, publicKeyFromSeed, verifyNobleStrict, verifySignature, verifySignatureReference
} from '../../src/signature.js'

const file = JSON.parse(readFileSync(new URL('../vectors/ed25519.json', import.meta.url), 'utf8')) as {
  message: string
  cases: Array<{ name: string, publicKey: string, signature: string, rawNode: boolean, rawNobleStrict: boolean, rule: boolean }>
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

describe('Ed25519 rule: node:crypto and noble agree (PROTOCOL.md §4)', () => {
  const torsionCases = (name: string): boolean => /torsion|mixed-order/.test(name)

  for (const c of file.cases) {
    it(c.name, () => {
      const pk = bytes(c.publicKey)
      const sig = bytes(c.signature)
      // The recorded library behaviour still holds (the file documents it).
      expect(rawNode(pk, sig)).toBe(c.rawNode)
      expect(verifyNobleStrict(pk, msg, sig)).toBe(c.rawNobleStrict)
      // Hot path and portable reference give the rule's verdict.
      expect(verifySignature(pk, msg, sig)).toBe(c.rule)
      expect(verifySignatureReference(pk, msg, sig)).toBe(c.rule)
      if (!torsionCases(c.name)) {
        // With the key rule applied first, plain node:crypto and plain noble strict agree.
        expect(isAcceptablePublicKey(pk) && rawNode(pk, sig)).toBe(verifyNobleStrict(pk, msg, sig))
      }
    })
  }

  it('covers the required classes: S ≥ L, small-order keys, non-canonical keys, wrong lengths', () => {
    const names = file.cases.map(c => c.name).join('\n')
    for (const needle of ['S + L', 'small-order key', 'non-canonical key', 'signature 63', 'public key 33']) expect(names).toContain(needle)
    expect(file.cases.filter(c => c.rule).map(c => c.name)).toEqual(['valid signature'])
  })

  it('random keys, messages and bit flips: hot path == reference', () => {
    fc.assert(fc.property(
      fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 64 }), fc.nat(64 * 8 - 1), fc.boolean(),
      (seed, message, bit, flip) => {
        const pk = publicKeyFromSeed(seed)
        const sig = signMessage(seed, message)
        expect(signMessageFast(seed, message)).toEqual(sig)
        if (flip) sig[bit >> 3] ^= 1 << (bit & 7)
        const fast = verifySignature(pk, message, sig)
        expect(verifySignatureReference(pk, message, sig)).toBe(fast)
        expect(fast).toBe(!flip)
      }), { numRuns: 150, seed: 42 })
  })
})
