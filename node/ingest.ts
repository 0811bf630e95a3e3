/**
 * Where records from the network enter the store: gossip messages (through the validator)
 * and sync pages. Both count what happened, pull the gaps a record skipped from the peer
 * that sent it, chase forks (a record whose prev differs from ours) to a proof, and spread
 * new equivocation proofs on gossip so every honest node learns of them.
 */
import type { Logger } from 'pino'
import { checkRecord, type AppendResult, type RecordStore, type SignedRecord } from '../src/index.js'
import { authorIdFromPublicKey } from '../src/author-id.js'
import { countRejected, type NodeCounters } from './counters.js'
import { decodeYielding } from './decode.js'
import type { VerifyPool } from './verify-pool.js'
import { SyncProtocolError } from './errors.js'
import { decodeGossipBatch, type GossipLimits } from './gossip/codec.js'
import { reasonOf, validateGossipMessage, type Validation, type Verdict } from './gossip/validator.js'
import { DEFAULT_VALIDATION_QUEUE, ValidationQueue, type ValidationQueueLimits } from './gossip/queue.js'
import type { StrangerBudget } from './stranger-budget.js'
import type { Want } from './sync/client.js'

/** What ingest asks of the replication scope. */
export interface ScopeView {
  wants (author: string): boolean
  /** False while every author is replicated (then nothing is checked per record). */
  scoped (): boolean
}

export interface IngestInit {
  store: Pick<RecordStore, 'append' | 'head'>
  /** Worker threads for signature checks; without one, records are verified on this thread. */
  pool?: VerifyPool
  limits: GossipLimits
  counters: NodeCounters
  log: Logger
  /** Ask `peer` for a stretch of a log. */
  pull (peer: string, want: Want): void
  /** Which authors this node replicates (node/scope.ts); records of others are dropped unstored. @default everyone */
  scope?: ScopeView
  /** Spread an equivocation proof (both records). */
  spread (records: Uint8Array[]): void
  now?: () => number
  /** The shared budget of strangers' records (none: every valid record is taken). */
  budget?: StrangerBudget
  /** A peer's gossipsub score (scored peers are served first while validation is queued). @default () => 0 */
  score?: (peer: string) => number
  /** Bounds of what waits for validation. @default DEFAULT_VALIDATION_QUEUE */
  queue?: ValidationQueueLimits
}

const QUEUE_FULL: Validation = { verdict: 'ignore', reason: 'VALIDATION_QUEUE_FULL' }

/** Validate-and-store for records from peers; see the module comment. */
export class Ingest {
  // One message verified at a time, peers served in turn, bounded (node/gossip/queue.ts).
  private readonly queue: ValidationQueue<Validation>

  constructor (private readonly init: IngestInit) {
    this.queue = new ValidationQueue(init.queue ?? DEFAULT_VALIDATION_QUEUE, init.score ?? (() => 0), QUEUE_FULL)
  }

  /** A gossip message from `peer`: the verdict for gossipsub. */
  async gossip (peer: string, data: Uint8Array): Promise<Verdict> {
    const { store, limits, counters, now, pool } = this.init
    // Nothing in the message is ours to keep: ignore it before paying for its signatures.
    // (Not relayed, so nothing unverified leaves this node.)
    const outside = this.allOutOfScope(data)
    if (outside > 0) {
      counters.outOfScope += outside
      return 'ignore'
    }
    const v = await this.queue.run(peer, async () => await validateGossipMessage(data, { limits, now, pool, append: async records => await store.append(this.admit(this.inScope(records)).admitted) }))
    if (v === QUEUE_FULL) countRejected(counters, 'VALIDATION_QUEUE_FULL')
    if (v.result !== undefined) this.account(peer, v.result)
    if (v.verdict === 'reject') countRejected(counters, v.reason ?? 'INTERNAL')
    return v.verdict
  }

  /** The records the stranger budget lets in now; the rest are counted and dropped. */
  private admit (records: SignedRecord[]): { admitted: SignedRecord[], refused: SignedRecord[] } {
    if (this.init.budget === undefined) return { admitted: records, refused: [] }
    const split = this.init.budget.admit(records)
    if (split.refused.length > 0) countRejected(this.init.counters, 'STRANGER_BUDGET', split.refused.length)
    return split
  }

  /** A sync page from `peer`; throws SyncProtocolError if any record is invalid. */
  async synced (peer: string, bytes: Uint8Array[]): Promise<{ records: SignedRecord[], accepted: number, refused: Set<string> }> {
    let records: SignedRecord[]
    try {
      records = await decodeYielding(bytes, this.init.now === undefined ? {} : { now: this.init.now() }, this.init.pool)
    } catch (err) {
      const reason = reasonOf(err)
      countRejected(this.init.counters, reason)
      throw new SyncProtocolError(peer, reason, `sent an invalid record (${(err as Error).message})`)
    }
    const kept = this.inScope(records)
    const { admitted, refused: overBudget } = this.admit(kept)
    const result = await this.init.store.append(admitted)
    this.init.counters.syncRecords += result.accepted.length
    this.account(peer, result)
    // Strangers over the budget: their wants end here; the next round asks again.
    const refused = new Set<string>(overBudget.map(r => r.author))
    // Authors outside the scope count as refused: the session stops asking for them.
    if (kept.length < records.length) for (const r of records) if (this.init.scope?.wants(r.author) === false) refused.add(r.author)
    for (const { error } of result.rejected) {
      const author = (error.data as { author?: unknown }).author
      if (typeof author === 'string') refused.add(author)
    }
    return { records, accepted: result.accepted.length, refused }
  }

  /** Records in a message when every one is by an author outside the scope, else 0 (malformed input is the validator's to judge). */
  private allOutOfScope (data: Uint8Array): number {
    const scope = this.init.scope
    if (scope === undefined || !scope.scoped()) return 0
    try {
      const bytes = decodeGossipBatch(data, this.init.limits)
      for (const b of bytes) if (scope.wants(authorIdFromPublicKey(checkRecord(b).publicKey))) return 0
      return bytes.length
    } catch {
      // Malformed: the validator rejects it (and scores the sender down) on the normal path.
      return 0
    }
  }

  private inScope (records: SignedRecord[]): SignedRecord[] {
    const scope = this.init.scope
    if (scope === undefined || !scope.scoped()) return records
    const kept = records.filter(r => scope.wants(r.author))
    this.init.counters.outOfScope += records.length - kept.length
    return kept
  }

  private account (peer: string, result: AppendResult): void {
    const { store, counters, pull, spread, log } = this.init
    counters.accepted += result.accepted.length
    counters.duplicates += result.duplicates
    counters.equivocations += result.equivocations.length
    for (const { error } of result.rejected) {
      const reason = reasonOf(error)
      countRejected(counters, reason)
      const data = error.data as { author?: string, seq?: number }
      // Our copy of seq-1 differs from the sender's chain: fetching theirs proves the fork.
      if (reason === 'BAD_PREV' && data.author !== undefined && data.seq !== undefined && data.seq > 1) {
        pull(peer, { author: data.author, from: data.seq - 1, to: data.seq - 1 })
      }
    }
    // Records ahead of a gap — held as pending, or refused because the pending pool is full —
    // are pulled from the sender from our head on, through the highest seq it sent: the
    // gap and the refused records come together and link in order.
    const reach = new Map<string, number>()
    const see = (author: string, seq: number): void => { if (seq > (reach.get(author) ?? 0)) reach.set(author, seq) }
    for (const r of result.pending) see(r.author, r.seq)
    for (const { error } of result.rejected) {
      const data = error.data as { author?: string, seq?: number }
      if ((error.code === 'QUOTA_PENDING' || error.code === 'QUOTA_PENDING_BYTES') && data.author !== undefined && data.seq !== undefined) see(data.author, data.seq)
    }
    for (const [author, to] of reach) pull(peer, { author, from: (store.head(author)?.seq ?? 0) + 1, to })
    for (const e of result.equivocations) {
      log.warn({ author: e.author, seq: e.seq }, 'equivocation detected')
      spread([e.a.bytes, e.b.bytes])
    }
  }
}
