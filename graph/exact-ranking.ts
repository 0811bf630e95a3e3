/**
 * The engine's whole ranking solved exactly, for small graphs: fundamental-matrix
 * MeritRank → the trust vector (non-negative part, β-decayed) → the exact SALSA chain →
 * popularity debiasing and item decay, the ego's own items left out. The referee that
 * `meritwalk rank --exact` and the precision bench hold the walks to.
 */
import { egoDominators } from './dominators.js'
import { exactMeritRank, exactSalsa, type ExactMeritRank } from './exact.js'
import type { ResolvedOptions } from './options.js'
import { debiased, itemSeparated } from './rank-items.js'
import type { WalkIndex } from './walk-index.js'

/** The options of the law (the engine's resolved options fit). */
export type ExactRankingOptions = Pick<ResolvedOptions, 'alpha' | 'beta' | 'salsaStop' | 'egoReturns' | 'trustExponent' | 'restartToTrusted' | 'popularityPenalty'>

/** Exact MeritRank of `ego` and its items scored best first, as [item, score]. */
export function exactRanking (index: WalkIndex, ego: number, o: ExactRankingOptions, seeds?: number[]): { meritRank: ExactMeritRank, items: Array<[number, number]> } {
  const n = index.users.size
  const meritRank = exactMeritRank({ nodes: n, edges: index.trustEdges() }, ego, { alpha: o.alpha, beta: o.beta, seeds })
  const trust = new Float64Array(n)
  for (let v = 0; v < n; v++) trust[v] = Math.max(0, meritRank.pos[v] - meritRank.neg[v]) * (meritRank.separated[v] === 1 ? 1 - o.beta : 1)
  const edges = index.interactionEdges()
  const { share } = exactSalsa({ users: n, items: index.items.size, edges }, ego, trust,
    { salsaStop: o.salsaStop, egoReturns: o.egoReturns, trustExponent: o.trustExponent, restartToTrusted: o.restartToTrusted })
  const dom = egoDominators(index.trust, ego, n, seeds)
  const own = new Set(edges.filter(([u]) => u === ego).map(([, i]) => i))
  const items: Array<[number, number]> = []
  for (let i = 0; i < share.length; i++) {
    if (share[i] <= 0 || own.has(i)) continue
    const s = debiased(index, i, share[i], o.popularityPenalty)
    items.push([i, o.beta > 0 && itemSeparated(index, i, trust, dom) ? s * (1 - o.beta) : s])
  }
  items.sort((a, b) => b[1] - a[1] || a[0] - b[0])
  return { meritRank, items }
}
