/**
 * The sync protocol on real nodes: paged heads across more authors than one page holds,
 * forks found and proven by sync alone, and bounded work for hostile requesters (bad
 * frames, oversized lengths, huge ranges, stalled streams).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { lpStream } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import { encode } from 'cborg'
import { createHost, type Host } from '../../node/host.js'
import { serveSync } from '../../node/sync/server.js'
import { encodeGossipBatch } from '../../node/gossip/codec.js'
import { MAX_RECORD_BYTES, type SignedRecord } from '../../src/index.js'
import type { Stream } from '@libp2p/interface'
import { SYNC_PROTOCOL_LIMITS, syncProtocol, decodeSyncResponse, encodeSyncFrame, gossipTopic, type SyncResponse } from '../../node/index.js'
import { HEADS_PAGE } from '../../node/sync/index.js'
import { Cluster, converged, link, type TestNode } from './cluster.js'
import { chain, identityN, waitFor } from './helpers.js'

const protocol = syncProtocol('main')

async function rawPeer (): Promise<Host> {
  const host = await createHost({ privateKey: await generateKeyPair('Ed25519'), listen: ['/ip4/127.0.0.1/tcp/0'], bootstrap: [], topic: gossipTopic('main'), maxMessageBytes: 1024 * 1024 })
  await host.start()
  return host
}

/** Answer one sync stream from `records`, advertising `heads`. */
function serveRecords (stream: Stream, records: SignedRecord[], heads: Map<string, { seq: number, hash: Uint8Array }>): void {
  void serveSync(stream, {
    headsAfter: (after, limit) => [...heads].filter(([a]) => after === null || a > after).sort(([a], [b]) => a < b ? -1 : 1).slice(0, limit),
    range: async (author, from, limit) => records.filter(r => r.author === author && r.seq >= from && r.seq < from + limit),
    isFlagged: () => false,
    proofs: async () => []
  }, { limits: SYNC_PROTOCOL_LIMITS, pageSize: 1000, timeoutMs: 5000, maxRequests: 100 })
}

async function ask (host: Host, node: TestNode, frames: Uint8Array[]): Promise<SyncResponse[]> {
  const stream = await host.dialProtocol(multiaddr(node.daemon.multiaddrs()[0]), protocol)
  const lp = lpStream(stream, { maxDataLength: SYNC_PROTOCOL_LIMITS.maxFrameBytes })
  const out: SyncResponse[] = []
  for (const f of frames) {
    await lp.write(f)
    out.push(decodeSyncResponse((await lp.read({ signal: AbortSignal.timeout(5000) })).subarray(), SYNC_PROTOCOL_LIMITS))
  }
  await stream.close()
  return out
}

describe('sync protocol', () => {
  let cluster: Cluster
  const hosts: Host[] = []
  afterEach(async () => {
    for (const h of hosts.splice(0)) await h.stop()
    await cluster.close()
  })

  it('pages through more authors than one heads page holds', async () => {
    cluster = new Cluster({ sync: { intervalMs: 600_000 } })
    const [a, b] = [await cluster.add(), await cluster.add()]
    const records = Array.from({ length: HEADS_PAGE + 50 }, (_, i) => chain(identityN(1000 + i), 1)).flat()
    for (let i = 0; i < records.length; i += 500) await a.daemon.store.append(records.slice(i, i + 500))
    await link(a, b)
    await converged([a, b])
    expect(b.daemon.status().authors).toBe(HEADS_PAGE + 50)
    expect(b.daemon.status().counters.syncRecords).toBe(records.length)
  })

  it('finds and proves a fork by sync alone (no gossip)', async () => {
    cluster = new Cluster({ sync: { intervalMs: 600_000 } })
    const [a, b] = [await cluster.add(), await cluster.add()]
    const cheat = identityN(42)
    const main = chain(cheat, 3)
    const fork = chain(cheat, 2, { prev: main[1], body: seq => ({ kind: 'interact', item: `test:fork:${seq}`, weight: 9 }) })
    await a.daemon.store.append(main)
    await b.daemon.store.append([main[0], main[1], ...fork])
    expect(b.daemon.store.head(cheat.author)?.seq).toBe(4)
    await link(a, b)
    // The session starts once identify has shown the peer speaks sync, which under load can
    // come after `link`: wait for its outcome rather than for one round.
    await waitFor('both nodes to prove the fork', () => a.daemon.store.isFlagged(cheat.author) && b.daemon.store.isFlagged(cheat.author))
    for (const n of [a, b]) {
      const [proof] = await n.daemon.store.equivocations(cheat.author)
      expect(proof.seq).toBe(3)
    }
  })

  it('a gossiped record that skips ahead makes the node pull the gap from its sender', async () => {
    cluster = new Cluster({ sync: { intervalMs: 600_000 } })
    const b = await cluster.add()
    const x = identityN(12)
    const records = chain(x, 6)
    // The sender advertises no heads (so no full round finds the records) but serves ranges.
    const m = await rawPeer()
    hosts.push(m)
    await m.handle(protocol, stream => {
      serveRecords(stream, records, new Map())
    })
    m.services.pubsub.subscribe(gossipTopic('main'))
    await m.dial(multiaddr(b.daemon.multiaddrs()[0]))
    await waitFor('B subscribed', () => m.services.pubsub.getSubscribers(gossipTopic('main')).length === 1)
    await m.services.pubsub.publish(gossipTopic('main'), encodeGossipBatch(records.slice(3).map(r => r.bytes), { maxBatchRecords: 256, maxMessageBytes: 1 << 18, maxRecordBytes: MAX_RECORD_BYTES }))
    await waitFor('B to fill the gap', () => b.daemon.store.head(x.author)?.seq === 6)
    const s = b.daemon.status()
    expect(s.counters.gapPulls).toBeGreaterThanOrEqual(1)
    expect(s.counters.syncRecords).toBeGreaterThanOrEqual(3)
    expect(s.pending).toBe(0)
  })

  it('retries a session that failed without the peer breaking the protocol', async () => {
    cluster = new Cluster({ sync: { intervalMs: 600_000 } })
    const b = await cluster.add()
    const x = identityN(13)
    const records = chain(x, 5)
    // A peer whose first sync stream is reset (a transient failure), then served properly.
    const m = await rawPeer()
    hosts.push(m)
    let streams = 0
    await m.handle(protocol, stream => {
      if (streams++ === 0) {
        stream.abort(new Error('transient'))
        return
      }
      serveRecords(stream, records, new Map([[x.author, { seq: 5, hash: records[4].hash }]]))
    })
    await m.dial(multiaddr(b.daemon.multiaddrs()[0]))
    // The round after identify fails; without a retry the next would come in 10 minutes.
    await waitFor('B to hold the records after a retry', () => b.daemon.store.head(x.author)?.seq === 5)
    const s = b.daemon.status()
    expect(streams).toBeGreaterThanOrEqual(2)
    expect(s.counters.syncFailures).toBeGreaterThanOrEqual(1)
    expect(s.counters.syncRetries).toBeGreaterThanOrEqual(1)
  })

  it('answers hostile requests with bounded work and typed refusals', async () => {
    cluster = new Cluster({ sync: { pageSize: 50, timeoutMs: 1000, intervalMs: 600_000 } })
    const b = await cluster.add()
    const who = identityN(3)
    await b.daemon.store.append(chain(who, 120))
    const m = await rawPeer()
    hosts.push(m)
    const L = SYNC_PROTOCOL_LIMITS
    // A huge range is served as one page of this node's size, not the 100k asked for.
    const [page] = await ask(m, b, [encodeSyncFrame({ t: 'range', want: [{ author: who.author, from: 1, limit: 100_000 }] }, L)])
    expect(page.t === 'records' && page.records.length).toBe(50)
    // Junk and out-of-bounds frames get an error frame naming the reason, then the stream ends.
    const refusals = [
      encode({ t: 'range', want: [[who.author, 1, 100_001]] }),
      encode({ t: 'nope' }),
      Uint8Array.from([1, 2, 3])
    ]
    for (const frame of refusals) {
      const [res] = await ask(m, b, [frame])
      expect(res.t).toBe('error')
    }
    expect(b.daemon.status().counters.rejected).toMatchObject({ 'sync:too-many': 1, 'sync:unknown-type': 1, 'sync:not-map': 1 })
    // A length prefix beyond the frame limit: the stream is dropped before any buffering.
    const big = await m.dialProtocol(multiaddr(b.daemon.multiaddrs()[0]), protocol)
    const varint = Uint8Array.from([0x80, 0x80, 0x80, 0x10]) // 32 MiB
    big.send(varint)
    await expect(lpStream(big).read({ signal: AbortSignal.timeout(5000) })).rejects.toThrow()
    // A stalled requester is cut off after the read deadline (1 s here).
    const stalled = await m.dialProtocol(multiaddr(b.daemon.multiaddrs()[0]), protocol)
    const t0 = Date.now()
    await expect(lpStream(stalled).read({ signal: AbortSignal.timeout(5000) })).rejects.toThrow()
    expect(Date.now() - t0).toBeLessThan(4000)
    // Honest sync still works afterwards.
    const c = await cluster.add()
    await link(b, c)
    await converged([b, c])
    expect(c.daemon.store.head(who.author)?.seq).toBe(120)
  })
})
