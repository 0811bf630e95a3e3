/** Cooper–Harvey–Kennedy dominators against brute force (remove each node, re-check reachability). */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bruteForceSeparated, commonDominator, createRng, dominatorsAfterInsert, egoDominators, egoSeparated, WalkIndex } from '../../graph/index.js'

function build (n: number, edges: Array<[number, number, number]>): WalkIndex {
  const index = new WalkIndex()
  for (let v = 0; v < n; v++) index.user(`v${v}`)
  for (const [s, d, w] of edges) if (s !== d) index.setTrust(s, d, w, 0)
  return index
}

describe('egoDominators', () => {
  it('agrees with brute force on random signed graphs (negative edges ignored)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 2, max: 30 }).chain(n => fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.constantFrom(1, 2, -1)), { maxLength: 4 * n }))),
      ([n, raw]) => {
        const edges = raw.filter(([s, d]) => s !== d)
        const index = build(n, edges)
        const plain = index.trustEdges()
        const brute = bruteForceSeparated({ nodes: n, edges: plain }, 0)
        const dom = egoDominators(index.trust, 0, n)
        for (let v = 0; v < n; v++) expect(egoSeparated(dom, v)).toBe(brute[v] === 1)
      }
    ), { numRuns: 200, seed: 5 })
  })

  it('finds the nearest common dominator and treats bootstrap seeds as the ego row', () => {
    // 0 → 1 → {2, 3} → 4: 1 dominates 2, 3, 4.
    const index = build(6, [[0, 1, 1], [1, 2, 1], [1, 3, 1], [2, 4, 1], [3, 4, 1], [5, 1, 1]])
    const dom = egoDominators(index.trust, 0, 6)
    expect(commonDominator(dom, 2, 3)).toBe(1)
    expect(commonDominator(dom, 4, 2)).toBe(1)
    expect(egoSeparated(dom, 4)).toBe(true)
    expect(dom.idom[5]).toBe(-1)
    const boot = egoDominators(build(6, [[1, 2, 1], [3, 2, 1]]).trust, 0, 6, [1, 3])
    expect(egoSeparated(boot, 2)).toBe(false)
    expect(egoSeparated(boot, 1)).toBe(false)
  })

  it('updates in place after edge insertions exactly as a recomputation would', () => {
    for (const seed of [1, 2, 3, 4]) {
      const rng = createRng(seed)
      const n = 60
      const edges: Array<[number, number, number]> = []
      for (let k = 0; k < 70; k++) edges.push([rng.int(n), rng.int(n), 1])
      const index = build(n, edges)
      let dom = egoDominators(index.trust, 0, n)
      let inPlace = 0
      for (let k = 0; k < 150; k++) {
        const u = rng.int(n); const v = rng.int(n)
        if (u === v || index.trust.find(u, v) >= 0) continue
        index.setTrust(u, v, 1, 0)
        if (dominatorsAfterInsert(dom, index.trust, u, v)) inPlace++
        else dom = egoDominators(index.trust, 0, n)
        const fresh = egoDominators(index.trust, 0, n)
        expect(Array.from(dom.idom)).toEqual(Array.from(fresh.idom))
        expect(Array.from(dom.depth)).toEqual(Array.from(fresh.depth))
      }
      expect(inPlace).toBeGreaterThan(50)
    }
  })
})

