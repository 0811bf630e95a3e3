/**
 * Engine.gatekeepers (connectivity decay's regions, for the web UI's graph) against brute
 * force: exactly the ego-separated authors are mapped, each to a person who is not itself
 * separated and whose removal cuts every positive path from the ego to them.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bruteForceSeparated, createEngine } from '../../graph/index.js'

/** Who the ego reaches over positive edges when `cut` is removed. */
function reach (edges: Array<[number, number, number]>, cut: number): Set<number> {
  const seen = new Set([0])
  const stack = [0]
  while (stack.length > 0) {
    const x = stack.pop() as number
    for (const [s, d, w] of edges) if (s === x && w > 0 && d !== cut && !seen.has(d)) { seen.add(d); stack.push(d) }
  }
  return seen
}

describe('Engine.gatekeepers', () => {
  it('maps each ego-separated author to the topmost person every positive path passes', () => {
    fc.assert(fc.property(
      fc.integer({ min: 3, max: 25 }).chain(n => fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.constantFrom(1, 0.5, -1)), { maxLength: 3 * n }))),
      ([n, raw]) => {
        // Later edges replace earlier ones between the same pair, as in the engine; the ego
        // trusts v1 last, so it has its own trust (no bootstrap seeds standing in).
        const last = new Map<string, [number, number, number]>()
        for (const e of [...raw, [0, 1, 1] as [number, number, number]]) if (e[0] !== e[1]) last.set(`${e[0]}>${e[1]}`, e)
        const edges = [...last.values()]
        const engine = createEngine({ seed: 1 })
        for (const [s, d, w] of edges) engine.setTrust(`v${s}`, `v${d}`, w)
        const brute = bruteForceSeparated({ nodes: n, edges }, 0)
        const gates = engine.gatekeepers('v0')
        for (let v = 1; v < n; v++) {
          const gate = gates.get(`v${v}`)
          expect(gate !== undefined, `v${v}`).toBe(brute[v] === 1)
          if (gate === undefined) continue
          const g = Number(gate.slice(1))
          expect(g).not.toBe(0)
          expect(brute[g]).toBe(0)
          expect(reach(edges, g).has(v)).toBe(false)
        }
      }
    ), { numRuns: 150, seed: 12 })
  })

  it('is empty for an unknown ego', () => {
    expect(createEngine().gatekeepers('nobody').size).toBe(0)
  })
})
