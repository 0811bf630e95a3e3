/**
 * MeritRank walks against the exact referee: hit probabilities and scores on graphs with
 * cycles, dead ends and negative edges; incremental updates equal a fresh run in law.
 */
import { describe, expect, it } from 'vitest'
import { createEngine, createRng, exactMeritRank, MeritRankWalks, SelfTrustError, WalkIndex } from '../../graph/index.js'
import { propSD, randomTrust } from './helpers.js'

const ALPHA = 0.15
const N = 10_000

function indexOf (edges: Array<[number, number, number]>, n: number): WalkIndex {
  const index = new WalkIndex()
  for (let v = 0; v < n; v++) index.user(`n${v}`)
  for (const [s, d, w] of edges) index.setTrust(s, d, w, 0)
  return index
}

/** Asserts every node's pos/neg hit share within 4.5 sd of exact, and scores within 0.01. */
function expectMatchesExact (mr: MeritRankWalks, index: WalkIndex, ego: number): void {
  const n = index.users.size
  const ex = exactMeritRank({ nodes: n, edges: index.trustEdges() }, ego, { alpha: ALPHA, beta: 0 })
  const walks = mr.walks.length
  for (let v = 0; v < n; v++) {
    expect(Math.abs(mr.pos[v] / walks - ex.pos[v])).toBeLessThanOrEqual(4.5 * propSD(ex.pos[v], walks))
    expect(Math.abs(mr.neg[v] / walks - ex.neg[v])).toBeLessThanOrEqual(4.5 * propSD(ex.neg[v], walks))
    expect(Math.abs((mr.pos[v] - mr.neg[v]) / mr.total - ex.score[v])).toBeLessThanOrEqual(0.01)
  }
}

describe('MeritRank Monte Carlo vs exact', () => {
  it('matches on random signed graphs with cycles and dead ends', () => {
    for (const seed of [1, 2, 3]) {
      const n = 25
      const edges = randomTrust(n, 60, seed)
      const index = indexOf(edges, n)
      const mr = new MeritRankWalks(index.trust, 0, n, { alpha: ALPHA, walks: N }, createRng(seed))
      // Dead ends exist (nodes with no out-edges) and the ego is in every sum.
      expect(mr.pos[0]).toBe(N)
      expectMatchesExact(mr, index, 0)
    }
  })

  it('follows only positive edges after the first negative step, counting the tail negatively', () => {
    // 0 → 1 (+1), 0 → 2 (−1); 2 → 3 (+1), 2 → 4 (−5): in the tail, 4 is unreachable.
    const index = indexOf([[0, 1, 1], [0, 2, -1], [2, 3, 1], [2, 4, -5], [1, 4, 1]], 5)
    const mr = new MeritRankWalks(index.trust, 0, 5, { alpha: ALPHA, walks: N }, createRng(7))
    expect(mr.pos[2]).toBe(0)
    expect(mr.pos[3]).toBe(0)
    expect(mr.neg[4]).toBe(0)
    expect(mr.neg[2]).toBeGreaterThan(0)
    expectMatchesExact(mr, index, 0)
    const ex = exactMeritRank({ nodes: 5, edges: index.trustEdges() }, 0, { alpha: ALPHA, beta: 0 })
    expect(ex.score[2]).toBeLessThan(0)
    expect(ex.score[3]).toBeLessThan(0)
  })

  it('refuses self-loops with a typed error and no state change', () => {
    const e = createEngine()
    e.setTrust('a', 'b', 1)
    const before = e.stats()
    expect(() => { e.setTrust('a', 'a', 1) }).toThrow(SelfTrustError)
    expect(e.stats()).toEqual(before)
  })

  it('is reproducible: a fixed seed gives identical output', () => {
    const edges = randomTrust(20, 50, 4)
    const run = (): number[] => {
      const index = indexOf(edges, 20)
      return Array.from(new MeritRankWalks(index.trust, 3, 20, { alpha: ALPHA, walks: 2000 }, createRng(42)).pos)
    }
    expect(run()).toEqual(run())
  })
})

describe('incremental MeritRank', () => {
  it('after 1,500 random adds/changes/deletes equals the exact solution on the final graph', () => {
    const n = 30
    const index = indexOf(randomTrust(n, 70, 11), n)
    const mr = new MeritRankWalks(index.trust, 0, n, { alpha: ALPHA, walks: N }, createRng(12))
    const rng = createRng(13)
    let redrawn = 0
    for (let t = 0; t < 1500; t++) {
      const s = rng.next() < 0.2 ? 0 : rng.int(n)
      let d = rng.int(n)
      if (d === s) d = (d + 1) % n
      const u = rng.next()
      const w = u < 0.3 ? 0 : u < 0.45 ? -(0.2 + rng.next()) : 0.1 + 3 * rng.next()
      redrawn += mr.update(index.setTrust(s, d, w, 0))
    }
    // Each change redraws only the walks whose step from the changed node moved.
    expect(redrawn / 1500).toBeLessThan(0.2 * N)
    expectMatchesExact(mr, index, 0)
    let total = 0
    for (let v = 0; v < n; v++) total += mr.pos[v] + mr.neg[v]
    expect(total).toBe(mr.total)
  })

  it('an added edge redraws about w/(W + w) of the steps from its source, not every walk', () => {
    const index = indexOf([[0, 1, 1], [0, 2, 1], [0, 3, 1], [1, 0, 1], [2, 3, 1]], 5)
    const mr = new MeritRankWalks(index.trust, 0, 5, { alpha: ALPHA, walks: N }, createRng(3))
    const redrawn = mr.update(index.setTrust(0, 4, 1, 0))
    // A walk steps from the ego at least once w.p. 1 − α; a quarter of those steps move.
    const expected = N * (1 - ALPHA) / 4
    expect(redrawn).toBeGreaterThan(expected * 0.9)
    expect(redrawn).toBeLessThan(expected * 1.6)
    expectMatchesExact(mr, index, 0)
  })

  it('resumes walks that had stopped at a dead end when the dead end gains an edge', () => {
    const index = indexOf([[0, 1, 1]], 3)
    const mr = new MeritRankWalks(index.trust, 0, 3, { alpha: ALPHA, walks: N }, createRng(5))
    expect(mr.pos[2]).toBe(0)
    mr.update(index.setTrust(1, 2, 1, 0))
    expectMatchesExact(mr, index, 0)
    expect(mr.pos[2]).toBeGreaterThan(0)
  })

  it('the engine keeps reputation current through edge changes', () => {
    const e = createEngine({ seed: 9, beta: 0 })
    const edges = randomTrust(20, 50, 21, 0)
    for (const [s, d, w] of edges) e.setTrust(`n${s}`, `n${d}`, w)
    e.reputation('n0')
    e.setTrust('n0', 'n19', 5)
    const got = new Map(e.reputation('n0').map(r => [r.author, r.score]))
    const idx = (e as unknown as { index: WalkIndex }).index
    const ex = exactMeritRank({ nodes: idx.users.size, edges: idx.trustEdges() }, idx.users.lookup('n0'), { alpha: ALPHA, beta: 0 })
    for (let v = 0; v < idx.users.size; v++) {
      if (v === idx.users.lookup('n0')) continue
      expect(Math.abs((got.get(idx.users.name(v)) ?? 0) - ex.score[v])).toBeLessThanOrEqual(0.01)
    }
    expect(e.score('n0', 'n19')).toBeCloseTo(got.get('n19') ?? 0, 12)
  })
})
