/**
 * Cold start: an ego that trusts nobody yet walks through the `k` users whose items
 * overlap its own most (cosine over item sets), as if it trusted each with an equal,
 * capped weight — Web3Recommend trusted similar users automatically; here the effect is
 * bounded and labelled. Taste-cloning Sybils (copies of the ego's items) will win seed
 * slots, so bound what they gain: each seed is one of `k` equal virtual edges, so clones
 * holding s of the k slots receive at most s/k of the walks' first steps; everything behind
 * a seed is dominated by it, so connectivity decay cuts the region behind each seed to
 * (1 − β) of its MeritRank share ((1 − α)/α · (1 − β) of the seed's own score at most);
 * and results are marked `bootstrapped: true` so a caller can show them as provisional.
 * The bootstrap ends with the ego's first positive trust edge.
 */
import type { Bipartite } from './bipartite.js'
import type { Rows } from './rows.js'

/** The `k` users most similar to `ego` by item overlap (ties by lower id); [] without items. */
export function bootstrapSeeds (bip: Bipartite, ego: number, k: number): number[] {
  const rows = bip.users
  const deg = rows.degree(ego)
  if (deg === 0 || k <= 0) return []
  const overlap = new Map<number, number>()
  for (let s = rows.start(ego), end = rows.end(ego); s < end; s++) {
    bip.forLikers(rows.dst[s], u => {
      if (u !== ego) overlap.set(u, (overlap.get(u) ?? 0) + 1)
    })
  }
  const scored: Array<[number, number]> = []
  for (const [u, o] of overlap) scored.push([u, o / Math.sqrt(deg * rows.degree(u))])
  scored.sort((a, b) => b[1] - a[1] || a[0] - b[0])
  return scored.slice(0, k).map(([u]) => u).sort((a, b) => a - b)
}

/**
 * The cold-start rule: the seeds an ego walks through while it trusts nobody (no positive
 * trust edge), or undefined when it does or when no one shares its items.
 */
export function coldStartSeeds (trust: Rows, bip: Bipartite, ego: number, k: number): number[] | undefined {
  if (trust.posTotal[ego] > 0) return undefined
  const seeds = bootstrapSeeds(bip, ego, k)
  return seeds.length > 0 ? seeds : undefined
}
