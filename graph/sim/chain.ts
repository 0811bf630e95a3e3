/**
 * The calibration chain: trust-weighted personalised SALSA solved exactly (power iteration
 * on sparse arrays) for one ego, with every knob the evaluation searches over — damped
 * affinity, trust exponent p, restart to trusted users, connectivity decay on items,
 * bounded influence per endorser and RP3β-style popularity debiasing. Trust is the
 * engine's own MeritRank (stored walks + dominators), so only the SALSA half is exact.
 * It is deterministic and fast on Last.fm's size, hence the tool for parameter search;
 * the knobs it finds are what the engine's defaults should be.
 */
import type { Affinity } from '../../src/ranking-params.js'
import { commonDominator, type Dominators } from '../dominators.js'
import { trustVector } from '../ego.js'
import { MeritRankWalks } from '../meritrank.js'
import { createRng } from '../rng.js'
import { dominatorsOf, trustRows } from './dominance.js'
import { playMatrix, listeners, topItems, type PlayMatrix } from './play-matrix.js'
import type { Method, Ranker } from './method.js'
import type { Network } from './network.js'

/** Knobs of the chain. */
export interface ChainOptions {
  /** Stop probability per step of the MeritRank walks. @default 0.15 */
  alpha: number
  /** Stop probability per user step of the SALSA walks (short walks stay near the ego's taste). @default 0.15 */
  salsaStop: number
  /** Whether item → user steps may return to the ego (its trust dwarfs everyone's, so returns dominate). @default true */
  egoReturns: boolean
  /** Connectivity decay of ego-separated users and items. @default 0.8 */
  beta: number
  /** @default 'binary' */
  affinity: Affinity
  /** item → user ∝ affinity × trust^p. @default 2 */
  trustExponent: number
  /** Probability that a walk starts at a trusted user ∝ trust instead of the ego. @default 0 */
  restartToTrusted: number
  /** Decay items whose trusted endorsers all sit behind one non-ego node (their common dominator). @default true */
  itemDecay: boolean
  /** Cap on one endorser's share of an item's score (relative to the largest item score); Infinity = off. @default Infinity */
  endorserCap: number
  /** Item score divided by (listeners)^γ, as in RP3β. @default 0 */
  popularityPenalty: number
  /** First step from the ego ∝ affinity × (listeners)^δ: with γ = δ = 0.5 the chain scores like cosine item-kNN. @default 0 */
  sourceBoost: number
  /** Ignore trust entirely on item → user steps (undefended SALSA). @default false */
  undefended: boolean
  /** MeritRank walks for the trust vector. @default 10000 */
  walks: number
  /** @default 1 */
  seed: number
}

/**
 * Defaults of the chain: the classic, uncalibrated configuration (long walks that return to
 * the ego, binary affinity, p = 2); `calibratedChainOptions` holds what the Last.fm
 * calibration chose, and the engine's defaults follow that.
 */
export const defaultChainOptions: ChainOptions = {
  alpha: 0.15, salsaStop: 0.15, egoReturns: true, beta: 0.8, affinity: 'binary', trustExponent: 2, restartToTrusted: 0, itemDecay: true, endorserCap: Infinity, popularityPenalty: 0, sourceBoost: 0, undefended: false, walks: 10_000, seed: 1
}

/** The knobs the Last.fm calibration chose (bench/sim/calibrate.ts, docs/EVALUATION.md). */
export const calibratedChainOptions: Partial<ChainOptions> = { affinity: 'log', trustExponent: 0.5, egoReturns: false, salsaStop: 0.9, popularityPenalty: 0.2 }

/** The chain as an evaluation method. */
export function chainMethod (label: string, options: Partial<ChainOptions> = {}): Method {
  const o = { ...defaultChainOptions, ...options }
  return { name: `${label} β=${o.beta}`, family: label, beta: o.beta, alpha: o.alpha, prepare: net => chainRanker(net, o) }
}

/** Bind the chain to a network (compiles the trust rows and the play graph once). */
export function chainRanker (net: Network, o: ChainOptions): Ranker {
  const rows = trustRows(net)
  const bip = playMatrix(net, o.affinity)
  const trustOf = (ego: number): { trust: Float64Array, dom: Dominators } => {
    const walks = new MeritRankWalks(rows, ego, net.users.length, { alpha: o.alpha, walks: o.walks }, createRng(o.seed * 1_000_003 + ego))
    const dom = dominatorsOf(rows, net, ego)
    return { trust: trustVector(walks, dom, net.users.length, o.beta), dom }
  }
  return {
    recommend (ego, limit) {
      const { trust, dom } = trustOf(ego)
      return topItems(chainScores(bip, ego, trust, dom, o), bip, ego, limit)
    },
    reputation (ego) {
      const { trust } = trustOf(ego)
      return new Map([...trust.keys()].filter(v => trust[v] > 0).map(v => [v, trust[v]]))
    }
  }
}

/** Item scores of one ego by the exact chain. */
export function chainScores (bip: PlayMatrix, ego: number, trust: Float64Array, dom: Dominators, o: ChainOptions): Float64Array {
  return itemScores(bip, ego, userVisits(bip, ego, trust, o), dom, o)
}

/** Expected visits X(u) of the SALSA walk to each user (depends on affinity, p, restart, α only). */
export function userVisits (bip: PlayMatrix, ego: number, trust: Float64Array, o: ChainOptions): Float64Array {
  // item → user weights, normalised per item: A(v, i) · t(v)^p (or A alone when undefended).
  const back = new Float64Array(bip.itemW.length)
  for (let i = 0; i < bip.items; i++) {
    let s = 0
    for (let k = bip.itemPtr[i]; k < bip.itemPtr[i + 1]; k++) {
      const v = bip.itemUser[k]
      const t = v === ego && !o.egoReturns ? 0 : trust[v]
      back[k] = o.undefended && (v !== ego || o.egoReturns) ? bip.itemW[k] : (t > 0 ? bip.itemW[k] * Math.pow(t, o.trustExponent) : 0)
      s += back[k]
    }
    if (s > 0) for (let k = bip.itemPtr[i]; k < bip.itemPtr[i + 1]; k++) back[k] /= s
  }
  // Start law: the ego, or with probability r a trusted user ∝ trust.
  let x = new Float64Array(bip.users)
  let others = 0
  for (let u = 0; u < bip.users; u++) if (u !== ego && trust[u] > 0) others += trust[u]
  const r = others > 0 ? o.restartToTrusted : 0
  x[ego] = 1 - r
  if (r > 0) for (let u = 0; u < bip.users; u++) if (u !== ego && trust[u] > 0) x[u] += r * trust[u] / others
  // X(u) = expected visits to u; item visits through u are (1 − salsaStop) X(u) A(u, i), so endorsers separate.
  const X = new Float64Array(bip.users)
  const atItem = new Float64Array(bip.items)
  for (let step = 0; step < 500; step++) {
    let mass = 0
    for (let u = 0; u < bip.users; u++) { X[u] += x[u]; mass += x[u] }
    // Stop once under 10⁻⁴ of the walk mass is left: later visits shift item shares by less.
    if (mass < 1e-4) break
    atItem.fill(0)
    if (step === 0 && o.sourceBoost > 0) {
      // The ego's first step leans to its popular items, whose mass then spreads over more listeners.
      boostedFirstStep(bip, ego, x[ego] * (1 - o.salsaStop), o.sourceBoost, atItem)
      x[ego] = 0
    }
    for (let u = 0; u < bip.users; u++) {
      const m = x[u] * (1 - o.salsaStop)
      if (m === 0) continue
      for (let k = bip.userPtr[u]; k < bip.userPtr[u + 1]; k++) atItem[bip.userItem[k]] += m * bip.userW[k]
    }
    const next = new Float64Array(bip.users)
    for (let i = 0; i < bip.items; i++) {
      const m = atItem[i]
      if (m === 0) continue
      for (let k = bip.itemPtr[i]; k < bip.itemPtr[i + 1]; k++) if (back[k] > 0) next[bip.itemUser[k]] += m * back[k]
    }
    x = next
  }
  return X
}

function boostedFirstStep (bip: PlayMatrix, ego: number, mass: number, delta: number, atItem: Float64Array): void {
  let s = 0
  for (let k = bip.userPtr[ego]; k < bip.userPtr[ego + 1]; k++) s += bip.userW[k] * Math.pow(bip.itemPtr[bip.userItem[k] + 1] - bip.itemPtr[bip.userItem[k]], delta)
  if (s === 0) return
  for (let k = bip.userPtr[ego]; k < bip.userPtr[ego + 1]; k++) {
    const i = bip.userItem[k]
    atItem[i] += mass * bip.userW[k] * Math.pow(listeners(bip, i), delta) / s
  }
}

/** Item scores from user visits: bounded influence per endorser, item decay, popularity penalty. */
export function itemScores (bip: PlayMatrix, ego: number, X: Float64Array, dom: Dominators, o: ChainOptions): Float64Array {
  const scores = new Float64Array(bip.items)
  const contrib = (u: number, k: number): number => (1 - o.salsaStop) * X[u] * bip.userW[k]
  for (let u = 0; u < bip.users; u++) {
    if (X[u] === 0) continue
    for (let k = bip.userPtr[u]; k < bip.userPtr[u + 1]; k++) scores[bip.userItem[k]] += contrib(u, k)
  }
  if (Number.isFinite(o.endorserCap)) {
    // Bounded influence: no single endorser may lift an item past cap × the best item's score.
    let best = 0
    for (const s of scores) if (s > best) best = s
    const cap = o.endorserCap * best
    scores.fill(0)
    for (let u = 0; u < bip.users; u++) {
      if (X[u] === 0) continue
      for (let k = bip.userPtr[u]; k < bip.userPtr[u + 1]; k++) scores[bip.userItem[k]] += Math.min(cap, contrib(u, k))
    }
  }
  if (o.itemDecay && o.beta > 0) {
    for (let i = 0; i < bip.items; i++) {
      if (scores[i] === 0) continue
      let lca = -1
      for (let k = bip.itemPtr[i]; k < bip.itemPtr[i + 1]; k++) {
        const v = bip.itemUser[k]
        if (X[v] === 0 || dom.idom[v] === -1) continue
        lca = lca === -1 ? v : commonDominator(dom, lca, v)
        if (lca === ego) break
      }
      if (lca !== -1 && lca !== ego) scores[i] *= 1 - o.beta
    }
  }
  if (o.popularityPenalty > 0) {
    for (let i = 0; i < bip.items; i++) if (scores[i] > 0) scores[i] /= Math.pow(listeners(bip, i), o.popularityPenalty)
  }
  return scores
}
