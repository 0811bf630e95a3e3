/**
 * Fuzzing with a bounded CI budget (fixed seeds; `npx tsx scripts/fuzz.ts --runs N` spends
 * more): record decoder, gossip validator on a real store, sync frames, the RPC parser over
 * real HTTP to a real daemon, and the files the CLI reads. See test/hardening/fuzz/.
 */
import { describe, expect, it } from 'vitest'
import { FUZZ_TARGETS } from './fuzz/index.js'
import { fuzzPlaysCsv } from './fuzz/inputs.js'
import { encode } from 'cborg'
import { decodeGossipBatch, decodeSyncRequest, decodeSyncResponse, SyncFrameError, SYNC_PROTOCOL_LIMITS } from '../../node/index.js'
import { GOSSIP_LIMITS } from './fuzz/frames.js'

const SEED = 0x6d77

describe('fuzz (CI budget)', () => {
  for (const t of FUZZ_TARGETS) {
    it(t.name, async () => {
      await t.run({ numRuns: t.ciRuns, seed: SEED })
    }, 120_000)
  }

  it('plays CSV: what parses is also accepted by the record rules', () => {
    fuzzPlaysCsv({ numRuns: 1000, seed: SEED }, true)
  })

  it('a sync frame with a megabyte type tag is refused with a short message', () => {
    for (const t of ['x'.repeat(1_000_000), Array.from({ length: 500_000 }, () => 0)]) {
      const frame = encode({ t })
      for (const decode of [decodeSyncRequest, decodeSyncResponse]) {
        const err = (() => { try { decode(frame, SYNC_PROTOCOL_LIMITS) } catch (e) { return e } })()
        expect(err).toBeInstanceOf(SyncFrameError)
        expect((err as Error).message.length).toBeLessThan(200)
      }
    }
  })

  it('deeply nested CBOR and huge arrays are refused with typed errors, not a crash', () => {
    const depth = 100_000
    const nested = new Uint8Array(depth + 1).fill(0x81)
    nested[depth] = 0x40
    expect(() => decodeGossipBatch(nested, { ...GOSSIP_LIMITS, maxMessageBytes: 4 * 1024 * 1024 })).toThrow(expect.objectContaining({ code: 'GOSSIP_MESSAGE_INVALID' }))
    const frame = new Uint8Array(depth + 4).fill(0x81)
    frame.set([0xa1, 0x61, 0x74], 0)
    frame[depth + 3] = 0x40
    expect(() => decodeSyncRequest(frame, SYNC_PROTOCOL_LIMITS)).toThrow(SyncFrameError)
  })
})
