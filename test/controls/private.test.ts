/**
 * Private taste: a private play shapes the person's own recommendations but is never
 * signed, so a second node that syncs everything and an export never see it; published
 * later, it is signed and synced then.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { identityFromSeed } from '../../src/index.js'
import { chain, plays, testNode, type TestNode } from './helpers.js'

const friend = identityFromSeed(new Uint8Array(32).fill(31))
let me: TestNode
let peer: TestNode

/** Every record by `me` the peer holds, as JSON (after a full sync with `me`). */
async function peerRecords (): Promise<string> {
  await peer.daemon.syncNow()
  const out: unknown[] = []
  for (let cursor: string | undefined; ;) {
    const page = await peer.client.call('records.export', cursor === undefined ? {} : { cursor })
    out.push(...page.records.filter(r => r.author === me.daemon.ego))
    if (page.cursor === null) break
    cursor = page.cursor
  }
  return JSON.stringify(out)
}

beforeAll(async () => {
  me = await testNode('private-me', undefined, 'private')
  peer = await testNode('private-peer', undefined, 'private')
  await me.daemon.store.append(chain(friend, plays(['p:shared', 'p:secret', 'p:other'])))
  await me.client.call('social.trust', { author: friend.author })
  await me.client.call('social.interact', { item: 'p:shared', count: 2 })
  await peer.daemon.connect(me.daemon.multiaddrs()[0])
}, 60_000)

afterAll(async () => { await Promise.all([me?.remove(), peer?.remove()]) })

describe('private interactions', () => {
  it('change the person\'s recommendations without a record', async () => {
    const before = (await me.client.call('rank.recommend', {})).map(r => r.item)
    expect(before).toContain('p:secret')
    const records = me.daemon.store.count()
    expect(await me.client.call('social.interact', { item: 'p:secret', count: 9, private: true })).toEqual({ private: true, item: 'p:secret', weight: 9 })
    expect(await me.client.call('social.interactMany', { entries: [{ item: 'p:hidden-too', weight: 4, title: 'Hidden Too' }], private: true })).toMatchObject({ records: 0, private: 1 })
    expect(me.daemon.store.count()).toBe(records)
    // Now one of the person's own items: no longer recommended, and the walks start from it too.
    expect((await me.client.call('rank.recommend', {})).map(r => r.item)).not.toContain('p:secret')
    expect((await me.client.call('rank.recommend', { includeOwn: true })).map(r => r.item)).toContain('p:secret')
  })

  it('never reach a peer that syncs everything, nor an export', async () => {
    const seen = await peerRecords()
    expect(seen).toContain(me.daemon.ego) // the person's public log did arrive
    expect(seen).not.toContain('p:secret')
    expect(seen).not.toContain('p:hidden-too')
    // The friend's records synced too (they name p:secret); the person's own never do.
    expect(seen).toContain('p:shared')
    const exported = (await me.client.call('records.export', { limit: 2000 })).records.filter(r => r.author === me.daemon.ego)
    expect(JSON.stringify(exported)).not.toContain('p:secret')
  })

  it('privacy.show lists them beside what is published', async () => {
    const s = await me.client.call('privacy.show')
    expect(s.published).toMatchObject({ trust: 1, distrust: 0, interactions: 1 })
    expect(s.local.private.map(p => [p.item, p.weight])).toEqual([['p:secret', 9], ['p:hidden-too', 4]])
    expect(s.local.private[1].title).toBe('Hidden Too')
  })

  it('published later, one is signed and synced then; the other stays private', async () => {
    const r = await me.client.call('privacy.publish', { items: ['p:secret'] })
    expect(r).toEqual({ items: 1, records: 1, remaining: 1 })
    expect(me.daemon.edges.interactions(me.daemon.ego).get('p:secret')).toBe(9)
    const seen = await peerRecords()
    expect(seen).toContain('p:secret')
    expect(seen).not.toContain('p:hidden-too')
    const bad = await me.client.call('privacy.publish', { items: ['p:never'] }).then(() => undefined, (e: unknown) => e)
    expect((bad as { code?: string }).code).toBe('INVALID_PARAMS')
  })
})
