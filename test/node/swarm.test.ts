/**
 * A small version of the N-node bench (bench/swarm.ts): 30 real nodes in one process over
 * the in-memory transport, 20% hostile (invalid relayers and withholders), records published
 * from random honest nodes and a partition that heals. Every honest node ends with every
 * honest record, and no node stores a record that does not verify.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { decodeRecord, identityFromSeed } from '../../src/index.js'
import { Swarm } from '../../bench/swarm/harness.js'

describe('30-node swarm', () => {
  let swarm: Swarm | undefined
  afterEach(async () => { await swarm?.stop() })

  it('converges with 20% hostile peers and a healed partition, storing nothing invalid', async () => {
    // fsync off: durability is the store's tests' subject; here 30 stores share one disk.
    swarm = new Swarm({ dir: await mkdtemp(join(tmpdir(), 'mw-swarm-')), seed: 30, syncIntervalMs: 600_000, fsync: false })
    for (let i = 0; i < 24; i++) await swarm.add('honest')
    for (let i = 0; i < 3; i++) await swarm.add('invalid')
    for (let i = 0; i < 3; i++) await swarm.add('withhold')
    await swarm.randomTopology(swarm.nodes, 3)
    const honest = swarm.honest()
    const relayers = swarm.nodes.filter(n => n.role === 'invalid')

    for (let k = 0; k < 20; k++) {
      await swarm.publish(honest[swarm.rng.int(honest.length)])
      if (k % 5 === 0) for (const r of relayers) await swarm.relayInvalid(r, 2)
    }
    // Partition the honest nodes in two halves, publish on both sides, heal.
    const a = honest.filter(n => n.index % 2 === 0)
    const b = honest.filter(n => n.index % 2 === 1)
    await swarm.cut(a, b)
    for (let k = 0; k < 10; k++) await swarm.publish((k % 2 === 0 ? a : b)[swarm.rng.int(a.length)])
    for (let i = 0; i < a.length; i++) await swarm.connect(a[i], b[(i * 7) % b.length])

    // Gossip carries most records; sync rounds (run here rather than on the 10-minute timer)
    // carry the rest across the healed links, one hop a round.
    await swarm.gossipSettled()
    await swarm.syncAll(10)
    expect(await swarm.waitConverged(5_000)).toBeDefined()
    expect(swarm.published.size).toBe(30)
    const forger = identityFromSeed(new Uint8Array(32).fill(0xbd)).author
    let rejected = 0
    for (const n of swarm.nodes) {
      expect(n.store.head(forger)).toBeUndefined()
      for await (const r of n.store.records()) expect(() => decodeRecord(r.bytes)).not.toThrow()
      rejected += n.counters.rejected.BAD_SIGNATURE ?? 0
    }
    // The forged records did reach honest validators, which refused them.
    expect(rejected).toBeGreaterThan(0)
    for (const n of honest) expect(n.store.count()).toBe(30)
  }, 150_000)
})
