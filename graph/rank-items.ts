/**
 * From walk visits to a ranked, explained list: item score = share of item visits, with
 * connectivity decay on items (an item is ego-separated when one user other than the ego
 * dominates every trusted user who has it — the nearest common dominator of its trusted
 * likers), optional popularity debiasing, the ego's own and hidden items left out, and
 * the neighbours of "not interested" items weighted down.
 */
import { commonDominator, type Dominators } from './dominators.js'
import type { Recommendation } from './options.js'
import type { WalkIndex } from './walk-index.js'
import type { WalkSample } from './web3recommend.js'

/** What ranking needs besides the walks. */
export interface RankContext {
  index: WalkIndex
  ego: number
  /** Trust per user (> 0 = trusted), used to find an item's trusted likers. */
  trust: Float64Array
  dom: Dominators
  beta: number
  popularityPenalty: number
  includeOwn: boolean
  limit: number
  explain: boolean
  bootstrapped: boolean
  /** Items never shown (the person's "not interested" and muted items). */
  hidden?: ReadonlySet<number>
  /** Score multipliers per item (neighbours of "not interested" items, graph/feedback.ts). */
  damp?: ReadonlyMap<number, number>
}

/** True when the trusted likers of `item` share a dominator other than the ego. */
export function itemSeparated (index: WalkIndex, item: number, trust: Float64Array, dom: Dominators): boolean {
  let lca = -1
  for (const u of index.bip.likersOf(item)) {
    if (!((trust[u] ?? 0) > 0) || u >= dom.idom.length || (dom.idom[u] === -1 && u !== dom.ego)) continue
    lca = lca === -1 ? u : commonDominator(dom, lca, u)
    if (lca === dom.ego) return false
  }
  return lca !== -1
}

/** RP3β-style debiasing: an item's share ÷ (its likers)^γ; γ = 0 leaves it as it is. */
export function debiased (index: WalkIndex, item: number, share: number, gamma: number): number {
  return gamma > 0 ? share / Math.pow(Math.max(1, index.bip.likers(item)), gamma) : share
}

/** Top items of a walk sample for the ego. */
export function rankItems (sample: WalkSample, ctx: RankContext): Recommendation[] {
  const { index, ego } = ctx
  const rows = index.bip.users
  const own = new Set<number>()
  if (!ctx.includeOwn) {
    for (let k = rows.start(ego), end = rows.end(ego); k < end; k++) own.add(rows.dst[k])
  }
  const total = sample.totalItemVisits
  if (total === 0) return []
  const scored: Array<[number, number]> = []
  const visits = sample.itemVisits
  for (let i = 0; i < visits.length; i++) {
    if (visits[i] === 0 || own.has(i) || ctx.hidden?.has(i) === true) continue
    const s = debiased(index, i, visits[i] / total, ctx.popularityPenalty)
    scored.push([i, s * (ctx.damp?.get(i) ?? 1)])
  }
  if (ctx.beta > 0) {
    // Decay can only lower scores, so checking dominators in score order can stop early.
    scored.sort((a, b) => b[1] - a[1] || a[0] - b[0])
    const keep: Array<[number, number]> = []
    let floor = -Infinity
    for (const [i, s] of scored) {
      if (keep.length >= ctx.limit && s <= floor) break
      const d = itemSeparated(index, i, ctx.trust, ctx.dom) ? s * (1 - ctx.beta) : s
      keep.push([i, d])
      if (keep.length >= ctx.limit) {
        keep.sort((a, b) => b[1] - a[1] || a[0] - b[0])
        keep.length = ctx.limit
        floor = keep[keep.length - 1][1]
      }
    }
    scored.length = 0
    scored.push(...keep)
  }
  scored.sort((a, b) => b[1] - a[1] || a[0] - b[0])
  const top = scored.slice(0, ctx.limit)
  const via = ctx.explain ? explain(sample, top.map(([i]) => i)) : undefined
  return top.map(([i, score]) => {
    const rec: Recommendation = { item: index.items.name(i), score }
    if (via !== undefined || ctx.bootstrapped) {
      const list = (via?.get(i) ?? []).map(([u, share]) => ({ author: index.users.name(u), share }))
      rec.explain = ctx.bootstrapped ? { via: list, bootstrapped: true } : { via: list }
    }
    return rec
  })
}

/** For each item, the users its visits arrive from, with their share of its visits. */
function explain (sample: WalkSample, items: number[], maxVia = 5): Map<number, Array<[number, number]>> {
  const out = new Map<number, Array<[number, number]>>()
  for (const [i, m] of sample.via(items)) {
    let n = 0
    for (const c of m.values()) n += c
    const list = [...m].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, maxVia).map(([u, c]) => [u, c / n] as [number, number])
    out.set(i, list)
  }
  return out
}
