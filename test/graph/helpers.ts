/**
 * Shared pieces of the graph suites: seeded random graphs and the standard error of a
 * ratio estimator (Σx / Σy over independent walks), from which tolerances are derived.
 */
import { createRng, type Rng } from '../../graph/index.js'

/** A random directed signed graph on n nodes with ~m edges (no self-loops, no duplicates). */
export function randomTrust (n: number, m: number, seed: number, negShare = 0.15): Array<[number, number, number]> {
  const rng = createRng(seed)
  const seen = new Set<string>()
  const out: Array<[number, number, number]> = []
  for (let t = 0; t < m * 4 && out.length < m; t++) {
    const s = rng.int(n); const d = rng.int(n)
    if (s === d || seen.has(`${s},${d}`)) continue
    seen.add(`${s},${d}`)
    out.push([s, d, rng.next() < negShare ? -(0.5 + rng.next()) : 0.25 + 2 * rng.next()])
  }
  return out
}

/** Random interactions: each user has 1..k items drawn with a popularity skew. */
export function randomInteractions (users: number, items: number, k: number, rng: Rng): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = []
  for (let u = 0; u < users; u++) {
    const d = 1 + rng.int(k)
    const mine = new Set<number>()
    for (let t = 0; t < d; t++) mine.add(Math.floor(items * Math.pow(rng.next(), 2)))
    for (const i of mine) out.push([u, i, 1 + rng.int(50)])
  }
  return out
}

/**
 * Standard error of R = Σx / Σy when (x_w, y_w) are i.i.d. per walk (delta method):
 * sqrt(Σ (x − R·y)² / n²) / mean(y).
 */
export function ratioSE (xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  const n = xs.length
  let sx = 0; let sy = 0
  for (let i = 0; i < n; i++) { sx += xs[i]; sy += ys[i] }
  const r = sx / sy
  let v = 0
  for (let i = 0; i < n; i++) v += (xs[i] - r * ys[i]) ** 2
  return Math.sqrt(v) / n / (sy / n)
}

/** sd of a proportion estimated from n trials. */
export function propSD (p: number, n: number): number {
  return Math.sqrt(Math.max(p * (1 - p), 1 / n) / n)
}
