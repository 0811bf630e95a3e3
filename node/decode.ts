/**
 * Decoding and verifying a batch of records from the network without holding the event
 * loop: gossip messages and sync pages both come through here. A sync page of 1,000
 * records is ~60 ms of verification; in one stretch it would hold every RPC call that long.
 */
import { decodeRecord, type DecodeOptions, type SignedRecord } from '../src/index.js'

/** Records verified between two yields to the event loop (~0.1 ms of work). */
const YIELD_EVERY = 2

/** Decode and verify every record, yielding between slices; throws the first record's RecordError. */
export async function decodeYielding (bytes: Uint8Array[], opts: DecodeOptions = {}): Promise<SignedRecord[]> {
  const records: SignedRecord[] = []
  for (let i = 0; i < bytes.length; i++) {
    if (i > 0 && i % YIELD_EVERY === 0) await new Promise(resolve => setImmediate(resolve))
    records.push(decodeRecord(bytes[i], opts))
  }
  return records
}
