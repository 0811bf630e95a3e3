/**
 * Trust-scoped replication (node/scope.ts) between real daemons: a source node holds two
 * trust regions; a scoped node whose person trusts into one region stores and pulls that
 * region only, ranks like full replication would, drops gossip from outside unstored, and
 * pulls the other region once its person trusts into it.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine } from '../../graph/index.js'
import type { Identity, SignedRecord } from '../../src/index.js'
import { Cluster, link } from './cluster.js'
import { chain, identityN, waitFor } from './helpers.js'

/** A region: `size` authors, each trusting the next (a ring), each playing its region's items. */
function region (name: string, first: number, size: number): { ids: Identity[], records: SignedRecord[] } {
  const ids = Array.from({ length: size }, (_, i) => identityN(first + i))
  const records = ids.flatMap((id, i) => chain(id, 4, {
    ts: Date.now() - 60_000,
    body: seq => seq === 1
      ? { kind: 'trust', target: ids[(i + 1) % size].author, weight: 1 }
      : { kind: 'interact', item: `test:${name}:${(i + seq) % 6}`, weight: 10 * seq + i }
  }))
  return { ids, records }
}

describe('trust-scoped replication', () => {
  let cluster: Cluster
  afterEach(async () => { await cluster.close() })

  it('stores and pulls only the trust region it reaches, ranks as full replication, and follows a new trust', async () => {
    cluster = new Cluster({ walks: 4000 })
    const near = region('near', 40, 5)
    const far = region('far', 60, 5)
    const source = await cluster.add({ replication: { scope: 'all' } })
    const scoped = await cluster.add({ replication: { scope: 'horizon', epsilon: 1e-3 } })
    await source.daemon.store.append([...near.records, ...far.records])
    await scoped.daemon.author.trust(near.ids[0].author)
    await scoped.daemon.author.interact('test:near:1', 5)
    await link(scoped, source)

    const nearHeads = (): boolean => near.ids.every(id => scoped.daemon.store.head(id.author)?.seq === 4)
    await waitFor('the near region to arrive', nearHeads, 30_000)
    await scoped.daemon.syncNow()
    for (const id of far.ids) expect(scoped.daemon.store.head(id.author)).toBeUndefined()
    // Never pulled: nothing of the far region reached ingest to be dropped there.
    expect(scoped.daemon.status().counters.outOfScope).toBe(0)

    // Full replication's ranking for the same ego, from every record the network holds.
    const all = [...near.records, ...far.records]
    for await (const r of scoped.daemon.store.records()) if (r.author === scoped.daemon.ego) all.push(r)
    const full = createEngine({ walks: 4000 })
    for (const r of all) {
      if (r.body.kind === 'trust') full.setTrust(r.author, r.body.target, r.body.weight, r.ts)
      if (r.body.kind === 'interact') full.setInteraction(r.author, r.body.item, r.body.weight, r.ts)
    }
    const top = (items: Array<{ item: string }>): string[] => items.map(r => r.item).sort()
    const scopedTop = top(scoped.daemon.engine.recommend(scoped.daemon.ego, { limit: 5 }))
    expect(scopedTop.length).toBeGreaterThan(0)
    expect(scopedTop).toEqual(top(full.recommend(scoped.daemon.ego, { limit: 5 })))

    // Gossip from outside the horizon (the source's own records: nobody here trusts it) is
    // dropped before its signatures are checked, and not stored.
    await waitFor('the gossip mesh to form', () => scoped.daemon.status().meshPeers > 0, 30_000)
    await source.daemon.author.interact('test:source:1', 1)
    await waitFor('the source record to reach the scoped node', () => scoped.daemon.status().counters.outOfScope > 0, 30_000)
    expect(scoped.daemon.store.head(source.daemon.ego)).toBeUndefined()

    // The person trusts into the far region: it enters the horizon and is pulled.
    await scoped.daemon.author.trust(far.ids[0].author)
    await waitFor('the far region to be pulled', () => far.ids.every(id => scoped.daemon.store.head(id.author)?.seq === 4), 30_000)
  }, 90_000)
})
