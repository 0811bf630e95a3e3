/**
 * Decoding and verifying a batch of records from outside without holding the event loop:
 * gossip messages, sync pages and imports all come through here. With a VerifyPool the
 * signatures are checked on worker threads (every core, the loop stays free); without
 * one, on this thread. Either way the event loop gets a turn every half millisecond: a sync
 * page of 1,000 records is ~60 ms of verification, which in one stretch would hold every
 * RPC call that long.
 */
import { acceptRecord, checkRecord, toRecordError, verifySignature, type CheckedRecord, type DecodeOptions, type MeritwalkError, type SignedRecord } from '../src/index.js'
import { VerifyPoolError, type VerifyPool } from './verify-pool.js'

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

/** Records that passed every rule, and the refused ones with their error, in input order. */
export interface DecodedBatch {
  records: SignedRecord[]
  rejected: Array<{ bytes: Uint8Array, error: MeritwalkError }>
}

/**
 * Decode and verify every record; throws the RecordError of the first record (in order)
 * that breaks a rule, as decodeRecord would on each in turn. For messages and pages, which
 * are accepted or refused whole: decoding stops at the first broken record.
 */
export async function decodeYielding (bytes: Uint8Array[], opts: DecodeOptions = {}, pool?: VerifyPool): Promise<SignedRecord[]> {
  const d = await decodeBatch(bytes, opts, pool, true)
  if (d.rejected.length > 0) throw d.rejected[0].error
  return d.records
}

/** Decode and verify every record, each on its own merits (imports). */
export async function decodeEach (bytes: Uint8Array[], opts: DecodeOptions = {}, pool?: VerifyPool): Promise<DecodedBatch> {
  return await decodeBatch(bytes, opts, pool, false)
}

async function decodeBatch (bytes: Uint8Array[], opts: DecodeOptions, pool: VerifyPool | undefined, firstOnly: boolean): Promise<DecodedBatch> {
  const slice = slicer()
  const checked: Array<{ index: number, c: CheckedRecord }> = []
  const rejected: Array<{ index: number, bytes: Uint8Array, error: MeritwalkError }> = []
  for (let i = 0; i < bytes.length; i++) {
    await slice()
    try {
      checked.push({ index: i, c: checkRecord(bytes[i], opts) })
    } catch (err) {
      rejected.push({ index: i, bytes: bytes[i], error: toRecordError(err) })
      if (firstOnly) break
    }
  }
  // Signatures of the records before a broken one are still checked: an earlier bad
  // signature is the first error in order.
  const verdicts = await verdictsOf(checked.map(x => x.c), pool, slice, firstOnly)
  const records: SignedRecord[] = []
  for (let j = 0; j < checked.length; j++) {
    try {
      records.push(acceptRecord(checked[j].c, verdicts[j] === true))
    } catch (err) {
      rejected.push({ index: checked[j].index, bytes: bytes[checked[j].index], error: toRecordError(err) })
      if (firstOnly) break
    }
  }
  rejected.sort((a, b) => a.index - b.index)
  return { records, rejected: rejected.map(({ bytes, error }) => ({ bytes, error })) }
}

/** Signature verdicts: on the pool's workers when it has them, else here in slices. */
async function verdictsOf (checks: CheckedRecord[], pool: VerifyPool | undefined, slice: () => Promise<void>, firstOnly: boolean): Promise<boolean[]> {
  if (pool !== undefined && checks.length >= POOL_MIN_RECORDS) {
    try {
      return await pool.verify(checks)
    } catch (err) {
      // The pool failed (not a record): verify here instead.
      if (!(err instanceof VerifyPoolError)) throw err
    }
  }
  const verdicts: boolean[] = []
  for (const c of checks) {
    await slice()
    const ok = verifySignature(c.publicKey, c.message, c.signature)
    verdicts.push(ok)
    if (!ok && firstOnly) break
  }
  return verdicts
}
