import { describe, it, expect, afterEach } from 'vitest'
import { equals } from 'uint8arrays/equals'
import { LocalAuthor, LocalAppendError } from '../../src/author.js'
import { RecordStore } from '../../src/store.js'
import { EdgeState } from '../../src/edges.js'
import { RecordError, MAX_RECORD_BYTES, updatesOf } from '../../src/record.js'
import { InvalidAuthorIdError } from '../../src/identity.js'
import { tempDir, removeDirs, person } from './helpers.js'

const dirs: string[] = []
const stores: RecordStore[] = []
afterEach(async () => {
  await Promise.all(stores.splice(0).map(async s => await s.close()))
  await removeDirs(dirs)
})
async function setup (init = {}): Promise<{ store: RecordStore, me: LocalAuthor }> {
  const store = await RecordStore.open(await tempDir(dirs), { sync: false, ...init })
  stores.push(store)
  return { store, me: new LocalAuthor(person(1), store, { now: () => 1_700_000_000_000 }) }
}
const bob = person(2)
const carol = person(3)

describe('LocalAuthor', () => {
  it('signs and chains the node\'s own records; edge state follows', async () => {
    const { store, me } = await setup()
    const records = [
      await me.trust(bob.author),
      await me.distrust(carol.author),
      await me.interact('lastfm:artist:289', 17),
      await me.item('lastfm:artist:289', 'Britney Spears', 'https://www.last.fm/music/Britney+Spears'),
      await me.trust(bob.author, 0.5),
      await me.retract(carol.author)
    ]
    expect(records.map(r => r.seq)).toEqual([1, 2, 3, 4, 5, 6])
    for (let i = 1; i < records.length; i++) expect(equals(records[i].prev!, records[i - 1].hash)).toBe(true)
    expect(store.head(me.identity.author)?.seq).toBe(6)
    const edges = new EdgeState()
    for await (const r of store.records()) edges.apply(r)
    expect(edges.trust(me.identity.author)).toEqual(new Map([[bob.author, 0.5]]))
    expect(edges.interactions(me.identity.author)).toEqual(new Map([['lastfm:artist:289', 17]]))
    expect(edges.itemMeta('lastfm:artist:289')?.title).toBe('Britney Spears')
  })

  it('distrust defaults to -1 and negates a positive weight', async () => {
    const { me } = await setup()
    expect((await me.distrust(bob.author)).body).toMatchObject({ weight: -1 })
    expect((await me.distrust(carol.author, 0.3)).body).toMatchObject({ weight: -0.3 })
  })

  it('a burst of concurrent calls shares one batch record; each caller gets the record holding its update', async () => {
    const { store, me } = await setup()
    const rs = await Promise.all(Array.from({ length: 20 }, async (_, i) => await me.interact(`lastfm:artist:${i}`, i + 1)))
    expect(new Set(rs.map(r => r.seq))).toEqual(new Set([1]))
    expect(store.head(me.identity.author)?.seq).toBe(1)
    rs.forEach((r, i) => expect(updatesOf(r.body)).toContainEqual({ kind: 'interact', item: `lastfm:artist:${i}`, weight: i + 1 }))
    const edges = new EdgeState()
    for await (const r of store.records()) edges.apply(r)
    expect(edges.interactions(me.identity.author).size).toBe(20)
  })

  it('a burst naming one target twice keeps both in order (two records, the later wins)', async () => {
    const { store, me } = await setup()
    const [a, b] = await Promise.all([me.interact('lastfm:artist:1', 1), me.interact('lastfm:artist:1', 5)])
    expect([a.seq, b.seq]).toEqual([1, 2])
    const edges = new EdgeState()
    for await (const r of store.records()) edges.apply(r)
    expect(edges.interactions(me.identity.author)).toEqual(new Map([['lastfm:artist:1', 5]]))
  })

  it('batchDelayMs 0 writes each call at once; a bad call in a burst fails alone', async () => {
    const { store } = await setup()
    const me = new LocalAuthor(person(1), store, { batchDelayMs: 0 })
    const rs = await Promise.all([me.interact('lastfm:artist:1', 1), me.interact('lastfm:artist:2', 2)])
    expect(rs.map(r => r.seq).sort()).toEqual([1, 2])
    const slow = new LocalAuthor(person(4), store)
    const [good, bad] = await Promise.allSettled([slow.interact('lastfm:artist:1', 1), slow.interact('bad id', 1)])
    expect(good.status).toBe('fulfilled')
    expect(bad).toMatchObject({ status: 'rejected', reason: { code: 'BAD_ITEM_ID' } })
  })

  it('bulk append packs updates into few batch records in one atomic write, all-or-nothing on validation', async () => {
    const { store, me } = await setup()
    const seen: number[] = []
    store.onAccepted(rs => seen.push(rs.length))
    const many = Array.from({ length: 1000 }, (_, i) => ({ kind: 'interact' as const, item: `lastfm:artist:${i}`, weight: i + 1 }))
    const records = await me.append(many)
    expect(seen).toEqual([records.length])
    // ~25 bytes an update in ≤ 4 KiB records: 1,000 updates in fewer than 10 records.
    expect(records.length).toBeLessThan(10)
    for (const r of records) expect(r.bytes.length).toBeLessThanOrEqual(MAX_RECORD_BYTES)
    expect(records.flatMap(r => updatesOf(r.body))).toEqual(many)
    await expect(me.append([{ kind: 'interact', item: 'lastfm:artist:3', weight: 3 }, { kind: 'interact', item: 'bad id', weight: 1 }]))
      .rejects.toBeInstanceOf(RecordError)
    expect(store.count()).toBe(records.length)
  })

  it('bad input: self trust, bad target, bad weight — typed errors, nothing stored', async () => {
    const { store, me } = await setup()
    await expect(me.trust(me.identity.author)).rejects.toMatchObject({ code: 'SELF_TRUST' })
    await expect(me.trust('not-an-author')).rejects.toBeInstanceOf(InvalidAuthorIdError)
    await expect(me.trust(bob.author, 2)).rejects.toMatchObject({ code: 'BAD_WEIGHT' })
    await expect(me.interact('lastfm:artist:1', -3)).rejects.toMatchObject({ code: 'BAD_WEIGHT' })
    expect(store.count()).toBe(0)
    expect((await me.trust(bob.author)).seq).toBe(1)
  })

  it('a full store refuses our record with LocalAppendError naming the quota', async () => {
    const { me } = await setup({ maxRecordsPerAuthor: 1 })
    await me.trust(bob.author)
    const err = await me.trust(carol.author).catch(e => e)
    expect(err).toBeInstanceOf(LocalAppendError)
    expect(err.data).toEqual({ stored: 0, cause: 'QUOTA_AUTHOR' })
  })
})
