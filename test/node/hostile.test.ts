/**
 * Hostile peers on a real network A–B–C: forged, tampered and replayed records published by
 * a malicious libp2p node are neither stored nor relayed by any honest node, and the sender
 * is scored down; an author who equivocates is detected on every node.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { multiaddr } from '@multiformats/multiaddr'
import { encodeRecord, MAX_RECORD_BYTES } from '../../src/index.js'
import { createHost, type Host } from '../../node/host.js'
import { encodeGossipBatch, gossipTopic } from '../../node/index.js'
import { Cluster, converged, link, type TestNode } from './cluster.js'
import { chain, identityN, waitFor } from './helpers.js'

const topic = gossipTopic('main')
const limits = { maxBatchRecords: 256, maxMessageBytes: 256 * 1024, maxRecordBytes: MAX_RECORD_BYTES }

/** A libp2p node that speaks the gossip topic but validates nothing. */
async function malicious (target: TestNode): Promise<Host> {
  const host = await createHost({ privateKey: await generateKeyPair('Ed25519'), listen: ['/ip4/127.0.0.1/tcp/0'], bootstrap: [], topic, maxMessageBytes: limits.maxMessageBytes, heartbeatMs: 200 })
  await host.start()
  host.services.pubsub.subscribe(topic)
  await host.dial(multiaddr(target.daemon.multiaddrs()[0]))
  await waitFor('the malicious peer to see the target subscribed', () => host.services.pubsub.getSubscribers(topic).some(p => p.toString() === target.daemon.ego))
  return host
}

describe('hostile peers', () => {
  let cluster: Cluster
  const hosts: Host[] = []
  afterEach(async () => {
    for (const h of hosts.splice(0)) await h.stop()
    await cluster.close()
  })

  it('forged, tampered and replayed records are not stored or relayed, and the sender loses score', async () => {
    cluster = new Cluster({ sync: { intervalMs: 600_000 } })
    const [a, b, c] = [await cluster.add(), await cluster.add(), await cluster.add()]
    await link(a, b)
    await link(b, c)
    await waitFor('gossip meshes', () => b.daemon.status().meshPeers === 2)
    await a.daemon.author.interact('test:item:1', 1)
    await a.daemon.author.interact('test:item:2', 2)
    await converged([a, b, c])
    const m = await malicious(b)
    hosts.push(m)
    const victim = identityN(9)
    const [v1] = chain(victim, 1)
    const tampered = Uint8Array.from(v1.bytes)
    tampered[20] ^= 0x01
    const forged = encodeRecord({ ...v1, body: { kind: 'trust', target: a.daemon.ego, weight: 1 }, sig: v1.sig })
    const before = { a: a.daemon.status().counters, c: c.daemon.status().counters }
    const replay = await a.daemon.store.range(a.daemon.ego, 1, 2)
    for (const batch of [[forged], [tampered], [v1.bytes, forged], replay.map(r => r.bytes)]) {
      await m.services.pubsub.publish(topic, encodeGossipBatch(batch, limits))
    }
    const bs = (): ReturnType<typeof b.daemon.status> => b.daemon.status()
    await waitFor('B to judge all four messages', () => bs().counters.gossip.reject === 3 && bs().counters.gossip.ignore === 1)
    expect(bs().counters.rejected.BAD_SIGNATURE).toBe(3)
    for (const n of [a, b, c]) {
      expect(n.daemon.store.head(victim.author)).toBeUndefined()
      expect(n.daemon.store.count()).toBe(2)
    }
    // Nothing was relayed: A and C judged no new message.
    const after = { a: a.daemon.status().counters, c: c.daemon.status().counters }
    expect(after.a.gossip).toEqual(before.a.gossip)
    expect(after.c.gossip).toEqual(before.c.gossip)
    // Gossipsub's invalid-message penalty (−20 · 3²) puts the sender below the graylist.
    await waitFor('the sender to be scored down', () => (b.daemon.peers().find(p => p.peerId === m.peerId.toString())?.score ?? 0) < -80)
  })

  it('an author who equivocates is detected on every node', async () => {
    cluster = new Cluster({ sync: { intervalMs: 500 } })
    const [a, b, c] = [await cluster.add(), await cluster.add(), await cluster.add()]
    await link(a, b)
    await link(b, c)
    // Two malicious peers at the two ends each publish a different seq 2 of the same author.
    const [m1, m2] = [await malicious(a), await malicious(c)]
    hosts.push(m1, m2)
    const cheat = identityN(7)
    // A trusts the cheat; once the fork is known that trust must stop counting.
    await a.daemon.author.trust(cheat.author, 1)
    expect(a.daemon.engine.score(a.daemon.ego, cheat.author)).toBeGreaterThan(0)
    const [x1, x2] = chain(cheat, 2)
    const x2b = chain(cheat, 1, { prev: x1, body: () => ({ kind: 'trust', target: a.daemon.ego, weight: 1 }) })[0]
    await m1.services.pubsub.publish(topic, encodeGossipBatch([x1.bytes, x2.bytes], limits))
    await m2.services.pubsub.publish(topic, encodeGossipBatch([x1.bytes, x2b.bytes], limits))
    await waitFor('every node to flag the cheat', async () => {
      const flagged = [a, b, c].map(n => n.daemon.store.isFlagged(cheat.author))
      return flagged.every(Boolean)
    })
    for (const n of [a, b, c]) {
      const proofs = await n.daemon.store.equivocations(cheat.author)
      expect(proofs).toHaveLength(1)
      expect(new Set([proofs[0].a.seq, proofs[0].b.seq])).toEqual(new Set([2]))
      expect(n.daemon.status().equivocators).toBe(1)
      // Treated as untrusted: trust in it and its own edges are gone from the walk index.
      expect(n.daemon.engine.score(n.daemon.ego, cheat.author)).toBe(0)
    }
  })
})
