/**
 * Sampling helpers over the engine's seeded `Rng`: every generator, attack and sampler of
 * the simulation takes one, so a seed reproduces a run exactly.
 */
import type { Rng } from '../rng.js'

export { createRng, type Rng } from '../rng.js'

/** k distinct elements of `from`, uniformly (partial Fisher–Yates on a copy). */
export function sample<T> (rng: Rng, from: readonly T[], k: number): T[] {
  const a = [...from]
  const n = Math.min(k, a.length)
  for (let i = 0; i < n; i++) {
    const j = i + rng.int(a.length - i)
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
  const x = rng.next() * c[c.length - 1]
  let lo = 0
  let hi = c.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (c[mid] > x) hi = mid
    else lo = mid + 1
  }
  return lo
}
