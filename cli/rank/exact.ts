/**
 * `meritwalk rank --exact`: the referee's answers for one ego — MeritRank by the
 * fundamental matrix and SALSA shares of the exact chain — in the same shape as the
 * Monte-Carlo output. Dense n×n solves, so small graphs only.
 */
import { MeritwalkError } from '../../src/errors.js'
import { coldStartSeeds, exactRanking, type ExactRankingOptions, type WalkIndex } from '../../graph/index.js'
import type { EgoResult } from './run.js'

/** Largest user count --exact accepts (an n×n inverse is n³ work). */
export const EXACT_MAX_USERS = 600

/** The graph is too large for the exact solver: exit code 2. */
export class ExactTooLargeError extends MeritwalkError<{ users: number, max: number }> {
  readonly exitCode = 2
  constructor (users: number) {
    super('EXACT_TOO_LARGE', `--exact solves dense n×n systems and allows at most ${EXACT_MAX_USERS} users (the input has ${users}); drop --exact to use walks`, { users, max: EXACT_MAX_USERS })
  }
}

/** Parameters the exact solution shares with the walks. */
export interface ExactParams extends ExactRankingOptions { bootstrapSeeds: number, limit: number, reputationLimit: number }

/** Exact reputation and recommendations of `ego`. */
export function exactForEgo (index: WalkIndex, egoId: string, p: ExactParams): EgoResult {
  const n = index.users.size
  if (n > EXACT_MAX_USERS) throw new ExactTooLargeError(n)
  const ego = index.users.lookup(egoId)
  const boot = coldStartSeeds(index.trust, index.bip, ego, p.bootstrapSeeds)
  const { meritRank: mr, items } = exactRanking(index, ego, p, boot)
  const result: EgoResult = {}
  if (p.reputationLimit > 0) {
    const rep = Array.from(mr.score.keys()).filter(v => v !== ego && (mr.pos[v] > 0 || mr.neg[v] > 0))
      .sort((a, b) => mr.score[b] - mr.score[a] || a - b).slice(0, p.reputationLimit)
    result.reputation = Object.fromEntries(rep.map(v => [index.users.name(v), mr.score[v]]))
  }
  result.recommendations = items.slice(0, p.limit).map(([i, score]) => ({ item: index.items.name(i), score, explain: boot !== undefined ? { via: [], bootstrapped: true } : null }))
  return result
}
