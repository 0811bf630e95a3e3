/**
 * The walk index: weighted sampling laws, edge add/update/remove with twins kept right,
 * GraphJet-style caps with reported evictions, epoch decay, and input checks that throw
 * typed errors without changing state.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Bipartite, createEngine, createRng, exactMeritRank, InvalidIdError, InvalidOptionError, InvalidWeightError, Rows } from '../../graph/index.js'
import { propSD } from './helpers.js'

/** Draws n samples and checks each slot's frequency within 4.5 sd of its weight share. */
function expectLaw (rows: Rows, node: number, posOnly: boolean, weights: Map<number, number>, n = 60_000): void {
  const rng = createRng(1)
  const counts = new Map<number, number>()
  for (let t = 0; t < n; t++) {
    const k = rows.sample(node, rng, posOnly)
    const d = rows.dst[k]
    counts.set(d, (counts.get(d) ?? 0) + 1)
  }
  let total = 0
  for (const w of weights.values()) total += w
  for (const [d, w] of weights) {
    const p = w / total
    expect(Math.abs((counts.get(d) ?? 0) / n - p)).toBeLessThanOrEqual(4.5 * propSD(p, n))
  }
  for (const d of counts.keys()) expect(weights.has(d)).toBe(true)
}

describe('Rows sampling', () => {
  it('draws ∝ |w| on short (scan) and long (rejection) rows, and ∝ w over positives only', () => {
    for (const deg of [5, 40]) {
      const rows = new Rows(false)
      rows.ensure(deg + 1)
      const abs = new Map<number, number>(); const pos = new Map<number, number>()
      for (let d = 1; d <= deg; d++) {
        const w = d % 4 === 0 ? -d : d
        rows.put(0, d, w, 0)
        abs.set(d, Math.abs(w))
        if (w > 0) pos.set(d, w)
      }
      rows.refresh(0)
      expectLaw(rows, 0, false, abs)
      expectLaw(rows, 0, true, pos)
    }
  })

  it('returns -1 for empty rows and rows with no positive edge in the tail', () => {
    const rows = new Rows(false)
    rows.ensure(3)
    expect(rows.sample(0, createRng(1), false)).toBe(-1)
    rows.put(1, 2, -1, 0)
    rows.refresh(1)
    expect(rows.sample(1, createRng(1), true)).toBe(-1)
    expect(rows.dst[rows.sample(1, createRng(1), false)]).toBe(2)
  })

  it('fades edges by age relative to the row newest edge (epoch decay)', () => {
    const day = 86_400_000
    const rows = new Rows(false, day)
    rows.ensure(3)
    rows.put(0, 1, 1, 0)
    rows.put(0, 2, 1, 86_400 * 2)
    rows.refresh(0)
    expect(rows.effective(0, rows.find(0, 1))).toBeCloseTo(0.25, 12)
    expect(rows.effective(0, rows.find(0, 2))).toBeCloseTo(1, 12)
    expectLaw(rows, 0, false, new Map([[1, 0.25], [2, 1]]))
  })
})

describe('Rows updates on long rows (O(1) bookkeeping)', () => {
  // The same row built from scratch in one go: the referee for shares and totals.
  function rebuilt (rows: Rows, node: number): Rows {
    const fresh = new Rows(false, rows.decays ? 86_400_000 : Infinity)
    fresh.ensure(node + 1)
    for (let k = rows.start(node); k < rows.end(node); k++) fresh.put(node, rows.dst[k], rows.weight(k), rows.tsSec(k))
    fresh.refresh(node)
    return fresh
  }

  it('keeps find, totals and edge shares exact through random puts and deletes', () => {
    for (const halfLife of [Infinity, 86_400_000]) {
      fc.assert(fc.property(fc.array(fc.tuple(fc.nat(299), fc.integer({ min: -3, max: 5 }), fc.nat(10 * 86_400)), { minLength: 400, maxLength: 1500, size: 'max' }), ops => {
        const rows = new Rows(false, halfLife)
        rows.ensure(2)
        const model = new Map<number, number>()
        for (const [dst, w, ts] of ops) {
          if (w === 0) {
            const k = rows.find(0, dst)
            if (k >= 0) rows.delete(0, k)
            model.delete(dst)
          } else {
            rows.put(0, dst, w, ts)
            model.set(dst, w)
          }
        }
        expect(rows.degree(0)).toBe(model.size)
        for (let dst = 0; dst < 300; dst++) {
          const k = rows.find(0, dst)
          if (model.has(dst)) expect(rows.weight(k)).toBe(model.get(dst))
          else expect(k).toBe(-1)
        }
        if (model.size === 0) return
        // Weights are relative to the row's reference time, so the referee is each edge's
        // share of the totals (what a walk step draws from), not the totals themselves.
        const fresh = rebuilt(rows, 0)
        for (const dst of model.keys()) {
          const k = rows.find(0, dst); const f = fresh.find(0, dst)
          expect(Math.abs(rows.effective(0, k)) / rows.absTotal[0]).toBeCloseTo(Math.abs(fresh.effective(0, f)) / fresh.absTotal[0], 9)
        }
        expect(rows.posTotal[0] / rows.absTotal[0]).toBeCloseTo(fresh.posTotal[0] / fresh.absTotal[0], 9)
      }), { numRuns: 60, seed: 7 })
    }
  })

  it('samples a 400-edge row, updated 4,000 times, in its exact law', () => {
    const rows = new Rows(false)
    rows.ensure(1)
    const rng = createRng(5)
    const model = new Map<number, number>()
    for (let t = 0; t < 4000; t++) {
      const dst = rng.int(400)
      const w = 1 + rng.int(9)
      if (t % 7 === 0 && model.has(dst)) { rows.delete(0, rows.find(0, dst)); model.delete(dst) } else { rows.put(0, dst, w, t); model.set(dst, w) }
    }
    expect(rows.absTotal[0]).toBeCloseTo([...model.values()].reduce((a, b) => a + b, 0), 6)
    expectLaw(rows, 0, false, model, 200_000)
  })
})

describe('Bipartite index', () => {
  it('keeps user rows, item rows and twins consistent under random sets and deletes', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(9), fc.nat(14), fc.nat(3)), { maxLength: 300 }), ops => {
      const bip = new Bipartite()
      bip.ensureUsers(10); bip.ensureItems(15)
      const model = new Map<string, number>()
      for (const [u, i, w] of ops) {
        bip.set(u, i, w, 0)
        if (w === 0) model.delete(`${u},${i}`)
        else model.set(`${u},${i}`, w)
      }
      expect(bip.edges).toBe(model.size)
      for (let u = 0; u < 10; u++) {
        const rows = bip.users
        for (let k = rows.start(u); k < rows.end(u); k++) {
          const i = rows.dst[k]
          expect(model.get(`${u},${i}`)).toBe(rows.weight(k))
          // The item side lists this user with the slot of this very edge.
          const p = bip.likersOf(i).indexOf(u)
          expect(p).toBeGreaterThanOrEqual(0)
          expect(bip.likerSlots(i)[p]).toBe(k)
        }
      }
      let likers = 0
      for (let i = 0; i < 15; i++) likers += bip.likers(i)
      expect(likers).toBe(model.size)
    }), { numRuns: 150, seed: 3 })
  })

  it('evicts each user oldest interaction past maxItemsPerUser, and the globally oldest past maxEdges', () => {
    const e = createEngine({ maxItemsPerUser: 2, maxEdges: 3 })
    expect(e.setInteraction('u', 'a', 1, 1000)).toBeUndefined()
    e.setInteraction('u', 'b', 1, 2000)
    expect(e.setInteraction('u', 'c', 1, 3000)).toEqual({ evicted: [{ user: 'u', item: 'a', reason: 'maxItemsPerUser' }] })
    e.setInteraction('v', 'x', 1, 4000)
    expect(e.setInteraction('v', 'y', 1, 5000)).toEqual({ evicted: [{ user: 'u', item: 'b', reason: 'maxEdges' }] })
    expect(e.stats().interactionEdges).toBe(3)
  })

  it('keeps bytes per edge bounded (the 40 B budget is measured at 1M edges in bench/graph.ts)', () => {
    const e = createEngine()
    const rng = createRng(2)
    for (let t = 0; t < 30_000; t++) e.setInteraction(`u${rng.int(3000)}`, `i${Math.floor(5000 * rng.next() ** 2)}`, 1, 0)
    for (let t = 0; t < 10_000; t++) { const s = rng.int(3000); e.setTrust(`u${s}`, `u${(s + 1 + rng.int(2999)) % 3000}`, 1, 0) }
    const s = e.stats()
    expect(s.bytes / (s.interactionEdges + s.trustEdges)).toBeLessThan(60)
  })
})

describe('engine input checks', () => {
  it('throws typed errors and leaves state unchanged', () => {
    const e = createEngine()
    e.setTrust('a', 'b', 1)
    e.setInteraction('a', 'i', 1)
    const before = e.stats()
    const rep = e.reputation('a')
    const bad: Array<[() => unknown, new (...a: never[]) => Error]> = [
      [() => { e.setTrust('a', 'c', Number.NaN) }, InvalidWeightError],
      [() => { e.setTrust('a', 'c', Infinity) }, InvalidWeightError],
      [() => { e.setTrust('', 'c', 1) }, InvalidIdError],
      [() => { e.setTrust('a', 'c', 1, -5) }, InvalidWeightError],
      [() => e.setInteraction('a', 'j', -1), InvalidWeightError],
      [() => e.setInteraction('a', '', 1), InvalidIdError],
      [() => e.setInteraction(42 as unknown as string, 'j', 1), InvalidIdError],
      [() => e.recommend('a', { walks: 0 }), InvalidOptionError],
      [() => e.recommend('a', { alpha: 0 }), InvalidOptionError],
      [() => e.recommend('a', { beta: 1.5 }), InvalidOptionError],
      [() => e.recommend('a', { salsaStop: 0 }), InvalidOptionError],
      [() => e.recommend('a', { salsaStop: 1.1 }), InvalidOptionError],
      [() => e.recommend('a', { egoReturns: 'yes' as unknown as boolean }), InvalidOptionError],
      [() => e.reputation('a', { walks: 1.5 }), InvalidOptionError]
    ]
    for (const [call, type] of bad) expect(call).toThrow(type)
    // Queries about unknown ids answer empty and add nothing to the index.
    expect(e.recommend('stranger')).toEqual([])
    expect(e.reputation('stranger')).toEqual([])
    expect(e.score('stranger', 'a')).toBe(0)
    expect(e.stats()).toEqual(before)
    expect(e.reputation('a')).toEqual(rep)
  })

  it('rejects bad engine options', () => {
    for (const o of [{ alpha: 2 }, { beta: -1 }, { walks: -3 }, { affinity: 'cubic' as 'raw' }, { halfLifeMs: 0 }, { maxEgos: 0 }, { restartToTrusted: 2 }, { salsaStop: 0 }, { salsaStop: Number.NaN }, { egoReturns: 1 as unknown as boolean }]) {
      expect(() => createEngine(o)).toThrow(InvalidOptionError)
    }
  })

  it('weight 0 deletes a trust edge', () => {
    const e = createEngine({ seed: 1, beta: 0 })
    e.setTrust('a', 'b', 1)
    e.setTrust('a', 'c', 1)
    expect(e.score('a', 'b')).toBeGreaterThan(0)
    e.setTrust('a', 'b', 0)
    expect(e.stats().trustEdges).toBe(1)
    expect(e.score('a', 'b')).toBe(0)
    const ex = exactMeritRank({ nodes: 3, edges: [[0, 2, 1]] }, 0, { alpha: 0.15, beta: 0 })
    expect(Math.abs(e.score('a', 'c') - ex.score[2])).toBeLessThan(0.01)
  })
})

describe('epoch decay in the engine', () => {
  it('weights trust by relative age: an edge two half-lives older counts a quarter', () => {
    const day = 86_400_000
    const e = createEngine({ halfLifeMs: day, beta: 0, seed: 4 })
    e.setTrust('ego', 'old', 1, 0)
    e.setTrust('ego', 'new', 1, 2 * day)
    e.setTrust('old', 'x', 1, 0)
    // Exact chain with the faded weights: ego → old 0.25, ego → new 1.
    const ex = exactMeritRank({ nodes: 4, edges: [[0, 1, 0.25], [0, 2, 1], [1, 3, 1]] }, 0, { alpha: 0.15, beta: 0 })
    expect(Math.abs(e.score('ego', 'old') - ex.score[1])).toBeLessThan(0.01)
    expect(Math.abs(e.score('ego', 'new') - ex.score[2])).toBeLessThan(0.01)
    expect(e.score('ego', 'new')).toBeGreaterThan(3 * e.score('ego', 'old'))
  })
})
