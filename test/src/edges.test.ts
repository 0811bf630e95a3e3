import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { EdgeState } from '../../src/edges.js'
import type { Body } from '../../src/record.js'
import { person, chain } from './helpers.js'

const alice = person(1)
const bob = person(2)
const carol = person(3)

describe('EdgeState: latest record per (author, kind, target) wins', () => {
  it('trust: set, overwrite, retract; older records applied later change nothing', () => {
    const rs = chain(alice, 4, seq => [
      { kind: 'trust', target: bob.author, weight: 1 },
      { kind: 'trust', target: carol.author, weight: -1 },
      { kind: 'trust', target: bob.author, weight: 0.25 },
      { kind: 'trust', target: carol.author, weight: 0 }
    ][seq - 1] as Body)
    const e = new EdgeState()
    expect(e.apply(rs[0])).toEqual([{ kind: 'trust', src: alice.author, dst: bob.author, weight: 1, ts: rs[0].ts }])
    e.apply(rs[1])
    expect(e.trust(alice.author)).toEqual(new Map([[bob.author, 1], [carol.author, -1]]))
    expect(e.apply(rs[2])).toMatchObject([{ weight: 0.25 }])
    expect(e.apply(rs[3])).toMatchObject([{ dst: carol.author, weight: 0 }])
    expect(e.trust(alice.author)).toEqual(new Map([[bob.author, 0.25]]))
    expect(e.apply(rs[0])).toEqual([])
    expect(e.apply(rs[1])).toEqual([])
    expect(e.trust(alice.author)).toEqual(new Map([[bob.author, 0.25]]))
  })

  it('retracting an edge that never existed is no change', () => {
    const [r] = chain(alice, 1, () => ({ kind: 'interact', item: 'lastfm:artist:1', weight: 0 }))
    const e = new EdgeState()
    expect(e.apply(r)).toEqual([])
    expect(e.interactions(alice.author)).toEqual(new Map())
  })

  it('item metadata: per author, itemMeta picks the most recent declaration', () => {
    const [a] = chain(alice, 1, () => ({ kind: 'item', item: 'lastfm:artist:9', title: 'Old' }))
    const [b] = chain(bob, 1, () => ({ kind: 'item', item: 'lastfm:artist:9', title: 'New', url: 'https://x.org/9' }), 5, new Uint8Array(32))
    const e = new EdgeState()
    expect(e.apply(a)).toEqual([{ kind: 'item', item: 'lastfm:artist:9', title: 'Old' }])
    e.apply(b)
    expect(e.itemMeta('lastfm:artist:9')).toEqual({ title: 'New', url: 'https://x.org/9' })
    expect(e.itemMetaBy('lastfm:artist:9', alice.author)).toEqual({ title: 'Old' })
    expect(e.itemMeta('lastfm:artist:10')).toBeUndefined()
  })

  it('property: any application order gives the state of applying in seq order', () => {
    const items = ['lastfm:artist:1', 'lastfm:artist:2', 'lastfm:artist:3']
    const rs = chain(alice, 30, seq => seq % 3 === 0
      ? { kind: 'trust', target: [bob, carol][seq % 2].author, weight: [(seq % 5) / 4 - 0.5, 0][seq % 7 === 0 ? 1 : 0] }
      : { kind: 'interact', item: items[seq % 3], weight: seq % 4 })
    const ordered = new EdgeState()
    for (const r of rs) ordered.apply(r)
    fc.assert(fc.property(fc.shuffledSubarray(rs, { minLength: rs.length }), shuffled => {
      const e = new EdgeState()
      for (const r of shuffled) e.apply(r)
      expect(e.trust(alice.author)).toEqual(ordered.trust(alice.author))
      expect(e.interactions(alice.author)).toEqual(ordered.interactions(alice.author))
    }), { numRuns: 100, seed: 5 })
  })
})

describe('EdgeState: display names (profile records)', () => {
  it('the latest profile record of each author wins, in any order; an empty name clears it', () => {
    const rs = chain(alice, 4, seq => [
      { kind: 'profile', field: 'name', value: 'Alice' },
      { kind: 'interact', item: 'lastfm:artist:1', weight: 1 },
      { kind: 'profile', field: 'name', value: 'Alice B.' },
      { kind: 'profile', field: 'name', value: '' }
    ][seq - 1] as Body)
    const [b] = chain(bob, 1, () => ({ kind: 'profile', field: 'name', value: 'Alice' }))
    const e = new EdgeState()
    expect(e.apply(rs[2])).toEqual([{ kind: 'profile', author: alice.author, field: 'name', value: 'Alice B.' }])
    expect(e.apply(rs[0])).toEqual([])
    e.apply(b)
    expect(e.displayName(alice.author)).toBe('Alice B.')
    expect(e.displayName(bob.author)).toBe('Alice')
    expect(e.apply(rs[3])).toEqual([{ kind: 'profile', author: alice.author, field: 'name', value: '' }])
    expect(e.displayName(alice.author)).toBeUndefined()
    expect([...e.displayNames()]).toEqual([[bob.author, 'Alice']])
    // Applying the same name again is no change.
    const [again] = chain(bob, 1, () => ({ kind: 'profile', field: 'name', value: 'Alice' }), 2, b.hash)
    expect(e.apply(again)).toEqual([])
  })

  it('applyBase drops a name decided before the base that the base does not hold', () => {
    const [r] = chain(alice, 1, () => ({ kind: 'profile', field: 'name', value: 'Old' }))
    const e = new EdgeState()
    e.apply(r)
    e.applyBase(alice.author, 5, [])
    expect(e.displayName(alice.author)).toBeUndefined()
    e.applyBase(alice.author, 6, [{ kind: 'profile', field: 'name', value: 'New', ts: 9 }])
    expect(e.displayName(alice.author)).toBe('New')
  })
})

describe('EdgeState: batch records and compacted bases', () => {
  it('a batch applies each update; an older single record cannot undo a newer batch entry', () => {
    const rs = chain(alice, 2, seq => seq === 1
      ? { kind: 'interact', item: 'lastfm:artist:1', weight: 3 }
      : { kind: 'batch', updates: [{ kind: 'interact', item: 'lastfm:artist:1', weight: 0 }, { kind: 'trust', target: bob.author, weight: 1 }, { kind: 'item', item: 'lastfm:artist:2', title: 'Two' }] })
    const e = new EdgeState()
    expect(e.apply(rs[1])).toHaveLength(2)
    expect(e.apply(rs[0])).toEqual([])
    expect(e.interactions(alice.author)).toEqual(new Map())
    expect(e.trust(alice.author)).toEqual(new Map([[bob.author, 1]]))
    expect(e.itemMeta('lastfm:artist:2')).toEqual({ title: 'Two' })
  })

  it('applyBase replaces what the author decided before the base, keeps what came after', () => {
    const rs = chain(alice, 3, seq => [
      { kind: 'interact', item: 'lastfm:artist:1', weight: 3 },
      { kind: 'interact', item: 'lastfm:artist:2', weight: 4 },
      { kind: 'interact', item: 'lastfm:artist:9', weight: 1 }
    ][seq - 1] as Body)
    const e = new EdgeState()
    for (const r of rs) e.apply(r)
    // Base at seq 3: artist 1 was retracted before it, artist 2 raised to 7; artist 9 (seq 3) is after nothing it knows.
    e.applyBase(alice.author, 3, [{ kind: 'interact', item: 'lastfm:artist:2', weight: 7, ts: 5 }])
    expect(e.interactions(alice.author)).toEqual(new Map([['lastfm:artist:2', 7], ['lastfm:artist:9', 1]]))
  })
})
