/**
 * The record store on LevelDB: every author's hash-linked log, heads and equivocation
 * proofs. Appends are serialised; each call writes one atomic batch (records, heads and
 * proofs together) and resolves only after
 * it is written (fsync'd unless `sync: false`), so an acknowledged record survives a crash.
 * Out-of-order records are held in memory as pending (never linked until the gap fills).
 */
import { Level } from 'level'
import { createRequire } from 'node:module'
import { createHash } from 'node:crypto'
import { access, readdir, statfs } from 'node:fs/promises'
import { join } from 'node:path'
import { authorIdFromPublicKey, type AuthorId } from './author-id.js'
import { decodeRecord, decodeStoredRecord, isVerifiedRecord } from './record.js'
import { RecordError, DEFAULT_MAX_FUTURE_MS, toRecordError, type SignedRecord } from './record-types.js'
import { decodeCanonical } from './cbor.js'
import { Bucket, fromRecordValue, prefixRange, readU64, seqKey } from './store-keys.js'
import { PendingPool } from './store-pending.js'
import { levelFailure, StorageFullError, StoreClosedError, StoreDamagedError } from './store-errors.js'
import { planAppend, type AppendResult, type BatchOp, type Equivocation, type Head, type StoreView } from './store-append.js'

export type { AppendResult, Equivocation, Head } from './store-append.js'
export * from './store-errors.js'

/** Options of RecordStore.open. */
export interface StoreInit {
  /** Most linked records one author may have. @default 100_000 */
  maxRecordsPerAuthor?: number
  /** Total linked records beyond which only authors with priority > 0 get in. @default 10_000_000 */
  maxTotalRecords?: number
  /** Linked records all strangers (priority ≤ 0) together may have; trusted authors are not counted. @default 1_000_000 */
  maxStrangerRecords?: number
  /** > 0 = trusted by the ego (its MeritRank score); trusted authors pass the total budget. @default () => 0 */
  priority?: (author: AuthorId) => number
  /** Tolerance for author clocks ahead of ours. @default 10 min */
  maxFutureMs?: number
  /** Clock for the timestamp rule. @default Date.now */
  now?: () => number
  /** Out-of-order records held per author / in total / their bytes in total. @default 1024 / 100_000 / 32 MiB */
  maxPendingPerAuthor?: number
  maxPendingTotal?: number
  maxPendingBytes?: number
  /** fsync every append batch (false: survives a process crash, not a power cut). @default true */
  sync?: boolean
}

type DB = Level<Uint8Array, Uint8Array>
/** Free bytes the disk needs before a store that hit a full disk reopens (a new log and manifest). */
const REOPEN_MIN_FREE_BYTES = 1024 * 1024
/**
 * Who is a stranger changes as trust moves, so the stranger count kept per append drifts; it
 * is recounted from the heads (O(authors)) before the first append, after `prioritiesChanged`,
 * and at most this often while it stands at its limit (refusals must rest on a fresh count).
 */
const STRANGER_RECOUNT_MS = 10_000
/** Whether the store can write: 'full' while the disk has no room (writes answer StorageFullError). */
export type StorageHealth = 'ok' | 'full'
// sorted-btree is CommonJS with its class as `exports.default`; Node's and vitest's ESM interop
// disagree on where that lands, so load it the CommonJS way.
const { default: BTree } = createRequire(import.meta.url)('sorted-btree') as typeof import('sorted-btree')
const VIEW = { keyEncoding: 'view', valueEncoding: 'view' } as const

/** Signed record logs of every known author, on LevelDB. */
export class RecordStore implements StoreView {
  // Ordered by author: heads pages and sync walks read O(page), never a copy of every author.
  private readonly headMap = new BTree<AuthorId, Head>()
  private readonly flagged = new Set<AuthorId>()
  private readonly proven = new Set<string>()
  private readonly listeners = new Set<(result: AppendResult) => void>()
  private readonly pending: PendingPool
  private total = 0
  private strangers = 0
  private strangersCountedAt = 0
  private strangersStale = true
  private queue: Promise<unknown> = Promise.resolve()
  private closed = false
  private full = false

  private constructor (private readonly db: DB, readonly dir: string, readonly init: Required<StoreInit>) {
    this.pending = new PendingPool({ perAuthor: init.maxPendingPerAuthor, total: init.maxPendingTotal, bytes: init.maxPendingBytes })
  }

  /**
   * Open the store in `dir` (creating it only if `dir` holds no store yet) and load heads and
   * flags into memory. An initialised store whose LevelDB files are damaged is refused with
   * StoreDamagedError, never opened as new: LevelDB would delete its tables and start empty.
   */
  static async open (dir: string, init: StoreInit = {}): Promise<RecordStore> {
    const initialised = await hasStoreFiles(dir)
    if (initialised && !await exists(join(dir, 'CURRENT'))) throw new StoreDamagedError(dir, 'its LevelDB CURRENT file is missing')
    const db: DB = new Level<Uint8Array, Uint8Array>(dir, { ...VIEW, createIfMissing: !initialised })
    try {
      await db.open()
    } catch (err) {
      throw levelFailure(dir, err)
    }
    const store = new RecordStore(db, dir, {
      maxRecordsPerAuthor: 100_000,
      maxTotalRecords: 10_000_000,
      maxStrangerRecords: 1_000_000,
      priority: () => 0,
      maxFutureMs: DEFAULT_MAX_FUTURE_MS,
      now: Date.now,
      maxPendingPerAuthor: 1024,
      maxPendingTotal: 100_000,
      maxPendingBytes: 32 * 1024 * 1024,
      sync: true,
      ...stripUndefined(init)
    })
    for await (const [k, v] of db.iterator(prefixRange(Uint8Array.of(Bucket.Head)))) {
      const head = { seq: readU64(v), hash: Uint8Array.from(v.subarray(8, 40)) }
      store.headMap.set(authorIdFromPublicKey(k.subarray(1, 33)), head)
      store.total += head.seq
    }
    for await (const k of db.keys(prefixRange(Uint8Array.of(Bucket.Equivocation)))) {
      const author = authorIdFromPublicKey(k.subarray(1, 33))
      store.flagged.add(author)
      store.proven.add(`${author}:${readU64(k, 33)}`)
    }
    return store
  }

  /** Decode, verify and link records; one atomic batch per call, resolved once written. */
  async append (input: Array<Uint8Array | SignedRecord>): Promise<AppendResult> {
    this.assertOpen()
    // Verify before queueing: concurrent callers verify while an earlier batch is being written.
    const verified = this.verify(input)
    const run = this.queue.then(async () => await this.link(verified.decoded, verified.rejected))
    this.queue = run.catch(() => {}) // the caller gets the error from `run`; the queue only orders
    return await run
  }

  private verify (input: Array<Uint8Array | SignedRecord>): { decoded: SignedRecord[], rejected: AppendResult['rejected'] } {
    const rejected: AppendResult['rejected'] = []
    const decoded: SignedRecord[] = []
    const opts = { now: this.init.now(), maxFutureMs: this.init.maxFutureMs }
    for (const x of input) {
      const bytes = x instanceof Uint8Array ? x : x?.bytes
      try {
        const r = x instanceof Uint8Array || !isVerifiedRecord(x) ? decodeRecord(bytes, opts) : x
        // Records decoded elsewhere were judged by another clock; the time rule is this store's.
        if (r.ts > opts.now + opts.maxFutureMs) {
          throw new RecordError('FUTURE_TIMESTAMP', `ts is ${r.ts - opts.now} ms ahead of this node's clock (limit ${opts.maxFutureMs} ms)`, { field: 'ts', author: r.author, seq: r.seq })
        }
        decoded.push(r)
      } catch (err) {
        rejected.push({ bytes, error: toRecordError(err) })
      }
    }
    return { decoded, rejected }
  }

  private async link (decoded: SignedRecord[], rejected: AppendResult['rejected']): Promise<AppendResult> {
    this.assertOpen()
    const plan = await planAppend(this, this.pending, decoded, this.init)
    plan.result.rejected.unshift(...rejected)
    if (plan.ops.length > 0) await this.write(plan.ops)
    this.strangers = plan.strangers
    for (const [author, head] of plan.heads) {
      this.total += head.seq - (this.headMap.get(author)?.seq ?? 0)
      this.headMap.set(author, head)
    }
    for (const e of plan.result.equivocations) {
      this.flagged.add(e.author)
      this.proven.add(`${e.author}:${e.seq}`)
    }
    for (const listener of this.listeners) {
      // The batch is committed whatever a listener does: its failure must not fail the
      // append (the records are acknowledged) nor stop the other listeners, but it is a
      // bug to see, so it goes out as a process warning on stderr.
      try { listener(plan.result) } catch (err) { process.emitWarning(err instanceof Error ? err : new Error(String(err)), 'MeritwalkStoreListener') }
    }
    return plan.result
  }

  /** Storage health: 'full' after a write failed for lack of disk space, until a write succeeds again. */
  health (): StorageHealth {
    return this.full ? 'full' : 'ok'
  }

  // A write that failed for lack of space leaves LevelDB refusing every later write (its
  // background error is sticky until reopened), so the first write after space returns
  // reopens it: the store recovers without a restart. Reopening needs room for a new log
  // and manifest; while the disk is still full the store stays open for reads, and the
  // write is refused as before.
  private async write (ops: BatchOp[]): Promise<void> {
    if (this.full) {
      const fs = await statfs(this.dir)
      if (fs.bavail * fs.bsize < REOPEN_MIN_FREE_BYTES) throw new StorageFullError(this.dir)
      await this.db.close()
      await this.db.open({ createIfMissing: false }).catch((err: unknown) => { throw levelFailure(this.dir, err) })
    }
    // A chained batch rather than db.batch(array): both are atomic, and with fsync the
    // array form writes at about half the rate here (bench/core.ts, 'LevelDB raw batch put').
    const batch = this.db.batch()
    for (const op of ops) {
      if (op.type === 'put') batch.put(op.key, op.value)
      else batch.del(op.key)
    }
    try {
      await batch.write({ sync: this.init.sync })
      this.full = false
    } catch (err) {
      const failure = levelFailure(this.dir, err)
      if (failure instanceof StorageFullError) this.full = true
      throw failure
    }
  }

  /** Call `listener` after every append that stored something (accepted records or proofs). */
  onAppend (listener: (result: AppendResult) => void): () => void {
    const wrapped = (r: AppendResult): void => { if (r.accepted.length > 0 || r.equivocations.length > 0) listener(r) }
    this.listeners.add(wrapped)
    return () => { this.listeners.delete(wrapped) }
  }

  /** Call `listener` with the newly linked records of every append, in chain order. */
  onAccepted (listener: (records: SignedRecord[]) => void): () => void {
    return this.onAppend(r => { if (r.accepted.length > 0) listener(r.accepted) })
  }

  /** Head (last linked seq and hash) of an author. */
  head (author: AuthorId): Head | undefined {
    return this.headMap.get(author)
  }

  /** Up to `limit` heads of the authors after `after` (null: from the first), in author order; O(log n + limit). */
  headsAfter (after: AuthorId | null, limit: number): Array<[AuthorId, Head]> {
    const out: Array<[AuthorId, Head]> = []
    let pair = this.headMap.nextHigherPair(after ?? undefined)
    while (pair !== undefined && out.length < limit) {
      out.push(pair)
      pair = this.headMap.nextHigherPair(pair[0])
    }
    return out
  }

  /** Number of authors with at least one linked record. */
  authorCount (): number {
    return this.headMap.size
  }

  /** Up to `limit` linked records of `author` from `fromSeq` on, in seq order. */
  async range (author: AuthorId, fromSeq: number, limit: number): Promise<SignedRecord[]> {
    this.assertOpen()
    const from = Math.max(1, Math.floor(fromSeq))
    const last = Math.min(this.headMap.get(author)?.seq ?? 0, from + Math.max(0, Math.floor(limit)) - 1)
    if (last < from) return []
    const values = await this.db.values({ gte: seqKey(Bucket.Record, author, from), lte: seqKey(Bucket.Record, author, last) }).all()
    return values.map(fromRecordValue)
  }

  /** The linked record (author, seq). */
  async get (author: AuthorId, seq: number): Promise<SignedRecord | undefined> {
    this.assertOpen()
    if (!Number.isSafeInteger(seq) || seq < 1 || seq > (this.headMap.get(author)?.seq ?? 0)) return undefined
    const v = await this.db.get(seqKey(Bucket.Record, author, seq))
    return v === undefined ? undefined : fromRecordValue(v)
  }

  /** Every linked record, per author in seq order (authors in key order). */
  async * records (): AsyncIterable<SignedRecord> {
    for await (const batch of this.recordBatches()) yield * batch
  }

  /** Every linked record in the order of records(), `size` at a time (index rebuilds: fewer awaits). */
  async * recordBatches (size = 1024): AsyncIterable<SignedRecord[]> {
    this.assertOpen()
    const it = this.db.values(prefixRange(Uint8Array.of(Bucket.Record)))
    // Read ahead: LevelDB fills the next batch on its own thread while this one is decoded.
    let next = it.nextv(size)
    try {
      for (let vs = await next; vs.length > 0; vs = await next) {
        next = it.nextv(size)
        yield vs.map(fromRecordValue)
      }
    } finally {
      // A consumer that stops early leaves a read in flight; let it land before closing.
      await next.catch(() => [])
      await it.close()
    }
  }

  /** Stored equivocation proofs, of one author or all. */
  async equivocations (author?: AuthorId): Promise<Equivocation[]> {
    this.assertOpen()
    const prefix = author === undefined ? Uint8Array.of(Bucket.Equivocation) : seqKey(Bucket.Equivocation, author, 0).subarray(0, 33)
    const out: Equivocation[] = []
    for await (const [k, v] of this.db.iterator(prefixRange(prefix))) {
      const [a, b] = (decodeCanonical(v) as Uint8Array[]).map(b => decodeStoredRecord(b))
      out.push({ author: authorIdFromPublicKey(k.subarray(1, 33)), seq: readU64(k, 33), a, b })
    }
    return out
  }

  /** True when the store holds a proof that `author` equivocated. */
  isFlagged (author: AuthorId): boolean {
    return this.flagged.has(author)
  }

  /** True when a proof for (author, seq) is already stored. */
  hasProof (author: AuthorId, seq: number): boolean {
    return this.proven.has(`${author}:${seq}`)
  }

  /** Number of linked records. */
  count (): number {
    return this.total
  }

  /**
   * Linked records of strangers (authors whose priority is ≤ 0), for the stranger quota;
   * recounted when stale (see STRANGER_RECOUNT_MS).
   */
  strangerCount (): number {
    const now = performance.now()
    if (this.strangersStale || (this.strangers >= this.init.maxStrangerRecords && now - this.strangersCountedAt >= STRANGER_RECOUNT_MS)) {
      this.strangers = 0
      for (const [author, head] of this.headMap.entries()) if (!(this.init.priority(author) > 0)) this.strangers += head.seq
      this.strangersCountedAt = now
      this.strangersStale = false
    }
    return this.strangers
  }

  /** The priority hook answers differently now (the ego's trust changed): recount strangers before the next append. */
  prioritiesChanged (): void {
    this.strangersStale = true
  }

  /** Number of out-of-order records held in memory. */
  pendingCount (): number {
    return this.pending.count()
  }

  /** Bytes of the out-of-order records held in memory. */
  pendingBytes (): number {
    return this.pending.bytes()
  }

  /** Hex SHA-256 over the hashes of all linked records in key order: equal sets give equal digests. */
  async digest (): Promise<string> {
    this.assertOpen()
    const h = createHash('sha256')
    for await (const v of this.db.values(prefixRange(Uint8Array.of(Bucket.Record)))) h.update(v.subarray(0, 32))
    return h.digest('hex')
  }

  /** A linked record straight from disk (StoreView for the append planner). */
  async storedRecord (author: AuthorId, seq: number): Promise<SignedRecord | undefined> {
    const v = await this.db.get(seqKey(Bucket.Record, author, seq))
    return v === undefined ? undefined : fromRecordValue(v)
  }

  /** Finish pending appends and close LevelDB. */
  async close (): Promise<void> {
    if (this.closed) return
    await this.queue
    this.closed = true
    this.listeners.clear()
    await this.db.close()
  }

  private assertOpen (): void {
    if (this.closed) throw new StoreClosedError(this.dir)
  }
}

/** True when `dir` holds LevelDB files of a store (a manifest, a table or a log). */
async function hasStoreFiles (dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).some(f => /^(MANIFEST-\d+|\d+\.(ldb|sst|log))$/.test(f))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw err
  }
}

async function exists (file: string): Promise<boolean> {
  return await access(file).then(() => true, () => false)
}

function stripUndefined<T extends object> (o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}
