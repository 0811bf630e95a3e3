/**
 * What the evaluation measures: relevance (HR@k, NDCG@k of a held-out item), spam
 * contamination of the top-k, and a Sybil region's gain against MeritRank's bound.
 */

/** HR@k and NDCG@k of one held-out item given the ranked list (a miss scores 0). */
export function hit (ranked: readonly number[], heldOut: number, k: number): { hr: number, ndcg: number } {
  const at = ranked.indexOf(heldOut)
  if (at < 0 || at >= k) return { hr: 0, ndcg: 0 }
  return { hr: 1, ndcg: 1 / Math.log2(at + 2) }
}

/** Spam items among the first k of one list. */
export function spamCount (ranked: readonly number[], spam: ReadonlySet<number>, k: number): number {
  let n = 0
  for (let r = 0; r < Math.min(k, ranked.length); r++) if (spam.has(ranked[r])) n++
  return n
}

/** Σ Sybil score / attacker score from one ego's reputation map; undefined when the attacker has no positive score. */
export function attackerGain (reputation: ReadonlyMap<number, number>, attacker: number, sybils: Iterable<number>): number | undefined {
  const parts = gainParts(reputation, attacker, sybils)
  return parts === undefined ? undefined : parts.sybils / parts.attacker
}

/** The two sides of a region's gain (Σ Sybil score, attacker score); undefined when the attacker has no positive score. */
export function gainParts (reputation: ReadonlyMap<number, number>, attacker: number, sybils: Iterable<number>): { sybils: number, attacker: number } | undefined {
  const a = reputation.get(attacker) ?? 0
  if (!(a > 0)) return undefined
  let s = 0
  for (const v of sybils) s += reputation.get(v) ?? 0
  return { sybils: s, attacker: a }
}

/**
 * Gain pooled over (ego, attacker) pairs: Σ Sybil score / Σ attacker score. Pairs count in
 * proportion to the attacker's score, so an ego far from an attacker — a few walk hits,
 * whose ratio is noise — cannot dominate as it does the mean and the max.
 */
export function pooledGain (pairs: ReadonlyArray<{ sybils: number, attacker: number }>): number {
  let s = 0
  let a = 0
  for (const p of pairs) { s += p.sybils; a += p.attacker }
  return a > 0 ? s / a : 0
}

/** MeritRank's bound on a region's gain: (1 − α)/α, times (1 − β) when the attacker is not ego-separated. */
export function gainBound (alpha: number, beta: number, attackerSeparated: boolean): number {
  const b = (1 - alpha) / alpha
  return attackerSeparated ? b : b * (1 - beta)
}

/** Mean of a list (0 when empty). */
export function mean (xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length
}

/** Sample standard deviation (0 below two values). */
export function stdev (xs: readonly number[]): number {
  if (xs.length < 2) return 0
  const m = mean(xs)
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) * (x - m), 0) / (xs.length - 1))
}

/** Median of a list (0 when empty). */
export function median (xs: readonly number[]): number {
  if (xs.length === 0) return 0
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2
}
