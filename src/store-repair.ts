/**
 * `meritwalk repair`: bring a damaged store back to a consistent state and say exactly what
 * was recovered and what is lost. LevelDB's own repair rebuilds the manifest from the table
 * and log files that survive (a lost CURRENT, a corrupt manifest); then every author's log
 * is re-verified from seq 1 — signature, seq order and the prev-hash chain — and kept up to
 * its first break. Heads are rebuilt from what was kept, so afterwards
 * the store's counts (`status`) and its records (`export`) agree. Records behind a break
 * cannot be linked and are dropped (peers that hold them serve them again on sync).
 */
import { ClassicLevel } from 'classic-level'
import { Level } from 'level'
import { equals } from 'uint8arrays/equals'
import { authorIdFromPublicKey, type AuthorId } from './author-id.js'
import { decodeCanonical } from './cbor.js'
import { decodeRecord } from './record.js'
import type { SignedRecord } from './record-types.js'
import { headValue, type BatchOp } from './store-append.js'
import { levelFailure } from './store-errors.js'
import { Bucket, headKey, prefixRange, readU64 } from './store-keys.js'

/** One author whose log lost records: seqs `from`..`through` (null: how far is unknown). */
export interface RepairLoss { author: AuthorId, keptThrough: number, lostFrom: number, lostThrough: number | null, reason: string }

/** What a repair did. */
export interface RepairReport {
  /** Authors with at least one record kept. */
  authors: number
  /** Linked records kept (verified, in an unbroken chain from seq 1). */
  records: number
  /** Records found but dropped: unverifiable, or behind a break in their author's chain. */
  dropped: number
  /** Equivocation proofs kept / dropped (a proof must be two valid, different records of one author and seq). */
  proofs: { kept: number, dropped: number }
  /** Authors whose log is now shorter than the head the store had recorded, or that broke. */
  lost: RepairLoss[]
}

type DB = Level<Uint8Array, Uint8Array>
const VIEW = { keyEncoding: 'view', valueEncoding: 'view' } as const
// Rebuilt buckets are written in chunks: a large store must not become one huge batch.
const CHUNK = 10_000
// The clock rule is about accepting new records, not about the chain: stored ones keep their time.
const DECODE = { maxFutureMs: Number.POSITIVE_INFINITY }

/** Repair the (closed) store in `dir`; the caller holds the data directory's lock. */
export async function repairStore (dir: string): Promise<RepairReport> {
  try {
    await ClassicLevel.repair(dir)
  } catch (err) {
    throw levelFailure(dir, err)
  }
  const db: DB = new Level<Uint8Array, Uint8Array>(dir, { ...VIEW, createIfMissing: false })
  try {
    await db.open()
  } catch (err) {
    throw levelFailure(dir, err)
  }
  try {
    return await rebuild(db)
  } finally {
    await db.close()
  }
}

async function rebuild (db: DB): Promise<RepairReport> {
  const claimed = new Map<AuthorId, number>()
  for await (const [k, v] of db.iterator(prefixRange(Uint8Array.of(Bucket.Head)))) claimed.set(authorIdFromPublicKey(k.subarray(1, 33)), readU64(v))

  let ops: BatchOp[] = []
  const flush = async (force = false): Promise<void> => {
    if (ops.length === 0 || (!force && ops.length < CHUNK)) return
    const batch = db.batch()
    for (const op of ops) op.type === 'put' ? batch.put(op.key, op.value) : batch.del(op.key)
    ops = []
    await batch.write({ sync: true })
  }
  // Heads are derived data: drop them all, then write them from the kept records.
  for await (const k of db.keys(prefixRange(Uint8Array.of(Bucket.Head)))) {
    ops.push({ type: 'del', key: k })
    await flush()
  }

  const report: RepairReport = { authors: 0, records: 0, dropped: 0, proofs: { kept: 0, dropped: 0 }, lost: [] }
  const kept = new Map<AuthorId, SignedRecord>()
  const broken = new Map<AuthorId, RepairLoss>()
  for await (const [k, v] of db.iterator(prefixRange(Uint8Array.of(Bucket.Record)))) {
    const author = authorIdFromPublicKey(k.subarray(1, 33))
    const seq = readU64(k, 33)
    const last = kept.get(author)
    const expected = (last?.seq ?? 0) + 1
    let problem: string | undefined
    let record: SignedRecord | undefined
    if (broken.has(author)) problem = 'behind a break'
    else {
      try {
        record = decodeRecord(v.subarray(32), DECODE)
        if (record.author !== author || record.seq !== seq) problem = `record stored under ${author}#${seq} is ${record.author}#${record.seq}`
        else if (seq !== expected) problem = `seq ${expected} is missing`
        else if (seq > 1 && (record.prev === undefined || last === undefined || !equals(record.prev, last.hash))) problem = `#${seq} does not link to #${seq - 1}`
        else if (!equals(record.hash, v.subarray(0, 32))) problem = `#${seq}'s stored hash differs from its bytes`
      } catch (err) {
        problem = `#${seq} does not verify (${(err as Error).message})`
      }
    }
    if (problem === undefined && record !== undefined) {
      kept.set(author, record)
      report.records++
    } else {
      const loss = broken.get(author) ?? { author, keptThrough: expected - 1, lostFrom: expected, lostThrough: null, reason: problem ?? 'unreadable' }
      loss.lostThrough = Math.max(loss.lostThrough ?? 0, seq)
      broken.set(author, loss)
      ops.push({ type: 'del', key: k })
      report.dropped++
    }
    await flush()
  }
  for (const [author, r] of kept) ops.push({ type: 'put', key: headKey(author), value: headValue({ seq: r.seq, hash: r.hash }) })
  report.authors = kept.size

  for await (const [k, v] of db.iterator(prefixRange(Uint8Array.of(Bucket.Equivocation)))) {
    if (validProof(authorIdFromPublicKey(k.subarray(1, 33)), readU64(k, 33), v)) report.proofs.kept++
    else {
      ops.push({ type: 'del', key: k })
      report.proofs.dropped++
    }
  }
  await flush(true)

  for (const [author, seq] of claimed) {
    const through = kept.get(author)?.seq ?? 0
    const loss = broken.get(author)
    if (loss !== undefined) loss.lostThrough = Math.max(seq, loss.lostThrough ?? 0)
    else if (seq > through) broken.set(author, { author, keptThrough: through, lostFrom: through + 1, lostThrough: seq, reason: 'records missing from the files' })
  }
  report.lost = [...broken.values()].sort((a, b) => a.author < b.author ? -1 : a.author > b.author ? 1 : 0)
  return report
}

function validProof (author: AuthorId, seq: number, value: Uint8Array): boolean {
  try {
    const [a, b] = (decodeCanonical(value) as Uint8Array[]).map(bytes => decodeRecord(bytes, DECODE))
    return a.author === author && b.author === author && a.seq === seq && b.seq === seq && !equals(a.hash, b.hash)
  } catch {
    return false
  }
}
