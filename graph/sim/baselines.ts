/**
 * The classic, trust-free baselines: most-popular, item-kNN (cosine), personalised
 * PageRank on the play graph, P3 and RP3β. They ignore trust, so they show what
 * relevance costs without a defence and how far spam gets when nothing stops it.
 */
import type { Affinity } from '../../src/ranking-params.js'
import { playMatrix, listenerCounts, listeners, topItems, type PlayMatrix } from './play-matrix.js'
import type { Method, Ranker } from './method.js'
import type { Network } from './network.js'

/** Items by distinct listeners. */
export function mostPopular (): Method {
  return {
    name: 'most-popular',
    family: 'most-popular',
    prepare (net: Network): Ranker {
      const bip = playMatrix(net, 'binary')
      const pop = listenerCounts(bip)
      return { recommend: (ego, limit) => topItems(pop, bip, ego, limit) }
    }
  }
}

/** Item-based kNN: score(i) = Σ over the ego's items j of cosine(i, j) on binary listener vectors. */
export function itemKnn (): Method {
  return {
    name: 'item-kNN',
    family: 'item-kNN',
    prepare (net: Network): Ranker {
      const bip = playMatrix(net, 'binary')
      const n = listenerCounts(bip)
      return {
        recommend (ego, limit) {
          const scores = new Float64Array(bip.items)
          const co = new Float64Array(bip.items)
          for (let a = bip.userPtr[ego]; a < bip.userPtr[ego + 1]; a++) {
            const j = bip.userItem[a]
            const touched: number[] = []
            for (let b = bip.itemPtr[j]; b < bip.itemPtr[j + 1]; b++) {
              const u = bip.itemUser[b]
              for (let c = bip.userPtr[u]; c < bip.userPtr[u + 1]; c++) {
                const i = bip.userItem[c]
                if (co[i] === 0) touched.push(i)
                co[i]++
              }
            }
            for (const i of touched) { scores[i] += co[i] / Math.sqrt(n[i] * n[j]); co[i] = 0 }
          }
          return topItems(scores, bip, ego, limit)
        }
      }
    }
  }
}

/** Personalised PageRank on the play graph: restart at the ego with probability `alpha`. */
export function personalisedPageRank (alpha = 0.15, affinity: Affinity = 'raw', steps = 40): Method {
  return {
    name: affinity === 'raw' ? 'personalised PageRank' : `personalised PageRank (${affinity})`,
    family: 'personalised PageRank',
    prepare (net: Network): Ranker {
      const bip = playMatrix(net, affinity)
      const itemTotal = itemTotals(bip)
      return {
        recommend (ego, limit) {
          let x: Float64Array = new Float64Array(bip.users)
          const visits = new Float64Array(bip.items)
          x[ego] = 1
          // Item visits of a walk that restarts: Σ_k (1 − α)^k of the k-th item distribution.
          for (let k = 0; k < steps; k++) {
            const y = userToItem(bip, x)
            for (let i = 0; i < bip.items; i++) visits[i] += y[i]
            x = itemToUser(bip, y, itemTotal)
            for (let u = 0; u < bip.users; u++) x[u] *= (1 - alpha) * (1 - alpha)
          }
          return topItems(visits, bip, ego, limit)
        }
      }
    }
  }
}

/** RP3β's popularity exponent, tuned on Last.fm over every ego and seeds 1–3 (β = 0, 0.1 … 0.4: HR@10 0.176, 0.186, 0.198, 0.204, 0.194; docs/EVALUATION.md). */
export const TUNED_RP3_BETA = 0.3

/** P3 (ego → item → user → item, exact), divided by popularity^beta: RP3β; beta 0 is plain P3. */
export function rp3 (beta = 0): Method {
  const name = beta === 0 ? 'P3' : `RP3β (β=${beta})`
  return {
    name,
    family: beta === 0 ? 'P3' : 'RP3β',
    prepare (net: Network): Ranker {
      const bip = playMatrix(net, 'binary')
      const itemTotal = itemTotals(bip)
      return {
        recommend (ego, limit) {
          const x = new Float64Array(bip.users)
          x[ego] = 1
          const scores = userToItem(bip, itemToUser(bip, userToItem(bip, x), itemTotal))
          if (beta !== 0) for (let i = 0; i < bip.items; i++) if (scores[i] > 0) scores[i] /= Math.pow(listeners(bip, i), beta)
          return topItems(scores, bip, ego, limit)
        }
      }
    }
  }
}

function itemTotals (bip: PlayMatrix): Float64Array {
  const t = new Float64Array(bip.items)
  for (let i = 0; i < bip.items; i++) for (let k = bip.itemPtr[i]; k < bip.itemPtr[i + 1]; k++) t[i] += bip.itemW[k]
  return t
}

// One user → item step: u → i ∝ A(u, i) (rows already sum to 1).
function userToItem (bip: PlayMatrix, x: Float64Array): Float64Array {
  const y = new Float64Array(bip.items)
  for (let u = 0; u < bip.users; u++) {
    const m = x[u]
    if (m === 0) continue
    for (let k = bip.userPtr[u]; k < bip.userPtr[u + 1]; k++) y[bip.userItem[k]] += m * bip.userW[k]
  }
  return y
}

// One item → user step: i → u ∝ A(u, i) among the item's listeners.
function itemToUser (bip: PlayMatrix, y: Float64Array, total: Float64Array): Float64Array {
  const x = new Float64Array(bip.users)
  for (let i = 0; i < bip.items; i++) {
    const m = y[i]
    if (m === 0 || total[i] === 0) continue
    for (let k = bip.itemPtr[i]; k < bip.itemPtr[i + 1]; k++) x[bip.itemUser[k]] += m * bip.itemW[k] / total[i]
  }
  return x
}
