/** Order statistics the benches report. */

/** Quantile q of `xs` (nearest rank); NaN when empty. */
export function quantile (xs: number[], q: number): number {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]
}

/** The median (the lower one of an even count). */
export const median = (xs: number[]): number => quantile(xs, 0.5)
