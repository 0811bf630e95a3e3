/**
 * The asking side of sync, one session on one stream: walk the peer's heads page by page,
 * compare each with ours, and pull what we lack in bounded pages; ask for the proofs of
 * authors the peer knows to equivocate. A gap pull skips the heads walk and pulls one
 * author's missing range. Each response must make progress, or that want is dropped, so a
 * peer that advertises more than it serves cannot keep us asking.
 */
import { lpStream, type LengthPrefixedStream } from '@libp2p/utils'
import type { Stream } from '@libp2p/interface'
import type { SignedRecord } from '../../src/index.js'
import { SyncProtocolError } from '../errors.js'
import { decodeSyncResponse, encodeSyncFrame, type HeadEntry, type RangeWant, type SyncLimits, type SyncRequest, type SyncResponse } from './codec.js'

/** A stretch of one author's log we want: seqs from..to inclusive. */
export interface Want { author: string, from: number, to: number }

/** What the client needs of the local node. */
export interface SyncSink {
  head (author: string): { seq: number, hash: Uint8Array } | undefined
  /** Whether this node replicates `author` (trust-scoped replication); heads of others are skipped. @default everyone */
  wants?: (author: string) => boolean
  /** Hash of our record (author, seq), if we have it. */
  hashAt (author: string, seq: number): Promise<Uint8Array | undefined>
  isFlagged (author: string): boolean
  /** Decode, verify and store records from `peer`; throws on any invalid record. `refused`: authors the store turned away (quota, fork). */
  ingest (peer: string, records: Uint8Array[]): Promise<{ records: SignedRecord[], accepted: number, refused: Set<string> }>
}

export interface SessionOptions {
  limits: SyncLimits
  timeoutMs: number
  /** Walk the peer's heads (a full round) or only pull `wants`. */
  walkHeads: boolean
  wants?: Want[]
  /** Aborts the session (the node is stopping). */
  signal?: AbortSignal
  /** Requests one session may make; a peer that keeps advertising more is cut off here. @default SESSION_MAX_REQUESTS */
  maxRequests?: number
}

/**
 * A session's request budget. Each request is bounded (one page), so this bounds the whole
 * session, and honest progress is never lost: the next round resumes from our new heads.
 * 2,000 pages is 2M records or 2,000 heads pages in one session.
 */
export const SESSION_MAX_REQUESTS = 2000

/** What one session did. */
export interface SessionReport { requests: number, received: number, accepted: number, proofs: number }

/** Run one sync session over `stream`, then close it. */
export async function runSyncSession (stream: Stream, peer: string, sink: SyncSink, opts: SessionOptions): Promise<SessionReport> {
  const session = new Session(lpStream(stream, { maxDataLength: opts.limits.maxFrameBytes }), peer, sink, opts)
  try {
    await session.run()
    await stream.close({ signal: session.deadline() })
  } catch (err) {
    stream.abort(err as Error)
    throw err
  }
  return session.report
}

class Session {
  readonly report: SessionReport = { requests: 0, received: 0, accepted: 0, proofs: 0 }
  private readonly wants: Want[] = []

  constructor (private readonly lp: LengthPrefixedStream, private readonly peer: string,
    private readonly sink: SyncSink, private readonly opts: SessionOptions) {
    this.wants.push(...(opts.wants ?? []))
  }

  async run (): Promise<void> {
    await this.pull()
    if (!this.opts.walkHeads) return
    let after: string | null = null
    while (true) {
      const res = await this.request({ t: 'heads', after, limit: this.opts.limits.headsPageSize })
      if (res.t !== 'heads') throw this.fail('unexpected-response', `answered heads with ${res.t}`)
      const flagged: string[] = []
      for (const h of res.heads) {
        if (after !== null && h.author <= after) throw this.fail('unordered-heads', 'heads page out of order')
        after = h.author
        await this.compare(h)
        if (h.flagged && !this.sink.isFlagged(h.author)) flagged.push(h.author)
      }
      // Pull after every page: memory stays bounded by one page of wants.
      await this.pull()
      for (const author of flagged) await this.pullProofs(author)
      if (!res.more || res.heads.length === 0) break
    }
  }

  /** Turn a remote head into wants: records past our head, or the record where we differ. */
  private async compare (h: HeadEntry): Promise<void> {
    if (this.sink.wants?.(h.author) === false) return
    const local = this.sink.head(h.author)
    if (local === undefined || h.seq > local.seq) {
      this.wants.push({ author: h.author, from: (local?.seq ?? 0) + 1, to: h.seq })
      return
    }
    const ours = h.seq === local.seq ? local.hash : await this.sink.hashAt(h.author, h.seq)
    // A different record at the same seq is a fork: fetching it lets our store prove it.
    if (ours !== undefined && !equalBytes(ours, h.hash)) this.wants.push({ author: h.author, from: h.seq, to: h.seq })
  }

  /** Pull every queued want, page by page. */
  private async pull (): Promise<void> {
    const { pageSize } = this.opts.limits
    while (this.wants.length > 0) {
      const batch: Want[] = []
      const want: RangeWant[] = []
      let budget = pageSize
      for (const w of this.wants) {
        if (budget === 0) break
        const limit = Math.min(budget, w.to - w.from + 1)
        batch.push(w)
        want.push({ author: w.author, from: w.from, limit })
        budget -= limit
      }
      const res = await this.request({ t: 'range', want })
      if (res.t !== 'records') throw this.fail('unexpected-response', `answered range with ${res.t}`)
      const got = res.records.length === 0 ? { records: [], accepted: 0, refused: new Set<string>() } : await this.sink.ingest(this.peer, res.records)
      this.report.received += got.records.length
      this.report.accepted += got.accepted
      this.advance(batch, want, got.records, got.refused)
    }
  }

  /** Move each want past what arrived; drop wants the peer did not serve or we refused. */
  private advance (batch: Want[], want: RangeWant[], records: SignedRecord[], refused: Set<string>): void {
    const seqs = new Map<string, number[]>()
    for (const r of records) {
      const l = seqs.get(r.author)
      if (l === undefined) seqs.set(r.author, [r.seq])
      else l.push(r.seq)
    }
    const top = want.map(w => {
      let max = 0
      for (const seq of seqs.get(w.author) ?? []) if (seq >= w.from && seq < w.from + w.limit && seq > max) max = seq
      return max
    })
    const lastServed = top.findLastIndex(max => max > 0)
    const done = new Set<Want>()
    batch.forEach((w, i) => {
      if (top[i] > 0) w.from = top[i] + 1
      // Nothing of this want while later ones were served (or nothing at all): the peer
      // does not have it. A want after the last one served was only cut by the frame budget.
      const unserved = top[i] === 0 && (records.length === 0 || i < lastServed)
      if (w.from > w.to || unserved || refused.has(w.author)) done.add(w)
    })
    for (let i = this.wants.length - 1; i >= 0; i--) if (done.has(this.wants[i])) this.wants.splice(i, 1)
  }

  private async pullProofs (author: string): Promise<void> {
    const res = await this.request({ t: 'proofs', author })
    if (res.t !== 'proofs') throw this.fail('unexpected-response', `answered proofs with ${res.t}`)
    for (const [a, b] of res.proofs) {
      const got = await this.sink.ingest(this.peer, [a, b])
      this.report.proofs++
      this.report.accepted += got.accepted
    }
  }

  /** A signal for one read or write: its deadline, or the session's abort. */
  deadline (): AbortSignal {
    const timeout = AbortSignal.timeout(this.opts.timeoutMs)
    return this.opts.signal === undefined ? timeout : AbortSignal.any([timeout, this.opts.signal])
  }

  private async request (req: SyncRequest): Promise<SyncResponse> {
    const { limits } = this.opts
    const max = this.opts.maxRequests ?? SESSION_MAX_REQUESTS
    if (this.report.requests >= max) throw this.fail('session-budget', `session used its ${max} requests; the rest waits for the next round`)
    this.report.requests++
    await this.lp.write(encodeSyncFrame(req, limits), { signal: this.deadline() })
    const frame = await this.lp.read({ signal: this.deadline() })
    const res = decodeSyncResponse(frame.subarray(), limits)
    if (res.t === 'error') throw this.fail(res.code, `peer refused: ${res.message}`)
    return res
  }

  private fail (reason: string, message: string): SyncProtocolError {
    return new SyncProtocolError(this.peer, reason, message)
  }
}

function equalBytes (a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
