/**
 * The sync service: serves the sync protocol, and runs sessions against peers — a full
 * heads walk when a peer is identified and every `intervalMs`, and gap pulls when a
 * received record skips ahead. One session per peer at a time; requests for a peer that
 * arrive meanwhile are merged into the next one.
 */
import type { Libp2p, PeerId, PeerUpdate } from '@libp2p/interface'
import type { Logger } from 'pino'
import { MAX_RECORD_BYTES } from '../../src/index.js'
import { setTimeout as sleep } from 'node:timers/promises'
import type { NodeCounters } from '../counters.js'
import { SyncProtocolError } from '../errors.js'
import { runSyncSession, type SyncSink, type Want } from './client.js'
import type { SyncLimits } from './codec.js'
import { serveSync, type SyncSource } from './server.js'

export type { SyncSink, Want } from './client.js'
export type { SyncSource } from './server.js'

/** The sync protocol id of a namespace. */
export function syncProtocol (namespace: string): string {
  return `/meritwalk/${namespace}/sync/2.0.0`
}

/**
 * Bounds every node decodes frames against, whatever its own page size: a request may ask
 * for up to 100k records (answered with at most our page size), a frame is at most 4 MiB.
 */
export const SYNC_PROTOCOL_LIMITS: SyncLimits = {
  pageSize: 100_000,
  headsPageSize: 10_000,
  maxProofs: 64,
  maxRecordBytes: MAX_RECORD_BYTES,
  maxFrameBytes: 4 * 1024 * 1024
}

/** Heads asked for per page. */
export const HEADS_PAGE = 1000

/** Inbound and outbound sync streams allowed per connection. */
export const MAX_SYNC_STREAMS = 2
/** Wants queued per peer at most; beyond it gap pulls wait for the next full round. */
export const MAX_QUEUED_WANTS = 10_000
/** Requests one inbound stream may make before it is closed. */
export const MAX_REQUESTS_PER_STREAM = 10_000
/**
 * Pauses before retrying a session that failed without the peer breaking the protocol (a
 * timeout, a reset stream, a failed dial): a node that restarts under load or loses a
 * stream catches up in seconds rather than at the next round. A peer that broke the
 * protocol is not retried.
 */
export const RETRY_DELAYS_MS = [1000, 3000, 10_000]

export interface SyncServiceInit {
  libp2p: Pick<Libp2p, 'handle' | 'unhandle' | 'dialProtocol' | 'getPeers' | 'peerStore' | 'addEventListener' | 'removeEventListener'>
  protocol: string
  /** Records asked for per range request, and served per answer at most. */
  pageSize: number
  timeoutMs: number
  intervalMs: number
  source: SyncSource
  sink: SyncSink
  counters: NodeCounters
  log: Logger
}

interface PeerState { running: Promise<void>, walk: boolean, wants: Want[] }

/** Sync with peers; see the module comment. */
export class SyncService {
  private readonly peers = new Map<string, PeerState>()
  private readonly abort = new AbortController()
  private timer: NodeJS.Timeout | undefined
  private stopped = false

  constructor (private readonly init: SyncServiceInit) {}

  /** Peers whose identify listed our sync protocol (others are never dialled for it). */
  private readonly capable = new Set<string>()

  private readonly onIdentify = (evt: CustomEvent<{ peerId: PeerId, protocols: string[] }>): void => {
    const key = evt.detail.peerId.toString()
    // Already learned (by the start-up scan or a late announcement, below): a second
    // request would fold into a second full walk right after the first.
    if (!evt.detail.protocols.includes(this.init.protocol) || this.capable.has(key)) return
    this.capable.add(key)
    this.request(evt.detail.peerId, { walk: true })
  }

  // A peer that connected before its sync handler existed (its bootstrap and peer-book dials
  // run while libp2p starts) identified without sync; it announces sync later by identify
  // push, which updates the peer store but raises no new peer:identify. Only that case: a
  // first identify (no protocols known before) is left to onIdentify, whose later moment
  // gives the peer's gossip subscription time to arrive before the walk.
  private readonly onPeerUpdate = (evt: CustomEvent<PeerUpdate>): void => {
    const { peer, previous } = evt.detail
    const key = peer.id.toString()
    if (this.capable.has(key) || !peer.protocols.includes(this.init.protocol)) return
    if (previous === undefined || previous.protocols.length === 0 || previous.protocols.includes(this.init.protocol)) return
    if (!this.init.libp2p.getPeers().some(p => p.equals(peer.id))) return
    this.capable.add(key)
    this.request(peer.id, { walk: true })
  }

  private readonly onDisconnect = (evt: CustomEvent<PeerId>): void => {
    this.capable.delete(evt.detail.toString())
  }

  async start (): Promise<void> {
    const { libp2p, protocol, pageSize, timeoutMs, source, counters, log } = this.init
    await libp2p.handle(protocol, (stream, connection) => {
      const peer = connection.remotePeer.toString()
      void serveSync(stream, source, {
        limits: SYNC_PROTOCOL_LIMITS,
        pageSize,
        timeoutMs,
        maxRequests: MAX_REQUESTS_PER_STREAM,
        onServed: () => { counters.syncServed++ },
        onRefused: reason => {
          counters.rejected[`sync:${reason}`] = (counters.rejected[`sync:${reason}`] ?? 0) + 1
          log.debug({ peer, reason }, 'refused a sync request')
        }
      })
    // Sync runs over relayed (limited) connections too: a pair behind NATs whose hole punch
    // fails converges through the relay, within the relay's data and time limits.
    }, { maxInboundStreams: MAX_SYNC_STREAMS, maxOutboundStreams: MAX_SYNC_STREAMS, runOnLimitedConnection: true })
    libp2p.addEventListener('peer:identify', this.onIdentify)
    libp2p.addEventListener('peer:disconnect', this.onDisconnect)
    libp2p.addEventListener('peer:update', this.onPeerUpdate)
    // Peers the peer book reconnected while the node was starting were identified before
    // the listener above existed: learn from the peer store which of them speak sync.
    for (const peer of libp2p.getPeers()) {
      const known = await libp2p.peerStore.get(peer).catch(() => undefined) // a peer gone meanwhile: nothing to learn
      if (known?.protocols.includes(protocol) === true) {
        this.capable.add(peer.toString())
        this.request(peer, { walk: true })
      }
    }
    this.timer = setInterval(() => { this.syncAll() }, this.init.intervalMs)
    this.timer.unref()
  }

  /** Start a full round with every connected peer that speaks sync. */
  syncAll (): void {
    for (const peer of this.init.libp2p.getPeers()) if (this.capable.has(peer.toString())) this.request(peer, { walk: true })
  }

  /** Pull a gap (records skipped ahead of) from the peer that sent them. */
  pullGap (peer: PeerId, want: Want): void {
    this.init.counters.gapPulls++
    this.request(peer, { walk: false, wants: [want] })
  }

  /**
   * Pull `author`'s records past our head from every connected peer (over relayed
   * connections too), one session each, and
   * resolve when all have answered or failed: the number of peers that answered. The node
   * calls it for its own author before signing, so a store that lost its newest records
   * (a restore, a repair) catches up instead of forking its own log.
   */
  async catchUp (author: string, maxRecords: number): Promise<number> {
    const { libp2p, protocol, pageSize, timeoutMs, sink } = this.init
    const limits = { ...SYNC_PROTOCOL_LIMITS, pageSize, headsPageSize: HEADS_PAGE }
    // Every connected peer, not only those identified as speaking sync: a node that just
    // restarted signs before identify has finished with the peers that hold its log.
    const answered = await Promise.all(libp2p.getPeers().map(async peer => {
      try {
        const from = (sink.head(author)?.seq ?? 0) + 1
        const stream = await libp2p.dialProtocol(peer, protocol, { signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(timeoutMs)]), runOnLimitedConnection: true })
        await runSyncSession(stream, peer.toString(), sink, { limits, timeoutMs, walkHeads: false, wants: [{ author, from, to: Math.max(from, maxRecords) }], signal: this.abort.signal })
        return true
      } catch (err) {
        this.init.log.debug({ peer: peer.toString(), err: (err as Error).message }, 'own-head catch-up failed')
        return false
      }
    }))
    return answered.filter(Boolean).length
  }

  /** Resolve when no session is running (tests and benches wait on this). */
  async idle (): Promise<void> {
    while (this.peers.size > 0) await Promise.allSettled([...this.peers.values()].map(s => s.running))
  }

  async stop (): Promise<void> {
    if (this.stopped) return
    this.stopped = true
    clearInterval(this.timer)
    this.init.libp2p.removeEventListener('peer:identify', this.onIdentify)
    this.init.libp2p.removeEventListener('peer:disconnect', this.onDisconnect)
    this.init.libp2p.removeEventListener('peer:update', this.onPeerUpdate)
    this.abort.abort()
    await this.idle()
    // Stopping: libp2p may already be shutting down and have dropped the handler itself.
    await this.init.libp2p.unhandle(this.init.protocol).catch(() => {})
  }

  private request (peer: PeerId, what: { walk: boolean, wants?: Want[] }): void {
    if (this.stopped) return
    const key = peer.toString()
    const state = this.peers.get(key)
    if (state !== undefined) {
      // A session is running: fold this into the next one.
      state.walk ||= what.walk
      for (const w of what.wants ?? []) if (state.wants.length < MAX_QUEUED_WANTS) mergeWant(state.wants, w)
      return
    }
    const fresh: PeerState = { running: Promise.resolve(), walk: what.walk, wants: [...(what.wants ?? [])] }
    this.peers.set(key, fresh)
    fresh.running = this.drain(peer, key, fresh)
  }

  private async drain (peer: PeerId, key: string, state: PeerState): Promise<void> {
    const { libp2p, protocol, pageSize, timeoutMs, sink, counters, log } = this.init
    const limits = { ...SYNC_PROTOCOL_LIMITS, pageSize, headsPageSize: HEADS_PAGE }
    let failures = 0
    try {
      while (!this.stopped && (state.walk || state.wants.length > 0)) {
        const walk = state.walk
        const wants = state.wants.splice(0)
        state.walk = false
        try {
          const stream = await libp2p.dialProtocol(peer, protocol, { signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(timeoutMs)]), runOnLimitedConnection: true })
          const report = await runSyncSession(stream, key, sink, { limits, timeoutMs, walkHeads: walk, wants, signal: this.abort.signal })
          failures = 0
          if (walk) counters.syncRounds++
          if (report.accepted > 0) log.debug({ peer: key, ...report }, 'sync session')
        } catch (err) {
          counters.syncFailures++
          if (this.stopped) break
          // The error itself (with its cause chain), so a peer that keeps failing shows why;
          // a peer breaking the protocol is a warning, an unreachable or slow one news.
          const level = err instanceof SyncProtocolError ? 'warn' : 'info'
          log[level]({ peer: key, err, attempt: failures + 1 }, 'sync session failed')
          if (err instanceof SyncProtocolError || failures >= RETRY_DELAYS_MS.length) continue
          // The same work again, after a pause; anything asked meanwhile joins it.
          state.walk ||= walk
          for (const w of wants) if (state.wants.length < MAX_QUEUED_WANTS) mergeWant(state.wants, w)
          counters.syncRetries++
          // An abort (stop) ends the pause early; the loop then sees `stopped`.
          await sleep(RETRY_DELAYS_MS[failures++], undefined, { signal: this.abort.signal }).catch(() => {})
        }
      }
    } finally {
      this.peers.delete(key)
    }
  }
}

/** Add `w` to `wants`, widening a want of the same author it overlaps or touches. */
function mergeWant (wants: Want[], w: Want): void {
  const near = wants.find(x => x.author === w.author && x.from <= w.to + 1 && w.from <= x.to + 1)
  if (near === undefined) {
    wants.push({ ...w })
    return
  }
  near.from = Math.min(near.from, w.from)
  near.to = Math.max(near.to, w.to)
}
