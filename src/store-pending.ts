/**
 * Records that arrived ahead of their author's head (seq > head + 1). They are verified but
 * not linked: held in memory, bounded, until the gap is filled, then linked in order. They
 * are not durable — after a restart, sync pulls them again — because nothing acknowledged
 * them as stored.
 */
import type { AuthorId } from './author-id.js'
import type { SignedRecord } from './record-types.js'

/** Bounds of the pending pool: records per author, records in all, and bytes in all (a batch record may be 4 KiB). */
export interface PendingLimits { perAuthor: number, total: number, bytes: number }

/** Why the pool has no room for a record: which of its bounds it would pass. */
export type PendingFull = 'records' | 'bytes'

/** In-memory pool of out-of-order records, by author then seq. */
export class PendingPool {
  private readonly byAuthor = new Map<AuthorId, Map<number, SignedRecord>>()
  private size = 0
  private heldBytes = 0

  constructor (private readonly limits: PendingLimits) {}

  /** The held record of (author, seq), if any. */
  get (author: AuthorId, seq: number): SignedRecord | undefined {
    return this.byAuthor.get(author)?.get(seq)
  }

  /** Which bound holding `r` would pass, or undefined when there is room for it. */
  full (r: SignedRecord): PendingFull | undefined {
    if (this.size >= this.limits.total || (this.byAuthor.get(r.author)?.size ?? 0) >= this.limits.perAuthor) return 'records'
    if (this.heldBytes + r.bytes.length > this.limits.bytes) return 'bytes'
    return undefined
  }

  /** Hold `r` (caller checked `full` and that (author, seq) is free). */
  add (r: SignedRecord): void {
    let m = this.byAuthor.get(r.author)
    if (m === undefined) this.byAuthor.set(r.author, m = new Map())
    m.set(r.seq, r)
    this.size++
    this.heldBytes += r.bytes.length
  }

  /** Remove and return the held record of (author, seq). */
  take (author: AuthorId, seq: number): SignedRecord | undefined {
    const m = this.byAuthor.get(author)
    const r = m?.get(seq)
    if (m === undefined || r === undefined) return undefined
    m.delete(seq)
    this.size--
    this.heldBytes -= r.bytes.length
    if (m.size === 0) this.byAuthor.delete(author)
    return r
  }

  /** Lowest held seq of `author`. */
  lowest (author: AuthorId): number | undefined {
    const m = this.byAuthor.get(author)
    if (m === undefined) return undefined
    let low = Infinity
    for (const s of m.keys()) if (s < low) low = s
    return low
  }

  /** Number of held records. */
  count (): number {
    return this.size
  }

  /** Bytes of the held records. */
  bytes (): number {
    return this.heldBytes
  }
}
