/**
 * A flood of 10,000 fresh identities against a real daemon: each signs records (trust in
 * other fresh ids, plays of spam items, some ahead of a gap) that a hostile peer gossips
 * to the victim in full batches, while honest peers keep publishing. The store stays
 * within its configured total, pending records within theirs, disk and memory within
 * bounds derived from those budgets, every record of an author the ego trusts is kept,
 * and spam stays out of the ego's recommendations. Latency under flood: bench/hardening.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { multiaddr } from '@multiformats/multiaddr'
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { dataPaths } from '../../src/config.js'
import { identityFromSeed, MAX_RECORD_BYTES } from '../../src/index.js'
import { createHost, type Host } from '../../node/host.js'
import { encodeGossipBatch, gossipTopic } from '../../node/index.js'
import { Cluster, converged, link, type TestNode } from '../node/cluster.js'
import { waitFor } from '../node/helpers.js'
import { liveBytes, signAs, signedChain, throwaways } from './helpers.js'

const FLOOD = 10_000
const BUDGET = 2500
const topic = gossipTopic('main')
const limits = { maxBatchRecords: 256, maxMessageBytes: 256 * 1024, maxRecordBytes: MAX_RECORD_BYTES }

async function du (dir: string): Promise<number> {
  let n = 0
  for (const e of await readdir(dir, { withFileTypes: true })) n += e.isDirectory() ? await du(join(dir, e.name)) : (await stat(join(dir, e.name))).size
  return n
}

let cluster: Cluster
let victim: TestNode
let honest: TestNode
let host: Host
beforeAll(async () => {
  cluster = new Cluster({ store: { maxTotalRecords: BUDGET }, sync: { intervalMs: 600_000 }, walks: 4000 })
  victim = await cluster.add()
  honest = await cluster.add()
  await link(victim, honest)
  host = await createHost({ privateKey: await generateKeyPair('Ed25519'), listen: ['/ip4/127.0.0.1/tcp/0'], bootstrap: [], topic, maxMessageBytes: limits.maxMessageBytes, heartbeatMs: 200 })
  await host.start()
  host.services.pubsub.subscribe(topic)
  await host.dial(multiaddr(victim.daemon.multiaddrs()[0]))
  await waitFor('the flooder to see the victim subscribed', () => host.services.pubsub.getSubscribers(topic).some(p => p.toString() === victim.daemon.ego))
}, 120_000)
afterAll(async () => {
  await host?.stop()
  await cluster?.close()
})

describe('flood of fresh identities', () => {
  it(`${FLOOD} identities: store within budget, trusted authors' records all kept, spam not recommended`, async () => {
    // Honest side: the ego trusts `honest`, who trusts a friend whose log it imported.
    const friend = identityFromSeed(new Uint8Array(32).fill(77))
    await honest.daemon.store.append(signedChain(friend, 300, seq => ({ kind: 'interact', item: `good:item:${seq % 40}`, weight: 1 + (seq % 5) })))
    await honest.daemon.author.trust(friend.author, 1)
    await honest.daemon.author.append(Array.from({ length: 200 }, (_, i) => ({ kind: 'interact' as const, item: `good:item:${i % 60}`, weight: 2 })))
    await victim.daemon.author.trust(honest.daemon.ego, 1)
    await victim.daemon.author.append([{ kind: 'interact', item: 'good:item:1', weight: 3 }, { kind: 'interact', item: 'good:item:2', weight: 3 }])
    // The friend's log is not gossiped (only own records are): a sync round brings it.
    await victim.daemon.syncNow()
    await converged([victim, honest])
    const start = victim.daemon.store.count()
    expect(start).toBeLessThan(BUDGET)

    // The flood: 10,000 fresh authors. Most sign a first record; every tenth signs seq 5,
    // which waits as pending behind a gap the flooder will never fill.
    const sybils = throwaways(FLOOD)
    const junk = sybils.map((s, i) => i % 10 === 9
      ? signAs(s, 5, { kind: 'interact', item: `spam:item:${i % 50}`, weight: 1e9 }, new Uint8Array(32))
      : signAs(s, 1, i % 2 === 0
        ? { kind: 'trust', target: sybils[(i + 1) % FLOOD].author, weight: 1 }
        : { kind: 'interact', item: `spam:item:${i % 50}`, weight: 1e9 }))
    const base = liveBytes()
    const before = victim.daemon.status().counters.gossip
    let sent = 0
    for (let i = 0; i < junk.length; i += limits.maxBatchRecords) {
      await host.services.pubsub.publish(topic, encodeGossipBatch(junk.slice(i, i + limits.maxBatchRecords), limits))
      sent++
      // Honest publishing goes on during the flood.
      if (sent % 10 === 0) await honest.daemon.author.interact(`good:item:during-${sent}`, 1)
    }
    await waitFor('the victim to judge every flood message', () => {
      const g = victim.daemon.status().counters.gossip
      return g.accept + g.ignore + g.reject - (before.accept + before.ignore + before.reject) >= sent
    }, 120_000, 200)
    // After the budget is spent, trusted authors still get in.
    await honest.daemon.author.append(Array.from({ length: 50 }, (_, i) => ({ kind: 'interact' as const, item: `good:item:after-${i}`, weight: 1 })))
    const trusted = [honest.daemon.ego, friend.author, victim.daemon.ego]
    await waitFor('the trusted logs to agree on both nodes', () => trusted.every(a => victim.daemon.store.head(a)?.seq === honest.daemon.store.head(a)?.seq), 30_000)

    const store = victim.daemon.store
    const status = victim.daemon.status()
    // Budgets: strangers filled at most the room left; out-of-order junk stays within the pending pool.
    const junkStored = sybils.filter(s => store.head(s.author) !== undefined).length
    expect(junkStored).toBeLessThanOrEqual(BUDGET - start)
    expect(junkStored).toBeGreaterThan(0)
    // Refused by the storage budget, the strangers' shared rate budget, or a full validation queue.
    const r = status.counters.rejected
    expect((r.QUOTA_TOTAL ?? 0) + (r.STRANGER_BUDGET ?? 0) + (r.VALIDATION_QUEUE_FULL ?? 0)).toBeGreaterThan(0)
    // Each fresh id got at most its first record in: the rest of the store is the honest logs.
    const flooders = new Set(sybils.map(s => s.author))
    const honestRecords = store.headsAfter(null, Infinity).filter(([a]) => !flooders.has(a)).reduce((n, [, h]) => n + h.seq, 0)
    expect(store.count()).toBe(honestRecords + junkStored)
    expect(status.pending).toBeLessThanOrEqual(FLOOD / 10)
    // Every record of the trusted authors is there (the two stores agree on them).
    for (const author of trusted) {
      expect(store.head(author)?.seq, author).toBe(honest.daemon.store.head(author)?.seq)
      expect(Buffer.from(store.head(author)!.hash).equals(Buffer.from(honest.daemon.store.head(author)!.hash))).toBe(true)
    }
    // Disk: within 4 KiB per budgeted record (the largest record is 1 KiB; indexes and LevelDB's log around it).
    expect(await du(dataPaths(victim.dir).store)).toBeLessThan(BUDGET * 4096)
    // Memory: the victim retains far less than the flood's 10,000 identities would cost if kept
    // (the flood records alone are ~2 MiB; key and score caches are bounded by count).
    expect(liveBytes() - base).toBeLessThan(64 * 1024 * 1024)
    // Sybil resistance: nothing the flood pushed is recommended to the ego.
    const recs = victim.daemon.engine.recommend(victim.daemon.ego, { limit: 20 })
    expect(recs.length).toBeGreaterThan(0)
    expect(recs.filter(r => r.item.startsWith('spam:'))).toEqual([])
  }, 200_000)
})
