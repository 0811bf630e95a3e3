/**
 * Every RPC method through the typed client against a real in-process daemon (LevelDB in
 * a temp dir, libp2p on 127.0.0.1, the RPC plugin on a free port).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dataPaths, defaultConfig } from '../../src/config.js'
import { identityFromSeed, signatureBackend, signRecord } from '../../src/index.js'
import { startDaemon } from '../../node/index.js'
import type { Daemon } from '../../node/index.js'
import { RpcCallError, RpcClient } from '../../node/rpc/client.js'
import { RpcCode } from '../../node/rpc/errors.js'
import { rpcPlugin } from '../../node/rpc/plugin.js'
import { createToken, readRpcAddress } from '../../node/rpc/token.js'

let dir: string
let daemon: Daemon
let client: RpcClient
const friend = identityFromSeed(new Uint8Array(32).fill(7))
const stranger = identityFromSeed(new Uint8Array(32).fill(9))

// Each test makes the state it needs on top of whatever others left, so any one runs alone (`-t`).
const trustFriend = async (): Promise<unknown> => await client.call('social.trust', { author: friend.author, weight: 0.5 })
async function playOwn (...items: string[]): Promise<void> {
  for (const item of items) await client.call('social.interact', { item, count: 1 })
}

async function refused (p: Promise<unknown>): Promise<RpcCallError> {
  const err = await p.then(() => undefined, (e: unknown) => e)
  expect(err).toBeInstanceOf(RpcCallError)
  return err as RpcCallError
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-methods-'))
  await createToken(dir)
  const config = defaultConfig(dir)
  config.listen = ['/ip4/127.0.0.1/tcp/0']
  config.rpc = { host: '127.0.0.1', port: 0 }
  config.namespace = `methods-${process.pid}`
  daemon = await startDaemon(config, { logger: pino({ level: 'silent' }), plugins: [rpcPlugin()] })
  client = await RpcClient.fromDataDir(dir)
})

afterAll(async () => {
  client?.close()
  await daemon?.stop()
  await rm(dir, { recursive: true, force: true })
})

describe('node.*', () => {
  it('identity names the author, its multiaddrs and the RPC address', async () => {
    const me = await client.call('node.identity')
    const published = await readRpcAddress(dir)
    expect(me).toEqual({ author: daemon.ego, displayName: null, peerId: daemon.ego, multiaddrs: daemon.multiaddrs(), rpc: published?.address })
    expect(published?.pid).toBe(process.pid)
  })

  it('status reports counts, and peers starts empty', async () => {
    const s = await client.call('node.status')
    expect(s).toMatchObject({ author: daemon.ego, namespace: daemon.config.namespace, peers: 0, records: daemon.store.count(), signatures: signatureBackend })
    expect(s.graph).toEqual(daemon.engine.stats())
    expect(await client.call('node.peers')).toEqual([])
  })

  it('connect refuses a bad multiaddr (-32010) and an unreachable peer (-32020)', async () => {
    expect((await refused(client.call('node.connect', { multiaddr: 'nonsense' }))).rpcCode).toBe(RpcCode.invalidParams)
    const bad = await refused(client.call('node.connect', { multiaddr: '/ip4/127.0.0.1/udp/1' }))
    expect([bad.rpcCode, bad.code]).toEqual([RpcCode.rejected, 'BAD_MULTIADDR'])
    const gone = await refused(client.call('node.connect', { multiaddr: `/ip4/127.0.0.1/tcp/1/p2p/${friend.author}` }))
    expect([gone.rpcCode, gone.code]).toEqual([RpcCode.network, 'PEER_UNREACHABLE'])
  })
})

describe('social.*', () => {
  it('trust, distrust and retract append signed trust records', async () => {
    const t = await client.call('social.trust', { author: friend.author, weight: 0.5 })
    expect(t).toMatchObject({ author: daemon.ego, body: { kind: 'trust', target: friend.author, weight: 0.5 } })
    const d = await client.call('social.distrust', { author: stranger.author })
    expect(d.body).toEqual({ kind: 'trust', target: stranger.author, weight: -1 })
    expect(d.seq).toBe(t.seq + 1)
    expect(d.prev).toBe(t.hash)
    const r = await client.call('social.retract', { author: stranger.author })
    expect(r.body).toEqual({ kind: 'trust', target: stranger.author, weight: 0 })
    expect(daemon.edges.trust(daemon.ego).get(friend.author)).toBe(0.5)
  })

  it('interact takes a count or a rating, not both; item publishes a title', async () => {
    // Published (not `private`), so each answer is the signed record.
    const body = (r: object): unknown => 'body' in r ? r.body : r
    expect(body(await client.call('social.interact', { item: 'test:a', count: 12 }))).toEqual({ kind: 'interact', item: 'test:a', weight: 12 })
    expect(body(await client.call('social.interact', { item: 'test:b', rating: 4.5 }))).toEqual({ kind: 'interact', item: 'test:b', weight: 4.5 })
    expect(body(await client.call('social.interact', { item: 'test:c' }))).toMatchObject({ weight: 1 })
    const before = daemon.store.count()
    const both = await refused(client.call('social.interact', { item: 'test:a', count: 1, rating: 1 }))
    expect(both.data).toMatchObject({ param: 'rating' })
    expect(daemon.store.count()).toBe(before)
    await client.call('social.item', { item: 'test:a', title: 'Alpha', url: 'https://example.org/a' })
    expect(daemon.edges.itemMeta('test:a')).toEqual({ title: 'Alpha', url: 'https://example.org/a' })
  })

  it('interactMany signs plays and titles into one batch record', async () => {
    const head = daemon.store.head(daemon.ego)?.seq ?? 0
    const res = await client.call('social.interactMany', { entries: [{ item: 'bulk:1', weight: 3, title: 'One' }, { item: 'bulk:2', weight: 1 }] })
    expect(res).toEqual({ records: 1, firstSeq: head + 1, lastSeq: head + 1, private: 0 })
    expect((await daemon.store.get(daemon.ego, head + 1))?.body).toEqual({
      kind: 'batch',
      updates: [{ kind: 'interact', item: 'bulk:1', weight: 3 }, { kind: 'item', item: 'bulk:1', title: 'One' }, { kind: 'interact', item: 'bulk:2', weight: 1 }]
    })
    expect(daemon.edges.itemMeta('bulk:1')?.title).toBe('One')
    expect(daemon.edges.interactions(daemon.ego).get('bulk:2')).toBe(1)
  })

  const bad: Array<[string, string, Record<string, unknown>, string]> = [
    ['a non-author', 'social.trust', { author: 'alice' }, 'author'],
    ['self-trust', 'social.trust', { author: '<self>' }, 'author'],
    ['weight 0 (use retract)', 'social.trust', { author: '<friend>', weight: 0 }, 'weight'],
    ['weight above 1', 'social.distrust', { author: '<friend>', weight: 1.5 }, 'weight'],
    ['a negative count', 'social.interact', { item: 'x', count: -1 }, 'count'],
    ['a fractional count', 'social.interact', { item: 'x', count: 1.5 }, 'count'],
    ['a rating of 6', 'social.interact', { item: 'x', rating: 6 }, 'rating'],
    ['an item id over 200 bytes', 'social.interact', { item: 'é'.repeat(101) }, 'item'],
    ['a missing title', 'social.item', { item: 'x' }, 'title'],
    ['an empty bulk', 'social.interactMany', { entries: [] }, 'entries'],
    ['a bad bulk entry', 'social.interactMany', { entries: [{ item: 'x', weight: 1 }, { item: 'y', weight: -2 }] }, 'entries[1].weight']
  ]
  for (const [what, method, params, param] of bad) {
    it(`refuses ${what} with -32602 naming '${param}', writing nothing`, async () => {
      const before = daemon.store.count()
      const real = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v === '<self>' ? daemon.ego : v === '<friend>' ? friend.author : v]))
      const err = await refused(client.call(method as 'social.trust', real as { author: string }))
      expect(err.rpcCode).toBe(RpcCode.invalidParams)
      expect(err.data.param).toBe(param)
      expect(err.exitCode).toBe(2)
      expect(daemon.store.count()).toBe(before)
    })
  }
})

describe('rank.*', () => {
  it('recommend ranks what a trusted friend played, with titles and explanations', async () => {
    await trustFriend()
    await playOwn('test:a')
    const records = [
      { kind: 'interact', item: 'test:a', weight: 5 },
      { kind: 'interact', item: 'test:friend-only', weight: 30 },
      { kind: 'item', item: 'test:friend-only', title: 'Friend Only' }
    ] as const
    let prev: Uint8Array | undefined
    const signed = records.map((body, i) => {
      const r = signRecord(friend, { seq: i + 1, ts: Date.now(), body, ...(prev === undefined ? {} : { prev }) })
      prev = r.hash
      return r
    })
    await daemon.store.append(signed)
    const recs = await client.call('rank.recommend', { limit: 5, explain: true, seed: 1 })
    const top = recs.find(r => r.item === 'test:friend-only')
    expect(top).toMatchObject({ title: 'Friend Only', explain: { via: expect.arrayContaining([expect.objectContaining({ author: friend.author })]) } })
    expect(recs.map(r => r.item)).not.toContain('test:a')
    const own = await client.call('rank.recommend', { limit: 50, includeOwn: true, seed: 1 })
    expect(own.map(r => r.item)).toContain('test:a')
    expect(recs.every(r => r.explain !== undefined)).toBe(true)
    expect((await client.call('rank.recommend', { seed: 1 })).every(r => r.explain === undefined)).toBe(true)
  })

  it('reputation lists the trusted friend with a positive score', async () => {
    await trustFriend()
    const rep = await client.call('rank.reputation', { limit: 10, seed: 1 })
    expect(rep.find(r => r.author === friend.author)?.score).toBeGreaterThan(0)
    for (const r of rep) expect(Object.keys(r).sort()).toEqual(['author', 'score'])
  })

  it('refuses out-of-range ranking params', async () => {
    for (const [params, param] of [[{ limit: 0 }, 'limit'], [{ limit: 1001 }, 'limit'], [{ walks: 10 }, 'walks'], [{ variant: 'magic' }, 'variant'], [{ alpha: 1 }, 'alpha']] as const) {
      expect((await refused(client.call('rank.recommend', params as { limit: number }))).data.param).toBe(param)
    }
  })
})

describe('records.*', () => {
  it('list pages through one author\'s log', async () => {
    await playOwn('test:l1', 'test:l2', 'test:l3')
    const head = daemon.store.head(daemon.ego)?.seq ?? 0
    const first = await client.call('records.list', { author: daemon.ego, limit: 2 })
    expect(first.records.map(r => r.seq)).toEqual([1, 2])
    expect(first).toMatchObject({ head, next: 3 })
    const last = await client.call('records.list', { author: daemon.ego, fromSeq: head, limit: 2 })
    expect(last.records.map(r => r.seq)).toEqual([head])
    expect(last.next).toBeNull()
    const nobody = identityFromSeed(new Uint8Array(32).fill(11)).author // no test writes its log
    expect(await client.call('records.list', { author: nobody })).toEqual({ author: nobody, head: null, records: [], next: null })
  })

  it('export pages cover every record once; import into a fresh store restores them', async () => {
    await playOwn('test:e1', 'test:e2', 'test:e3', 'test:e4')
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = await client.call('records.export', { cursor, limit: 3 })
      seen.push(...page.records.map(r => r.bytes))
      cursor = page.cursor ?? undefined
    } while (cursor !== undefined)
    expect(seen.length).toBe(daemon.store.count())
    expect(new Set(seen).size).toBe(seen.length)
    expect((await refused(client.call('records.export', { cursor: 'garbage' }))).data.param).toBe('cursor')

    const dup = await client.call('records.import', { records: seen.slice(0, 4) })
    expect(dup).toMatchObject({ accepted: 0, duplicates: 4, rejected: [] })
  })

  it('import verifies: a tampered record is rejected with its reason, a new one accepted', async () => {
    const fresh = signRecord(stranger, { seq: 1, ts: Date.now(), body: { kind: 'interact', item: 'test:s', weight: 1 } })
    const tampered = Buffer.from(signRecord(stranger, { seq: 2, prev: fresh.hash, ts: Date.now(), body: { kind: 'interact', item: 'test:t', weight: 1 } }).bytes)
    tampered[tampered.length - 1] ^= 1
    const before = daemon.store.count()
    const res = await client.call('records.import', { records: [Buffer.from(fresh.bytes).toString('base64'), tampered.toString('base64')] })
    expect(res.accepted).toBe(1)
    expect(res.rejected).toHaveLength(1)
    expect(res.rejected[0].code).toMatch(/^[A-Z_]+$/)
    expect(daemon.store.count()).toBe(before + 1)
    expect((await refused(client.call('records.import', { records: ['not base64!'] }))).data.param).toBe('records[0]')
  })
})

describe('the RPC plugin', () => {
  it('withdraws its address file when the daemon stops', async () => {
    const d2 = await mkdtemp(join(tmpdir(), 'mw-methods-'))
    await createToken(d2)
    const config = { ...defaultConfig(d2), listen: ['/ip4/127.0.0.1/tcp/0'], rpc: { host: '127.0.0.1', port: 0 } }
    const other = await startDaemon(config, { logger: pino({ level: 'silent' }), plugins: [rpcPlugin()] })
    expect(await readRpcAddress(d2)).toBeDefined()
    await other.stop()
    expect(await readRpcAddress(d2)).toBeUndefined()
    await expect(import('node:fs/promises').then(async fs => await fs.access(dataPaths(d2).rpcAddress))).rejects.toThrow()
    await rm(d2, { recursive: true, force: true })
  })
})
