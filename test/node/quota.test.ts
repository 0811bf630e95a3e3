/**
 * Storage under attack: with the total budget (or the strangers' share of storage) filled
 * by a flood of unknown identities, records of authors the ego trusts still get in, and
 * nothing honest is evicted.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { Cluster, link } from './cluster.js'
import { chain, identityN, waitFor } from './helpers.js'
import { cachedPriority } from '../../node/priority.js'

describe('storage under attack', () => {
  let cluster: Cluster
  afterEach(async () => { await cluster?.close() })

  // The ego's 2 own records count toward the total, never toward strangers: either way 58 flood records fit.
  it.each([
    { store: { maxTotalRecords: 60 }, refusal: 'QUOTA_TOTAL' },
    { store: { maxStrangerRecords: 58 }, refusal: 'QUOTA_STRANGERS' }
  ])('a flood from unknown identities fills the budget ($refusal) but cannot keep trusted authors out', async ({ store, refusal }) => {
    cluster = new Cluster({ store, sync: { intervalMs: 600_000 } })
    const [a, relay] = [await cluster.add(), await cluster.add({ store: { maxTotalRecords: 10_000, maxStrangerRecords: 10_000 } })]
    const friend = identityN(77)
    await a.daemon.author.trust(friend.author, 1)
    await a.daemon.author.interact('test:mine:1', 1)
    // The relay holds 150 flood records (one each from fresh ids) and 30 of the friend's.
    const flood = Array.from({ length: 150 }, (_, i) => chain(identityN(5000 + i), 1)[0])
    const honest = chain(friend, 30)
    await relay.daemon.store.append([...flood, ...honest])
    await link(a, relay)
    await waitFor("A to hold all the friend's records", () => a.daemon.store.head(friend.author)?.seq === 30)
    await a.daemon.syncNow()
    const s = a.daemon.status()
    // The flood got at most what was left of the budget; own and trusted records all got in.
    expect(s.records).toBeLessThanOrEqual(60 + 30)
    expect(a.daemon.store.head(a.daemon.ego)?.seq).toBe(2)
    expect(s.counters.rejected[refusal]).toBeGreaterThanOrEqual(150 - 58)
    // After the budget is full, more flood is refused while the friend's new records land.
    const more = chain(friend, 5, { prev: honest[29] })
    await relay.daemon.store.append([...Array.from({ length: 20 }, (_, i) => chain(identityN(9000 + i), 1)[0]), ...more])
    await a.daemon.syncNow()
    expect(a.daemon.store.head(friend.author)?.seq).toBe(35)
    expect(a.daemon.status().records).toBe(s.records + 5)
  })

  it('memoises scores, bounds the memo, and forgets on invalidate', () => {
    let calls = 0
    let t = 0
    const p = cachedPriority(() => ({ score: (_e, a) => { calls++; return a === 'friend' ? 0.5 : 0 } }), 'ego', { ttlMs: 100, maxEntries: 3, now: () => t })
    expect([p('ego'), p('friend'), p('friend'), p('x')]).toEqual([1, 0.5, 0.5, 0])
    expect(calls).toBe(2)
    p.invalidate()
    p('friend')
    expect(calls).toBe(3)
    t = 200
    p('friend')
    expect(calls).toBe(4)
    for (const k of ['a', 'b', 'c', 'd']) p(k)
    p('a') // the memo was cleared when it reached 3 entries
    expect(calls).toBe(9)
  })
})
