/**
 * The node's own writing: signs records as the node's identity, chained onto its head, and
 * appends them. Calls are serialised so seq and prev are always right. Updates are packed
 * into batch records (PROTOCOL.md §2): an import into as few records as fit, and a burst of
 * single calls (trust, play, …) arriving within `batchDelayMs` of the first into one record.
 */
import { MeritwalkError } from './errors.js'
import type { Identity } from './identity.js'
import { packUpdates, signRecord } from './record.js'
import { AuthorState } from './state.js'
import { updatesOf, type Body, type SignedRecord, type Update } from './record-types.js'
import type { RecordStore } from './store.js'
import type { AuthorId } from './author-id.js'

/** Our own record was not stored (e.g. a quota); `data.stored` says how many of the call's records were. */
export class LocalAppendError extends MeritwalkError<{ stored: number, cause: string }> {
  constructor (cause: MeritwalkError, stored: number) {
    super('LOCAL_APPEND_FAILED', `could not store our own record: ${cause.message}`, { stored, cause: cause.code })
  }
}

/** Options of LocalAuthor. */
export interface LocalAuthorInit {
  /** Clock for record timestamps. @default Date.now */
  now?: () => number
  /**
   * Awaited before each signing, in order with it: makes sure the store holds this author's
   * newest record (the node pulls it from peers), so seq and prev continue the real log.
   * @default nothing
   */
  beforeSign?: () => Promise<void>
  /** Signing implementation; both give identical bytes (RFC 8032 is deterministic). @default 'native' (libsodium, else node:crypto: ~30x noble's rate) */
  signer?: 'noble' | 'native'
  /**
   * Longest a single update waits for others to share its record: calls within this window
   * of the first are signed as one batch. 0 = every call is written at once. @default BATCH_DELAY_MS
   */
  batchDelayMs?: number
}

/** Default burst window: short enough not to be felt, long enough to catch a client's burst. */
export const BATCH_DELAY_MS = 20

interface Waiting { update: Update, resolve: (r: SignedRecord) => void, reject: (err: unknown) => void }

/** Signs and appends the node's own records. */
export class LocalAuthor {
  private queue: Promise<unknown> = Promise.resolve()
  private readonly now: () => number
  private readonly signer: 'noble' | 'native'
  private readonly beforeSign: () => Promise<void>
  private readonly batchDelayMs: number
  private waiting: Waiting[] = []
  private timer: NodeJS.Timeout | undefined

  constructor (readonly identity: Identity, private readonly store: RecordStore, opts: LocalAuthorInit = {}) {
    this.now = opts.now ?? Date.now
    this.signer = opts.signer ?? 'native'
    this.beforeSign = opts.beforeSign ?? (async () => {})
    this.batchDelayMs = opts.batchDelayMs ?? BATCH_DELAY_MS
  }

  /** Trust `target` (weight in (0, 1], default 1). */
  async trust (target: AuthorId, weight = 1): Promise<SignedRecord> {
    return await this.one({ kind: 'trust', target, weight })
  }

  /** Distrust `target` (weight in [-1, 0), default -1; a positive weight is negated). */
  async distrust (target: AuthorId, weight = -1): Promise<SignedRecord> {
    return await this.one({ kind: 'trust', target, weight: -Math.abs(weight) })
  }

  /** Withdraw trust or distrust of `target` (a trust record of weight 0). */
  async retract (target: AuthorId): Promise<SignedRecord> {
    return await this.one({ kind: 'trust', target, weight: 0 })
  }

  /** Record an interaction with `item` (play count or rating; 0 retracts). */
  async interact (item: string, weight: number): Promise<SignedRecord> {
    return await this.one({ kind: 'interact', item, weight })
  }

  /** Declare metadata of `item`. */
  async item (item: string, title: string, url?: string): Promise<SignedRecord> {
    return await this.one(url === undefined ? { kind: 'item', item, title } : { kind: 'item', item, title, url })
  }

  /**
   * Sign and append many updates as one atomic store write (import), packed into as few
   * records as fit; all are validated before any is signed. Returns the records written.
   */
  async append (bodies: Body[], opts: { oneRecordEach?: boolean } = {}): Promise<SignedRecord[]> {
    const updates = bodies.flatMap(b => updatesOf(b))
    // oneRecordEach: protocol 1's shape, for tests and benches that need many records.
    return await this.write(opts.oneRecordEach === true ? updates.flatMap(u => packUpdates(this.identity.author, [u])) : packUpdates(this.identity.author, updates))
  }

  /** Sign a checkpoint committing to this author's live state now (PROTOCOL.md §10). */
  async checkpoint (): Promise<SignedRecord> {
    const run = this.queue.then(async () => {
      const state = new AuthorState()
      for (const r of await this.store.range(this.identity.author, 1, this.store.head(this.identity.author)?.seq ?? 0)) state.apply(r)
      return (await this.appendNow([{ kind: 'checkpoint', ...state.commitment() }]))[0]
    })
    this.queue = run.catch(() => {})
    return await run
  }

  private async write (bodies: Body[]): Promise<SignedRecord[]> {
    const run = this.queue.then(async () => await this.appendNow(bodies))
    this.queue = run.catch(() => {}) // the caller gets the error from `run`; the queue only orders
    return await run
  }

  /** Write whatever waits in the burst window now. */
  async flush (): Promise<void> {
    clearTimeout(this.timer)
    this.timer = undefined
    const batch = this.waiting.splice(0)
    if (batch.length === 0) return
    try {
      const bodies = packUpdates(this.identity.author, batch.map(w => w.update))
      const records = await this.write(bodies)
      // Each caller gets the record holding its update.
      batch.forEach(w => w.resolve(records[bodies.findIndex(b => updatesOf(b).includes(w.update))]))
    } catch (err) {
      for (const w of batch) w.reject(err)
    }
  }

  private async one (update: Update): Promise<SignedRecord> {
    // A bad update fails alone, before it can take the burst it would share a record with down.
    packUpdates(this.identity.author, [update])
    const done = new Promise<SignedRecord>((resolve, reject) => { this.waiting.push({ update, resolve, reject }) })
    if (this.batchDelayMs === 0) void this.flush()
    else this.timer ??= setTimeout(() => { void this.flush() }, this.batchDelayMs)
    return await done
  }

  private async appendNow (bodies: Body[]): Promise<SignedRecord[]> {
    await this.beforeSign()
    const head = this.store.head(this.identity.author)
    let seq = head?.seq ?? 0
    let prev = head?.hash
    const ts = this.now()
    const records = bodies.map(body => {
      const r = signRecord(this.identity, prev === undefined ? { seq: ++seq, ts, body } : { seq: ++seq, prev, ts, body }, { signer: this.signer })
      prev = r.hash
      return r
    })
    const result = await this.store.append(records)
    const failure = result.rejected[0]?.error
    if (failure !== undefined) throw new LocalAppendError(failure, result.accepted.length)
    return records
  }
}
