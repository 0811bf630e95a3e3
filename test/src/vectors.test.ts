import { describe, it, expect } from 'vitest'
import { readFileSync } from 'node:fs'
import { identityFromSeed } from '../../src/identity.js'
import { signRecord, decodeRecord, recordHashHex, signedMessage, RecordError, type Body } from '../../src/record.js'
import { AuthorState, decodeLeaf, encodeLeaf, stateRoot } from '../../src/state.js'

interface Valid {
  note: string, seed: string, publicKey: string, author: string
  record: { v: 1, seq: number, prev: string | null, ts: number, body: Body }
  unsigned: string, signedMessage: string, encoding: string, hash: string, sig: string
}
const file = JSON.parse(readFileSync(new URL('../vectors/records.json', import.meta.url), 'utf8')) as {
  now: number, valid: Valid[], invalid: Array<{ error: string, note: string, encoding: string }>
  state: { author: string, leaves: string[], root: string, edges: number }
}
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const bytes = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'))
const clock = { now: file.now, maxFutureMs: 600_000 }

describe('PROTOCOL.md record vectors', () => {
  it('has at least five valid vectors covering every body kind', () => {
    expect(file.valid.length).toBeGreaterThanOrEqual(5)
    expect(new Set(file.valid.map(v => v.record.body.kind))).toEqual(new Set(['trust', 'interact', 'item', 'profile', 'batch', 'checkpoint']))
  })

  for (const v of file.valid) {
    it(`signing reproduces vector "${v.note}" byte for byte`, () => {
      const id = identityFromSeed(bytes(v.seed))
      expect(hex(id.publicKey)).toBe(v.publicKey)
      expect(id.author).toBe(v.author)
      const { seq, ts, body, prev } = v.record
      const r = signRecord(id, prev === null ? { seq, ts, body } : { seq, ts, body, prev: bytes(prev) })
      expect(hex(r.bytes)).toBe(v.encoding)
      expect(hex(r.sig)).toBe(v.sig)
      expect(recordHashHex(r)).toBe(v.hash)
      expect(hex(signedMessage(bytes(v.unsigned)))).toBe(v.signedMessage)
      // node:crypto signing gives the very same bytes (RFC 8032 signatures are deterministic).
      const fast = signRecord(id, prev === null ? { seq, ts, body } : { seq, ts, body, prev: bytes(prev) }, { signer: 'native' })
      expect(hex(fast.bytes)).toBe(v.encoding)
    })

    it(`decoding vector "${v.note}" gives its fields`, () => {
      const r = decodeRecord(bytes(v.encoding), clock)
      expect(r.author).toBe(v.author)
      expect({ v: r.v, seq: r.seq, prev: r.prev === undefined ? null : hex(r.prev), ts: r.ts, body: r.body }).toEqual(v.record)
      expect(recordHashHex(r)).toBe(v.hash)
      expect(hex(r.sig)).toBe(v.sig)
    })
  }

  it('chains: each vector of an author has prev = hash of the one before', () => {
    const last = new Map<string, string>()
    for (const v of file.valid) {
      expect(v.record.prev).toBe(last.get(v.author) ?? null)
      last.set(v.author, v.hash)
    }
  })

  for (const v of file.invalid) {
    it(`refuses invalid vector "${v.note}" with ${v.error}`, () => {
      let caught: unknown
      try { decodeRecord(bytes(v.encoding), clock) } catch (err) { caught = err }
      expect(caught).toBeInstanceOf(RecordError)
      expect((caught as RecordError).code).toBe(v.error)
    })
  }

  it('the checkpoint vector commits to the state its author\'s earlier vectors build, leaf by leaf', () => {
    const { author, leaves, root, edges } = file.state
    const state = new AuthorState()
    const records = file.valid.filter(v => v.author === author).map(v => decodeRecord(bytes(v.encoding), clock))
    const checkpoint = records.at(-1)!
    for (const r of records.slice(0, -1)) state.apply(r)
    expect(state.leaves().map(hex)).toEqual(leaves)
    expect(stateRoot(leaves.map(bytes))).toBe(root)
    expect(checkpoint.body).toEqual({ kind: 'checkpoint', root, edges })
    // Each leaf decodes back to the live edge it encodes.
    for (const leaf of leaves) expect(hex(encodeLeaf(decodeLeaf(bytes(leaf), author, checkpoint.ts)))).toBe(leaf)
  })
})
