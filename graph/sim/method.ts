/**
 * The pluggable method interface of the evaluation: anything that can rank items for an
 * ego of a network — the engine's variants, the baselines, or a researcher's own defence.
 */
import type { Network } from './network.js'

/** A method bound to one network. */
export interface Ranker {
  /** Item indices, best first, at most `limit`, never the ego's own items. */
  recommend (ego: number, limit: number): number[]
  /** The ego's trust in each user (MeritRank score), for attacker-gain metrics; absent for trust-free methods. */
  reputation? (ego: number): Map<number, number>
}

/** A named ranking method. */
export interface Method {
  /** Row label in tables and plots (unique within a run). */
  name: string
  /** Plot series: points of one family are joined (e.g. one per β). */
  family: string
  /** Connectivity decay this instance uses, when it has one (plot label). */
  beta?: number
  /** MeritRank stop probability this instance uses, for the gain bound. */
  alpha?: number
  /** Compile the method for `net`; called once per network, then queried per ego. */
  prepare (net: Network): Ranker
}
