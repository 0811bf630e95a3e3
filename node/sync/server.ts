/**
 * The answering side of sync: one stream carries a sequence of request/response frames.
 * Every read has a deadline, every answer is bounded (heads page, records page, frame
 * bytes), and a stream serves a bounded number of requests, so a peer cannot make this
 * node do unbounded work or hold a stream open forever.
 */
import { lpStream } from '@libp2p/utils'
import type { Stream } from '@libp2p/interface'
import type { SignedRecord } from '../../src/index.js'
import { reasonOf } from '../gossip/validator.js'
import { decodeSyncRequest, encodeSyncFrame, type SyncLimits, type SyncRequest, type SyncResponse } from './codec.js'

/** What the server reads: the store, seen through the few calls sync needs. */
export interface SyncSource {
  /** Up to `limit` heads of the authors after `after` in author order, at a cost of O(limit). */
  headsAfter (after: string | null, limit: number): Array<[string, { seq: number, hash: Uint8Array }]>
  range (author: string, fromSeq: number, limit: number): Promise<SignedRecord[]>
  isFlagged (author: string): boolean
  /** Equivocation proofs of one author, as pairs of record encodings. */
  proofs (author: string, limit: number): Promise<Array<[Uint8Array, Uint8Array]>>
}

export interface ServeOptions {
  /** Bounds requests are decoded against (the protocol's, not this node's page size). */
  limits: SyncLimits
  /** Records served per range request at most (this node's page size). */
  pageSize: number
  /** Deadline for each read and write, ms. */
  timeoutMs: number
  /** Requests served on one stream before it is closed. */
  maxRequests: number
  /** Called after each answered request (for counters). */
  onServed?: (req: SyncRequest) => void
  /** Called when a request is refused, with its reason code. */
  onRefused?: (reason: string) => void
}

// Room for the CBOR around the records of one response frame.
const FRAME_OVERHEAD = 64

/** Serve sync requests on `stream` until the peer closes it, a limit is hit, or it errs. */
export async function serveSync (stream: Stream, source: SyncSource, opts: ServeOptions): Promise<void> {
  const lp = lpStream(stream, { maxDataLength: opts.limits.maxFrameBytes })
  try {
    for (let n = 0; n < opts.maxRequests; n++) {
      let frame
      try {
        frame = await lp.read({ signal: AbortSignal.timeout(opts.timeoutMs) })
      } catch (err) {
        // The peer closed its side between requests: the session is over.
        if ((err as Error).name === 'UnexpectedEOFError' && stream.readBufferLength === 0) break
        throw err
      }
      let response: SyncResponse
      let request: SyncRequest | undefined
      try {
        request = decodeSyncRequest(frame.subarray(), opts.limits)
        response = await answer(request, source, opts)
      } catch (err) {
        const reason = reasonOf(err)
        opts.onRefused?.(reason)
        await lp.write(encodeSyncFrame({ t: 'error', code: reason, message: (err as Error).message.slice(0, 200) }, opts.limits), { signal: AbortSignal.timeout(opts.timeoutMs) })
        break
      }
      await lp.write(encodeSyncFrame(response, opts.limits), { signal: AbortSignal.timeout(opts.timeoutMs) })
      opts.onServed?.(request)
    }
    await stream.close({ signal: AbortSignal.timeout(opts.timeoutMs) })
  } catch (err) {
    stream.abort(err as Error)
  }
}

async function answer (req: SyncRequest, source: SyncSource, opts: ServeOptions): Promise<SyncResponse> {
  switch (req.t) {
    case 'heads': return answerHeads(req.after, req.limit, source)
    case 'range': return { t: 'records', records: await readRanges(req.want, source, opts.pageSize, opts.limits.maxFrameBytes) }
    case 'proofs': return { t: 'proofs', proofs: await source.proofs(req.author, opts.limits.maxProofs) }
  }
}

// The cursor is the last author of the previous page: a walk costs O(page) per request
// whatever the number of authors, and an author added behind the cursor joins the next walk.
function answerHeads (after: string | null, limit: number, source: SyncSource): SyncResponse {
  const page = source.headsAfter(after, limit + 1)
  const heads = page.slice(0, limit).map(([author, h]) => ({ author, seq: h.seq, hash: h.hash, flagged: source.isFlagged(author) }))
  return { t: 'heads', heads, more: page.length > limit }
}

async function readRanges (want: Array<{ author: string, from: number, limit: number }>, source: SyncSource, pageSize: number, maxFrameBytes: number): Promise<Uint8Array[]> {
  const out: Uint8Array[] = []
  let bytes = FRAME_OVERHEAD
  for (const w of want) {
    if (out.length >= pageSize) break
    for (const r of await source.range(w.author, w.from, Math.min(w.limit, pageSize - out.length))) {
      // Cut at the frame budget; the client asks again from where this page ended.
      if (bytes + r.bytes.length + 5 > maxFrameBytes) return out
      out.push(r.bytes)
      bytes += r.bytes.length + 5
    }
  }
  return out
}
