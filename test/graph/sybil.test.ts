/**
 * The Sybil guarantee (docs/ARCHITECTURE.md §5.2): one attacker's region of 1–100 Sybils, whatever its
 * shape, gains at most (1 − α)/α of the attacker's score, and at most (1 − α)/α · (1 − β)
 * when the attacker is not ego-separated.
 *
 * The bound is about expected first-visit hits: every Sybil hit in a walk comes after the
 * walk's first hit of the attacker (the only way in), each later step hits at most one new
 * Sybil, and the expected number of steps left is (1 − α)/α by memorylessness. So the
 * tested quantity is E[Σ Sybil hits] / E[attacker hits] — exactly from the referee, and as
 * a ratio of sums from the walks with a tolerance from that estimator's standard error.
 */
import { describe, expect, it } from 'vitest'
import { createRng, egoDominators, egoSeparated, exactMeritRank, MeritRankWalks, WalkIndex } from '../../graph/index.js'
import { randomTrust, ratioSE } from './helpers.js'

const ALPHA = 0.15
const BETA = 0.8
const BOUND = (1 - ALPHA) / ALPHA

type Shape = 'serial' | 'parallel' | 'cycle'

/**
 * Honest graph on 0..11 (ego 0), attacker 12, Sybils 13.. . `separated` makes honest 5 the
 * attacker's only way in; otherwise the ego and node 5 both trust it.
 */
function scenario (shape: Shape, sybils: number, separated: boolean): { edges: Array<[number, number, number]>, n: number, attacker: number } {
  const honest = 12
  const attacker = honest
  const edges = randomTrust(honest, 36, 77, 0).filter(([s, d]) => d !== 0 || s !== 0)
  if (!edges.some(([s, d]) => s === 0 && d === 5)) edges.push([0, 5, 1])
  edges.push([5, attacker, 1])
  if (!separated) edges.push([0, attacker, 1])
  const first = honest + 1
  for (let k = 0; k < sybils; k++) {
    const s = first + k
    if (shape === 'serial') edges.push([k === 0 ? attacker : s - 1, s, 1])
    if (shape === 'parallel') { edges.push([attacker, s, 1]); edges.push([s, attacker, 1]) }
    if (shape === 'cycle') edges.push([k === 0 ? attacker : s - 1, s, 1])
  }
  if (shape === 'cycle') edges.push([first + sybils - 1, attacker, 1])
  // The attacker also keeps an honest-looking edge back out; it only lowers the gain.
  edges.push([attacker, 3, 0.5])
  return { edges: edges.filter(([s, d]) => s !== d), n: first + sybils, attacker }
}

describe('Sybil gain bound', () => {
  for (const shape of ['serial', 'parallel', 'cycle'] as Shape[]) {
    for (const sybils of [1, 10, 100]) {
      it(`${shape} region of ${sybils}: exact and Monte-Carlo gain within the bound`, () => {
        for (const separated of [true, false]) {
          const { edges, n, attacker } = scenario(shape, sybils, separated)
          const bound = separated ? BOUND : BOUND * (1 - BETA)
          const ex = exactMeritRank({ nodes: n, edges }, 0, { alpha: ALPHA, beta: BETA })
          let sum = 0
          for (let s = attacker + 1; s < n; s++) sum += ex.score[s]
          expect(ex.separated[attacker]).toBe(separated ? 1 : 0)
          expect(sum / ex.score[attacker]).toBeLessThanOrEqual(bound + 1e-9)

          const index = new WalkIndex()
          for (let v = 0; v < n; v++) index.user(`v${v}`)
          for (const [s, d, w] of edges) index.setTrust(s, d, w, 0)
          const mr = new MeritRankWalks(index.trust, 0, n, { alpha: ALPHA, walks: 10_000 }, createRng(sybils * 3 + (separated ? 1 : 0)))
          const dom = egoDominators(index.trust, 0, n)
          expect(egoSeparated(dom, attacker)).toBe(separated)
          // Per-walk (Sybil hits, attacker hit) pairs; decay is a constant factor per node.
          const xs: number[] = []; const ys: number[] = []
          for (const walk of mr.walks) {
            const hit = new Set(walk.filter(v => v > attacker))
            xs.push(hit.size)
            ys.push(walk.includes(attacker) ? 1 : 0)
          }
          const decay = separated ? 1 : 1 - BETA
          const gain = xs.reduce((a, b) => a + b, 0) / ys.reduce((a, b) => a + b, 0) * decay
          expect(gain).toBeLessThanOrEqual(bound + 4.5 * ratioSE(xs, ys) * decay)
        }
      })
    }
  }

  it('a long serial region approaches the bound (the bound is tight)', () => {
    const { edges, n, attacker } = scenario('serial', 100, true)
    const noExit = edges.filter(([s, d]) => !(s === attacker && d === 3))
    const ex = exactMeritRank({ nodes: n, edges: noExit }, 0, { alpha: ALPHA, beta: BETA })
    let sum = 0
    for (let s = attacker + 1; s < n; s++) sum += ex.score[s]
    expect(sum / ex.score[attacker]).toBeGreaterThan(0.99 * BOUND)
  })
})
