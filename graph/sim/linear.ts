/**
 * The trust-weighted linear model (graph/linear.ts) as evaluation methods: for each ego,
 * rows weighted by the ego's own MeritRank (the engine's walks and dominators, as the
 * calibration chain takes them), one conjugate-gradient solve per query. With
 * `trusted: false` every row weighs 1: the same model without trust (global DLAE), to show
 * what trust buys against each attack.
 */
import { trustVector } from '../ego.js'
import { LinearItemModel, resolveLinearOptions, rowWeights, type LinearModelOptions } from '../linear.js'
import { MeritRankWalks } from '../meritrank.js'
import { createRng } from '../rng.js'
import { playMatrix, topItems } from './play-matrix.js'
import { dominatorsOf, trustRows } from './dominance.js'
import type { Method, Ranker } from './method.js'
import type { Network } from './network.js'

/** Options of the evaluation method: the model's knobs plus the MeritRank walks that weight it. */
export interface LinearMethodOptions extends LinearModelOptions {
  /** Weight rows by the ego's MeritRank (false = every row 1). @default true */
  trusted: boolean
  alpha: number
  beta: number
  walks: number
  seed: number
}

/** The trust-weighted linear model (or, untrusted, global DLAE) as a method. */
export function linearMethod (options: Partial<LinearMethodOptions> = {}): Method {
  const o: LinearMethodOptions = { trusted: true, alpha: 0.15, beta: 0.8, walks: 10_000, seed: 1, ...resolveLinearOptions(options), ...stripModel(options) }
  const name = o.trusted
    ? `meritwalk linear (trust-weighted DLAE λ=${o.lambda}, horizon ${o.horizon})`
    : `DLAE, no trust (λ=${o.lambda})`
  return {
    name,
    family: o.trusted ? 'meritwalk linear' : 'DLAE (no trust)',
    ...(o.trusted ? { beta: o.beta, alpha: o.alpha } : {}),
    prepare: net => linearRanker(net, o)
  }
}

function linearRanker (net: Network, o: LinearMethodOptions): Ranker {
  const bip = playMatrix(net, 'binary')
  const rows = { users: bip.users, items: bip.items, userPtr: bip.userPtr, userItem: bip.userItem }
  const trust = o.trusted ? trustRows(net) : undefined
  const shared = o.trusted ? undefined : new LinearItemModel(rows, new Float64Array(bip.users).fill(1), o)
  const trustOf = (ego: number): Float64Array => {
    const walks = new MeritRankWalks(trust!, ego, net.users.length, { alpha: o.alpha, walks: o.walks, store: false }, createRng(o.seed * 1_000_003 + ego))
    return trustVector(walks, dominatorsOf(trust!, net, ego), net.users.length, o.beta)
  }
  return {
    recommend (ego, limit) {
      const model = shared ?? new LinearItemModel(rows, rowWeights(trustOf(ego), o.walks, o.horizon, ego), o)
      const own = bip.userItem.subarray(bip.userPtr[ego], bip.userPtr[ego + 1])
      return topItems(model.solve(own).scores, bip, ego, limit)
    },
    ...(o.trusted
      ? {
          reputation (ego: number) {
            const t = trustOf(ego)
            return new Map([...t.keys()].filter(v => t[v] > 0 && v !== ego).map(v => [v, t[v]]))
          }
        }
      : {})
  }
}

function stripModel (o: Partial<LinearMethodOptions>): Partial<LinearMethodOptions> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))
}
