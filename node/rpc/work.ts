/**
 * What one HTTP request may make the daemon compute, and whether its client is still
 * there. Ranking calls take their walks from the request's budget — one call at most
 * `ranking.maxWalks`, a batch five times that in all — and a batch stops between calls once
 * the client has hung up, so nobody can queue minutes of ranking and walk away.
 */
import { InvalidParamsError, RpcCode, RpcError } from './errors.js'

/** Walks one request (a whole batch) may use: this many calls at the per-call ceiling. */
export const BATCH_WALK_CALLS = 5

/** The work budget and liveness of one HTTP request. */
export class RequestWork {
  private walksLeft: number

  constructor (readonly maxWalks: number, readonly signal: AbortSignal = new AbortController().signal) {
    this.walksLeft = maxWalks * BATCH_WALK_CALLS
  }

  /** Spend `walks` of this request's budget, or throw (nothing is computed). */
  takeWalks (walks: number): void {
    if (walks > this.maxWalks) throw new InvalidParamsError('walks', `must be at most ${this.maxWalks} (the daemon's ranking.maxWalks)`, walks)
    if (walks > this.walksLeft) {
      throw new RpcError(RpcCode.rejected, 'WORK_LIMIT', `this request already used its ranking budget (${this.maxWalks * BATCH_WALK_CALLS} walks in all); send the rest in another request`, { maxWalks: this.maxWalks * BATCH_WALK_CALLS })
    }
    this.walksLeft -= walks
  }
}
