/**
 * The store's priority hook: an author's MeritRank score from the ego, memoised for a few
 * seconds. The store asks once per record while it is over its total budget — during a
 * flood that is once per junk record — so each answer must be a map lookup, not a walk.
 */

/** What the hook reads. */
export interface ScoreSource { score (ego: string, author: string): number }

/** Memoisation bounds. */
export interface PriorityInit {
  /** How long a score is reused, ms. @default 5000 */
  ttlMs?: number
  /** Scores remembered at most (a flood of fresh ids must not grow memory). @default 100000 */
  maxEntries?: number
  now?: () => number
}

/** A store priority function, plus a way to drop the memo when the ego's trust changes. */
export interface Priority {
  (author: string): number
  invalidate (): void
}

/** A priority function for RecordStore.open: > 0 means the ego trusts the author. */
export function cachedPriority (engine: () => ScoreSource | undefined, ego: string, init: PriorityInit = {}): Priority {
  const ttlMs = init.ttlMs ?? 5000
  const maxEntries = init.maxEntries ?? 100_000
  const now = init.now ?? Date.now
  let cache = new Map<string, number>()
  let since = now()
  const priority = (author: string): number => {
    if (author === ego) return 1
    const t = now()
    if (t - since > ttlMs || cache.size >= maxEntries) {
      cache = new Map()
      since = t
    }
    let score = cache.get(author)
    if (score === undefined) {
      score = engine()?.score(ego, author) ?? 0
      cache.set(author, score)
    }
    return score
  }
  priority.invalidate = () => { cache = new Map() }
  return priority
}
