/**
 * One shared budget for strangers: records from authors outside the person's trust horizon
 * (MeritRank score ≤ 0 from the ego, or unreachable). All strangers together may bring in
 * `ratePerSecond` records (a burst of `burst`), at ingest and therefore at relay: what
 * the budget refuses is not stored, and a gossip message with nothing stored is not
 * relayed. So a free identity buys almost nothing — 134k fresh identities share what one
 * would get — while records of people the ego's trust reaches are never held back.
 */
import type { SignedRecord } from '../src/index.js'

export interface StrangerBudgetInit {
  /** Stranger records admitted per second, all strangers together. */
  ratePerSecond: number
  /** Tokens the bucket holds at most (a burst after a quiet spell). @default 5 × ratePerSecond */
  burst?: number
  /** > 0: the ego trusts the author (its MeritRank score). */
  priority: (author: string) => number
  now?: () => number
}

/** A token bucket shared by every stranger; see the module comment. */
export class StrangerBudget {
  private tokens: number
  private last: number
  private readonly burst: number
  private readonly now: () => number

  constructor (private readonly init: StrangerBudgetInit) {
    this.burst = init.burst ?? 5 * init.ratePerSecond
    this.now = init.now ?? Date.now
    this.tokens = this.burst
    this.last = this.now()
  }

  /** Split `records` into those admitted now and strangers' records over the budget. */
  admit (records: SignedRecord[]): { admitted: SignedRecord[], refused: SignedRecord[] } {
    const t = this.now()
    this.tokens = Math.min(this.burst, this.tokens + (t - this.last) / 1000 * this.init.ratePerSecond)
    this.last = t
    const admitted: SignedRecord[] = []
    const refused: SignedRecord[] = []
    for (const r of records) {
      if (this.init.priority(r.author) > 0) admitted.push(r)
      else if (this.tokens >= 1) {
        this.tokens--
        admitted.push(r)
      } else refused.push(r)
    }
    return { admitted, refused }
  }
}
