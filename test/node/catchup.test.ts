/**
 * Durability across restarts: a node that was down while 1,000 records were authored
 * catches up by sync alone (no gossip replay) to an identical record set; a node stopped
 * while records stream in keeps every record it acknowledged.
 */
import { rm } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { RecordStore, type Body } from '../../src/index.js'
import { dataPaths } from '../../src/config.js'
import { Cluster, converged, link } from './cluster.js'
import { waitFor } from './helpers.js'

const plays = (n: number, from = 0): Body[] =>
  Array.from({ length: n }, (_, i) => ({ kind: 'interact', item: `test:track:${(from + i) % 300}`, weight: from + i + 1 }))

describe('catch-up and durability', () => {
  let cluster: Cluster
  afterEach(async () => { await cluster.close() })

  it('a node down while 1,000 records were authored catches up by sync to the same digest', async () => {
    cluster = new Cluster({ sync: { intervalMs: 600_000, pageSize: 200 } })
    const [a, b] = [await cluster.add(), await cluster.add()]
    await link(a, b)
    await waitFor('gossip mesh', () => a.daemon.status().meshPeers === 1 && b.daemon.status().meshPeers === 1)
    await a.daemon.author.interact('test:track:first', 1)
    await converged([a, b])
    await b.stop()
    for (let i = 0; i < 1000; i += 100) await a.daemon.author.append(plays(100, i), { oneRecordEach: true })
    expect(a.daemon.store.count()).toBe(1001)
    // A restarts too: its gossip message cache starts empty, so nothing of this can reach B
    // as gossip (IHAVE/IWANT) when it returns: only sync can bring it. (Waiting for the
    // cache to expire would be a guess at heartbeat timing on a loaded machine.)
    await a.stop()
    await a.restart()
    await b.restart([a])
    // 1,000 signatures verified in pages of 200: allow for a loaded machine.
    const digest = await converged([a, b], 60_000)
    expect(digest).toBe(await a.daemon.store.digest())
    const s = b.daemon.status()
    expect(s.records).toBe(1001)
    // Everything came by sync, in pages of 200; gossip delivered nothing (no replay).
    expect(s.counters.syncRecords).toBe(1000)
    expect(s.counters.gossip.accept).toBe(0)
    // The restarted node rebuilt its ranking index and applied what sync brought.
    expect(b.daemon.edges.interactions(a.daemon.ego).size).toBe(301)
  }, 120_000)

  it('a node stopped while records stream in keeps every record it acknowledged', async () => {
    cluster = new Cluster({ sync: { intervalMs: 600_000 } })
    const [a, b] = [await cluster.add(), await cluster.add()]
    await link(a, b)
    await waitFor('gossip mesh', () => a.daemon.status().meshPeers === 1 && b.daemon.status().meshPeers === 1)
    const acked = new Set<number>()
    b.daemon.store.onAccepted(records => { for (const r of records) if (r.author === a.daemon.ego) acked.add(r.seq) })
    // A authors in a background loop; B is stopped partway through the stream.
    let authoring = true
    const writer = (async () => {
      for (let i = 0; authoring && i < 3000; i += 20) await a.daemon.author.append(plays(20, i), { oneRecordEach: true })
    })()
    await waitFor('B to acknowledge some records', () => acked.size >= 200)
    await b.stop()
    authoring = false
    await writer
    expect(acked.size).toBeGreaterThanOrEqual(200)
    const store = await RecordStore.open(dataPaths(b.dir).store)
    try {
      const head = store.head(a.daemon.ego)?.seq ?? 0
      for (const seq of acked) expect(seq).toBeLessThanOrEqual(head)
      const stored = await store.range(a.daemon.ego, 1, head)
      expect(stored.map(r => r.seq)).toEqual(Array.from({ length: head }, (_, i) => i + 1))
    } finally {
      await store.close()
    }
  })
})

describe('own head before authoring (issue #17)', () => {
  let cluster: Cluster
  afterEach(async () => { await cluster.close() })

  it('a node that lost its store catches its own log up from a peer before it signs: no self-fork', async () => {
    cluster = new Cluster({ sync: { intervalMs: 600_000 } })
    const [a, b] = [await cluster.add(), await cluster.add()]
    await link(a, b)
    // With no sync round for ten minutes, the plays reach B by gossip: B must be subscribed.
    await waitFor('gossip mesh', () => a.daemon.status().meshPeers === 1 && b.daemon.status().meshPeers === 1)
    await a.daemon.author.append(plays(5), { oneRecordEach: true })
    await converged([a, b])
    await a.stop()
    // The store is gone (a lost disk, a restore of the key alone); the identity is kept.
    await rm(dataPaths(a.dir).store, { recursive: true })
    await a.restart()
    expect(a.daemon.store.count()).toBe(0)
    await a.daemon.connect(b.daemon.multiaddrs()[0])
    const next = await a.daemon.author.interact('test:track:after', 1)
    expect(next.seq).toBe(6)
    expect(a.daemon.store.count()).toBe(6)
    await converged([a, b])
    expect(b.daemon.store.isFlagged(a.daemon.ego)).toBe(false)
    expect(b.daemon.store.head(a.daemon.ego)?.seq).toBe(6)
  })
})
