/**
 * meritwalk's Sybil simulation (issue 6): networks (seeded synthetic, Last.fm loader),
 * the attack library, metrics, baselines, the calibration chain and the leave-one-out
 * harness with a pluggable `Method`, so researchers can score their own defences against
 * the same attacks and yardsticks. Everything but `loadLastfm` is pure and seeded.
 */
export { createNetwork, cloneNetwork, describeNetwork, isHonest, itemsByUser, itemPopularity, popularItems, trustGraph, type Network, type NetworkStats, type Play, type TrustEdge } from './network.js'
export { syntheticNetwork, defaultSyntheticOptions, type SyntheticOptions } from './synthetic.js'
export { loadLastfm } from './lastfm.js'
export { applyAttack, attackKinds, attackParameters, defaultAttackOptions, type AttackKind, type AttackOptions, type AttackSpec, type Topology } from './attacks.js'
export { attackerGain, gainBound, hit, mean, median, spamCount, stdev } from './metrics.js'
export type { Method, Ranker } from './method.js'
export { itemKnn, mostPopular, personalisedPageRank, rp3 } from './baselines.js'
export { engineMethod, type EngineMethodOptions, type EngineVariant } from './engine-methods.js'
export { calibratedChainOptions, chainMethod, chainRanker, chainScores, defaultChainOptions, itemScores, userVisits, type ChainOptions } from './chain.js'
export { methods, methodNames, type CatalogueOptions, type MethodName } from './catalogue.js'
export { evaluate, holdOut, describeAttack, defaultEvaluationOptions, type EvaluationOptions, type GainSummary, type HeldOut, type MethodResult } from './evaluate.js'
export { frontierSvg, type FrontierOptions } from './frontier.js'
export { resultCells, resultHeadings, resultsMarkdown, percent } from './table.js'
export { playMatrix, topItems, type PlayMatrix } from './play-matrix.js'
export type { Affinity } from '../../src/ranking-params.js'
export { dominatorsOf, separated, trustRows } from './dominance.js'
export { InvalidSimOptionError, LastfmDataError } from './errors.js'
