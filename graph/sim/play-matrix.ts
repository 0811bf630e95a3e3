/**
 * The user↔item play graph compiled to CSR arrays both ways, with affinity damped and
 * normalised per user: the shared substrate of the baselines and the exact chains.
 */
import { affinityOf, type Affinity } from '../../src/ranking-params.js'
import type { Network } from './network.js'

/** CSR adjacency: user → items and item → users, with A(u, i) on both sides (Σ_i A(u, i) = 1). */
export interface PlayMatrix {
  users: number
  items: number
  userPtr: Int32Array
  userItem: Int32Array
  userW: Float64Array
  itemPtr: Int32Array
  itemUser: Int32Array
  itemW: Float64Array
}

/** Compile the plays of `net` with the given affinity. */
export function playMatrix (net: Network, affinity: Affinity): PlayMatrix {
  const users = net.users.length
  const items = net.items.length
  const userPtr = new Int32Array(users + 1)
  const itemPtr = new Int32Array(items + 1)
  for (const p of net.plays) { userPtr[p.user + 1]++; itemPtr[p.item + 1]++ }
  for (let u = 0; u < users; u++) userPtr[u + 1] += userPtr[u]
  for (let i = 0; i < items; i++) itemPtr[i + 1] += itemPtr[i]
  const userItem = new Int32Array(net.plays.length)
  const userW = new Float64Array(net.plays.length)
  const fill = userPtr.slice(0, users)
  for (const p of net.plays) {
    const k = fill[p.user]++
    userItem[k] = p.item
    userW[k] = affinityOf(p.weight, affinity)
  }
  for (let u = 0; u < users; u++) {
    let s = 0
    for (let k = userPtr[u]; k < userPtr[u + 1]; k++) s += userW[k]
    if (s > 0) for (let k = userPtr[u]; k < userPtr[u + 1]; k++) userW[k] /= s
  }
  const itemUser = new Int32Array(net.plays.length)
  const itemW = new Float64Array(net.plays.length)
  const ifill = itemPtr.slice(0, items)
  for (let u = 0; u < users; u++) {
    for (let k = userPtr[u]; k < userPtr[u + 1]; k++) {
      const j = ifill[userItem[k]]++
      itemUser[j] = u
      itemW[j] = userW[k]
    }
  }
  return { users, items, userPtr, userItem, userW, itemPtr, itemUser, itemW }
}

/** Distinct listeners of item `i`. */
export function listeners (bip: PlayMatrix, i: number): number {
  return bip.itemPtr[i + 1] - bip.itemPtr[i]
}

/** Distinct listeners of every item. */
export function listenerCounts (bip: PlayMatrix): Float64Array {
  const n = new Float64Array(bip.items)
  for (let i = 0; i < bip.items; i++) n[i] = listeners(bip, i)
  return n
}

/** The `limit` best-scored items, skipping the ego's own (ties broken by index, so results are deterministic). */
export function topItems (scores: Float64Array, bip: PlayMatrix, ego: number, limit: number): number[] {
  const own = new Set<number>()
  for (let k = bip.userPtr[ego]; k < bip.userPtr[ego + 1]; k++) own.add(bip.userItem[k])
  // A bounded insertion list: limit is small (10–50) against thousands of items.
  const best: number[] = []
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]
    if (!(s > 0) || own.has(i)) continue
    if (best.length === limit && s <= scores[best[limit - 1]]) continue
    let at = best.length
    while (at > 0 && scores[best[at - 1]] < s) at--
    best.splice(at, 0, i)
    if (best.length > limit) best.pop()
  }
  return best
}
