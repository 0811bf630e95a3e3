/**
 * Synthetic power-law graphs for the engine benchmark: trust targets and item popularity
 * drawn from Zipf-like laws (a few hubs, a long tail), user activity geometric-ish.
 */
import { createRng } from '../../graph/index.js'

/** Edge lists over int ids. */
export interface SyntheticGraph {
  users: number
  items: number
  trust: Array<[number, number, number]>
  plays: Array<[number, number, number]>
}

/** Index in [0, n) with P(k) ∝ 1/(k + 1)^s (inverse-CDF on the continuous approximation). */
function zipf (n: number, u: number, s = 1.1): number {
  const a = 1 - s
  const max = Math.pow(n + 1, a)
  return Math.min(n - 1, Math.floor(Math.pow(1 + u * (max - 1), 1 / a)) - 1)
}

/** `users` users with ~`trustPerUser` trust edges each and ~`playEdges` user–item edges. */
export function powerLawGraph (users: number, items: number, trustPerUser: number, playEdges: number, seed: number): SyntheticGraph {
  const rng = createRng(seed)
  // A random relabelling so hubs are not simply the low ids.
  const perm = Int32Array.from({ length: users }, (_, i) => i)
  for (let i = users - 1; i > 0; i--) { const j = rng.int(i + 1); const t = perm[i]; perm[i] = perm[j]; perm[j] = t }
  const trust: Array<[number, number, number]> = []
  for (let u = 0; u < users; u++) {
    const d = 1 + Math.floor(-Math.log(1 - rng.next()) * (trustPerUser - 1))
    const seen = new Set<number>()
    for (let k = 0; k < d; k++) {
      const v = perm[zipf(users, rng.next(), 0.8)]
      if (v === u || seen.has(v)) continue
      seen.add(v)
      trust.push([u, v, rng.next() < 0.05 ? -1 : 1])
    }
  }
  const plays: Array<[number, number, number]> = []
  const mine: Array<Set<number>> = Array.from({ length: users }, () => new Set())
  const add = (u: number, i: number): void => {
    if (mine[u].has(i)) return
    mine[u].add(i)
    plays.push([u, i, 1 + Math.floor(-Math.log(1 - rng.next()) * 50)])
  }
  const perUser = playEdges / users
  for (let u = 0; u < users; u++) {
    const d = 1 + Math.floor(-Math.log(1 - rng.next()) * (perUser - 1))
    for (let k = 0; k < d; k++) add(u, zipf(items, rng.next()))
  }
  // Top up (duplicates of popular items were dropped) to exactly `playEdges`.
  while (plays.length < playEdges) add(rng.int(users), zipf(items, rng.next()))
  plays.length = Math.min(plays.length, playEdges)
  return { users, items, trust, plays }
}
