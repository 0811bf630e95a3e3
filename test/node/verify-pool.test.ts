/**
 * Signature checks on worker threads: libsodium's verdicts, in order, across workers; the
 * same records and the same first error as decoding on the main thread; the event loop
 * free meanwhile; and a failed pool falls back to the main thread.
 */
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { checkRecord, RecordError, verifySignature } from '../../src/index.js'
import { signMessage, publicKeyFromSeed } from '../../src/signature.js'
import { decodeEach, decodeYielding } from '../../node/decode.js'
import { VerifyPool } from '../../node/verify-pool.js'
import { chain, identityN } from './helpers.js'

const pool = VerifyPool.create(2) as VerifyPool
afterAll(async () => { await pool.close() })

describe('VerifyPool', () => {
  it('exists with libsodium and a positive size; verifyThreads 0 means no pool', () => {
    expect(pool).toBeInstanceOf(VerifyPool)
    expect(VerifyPool.create(0)).toBeUndefined()
  })

  it('gives the rule\'s verdict on every edge-case vector of the right lengths', async () => {
    const file = JSON.parse(readFileSync(new URL('../vectors/ed25519.json', import.meta.url), 'utf8')) as { message: string, cases: Array<{ publicKey: string, signature: string, rule: boolean }> }
    const message = Buffer.from(file.message, 'hex')
    const cases = file.cases.map(c => ({ publicKey: Buffer.from(c.publicKey, 'hex'), signature: Buffer.from(c.signature, 'hex'), message, rule: c.rule }))
      .filter(c => c.publicKey.length === 32 && c.signature.length === 64)
    expect(cases.length).toBeGreaterThanOrEqual(17)
    expect(await pool.verify(cases)).toEqual(cases.map(c => c.rule))
  })

  it('keeps the order of verdicts across workers (random keys, messages and bit flips)', async () => {
    const checks = fc.sample(fc.tuple(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 300 }), fc.nat(511), fc.boolean()), { numRuns: 300, seed: 11 })
      .map(([seed, message, bit, flip]) => {
        const signature = signMessage(seed, message)
        if (flip) signature[bit >> 3] ^= 1 << (bit & 7)
        return { publicKey: publicKeyFromSeed(seed), message, signature }
      })
    expect(await pool.verify(checks)).toEqual(checks.map(c => verifySignature(c.publicKey, c.message, c.signature)))
  })
})

describe('decodeYielding with a pool', () => {
  const page = chain(identityN(2), 600).map(r => r.bytes)

  it('decodes the same records as the main thread', async () => {
    const inPool = await decodeYielding(page, {}, pool)
    const here = await decodeYielding(page)
    expect(inPool.map(r => r.hash)).toEqual(here.map(r => r.hash))
    expect(inPool.map(r => r.author)).toEqual(here.map(r => r.author))
  })

  it('throws the first bad record\'s error, whether a signature or another rule', async () => {
    const forged = Uint8Array.from(page[100]); forged[forged.length - 1] ^= 1
    const malformed = Uint8Array.from(page[300]); malformed[0] = 0x83
    const code = async (bytes: Uint8Array[]): Promise<string> => ((await decodeYielding(bytes, {}, pool).catch(e => e)) as RecordError).code
    const withBoth = [...page]; withBoth[100] = forged; withBoth[300] = malformed
    expect(await code(withBoth)).toBe('BAD_SIGNATURE')
    const malformedFirst = [...page]; malformedFirst[100] = malformed; malformedFirst[300] = forged
    expect(await code(malformedFirst)).toBe('MALFORMED')
    expect(() => checkRecord(malformed)).toThrow(RecordError)
  })

  it('decodeEach (imports) refuses each bad record on its own, in input order, with or without the pool', async () => {
    const forged = Uint8Array.from(page[100]); forged[forged.length - 1] ^= 1
    const malformed = Uint8Array.from(page[300]); malformed[0] = 0x83
    const input = [...page]; input[100] = forged; input[300] = malformed
    for (const p of [pool, undefined]) {
      const d = await decodeEach(input, {}, p)
      expect(d.records).toHaveLength(page.length - 2)
      expect(d.rejected.map(r => [r.bytes, r.error.code])).toEqual([[forged, 'BAD_SIGNATURE'], [malformed, 'MALFORMED']])
    }
  })

  it('leaves the event loop free while the workers verify', async () => {
    let turns = 0
    let done = false
    const spin = (): void => { if (!done) { turns++; setImmediate(spin) } }
    setImmediate(spin)
    await decodeYielding(page, {}, pool)
    done = true
    // The loop spins freely while the workers verify: many more turns than the one per two
    // records that verifying on this thread allows.
    expect(turns).toBeGreaterThan(2 * page.length)
  })

  it('falls back to the main thread when the pool has failed', async () => {
    const broken = VerifyPool.create(1) as VerifyPool
    await broken.close()
    const records = await decodeYielding(page.slice(0, 50), {}, broken)
    expect(records).toHaveLength(50)
  })
})
