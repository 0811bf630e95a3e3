/**
 * Decoding and verifying a batch of records from the network without holding the event
 * loop: gossip messages and sync pages both come through here. With a VerifyPool the
 * signatures are checked on worker threads (every core, the loop stays free); without
 * one, on this thread. Either way the event loop gets a turn every half millisecond: a sync
 * page of 1,000 records is ~60 ms of verification, which in one stretch would hold every
 * RPC call that long.
 */
import { acceptRecord, checkRecord, decodeRecord, type CheckedRecord, type DecodeOptions, type SignedRecord } from '../src/index.js'
import type { VerifyPool } from './verify-pool.js'

/**
 * Longest stretch of decoding between two yields to the event loop. By time, not count: a
 * record by a never-seen key costs several times one by a known key (the key's curve point
 * is decoded and checked first), and a flood of fresh keys must not lengthen the slices.
 */
const SLICE_MS = 0.5
/** Below this, handing signatures to the pool costs more than it saves. */
const POOL_MIN_RECORDS = 16

/** A function to await before each unit of work: it yields once SLICE_MS have passed. */
function slicer (): () => Promise<void> {
  let since = performance.now()
  return async () => {
    if (performance.now() - since < SLICE_MS) return
    await new Promise(resolve => setImmediate(resolve))
    since = performance.now()
  }
}

/**
 * Decode and verify every record; throws the RecordError of the first record (in order)
 * that breaks a rule, as decodeRecord would on each in turn.
 */
export async function decodeYielding (bytes: Uint8Array[], opts: DecodeOptions = {}, pool?: VerifyPool): Promise<SignedRecord[]> {
  if (pool !== undefined && bytes.length >= POOL_MIN_RECORDS) {
    try {
      return await decodeInPool(bytes, opts, pool)
    } catch (err) {
      // The pool failed (not a record): verify here instead.
      if ((err as { code?: string }).code !== 'VERIFY_POOL_FAILED') throw err
    }
  }
  const records: SignedRecord[] = []
  const slice = slicer()
  for (const b of bytes) {
    await slice()
    records.push(decodeRecord(b, opts))
  }
  return records
}

async function decodeInPool (bytes: Uint8Array[], opts: DecodeOptions, pool: VerifyPool): Promise<SignedRecord[]> {
  // Check up to the first record that breaks a non-signature rule; an earlier bad
  // signature still wins, so the error is the one a record-by-record decode would give.
  const checked: CheckedRecord[] = []
  let broken: unknown
  const slice = slicer()
  for (let i = 0; i < bytes.length && broken === undefined; i++) {
    await slice()
    try {
      checked.push(checkRecord(bytes[i], opts))
    } catch (err) {
      broken = err
    }
  }
  const verdicts = await pool.verify(checked)
  const records = checked.map((c, i) => acceptRecord(c, verdicts[i]))
  if (broken !== undefined) throw broken
  return records
}
