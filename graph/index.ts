/**
 * meritwalk's ranking engine (docs/ARCHITECTURE.md §5): MeritRank trust and trust-weighted
 * personalised SALSA over a compact mutable walk index, with stored walks updated
 * incrementally, exact referees, and explanations. Pure: no I/O, randomness only from
 * seeded generators.
 */
import { MeritRankWalks, type MeritRankParams } from './meritrank.js'
import type { Rng } from './rng.js'
import { SalsaWalks, type SalsaLaw } from './salsa.js'
import type { WalkIndex } from './walk-index.js'

export { createEngine, MeritwalkEngine } from './engine.js'
export type { Engine, EngineOptions, EngineStats, EvictionReport, Explanation, Recommendation, RecommendOptions, ReputationOptions, ScoredAuthor } from './options.js'
export { resolveOptions } from './options.js'
export { SelfTrustError, InvalidWeightError, InvalidOptionError, InvalidIdError } from './errors.js'
export { createRng, deriveSeed, type Rng } from './rng.js'
export { WalkIndex, type WalkIndexInit } from './walk-index.js'
export { RANKING_PARAMS, AFFINITIES, DEFAULT_AFFINITY, type Affinity } from '../src/ranking-params.js'
export { Rows } from './rows.js'
export { Bipartite, type Eviction } from './bipartite.js'
export { ItemView } from './item-view.js'
export { MeritRankWalks, type MeritRankParams, type TrustChange } from './meritrank.js'
export { SalsaWalks, startLaw, type SalsaLaw, type StartLaw, type SalsaChanges } from './salsa.js'
export { web3Recommend, type WalkSample } from './web3recommend.js'
export { egoDominators, egoSeparated, commonDominator, dominatorsAfterInsert, type Dominators } from './dominators.js'
export { exactMeritRank, exactSalsa, bruteForceSeparated, type PlainTrust, type PlainInteractions, type ExactMeritRank, type ExactSalsaOptions } from './exact.js'
export { bootstrapSeeds, coldStartSeeds } from './bootstrap.js'
export { trustVector, trustedUsers, salsaLaw } from './ego.js'
export { rankItems, itemSeparated, debiased } from './rank-items.js'
export { notInterestedDamping, DEFAULT_DAMPING, type DampingOptions } from './feedback.js'
export { exactRanking, type ExactRankingOptions } from './exact-ranking.js'
export { LinearItemModel, defaultLinearModelOptions, resolveLinearOptions, rowWeights, regionWeightBound, regionScoreBound, type ItemRows, type LinearModelOptions, type LinearSolve } from './linear.js'
export { linearInput, explainLinear, type LinearInput, type LinearExplanation } from './linear-input.js'

/** MeritRank walks of `ego` over the index's trust graph (graphology-style building block). */
export function meritRank (index: WalkIndex, ego: number, opts: MeritRankParams & { seeds?: number[] }, rng: Rng): MeritRankWalks {
  return new MeritRankWalks(index.trust, ego, index.users.size, opts, rng, opts.seeds)
}

/** Personalised SALSA walks under a law (see `salsaLaw`). */
export function salsa (law: SalsaLaw, walks: number, items: number, rng: Rng): SalsaWalks {
  return new SalsaWalks(law, walks, items, rng)
}

export { trustHorizon, type HorizonOptions } from './horizon.js'
