/**
 * "Not interested", muted items and muted authors through the RPC methods of a real
 * daemon: each changes the recommendations, each undo restores them, nothing is signed,
 * and the choices survive a restart.
 */
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dataPaths } from '../../src/config.js'
import { identityFromSeed } from '../../src/index.js'
import { RpcCallError } from '../../node/rpc/client.js'
import { RpcCode } from '../../node/rpc/errors.js'
import { chain, plays, testNode, type TestNode } from './helpers.js'

const friend = identityFromSeed(new Uint8Array(32).fill(21))
const other = identityFromSeed(new Uint8Array(32).fill(22))
let node: TestNode

const recommended = async (): Promise<string[]> => (await node.client.call('rank.recommend', { limit: 50 })).map(r => r.item)

beforeAll(async () => {
  node = await testNode('controls')
  // The ego shares t:a with both friends; the friend also plays b, c, d, the other e.
  await node.daemon.store.append([
    ...chain(friend, [...plays(['t:a', 't:b', 't:c', 't:d']), { kind: 'item', item: 't:b', title: 'Bee' }]),
    ...chain(other, plays(['t:a', 't:e']))
  ])
  await node.client.call('social.trust', { author: friend.author })
  await node.client.call('social.trust', { author: other.author })
  await node.client.call('social.interact', { item: 't:a', count: 5 })
})

afterAll(async () => { await node?.remove() })

describe('controls.*', () => {
  it('starts with every item of the people the ego trusts recommended', async () => {
    expect((await recommended()).sort()).toEqual(['t:b', 't:c', 't:d', 't:e'])
    expect(await node.client.call('controls.list')).toEqual({ notInterested: [], mutedItems: [], mutedAuthors: [] })
  })

  it('"not interested" hides an item until undone, lists it with its title, and signs nothing', async () => {
    const records = node.daemon.store.count()
    expect(await node.client.call('controls.notInterested', { item: 't:b' })).toEqual({ item: 't:b', notInterested: true, changed: true })
    expect(await node.client.call('controls.notInterested', { item: 't:b' })).toMatchObject({ changed: false })
    expect(await recommended()).not.toContain('t:b')
    const l = await node.client.call('controls.list')
    expect(l.notInterested).toEqual([{ item: 't:b', title: 'Bee', since: expect.any(Number) }])
    expect(node.daemon.store.count()).toBe(records)
    expect(await node.client.call('controls.undoNotInterested', { item: 't:b' })).toEqual({ item: 't:b', notInterested: false, changed: true })
    expect(await recommended()).toContain('t:b')
  })

  it('a muted item is hidden until unmuted', async () => {
    await node.client.call('controls.muteItem', { item: 't:c' })
    expect(await recommended()).not.toContain('t:c')
    expect((await node.client.call('controls.list')).mutedItems.map(x => x.item)).toEqual(['t:c'])
    await node.client.call('controls.unmuteItem', { item: 't:c' })
    expect(await recommended()).toContain('t:c')
  })

  it('a muted author\'s plays leave the ranking without a distrust record; unmute brings them back', async () => {
    const records = node.daemon.store.count()
    await node.client.call('controls.muteAuthor', { author: friend.author })
    expect((await recommended()).sort()).toEqual(['t:e'])
    expect(node.daemon.store.count()).toBe(records)
    expect(node.daemon.edges.trust(node.daemon.ego).get(friend.author)).toBe(1)
    // A play the muted author makes later stays out too.
    await node.daemon.store.append(chain(friend, [...plays(['t:a', 't:b', 't:c', 't:d']), { kind: 'item', item: 't:b', title: 'Bee' }, ...plays(['t:f'])]).slice(5))
    expect(await recommended()).toEqual(['t:e'])
    await node.client.call('controls.unmuteAuthor', { author: friend.author })
    expect((await recommended()).sort()).toEqual(['t:b', 't:c', 't:d', 't:e', 't:f'])
  })

  it('refuses to mute the node itself and a malformed id, changing nothing', async () => {
    const self = await node.client.call('controls.muteAuthor', { author: node.daemon.ego }).then(() => undefined, (e: unknown) => e)
    expect(self).toBeInstanceOf(RpcCallError)
    expect([(self as RpcCallError).rpcCode, (self as RpcCallError).code]).toEqual([RpcCode.rejected, 'SELF_MUTE'])
    const bad = await node.client.call('controls.muteAuthor', { author: 'alice' }).then(() => undefined, (e: unknown) => e)
    expect((bad as RpcCallError).rpcCode).toBe(RpcCode.invalidParams)
    expect((await node.client.call('controls.list')).mutedAuthors).toEqual([])
  })

  it('a petname shows beside the id in reputation, explanations and the mute list; removing it drops it', async () => {
    expect(await node.client.call('names.setPetname', { author: friend.author, name: ' Alice ' })).toEqual({ author: friend.author, name: 'Alice', changed: true })
    expect(await node.client.call('names.list')).toEqual([{ author: friend.author, name: 'Alice' }])
    expect((await node.client.call('rank.reputation', {})).find(r => r.author === friend.author)?.name).toBe('Alice')
    const via = (await node.client.call('rank.recommend', { explain: true })).flatMap(r => r.explain?.via ?? [])
    expect(via.find(v => v.author === friend.author)?.name).toBe('Alice')
    const blank = await node.client.call('names.setPetname', { author: friend.author, name: ' ' }).then(() => undefined, (e: unknown) => e)
    expect((blank as RpcCallError).rpcCode).toBe(RpcCode.invalidParams)
    expect(await node.client.call('names.setPetname', { author: friend.author })).toMatchObject({ name: null, changed: true })
    expect((await node.client.call('rank.reputation', {})).find(r => r.author === friend.author)).not.toHaveProperty('name')
  })

  it('keeps the choices in controls.json (0600) across a restart', async () => {
    await node.client.call('controls.notInterested', { item: 't:d' })
    await node.client.call('controls.muteAuthor', { author: other.author })
    const file = dataPaths(node.dir).controls
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ notInterested: { 't:d': expect.any(Number) }, mutedAuthors: { [other.author]: expect.any(Number) } })
    await node.stop()
    node = await testNode('controls', node.dir)
    expect((await recommended()).sort()).toEqual(['t:b', 't:c', 't:f'])
  })
})
