/**
 * Three nodes in a line A–B–C over real TCP: gossip carries A's records through B to C and
 * into C's ranking; a partition (B down) heals by sync in both directions.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { Cluster, converged, link, type TestNode } from './cluster.js'
import { waitFor } from './helpers.js'

describe('three nodes in a line', () => {
  let cluster: Cluster
  afterEach(async () => { await cluster.close() })

  it("carries A's records through B to C by gossip, into C's ranking", async () => {
    // A long sync interval: after the first round on connect, only gossip moves records.
    cluster = new Cluster({ sync: { intervalMs: 600_000 } })
    const [a, b, c] = [await cluster.add(), await cluster.add(), await cluster.add()]
    await link(a, b)
    await link(b, c)
    await waitFor('gossip meshes', () => a.daemon.status().meshPeers === 1 && b.daemon.status().meshPeers === 2 && c.daemon.status().meshPeers === 1)
    // C trusts A; A names one item and plays three.
    await c.daemon.author.trust(a.daemon.ego, 1)
    await a.daemon.author.item('test:artist:1', 'The First')
    for (const [item, plays] of [['test:artist:1', 50], ['test:artist:2', 20], ['test:artist:3', 5]] as const) {
      await a.daemon.author.interact(item, plays)
    }
    await waitFor('C to hold A\'s 4 records', () => c.daemon.store.head(a.daemon.ego)?.seq === 4)
    expect(c.daemon.status().counters.gossip.accept).toBeGreaterThan(0)
    expect(c.daemon.status().counters.syncRecords).toBe(0)
    // B relayed (it never authored anything) and C's trust record came back to A the same way.
    expect(b.daemon.status().counters.gossip.accept).toBeGreaterThan(0)
    await waitFor('A to hold C\'s trust record', () => a.daemon.store.head(c.daemon.ego)?.seq === 1)
    const recs = c.daemon.engine.recommend(c.daemon.ego, { limit: 10, seed: 1 })
    expect(recs.map(r => r.item)).toEqual(expect.arrayContaining(['test:artist:1', 'test:artist:2', 'test:artist:3']))
    expect(c.daemon.edges.itemMeta('test:artist:1')?.title).toBe('The First')
    expect(c.daemon.engine.reputation(c.daemon.ego).some(s => s.author === a.daemon.ego && s.score > 0)).toBe(true)
  })

  // B's restart dials A and C while its libp2p starts, before its sync handler exists: A and
  // C learn that B speaks sync only from the later identify push (a peer-store update).
  it('heals a partition: with B down, A and C author; after B returns all three converge', async () => {
    cluster = new Cluster({ sync: { intervalMs: 500 } })
    const [a, b, c] = [await cluster.add(), await cluster.add(), await cluster.add()]
    await link(a, b)
    await link(b, c)
    await a.daemon.author.interact('test:item:a0', 1)
    await converged([a, b, c])
    await b.stop()
    await waitFor('A and C to notice', () => a.daemon.peers().length === 0 && c.daemon.peers().length === 0)
    for (let i = 1; i <= 30; i++) await a.daemon.author.interact(`test:item:a${i}`, i)
    for (let i = 1; i <= 20; i++) await c.daemon.author.interact(`test:item:c${i}`, i)
    expect(c.daemon.store.head(a.daemon.ego)?.seq).toBe(1)
    expect(a.daemon.store.head(c.daemon.ego)).toBeUndefined()
    await b.restart([a, c])
    const nodes: TestNode[] = [a, b, c]
    await converged(nodes)
    for (const n of nodes) {
      expect(n.daemon.store.head(a.daemon.ego)?.seq).toBe(31)
      expect(n.daemon.store.head(c.daemon.ego)?.seq).toBe(20)
    }
  })
})
