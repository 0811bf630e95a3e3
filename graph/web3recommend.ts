/**
 * The Web3Recommend walk (Madhwal & Pouwelse, 2023), kept as a named baseline: like
 * personalised SALSA, but from an item the walk may only go back to a trust neighbour of
 * the user it came from who also has the item (∝ that user's trust weight), and when there
 * is none it falls back to a plain trust hop. Run fresh per query (not stored).
 */
import type { Bipartite } from './bipartite.js'
import type { Rows } from './rows.js'
import type { Rng } from './rng.js'
import { pick, sampleStart, type StartLaw } from './salsa.js'

/** Walks plus item visit counts (what ranking and explanations read). */
export interface WalkSample {
  walks: number[][]
  itemVisits: Float64Array
  totalItemVisits: number
  /** For each item, the users its visits arrive from, with their (unnormalised) weight. */
  via: (items: number[]) => Map<number, Map<number, number>>
}

/** Arrivals counted along the walks: the user each visit of a wanted item came from. */
export function arrivalsAlong (walks: number[][], items: number[]): Map<number, Map<number, number>> {
  const wanted = new Map<number, Map<number, number>>()
  for (const i of items) wanted.set(i, new Map())
  for (const walk of walks) {
    for (let k = 1; k < walk.length; k++) {
      const x = walk[k]
      if (x >= 0) continue
      const m = wanted.get(~x)
      if (m !== undefined) m.set(walk[k - 1], (m.get(walk[k - 1]) ?? 0) + 1)
    }
  }
  return wanted
}

/** Web3Recommend walks from one ego. `seeds` stand in for the ego's trust row while bootstrapping. */
export function web3Recommend (trust: Rows, bip: Bipartite, start: StartLaw, opts: { alpha: number, walks: number, items: number, seeds?: number[] }, rng: Rng): WalkSample {
  const itemVisits = new Float64Array(opts.items)
  let total = 0
  const walks: number[][] = []
  const neighbours = (u: number): Array<[number, number]> => {
    if (u === start.ego && opts.seeds !== undefined && opts.seeds.length > 0) return opts.seeds.map(s => [s, 1])
    const out: Array<[number, number]> = []
    for (let k = trust.start(u), end = trust.end(u); k < end; k++) {
      const w = trust.effective(u, k)
      if (w > 0) out.push([trust.dst[k], w])
    }
    return out
  }
  for (let n = 0; n < opts.walks; n++) {
    let u = sampleStart(start, rng)
    const walk = [u]
    for (;;) {
      if (rng.next() < opts.alpha) break
      const slot = bip.users.sample(u, rng, false)
      if (slot < 0) break
      const item = bip.users.dst[slot]
      walk.push(~item)
      itemVisits[item]++
      total++
      const nbrs = neighbours(u)
      const having = nbrs.filter(([v]) => bip.users.find(v, item) >= 0)
      const from = having.length > 0 ? having : nbrs
      const k = pick(from.map(([, w]) => w), rng)
      if (k < 0) break
      u = from[k][0]
      walk.push(u)
    }
    walks.push(walk)
  }
  return { walks, itemVisits, totalItemVisits: total, via: items => arrivalsAlong(walks, items) }
}
