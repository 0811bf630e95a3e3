/**
 * "Not interested": the person's negative feedback on items, as score multipliers. The
 * rejected item itself is hidden by the caller; here its nearest neighbours in the walk
 * graph — the items a two-step walk item → liker → item reaches most often from it,
 * divided by their own popularity — are weighted down a little, because a walk that found
 * the rejected item tends to find them through the same people.
 *
 * Why divided by popularity (bench/feedback.ts, bench/RESULTS.md "Not interested"): on
 * Last.fm leave-one-out the raw two-step neighbours of a rejected artist are the popular
 * artists everyone plays, and damping them lowers HR@10 (−0.02 to −0.13); neighbours
 * relative to their popularity are the artists liked *with* the rejected one, and damping
 * them leaves HR@10 unchanged. The data set has no real dislikes, so a gain cannot show there.
 */
import type { WalkIndex } from './walk-index.js'

/** How far "not interested" reaches. */
export interface DampingOptions {
  /** Neighbours of each rejected item that are weighted down. @default 20 */
  neighbours: number
  /** The nearest neighbour's score is multiplied by 1 − strength; the others by less, in proportion to closeness. @default 0.3 */
  strength: number
  /** Likers of a rejected item looked at: keeps a hugely popular item's cost bounded. @default 2000 */
  maxLikers: number
  /** Closeness ÷ (a neighbour's likers)^popularity, so neighbours are items liked *with* the rejected one rather than merely popular ones. @default 1 */
  popularity: number
}

export const DEFAULT_DAMPING: DampingOptions = { neighbours: 20, strength: 0.3, maxLikers: 2000, popularity: 1 }

/**
 * Multipliers in (0, 1) per item index for the neighbours of `rejected` (item indexes);
 * neighbours of several rejected items multiply. Items in `rejected` are not included.
 */
export function notInterestedDamping (index: WalkIndex, rejected: Iterable<number>, opts: DampingOptions = DEFAULT_DAMPING): Map<number, number> {
  const out = new Map<number, number>()
  const skip = new Set(rejected)
  const rows = index.bip.users
  for (const x of skip) {
    if (x < 0 || index.bip.likers(x) === 0) continue
    // P(x → u → j) with uniform steps: Σ over likers u of 1/deg(x) · 1/deg(u).
    const near = new Map<number, number>()
    const likers = index.bip.likersOf(x)
    for (const u of likers.subarray(Math.max(0, likers.length - opts.maxLikers))) {
      const deg = rows.degree(u)
      for (let m = rows.start(u), end = rows.end(u); m < end; m++) {
        const j = rows.dst[m]
        if (skip.has(j)) continue
        near.set(j, (near.get(j) ?? 0) + 1 / deg)
      }
    }
    if (opts.popularity > 0) for (const [j, p] of near) near.set(j, p / Math.pow(index.bip.likers(j), opts.popularity))
    const top = [...near].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, opts.neighbours)
    const best = top[0]?.[1] ?? 0
    for (const [j, p] of top) out.set(j, (out.get(j) ?? 1) * (1 - opts.strength * p / best))
  }
  return out
}
