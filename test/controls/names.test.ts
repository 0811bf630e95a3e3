/**
 * People's names: a display name signed into a profile record reaches a peer by sync and
 * shows beside the id in its RPC results; the peer's own petname overrides it; a display
 * name that copies (in look-alike letters) a petname the peer gave someone else is not
 * used as a name. Unit cases of the normalisation and the confusable check first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { identityFromSeed } from '../../src/index.js'
import { RpcCallError } from '../../node/rpc/client.js'
import { RpcCode } from '../../node/rpc/errors.js'
import { DisplayNameError, NameBook, normaliseDisplayName, showableName, skeleton } from '../../node/names.js'
import { chain, plays, testNode, type TestNode } from './helpers.js'

describe('display names: signing, showing, look-alikes', () => {
  it('signs names in NFC, trimmed, whitespace collapsed', () => {
    expect(normaliseDisplayName('  Dana \u00a0  Scully ')).toBe('Dana Scully')
    // "e" + combining acute → the one precomposed "é".
    expect(normaliseDisplayName('Rene\u0301e')).toBe('Renée')
    expect(normaliseDisplayName('🛠'.repeat(16))).toBe('🛠'.repeat(16))
  })

  it('refuses, before signing, names that are empty, too long, or hide characters', () => {
    for (const bad of ['', '   ', 'a\nb', 'a\tb', 'a\u2028b', 'Alice\u202e', 'Al\u200dice', 'x\ue000', '🛠'.repeat(17)]) {
      expect(() => normaliseDisplayName(bad), JSON.stringify(bad)).toThrow(DisplayNameError)
    }
  })

  it('shows received names without invisible characters, one line; nothing when nothing is left', () => {
    expect(showableName('Ali\u200bce\u202e')).toBe('Alice')
    expect(showableName('Ali\u2028ce')).toBe('Ali ce')
    expect(showableName('\u200b')).toBeUndefined()
  })

  it('gives look-alike names one skeleton, and different names different ones', () => {
    // Cyrillic А and і, a fullwidth l, and case.
    expect(skeleton('\u0410l\u0456ce')).toBe(skeleton('alice'))
    expect(skeleton('ＡＬＩＣＥ')).toBe(skeleton('Alice'))
    expect(skeleton('Alina')).not.toBe(skeleton('Alice'))
  })

  it('NameBook: petname first, then display name; a look-alike of another person\'s petname is flagged, not used', () => {
    const names = new Map([['friend', 'Alice'], ['bob', 'Bobby']])
    const shown = new Map([['friend', 'Al'], ['mallory', '\u0410lice'], ['bob', 'Bob'], ['carol', 'Carol'], ['zed', '\u200b']])
    const book = new NameBook(names, { displayName: a => shown.get(a) })
    expect(book.of('friend')).toEqual({ name: 'Alice', petname: 'Alice', displayName: 'Al' })
    expect(book.of('bob')).toEqual({ name: 'Bobby', petname: 'Bobby', displayName: 'Bob' })
    expect(book.of('carol')).toEqual({ name: 'Carol', displayName: 'Carol' })
    expect(book.of('mallory')).toEqual({ displayName: '\u0410lice', impersonates: 'friend' })
    expect(book.of('zed')).toEqual({})
    expect(book.of('nobody')).toEqual({})
  })
})

const mallory = identityFromSeed(new Uint8Array(32).fill(41))
let me: TestNode
let peer: TestNode

beforeAll(async () => {
  me = await testNode('names-me', undefined, 'names')
  peer = await testNode('names-peer', undefined, 'names')
  await peer.client.call('social.trust', { author: me.daemon.ego })
  await me.client.call('social.interact', { item: 'n:shared', count: 2 })
  await peer.daemon.connect(me.daemon.multiaddrs()[0])
}, 60_000)

afterAll(async () => { await Promise.all([me?.remove(), peer?.remove()]) })

describe('names.* through two real daemons', () => {
  it('a display name is signed, shown by the node itself, and reaches the peer by sync', async () => {
    const r = await me.client.call('names.setDisplayName', { name: ' Dana  Scully ' })
    expect(r).toMatchObject({ author: me.daemon.ego, displayName: 'Dana Scully', record: { body: { kind: 'profile', field: 'name', value: 'Dana Scully' } } })
    expect((await me.client.call('node.identity')).displayName).toBe('Dana Scully')
    expect((await me.client.call('node.status')).displayName).toBe('Dana Scully')
    expect((await me.client.call('privacy.show')).published.displayName).toBe('Dana Scully')
    await peer.daemon.syncNow()
    expect(await peer.client.call('names.get', { author: me.daemon.ego })).toEqual({ author: me.daemon.ego, name: 'Dana Scully', displayName: 'Dana Scully' })
    expect((await peer.client.call('rank.reputation', {})).find(p => p.author === me.daemon.ego)).toMatchObject({ name: 'Dana Scully', displayName: 'Dana Scully' })
    expect((await peer.client.call('node.peers')).find(p => p.peerId === me.daemon.ego)).toMatchObject({ name: 'Dana Scully' })
    const net = await peer.client.call('rank.network', {})
    expect(net.people.find(p => p.author === me.daemon.ego)).toMatchObject({ name: 'Dana Scully' })
  })

  it('the latest profile wins; the peer\'s petname overrides it; clearing removes it', async () => {
    await me.client.call('names.setDisplayName', { name: 'Dana' })
    await peer.daemon.syncNow()
    expect((await peer.client.call('names.get', { author: me.daemon.ego })).displayName).toBe('Dana')
    await peer.client.call('names.setPetname', { author: me.daemon.ego, name: 'Sister' })
    expect(await peer.client.call('names.get', { author: me.daemon.ego })).toEqual({ author: me.daemon.ego, name: 'Sister', petname: 'Sister', displayName: 'Dana' })
    expect((await me.client.call('names.setDisplayName', {})).displayName).toBeNull()
    await peer.daemon.syncNow()
    expect(await peer.client.call('names.get', { author: me.daemon.ego })).toEqual({ author: me.daemon.ego, name: 'Sister', petname: 'Sister' })
  })

  it('a stranger calling themself the petname of a friend, in look-alike letters, is flagged and not named so', async () => {
    // The peer's petname for the friend (me) is "Sister"; mallory signs "Ѕіѕtеr" in Cyrillic.
    await peer.daemon.store.append(chain(mallory, [{ kind: 'profile', field: 'name', value: '\u0405\u0456\u0455t\u0435r' }, ...plays(['n:shared'])]))
    await peer.client.call('social.trust', { author: mallory.author, weight: 0.5 })
    const m = await peer.client.call('names.get', { author: mallory.author })
    expect(m).toEqual({ author: mallory.author, displayName: '\u0405\u0456\u0455t\u0435r', impersonates: me.daemon.ego })
    expect((await peer.client.call('rank.reputation', {})).find(p => p.author === mallory.author)).not.toHaveProperty('name')
  })

  it('refuses a name with hidden characters or over 64 bytes, signing nothing', async () => {
    const head = me.daemon.store.head(me.daemon.ego)?.seq
    for (const name of ['Dana\u202eenaD', 'x'.repeat(65), '  ']) {
      const err = await me.client.call('names.setDisplayName', { name }).then(() => undefined, (e: unknown) => e)
      expect(err, name).toBeInstanceOf(RpcCallError)
      expect((err as RpcCallError).rpcCode).toBe(RpcCode.invalidParams)
    }
    expect(me.daemon.store.head(me.daemon.ego)?.seq).toBe(head)
  })
})
