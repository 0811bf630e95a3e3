/**
 * Every fuzz target with its CI budget, so the suite (test/hardening/fuzz.test.ts) and the
 * long runner (scripts/fuzz.ts) run the same properties.
 */
import { fuzzGossipValidator, fuzzSyncFrames } from './frames.js'
import { fuzzEdgeLists, fuzzPlaysCsv, fuzzRecordLines } from './inputs.js'
import { fuzzRecordBytes, fuzzRecordFields, fuzzRecordMutations, fuzzRecordWrongTypes } from './records.js'
import { fuzzRpc } from './rpc.js'
import type { FuzzParams } from './pool.js'

export type { FuzzParams } from './pool.js'

/** One property: what it holds, how many runs CI spends on it, and how to run it. */
export interface FuzzTarget { name: string, ciRuns: number, run: (p: FuzzParams) => void | Promise<void> }

export const FUZZ_TARGETS: FuzzTarget[] = [
  { name: 'record decoder: random bytes are refused with a RecordError', ciRuns: 2000, run: fuzzRecordBytes },
  { name: 'record decoder: mutated valid records are refused unless unchanged', ciRuns: 2000, run: fuzzRecordMutations },
  { name: 'record decoder: values of the wrong type are MALFORMED', ciRuns: 500, run: fuzzRecordWrongTypes },
  { name: 'record decoder: signed record-shaped values are accepted exactly when PROTOCOL.md §2.2 holds', ciRuns: 2000, run: fuzzRecordFields },
  { name: 'gossip validator: hostile messages are never accepted and never change the store', ciRuns: 400, run: fuzzGossipValidator },
  { name: 'sync codec: frames decode within the protocol limits or fail with SyncFrameError', ciRuns: 1500, run: fuzzSyncFrames },
  { name: 'RPC over HTTP: documented answers only; refused calls change nothing', ciRuns: 300, run: async p => { await fuzzRpc(p) } },
  { name: 'plays CSV: what parses fits the daemon\'s params (no half-done import)', ciRuns: 1000, run: p => { fuzzPlaysCsv(p, false) } },
  { name: 'export file: what parses fits records.import\'s params', ciRuns: 1000, run: fuzzRecordLines },
  { name: 'rank edge lists: RankInputError or finite rows', ciRuns: 200, run: fuzzEdgeLists }
]
