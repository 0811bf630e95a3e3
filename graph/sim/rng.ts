/**
 * Seeded randomness for the simulation: every generator, attack and sampler takes an
 * `Rng` so a seed reproduces a run exactly.
 */

/** A uniform [0, 1) source. */
export type Rng = () => number

/** A seeded uniform source (mulberry32); the seed is any integer. */
export function seededRng (seed: number): Rng {
  let a = (seed | 0) ^ 0x9e3779b9
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A uniform integer in [0, n). */
export function randInt (rng: Rng, n: number): number {
  return Math.floor(rng() * n)
}

/** k distinct elements of `from`, uniformly (partial Fisher–Yates on a copy). */
export function sample<T> (rng: Rng, from: readonly T[], k: number): T[] {
  const a = [...from]
  const n = Math.min(k, a.length)
  for (let i = 0; i < n; i++) {
    const j = i + randInt(rng, a.length - i)
    const t = a[i]; a[i] = a[j]; a[j] = t
  }
  return a.slice(0, n)
}

/** Cumulative weights for drawing index i ∝ weights[i] with `drawCdf`. */
export function cdf (weights: ArrayLike<number>): Float64Array {
  const c = new Float64Array(weights.length)
  let s = 0
  for (let i = 0; i < weights.length; i++) { s += weights[i]; c[i] = s }
  return c
}

/** An index drawn ∝ the weights behind `c` (binary search). */
export function drawCdf (rng: Rng, c: Float64Array): number {
  const x = rng() * c[c.length - 1]
  let lo = 0
  let hi = c.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (c[mid] > x) hi = mid
    else lo = mid + 1
  }
  return lo
}
