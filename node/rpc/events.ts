/**
 * The daemon's live feed for the web UI, as server-sent events (`GET /events`): the
 * node's status (with its storage budget), its peers, and a `records` event whenever
 * records reach the store (so the page re-ranks). The browser never polls; the daemon
 * looks at its own in-memory state once a second and pushes only what changed, and
 * forwards store appends at most once per `recordsEveryMs`.
 */
import type { ServerResponse } from 'node:http'
import type { RpcDaemon } from './daemon.js'
import { jsonReplacer } from './server.js'

/** `status` event data: node.status plus what the node page shows beside it. */
export interface StatusEvent extends ReturnType<RpcDaemon['status']> {
  graph: ReturnType<RpcDaemon['engine']['stats']>
  /** The store's limits (config `store`), for the storage budget bar. */
  budget: { maxTotalRecords: number, maxRecordsPerAuthor: number }
  /** When the daemon took this snapshot (ms since the epoch), so rates need no client clock. */
  at: number
}

/** `records` event data: records newly stored since the last event. */
export interface RecordsEvent { added: number, own: number, total: number }

export interface UiEvents {
  status: StatusEvent
  peers: ReturnType<RpcDaemon['peers']>
  records: RecordsEvent
}

export interface EventHub {
  /** Stream events to a response until the client goes away. */
  attach (res: ServerResponse): void
  close (): void
}

export function createEventHub (daemon: RpcDaemon, opts: { tickMs?: number, recordsEveryMs?: number } = {}): EventHub {
  const tickMs = opts.tickMs ?? 1000
  const recordsEveryMs = opts.recordsEveryMs ?? 500
  const clients = new Set<ServerResponse>()
  let lastStatus = ''
  let lastPeers = ''
  let pending: RecordsEvent | undefined
  let flushTimer: NodeJS.Timeout | undefined

  const snapshot = (): StatusEvent => ({
    ...daemon.status(),
    graph: daemon.engine.stats(),
    budget: { maxTotalRecords: daemon.config.store.maxTotalRecords, maxRecordsPerAuthor: daemon.config.store.maxRecordsPerAuthor },
    at: Date.now()
  })

  function write<K extends keyof UiEvents> (to: Iterable<ServerResponse>, event: K, data: UiEvents[K]): void {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data, jsonReplacer)}\n\n`
    for (const res of to) res.write(frame)
  }

  /** What changed besides the clock: uptime and the snapshot time always move. */
  function tick (): void {
    if (clients.size === 0) return
    const status = snapshot()
    const key = JSON.stringify({ ...status, uptimeMs: 0, at: 0 }, jsonReplacer)
    if (key !== lastStatus) {
      lastStatus = key
      write(clients, 'status', status)
    }
    const peers = daemon.peers()
    const peersKey = JSON.stringify(peers)
    if (peersKey !== lastPeers) {
      lastPeers = peersKey
      write(clients, 'peers', peers)
    }
  }

  function flush (): void {
    flushTimer = undefined
    if (pending === undefined) return
    write(clients, 'records', pending)
    pending = undefined
  }

  const unhook = daemon.store.onAppend(result => {
    if (result.accepted.length === 0 || clients.size === 0) return
    pending ??= { added: 0, own: 0, total: 0 }
    pending.added += result.accepted.length
    pending.own += result.accepted.filter(r => r.author === daemon.ego).length
    pending.total = daemon.store.count()
    flushTimer ??= setTimeout(flush, recordsEveryMs)
  })
  const ticker = setInterval(tick, tickMs)
  ticker.unref()

  return {
    attach (res) {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' })
      // A client that lost the stream reconnects after this long (EventSource's `retry`).
      res.write('retry: 2000\n\n')
      write([res], 'status', snapshot())
      write([res], 'peers', daemon.peers())
      clients.add(res)
      res.on('close', () => clients.delete(res))
    },
    close () {
      clearInterval(ticker)
      if (flushTimer !== undefined) clearTimeout(flushTimer)
      unhook()
      for (const res of clients) res.end()
      clients.clear()
    }
  }
}
