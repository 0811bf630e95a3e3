/**
 * The node's own writing: signs records as the node's identity, chained onto its head, and
 * appends them. Calls are serialised so seq and prev are always right.
 */
import { MeritwalkError } from './errors.js'
import type { Identity } from './identity.js'
import { signRecord } from './record.js'
import type { Body, SignedRecord } from './record-types.js'
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
}

/** Signs and appends the node's own records. */
export class LocalAuthor {
  private queue: Promise<unknown> = Promise.resolve()
  private readonly now: () => number
  private readonly signer: 'noble' | 'native'
  private readonly beforeSign: () => Promise<void>

  constructor (readonly identity: Identity, private readonly store: RecordStore, opts: LocalAuthorInit = {}) {
    this.now = opts.now ?? Date.now
    this.signer = opts.signer ?? 'native'
    this.beforeSign = opts.beforeSign ?? (async () => {})
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

  /** Sign and append many bodies as one batch (import); all are validated before any is stored. */
  async append (bodies: Body[]): Promise<SignedRecord[]> {
    const run = this.queue.then(async () => await this.appendNow(bodies))
    this.queue = run.catch(() => {}) // the caller gets the error from `run`; the queue only orders
    return await run
  }

  private async one (body: Body): Promise<SignedRecord> {
    const [r] = await this.append([body])
    return r
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
