/**
 * Ten nodes on a random connected topology (a seeded random tree plus a few extra links)
 * each author records while the network forms; every node ends with the same record set.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createRng } from '../../graph/index.js'
import { Cluster, converged, link, type TestNode } from './cluster.js'

describe('ten-node network', () => {
  let cluster: Cluster
  afterEach(async () => { await cluster.close() })

  it('converges on a random topology', async () => {
    cluster = new Cluster({ sync: { intervalMs: 1000 } })
    const nodes: TestNode[] = []
    for (let i = 0; i < 10; i++) nodes.push(await cluster.add())
    const rng = createRng(10)
    const edges = new Set<string>()
    // Random tree: node i links to a random earlier node, so the graph is connected.
    for (let i = 1; i < 10; i++) edges.add(`${rng.int(i)}-${i}`)
    while (edges.size < 13) {
      const x = rng.int(10)
      const y = rng.int(10)
      if (x !== y) edges.add(`${Math.min(x, y)}-${Math.max(x, y)}`)
    }
    // Half the records are authored before the links exist (sync must carry them), half
    // after (gossip carries most of them).
    await Promise.all(nodes.map(async (n, i) => { await n.daemon.author.interact(`test:item:${i}`, 1) }))
    await Promise.all([...edges].map(async e => {
      const [x, y] = e.split('-').map(Number)
      await link(nodes[x], nodes[y])
    }))
    for (let round = 0; round < 5; round++) {
      await Promise.all(nodes.map(async (n, i) => { await n.daemon.author.interact(`test:item:${(i + round) % 10}`, round + 2) }))
    }
    await converged(nodes, 60_000)
    for (const n of nodes) {
      expect(n.daemon.status().records).toBe(60)
      expect(n.daemon.status().authors).toBe(10)
    }
  })
})
