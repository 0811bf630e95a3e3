/**
 * Network batches (gossip messages, sync pages) are verified in slices: other work — an RPC
 * call — runs between them, and the first bad record still fails the whole batch.
 */
import { describe, expect, it } from 'vitest'
import { decodeRecord, RecordError } from '../../src/index.js'
import { decodeYielding } from '../../node/decode.js'
import { chain, identityN } from './helpers.js'

describe('decodeYielding', () => {
  const page = chain(identityN(1), 1000).map(r => r.bytes)

  it('decodes exactly what decodeRecord decodes', async () => {
    const records = await decodeYielding(page)
    expect(records.map(r => r.hash)).toEqual(page.map(b => decodeRecord(b).hash))
  })

  it('lets queued work run between slices of a 1,000-record page', async () => {
    // A task that re-queues itself counts how often the event loop got back to it.
    let turns = 0
    let done = false
    const spin = (): void => { if (!done) { turns++; setImmediate(spin) } }
    setImmediate(spin)
    await decodeYielding(page)
    done = true
    // ~60 ms of verification in half-millisecond slices is ~120 turns (more on a slower
    // machine); in one stretch there would be none.
    expect(turns).toBeGreaterThanOrEqual(20)
  })

  it('throws the first bad record\'s RecordError', async () => {
    const forged = Uint8Array.from(page[500])
    forged[forged.length - 1] ^= 1
    const err = await decodeYielding([...page.slice(0, 500), forged, ...page.slice(501)]).catch(e => e)
    expect(err).toBeInstanceOf(RecordError)
    expect((err as RecordError).code).toBe('BAD_SIGNATURE')
  })
})
