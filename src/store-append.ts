/**
 * How one append call changes the store, worked out before anything is written: which
 * records link (in chain order, pulling held successors in), which are duplicates, which
 * wait as pending, which prove an equivocation, which are refused — and the single LevelDB
 * batch that stores it all. The store writes the batch, then adopts `heads`.
 */
import { encode } from 'cborg'
import { equals } from 'uint8arrays/equals'
import type { MeritwalkError } from './errors.js'
import type { AuthorId } from './author-id.js'
import { RecordError, type SignedRecord } from './record-types.js'
import { Bucket, headKey, recordValue, seqKey, u64 } from './store-keys.js'
import type { PendingPool } from './store-pending.js'
import { QuotaError } from './store-errors.js'
import { AuthorState } from './state.js'

/** Last linked record of an author. */
export interface Head { seq: number, hash: Uint8Array }

/** Two different valid records of one author with the same seq: the proof. */
export interface Equivocation { author: AuthorId, seq: number, a: SignedRecord, b: SignedRecord }

/** What one append did. */
export interface AppendResult {
  /** Newly linked and stored, in chain order (pending records that got linked included). */
  accepted: SignedRecord[]
  /** Already stored or already held: no-op. */
  duplicates: number
  /** Held in memory (not stored) because seq > head + 1. */
  pending: SignedRecord[]
  /**
   * Ranges missing before held records can link: what `records.import` tells its caller to
   * fetch. Network ingest asks a peer for more (through the highest seq it sent), because
   * held records may leave the bounded pending pool before the gap arrives.
   */
  gaps: Array<{ author: AuthorId, fromSeq: number, toSeq: number }>
  /** Invalid, unlinkable or over a quota. */
  rejected: Array<{ bytes?: Uint8Array, error: MeritwalkError }>
  /** Newly proven equivocations (stored). */
  equivocations: Equivocation[]
}

/** What the planner reads from the store. */
export interface StoreView {
  head: (author: AuthorId) => Head | undefined
  storedRecord: (author: AuthorId, seq: number) => Promise<SignedRecord | undefined>
  /** Up to `limit` linked records of `author` from `fromSeq` on, in seq order. */
  range: (author: AuthorId, fromSeq: number, limit: number) => Promise<SignedRecord[]>
  hasProof: (author: AuthorId, seq: number) => boolean
  count: () => number
  /** Linked records of strangers (authors with priority ≤ 0). */
  strangerCount: () => number
}

/** Budgets the planner enforces. */
export interface PlanLimits {
  maxRecordsPerAuthor: number
  maxTotalRecords: number
  /** Linked records all strangers together may have (priority ≤ 0). */
  maxStrangerRecords: number
  priority: (author: AuthorId) => number
  maxPendingPerAuthor: number
  maxPendingTotal: number
  maxPendingBytes: number
}

/** One LevelDB batch operation. */
export type BatchOp = { type: 'put', key: Uint8Array, value: Uint8Array } | { type: 'del', key: Uint8Array }

/** Plan one append of already verified records; mutates `pending` (which is not durable). */
export async function planAppend (view: StoreView, pending: PendingPool, records: SignedRecord[], limits: PlanLimits): Promise<{ ops: BatchOp[], heads: Map<AuthorId, Head>, strangers: number, result: AppendResult }> {
  const result: AppendResult = { accepted: [], duplicates: 0, pending: [], gaps: [], rejected: [], equivocations: [] }
  const ops: BatchOp[] = []
  const heads = new Map<AuthorId, Head>()
  const linked = new Map<string, SignedRecord>()
  const proven = new Set<string>()
  const waiting = new Set<AuthorId>()
  let total = view.count()
  let strangers = view.strangerCount()
  const headOf = (author: AuthorId): Head | undefined => heads.get(author) ?? view.head(author)

  const prove = (a: SignedRecord, b: SignedRecord): void => {
    const id = `${a.author}:${a.seq}`
    if (view.hasProof(a.author, a.seq) || proven.has(id)) { result.duplicates++; return }
    proven.add(id)
    ops.push({ type: 'put', key: seqKey(Bucket.Equivocation, a.author, a.seq), value: encode([a.bytes, b.bytes]) })
    result.equivocations.push({ author: a.author, seq: a.seq, a, b })
  }

  // A checkpoint must commit to the state its author's records before it build (PROTOCOL.md §10).
  const wrongCheckpoint = async (r: SignedRecord): Promise<RecordError | undefined> => {
    if (r.body.kind !== 'checkpoint') return undefined
    const state = new AuthorState()
    const stored = Math.min(view.head(r.author)?.seq ?? 0, r.seq - 1)
    for (const s of await view.range(r.author, 1, stored)) state.apply(s)
    for (let seq = stored + 1; seq < r.seq; seq++) {
      const s = linked.get(`${r.author}:${seq}`)
      if (s !== undefined) state.apply(s)
    }
    const { root, edges } = state.commitment()
    if (root === r.body.root && edges === r.body.edges) return undefined
    return new RecordError('BAD_CHECKPOINT', `checkpoint ${r.author}#${r.seq} commits to ${r.body.edges} edges with root ${r.body.root.slice(0, 16)}…, but the records before it build ${edges} edges with root ${root.slice(0, 16)}…`, { field: 'body.root', author: r.author, seq: r.seq })
  }

  const link = async (r: SignedRecord): Promise<boolean> => {
    const head = headOf(r.author)
    if (r.seq > 1 && (head === undefined || r.prev === undefined || !equals(r.prev, head.hash))) {
      result.rejected.push({ bytes: r.bytes, error: new RecordError('BAD_PREV', `record ${r.author}#${r.seq} does not link to the stored record #${r.seq - 1} (prev hash differs)`, { field: 'prev', author: r.author, seq: r.seq }) })
      return false
    }
    const badCheckpoint = await wrongCheckpoint(r)
    if (badCheckpoint !== undefined) {
      result.rejected.push({ bytes: r.bytes, error: badCheckpoint })
      return false
    }
    const stranger = !(limits.priority(r.author) > 0)
    if (stranger && total >= limits.maxTotalRecords) {
      result.rejected.push({ bytes: r.bytes, error: new QuotaError('QUOTA_TOTAL', r.author, r.seq, limits.maxTotalRecords) })
      return false
    }
    if (stranger && strangers >= limits.maxStrangerRecords) {
      result.rejected.push({ bytes: r.bytes, error: new QuotaError('QUOTA_STRANGERS', r.author, r.seq, limits.maxStrangerRecords) })
      return false
    }
    ops.push({ type: 'put', key: seqKey(Bucket.Record, r.author, r.seq), value: recordValue(r) })
    heads.set(r.author, { seq: r.seq, hash: r.hash })
    linked.set(`${r.author}:${r.seq}`, r)
    total++
    if (stranger) strangers++
    result.accepted.push(r)
    return true
  }

  const known = async (r: SignedRecord, head: Head): Promise<void> => {
    if (r.seq === head.seq && equals(r.hash, head.hash)) { result.duplicates++; return }
    const staged = linked.get(`${r.author}:${r.seq}`)
    const existing = staged ?? await view.storedRecord(r.author, r.seq)
    if (existing === undefined || equals(existing.hash, r.hash)) result.duplicates++
    else prove(existing, r)
  }

  const hold = (r: SignedRecord): void => {
    const held = pending.get(r.author, r.seq)
    if (held !== undefined) {
      if (equals(held.hash, r.hash)) result.duplicates++
      else prove(held, r)
    } else if (pending.full(r) === 'records') {
      result.rejected.push({ bytes: r.bytes, error: new QuotaError('QUOTA_PENDING', r.author, r.seq, limits.maxPendingPerAuthor) })
    } else if (pending.full(r) === 'bytes') {
      result.rejected.push({ bytes: r.bytes, error: new QuotaError('QUOTA_PENDING_BYTES', r.author, r.seq, limits.maxPendingBytes) })
    } else {
      pending.add(r)
      result.pending.push(r)
      waiting.add(r.author)
    }
  }

  records.sort((x, y) => x.author < y.author ? -1 : x.author > y.author ? 1 : x.seq - y.seq)
  for (const r of records) {
    const head = headOf(r.author)
    const headSeq = head?.seq ?? 0
    if (head !== undefined && r.seq <= headSeq) { await known(r, head); continue }
    if (r.seq > limits.maxRecordsPerAuthor) {
      result.rejected.push({ bytes: r.bytes, error: new QuotaError('QUOTA_AUTHOR', r.author, r.seq, limits.maxRecordsPerAuthor) })
      continue
    }
    if (r.seq > headSeq + 1) { hold(r); continue }
    // r is next in line; a different record held for the same seq proves equivocation.
    const rival = pending.take(r.author, r.seq)
    if (rival !== undefined && !equals(rival.hash, r.hash)) prove(r, rival)
    let next: SignedRecord | undefined = r
    while (next !== undefined && next.seq <= limits.maxRecordsPerAuthor && await link(next)) {
      next = pending.take(r.author, next.seq + 1)
    }
    if (next !== undefined && next !== r && next.seq > limits.maxRecordsPerAuthor) {
      result.rejected.push({ bytes: next.bytes, error: new QuotaError('QUOTA_AUTHOR', next.author, next.seq, limits.maxRecordsPerAuthor) })
    }
    waiting.add(r.author)
  }

  for (const [author, head] of heads) ops.push({ type: 'put', key: headKey(author), value: headValue(head) })
  for (const author of waiting) {
    const low = pending.lowest(author)
    if (low !== undefined) result.gaps.push({ author, fromSeq: (headOf(author)?.seq ?? 0) + 1, toSeq: low - 1 })
  }
  return { ops, heads, strangers, result }
}

/** Stored form of a head: seq(8) then hash(32). */
export function headValue (head: Head): Uint8Array {
  const v = new Uint8Array(40)
  v.set(u64(head.seq), 0)
  v.set(head.hash, 8)
  return v
}
