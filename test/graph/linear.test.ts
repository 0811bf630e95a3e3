/**
 * The trust-weighted linear model against an exact referee (a dense solve of
 * (XᵀWX + Λ) y = x_ego in the test), its incremental refresh against a fit from scratch,
 * and the stated bound on what a Sybil region behind one attack edge can move.
 */
import { describe, expect, it } from 'vitest'
import { InvalidOptionError } from '../../graph/errors.js'
import { LinearItemModel, regionScoreBound, regionWeightBound, resolveLinearOptions, rowWeights, type ItemRows } from '../../graph/linear.js'
import { trustVector } from '../../graph/ego.js'
import { MeritRankWalks } from '../../graph/meritrank.js'
import { createRng } from '../../graph/rng.js'
import { dominatorsOf, trustRows } from '../../graph/sim/dominance.js'
import { createNetwork, type Network } from '../../graph/sim/network.js'
import { createRng as simRng } from '../../graph/sim/rng.js'

function randomRows (seed: number, users: number, items: number, perUser: number): ItemRows {
  const rng = simRng(seed)
  const lists: number[][] = []
  for (let u = 0; u < users; u++) {
    const s = new Set<number>()
    while (s.size < perUser) s.add(rng.int(items))
    lists.push([...s].sort((a, b) => a - b))
  }
  return csr(lists, items)
}

function csr (lists: number[][], items: number): ItemRows {
  const userPtr = new Int32Array(lists.length + 1)
  lists.forEach((l, u) => { userPtr[u + 1] = userPtr[u] + l.length })
  return { users: lists.length, items, userPtr, userItem: Int32Array.from(lists.flat()) }
}

// The referee: G + Λ built densely, solved by Gaussian elimination with partial pivoting.
function denseScores (rows: ItemRows, w: Float64Array, ego: number[], lambda: number, dropout: number): Float64Array {
  const n = rows.items
  const g = new Float64Array(n * n)
  for (let u = 0; u < rows.users; u++) {
    for (let a = rows.userPtr[u]; a < rows.userPtr[u + 1]; a++) {
      for (let b = rows.userPtr[u]; b < rows.userPtr[u + 1]; b++) g[rows.userItem[a] * n + rows.userItem[b]] += w[u]
    }
  }
  const lam = new Float64Array(n)
  for (let j = 0; j < n; j++) lam[j] = lambda + dropout / (1 - dropout) * g[j * n + j]
  const m = Float64Array.from(g)
  for (let j = 0; j < n; j++) m[j * n + j] += lam[j]
  const y = new Float64Array(n)
  for (const i of ego) y[i] = 1
  for (let k = 0; k < n; k++) {
    let p = k
    for (let i = k + 1; i < n; i++) if (Math.abs(m[i * n + k]) > Math.abs(m[p * n + k])) p = i
    if (p !== k) {
      for (let j = 0; j < n; j++) { const t = m[k * n + j]; m[k * n + j] = m[p * n + j]; m[p * n + j] = t }
      const t = y[k]; y[k] = y[p]; y[p] = t
    }
    for (let i = k + 1; i < n; i++) {
      const f = m[i * n + k] / m[k * n + k]
      if (f === 0) continue
      for (let j = k; j < n; j++) m[i * n + j] -= f * m[k * n + j]
      y[i] -= f * y[k]
    }
  }
  for (let k = n - 1; k >= 0; k--) {
    let s = y[k]
    for (let j = k + 1; j < n; j++) s -= m[k * n + j] * y[j]
    y[k] = s / m[k * n + k]
  }
  // B = (G + Λ)⁻¹ G = I − (G + Λ)⁻¹ Λ, so x B = x − Λ y off the ego's items (and G_jj > 0).
  const own = new Set(ego)
  return Float64Array.from({ length: n }, (_, j) => own.has(j) || g[j * n + j] === 0 ? 0 : -lam[j] * y[j])
}

const maxDiff = (a: Float64Array, b: Float64Array): number => a.reduce((m, v, j) => Math.max(m, Math.abs(v - b[j])), 0)
const maxAbs = (a: Float64Array): number => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0)

describe('trust-weighted linear model', () => {
  const rows = randomRows(1, 60, 40, 6)
  const rng = simRng(2)
  const weights = Float64Array.from({ length: 60 }, () => rng.next() < 0.2 ? 0 : rng.next())
  const ego = [0, 1, 2, 3, 4, 5].map(k => rows.userItem[rows.userPtr[7] + k])
  weights[7] = 1

  it('scores like the dense solve of (XᵀWX + Λ) y = x_ego', () => {
    for (const [lambda, dropout] of [[1, 0], [5, 0.5], [20, 0.8]]) {
      const model = new LinearItemModel(rows, weights, { lambda, dropout, tolerance: 1e-10, maxIterations: 500 })
      const got = model.solve(ego).scores
      const want = denseScores(rows, weights, ego, lambda, dropout)
      // CG stops at a 1e-10 relative residual; ‖(G + Λ)⁻¹‖ ≤ 1/λ carries that to the scores.
      expect(maxDiff(got, want)).toBeLessThan(1e-7 * Math.max(1, maxAbs(want)))
      expect(maxAbs(want)).toBeGreaterThan(0)
    }
  })

  it('an incremental refresh (new weights, new rows, warm start) equals a fit from scratch', () => {
    const o = { lambda: 5, dropout: 0.5, tolerance: 1e-10, maxIterations: 500 }
    const model = new LinearItemModel(rows, weights, o)
    const first = model.solve(ego)
    const w2 = Float64Array.from(weights)
    w2[3] = 0; w2[10] = 0.9; w2[11] = 0.05
    model.setWeights(w2)
    const lists: number[][] = []
    for (let u = 0; u < rows.users; u++) lists.push([...rows.userItem.subarray(rows.userPtr[u], rows.userPtr[u + 1])])
    lists[12] = [...lists[12], 39].filter((v, i, a) => a.indexOf(v) === i)
    lists[20] = lists[20].slice(1)
    const rows2 = csr(lists, rows.items)
    model.setRows(rows2, [12, 20])
    const warm = model.solve(ego, first.solution)
    const scratch = new LinearItemModel(rows2, w2, o).solve(ego)
    expect(maxDiff(warm.scores, scratch.scores)).toBeLessThan(1e-7 * maxAbs(scratch.scores))
    for (let j = 0; j < rows.items; j++) expect(model.support(j)).toBeCloseTo(new LinearItemModel(rows2, w2, o).support(j), 12)
    // A refresh with nothing changed starts at the answer: no iterations needed.
    expect(model.solve(ego, warm.solution).iterations).toBeLessThanOrEqual(1)
  })

  it('rejects bad options with a typed error', () => {
    expect(() => resolveLinearOptions({ lambda: 0 })).toThrow(InvalidOptionError)
    expect(() => resolveLinearOptions({ dropout: 1 })).toThrow(InvalidOptionError)
    expect(() => resolveLinearOptions({ horizon: 0 })).toThrow(InvalidOptionError)
    expect(() => new LinearItemModel(rows, weights, { maxIterations: 0 })).toThrow(InvalidOptionError)
  })
})

describe('what a Sybil region behind one attack edge can move', () => {
  // Honest ring of 30 users (each trusts the next two), 25 items; the attacker (user 5)
  // trusts a 300-Sybil mesh-free region (each Sybil trusts two others) that plays a spam
  // item plus copies of honest profiles.
  const honest = 30
  const sybils = 300
  const items = 26
  const spam = 25
  const alpha = 0.15
  const beta = 0.8
  const walks = 20_000
  const horizon = 0.002
  const lambda = 20

  function network (): Network {
    const rng = simRng(3)
    const users = Array.from({ length: honest + sybils }, (_, u) => `u${u}`)
    const trust = []
    for (let u = 0; u < honest; u++) for (const d of [1, 2]) trust.push({ src: u, dst: (u + d) % honest, weight: 1 })
    trust.push({ src: 5, dst: honest, weight: 1 })
    for (let s = honest; s < honest + sybils; s++) for (let k = 0; k < 2; k++) trust.push({ src: s, dst: honest + rng.int(sybils), weight: 1 })
    const plays = []
    const profiles: number[][] = []
    for (let u = 0; u < honest; u++) {
      const s = new Set<number>()
      while (s.size < 5) s.add(rng.int(spam))
      profiles.push([...s])
      for (const i of s) plays.push({ user: u, item: i, weight: 1 })
    }
    for (let s = honest; s < honest + sybils; s++) {
      for (const i of profiles[rng.int(honest)]) plays.push({ user: s, item: i, weight: 1 })
      plays.push({ user: s, item: spam, weight: 1 })
    }
    return createNetwork('region', users, Array.from({ length: items }, (_, i) => `i${i}`), trust.filter(e => e.src !== e.dst), plays)
  }

  it('the region weighs at most (1 − α)/α · (1 − β) · t_a / horizon, and its spam scores under ‖x‖ W √L / λ', () => {
    const net = network()
    const rowsOf = (n: Network): ItemRows => {
      const lists: number[][] = n.users.map(() => [])
      for (const p of n.plays) lists[p.user].push(p.item)
      return csr(lists.map(l => l.sort((a, b) => a - b)), items)
    }
    const rows = rowsOf(net)
    const tr = trustRows(net)
    let checked = 0
    for (const ego of [0, 3, 4, 10, 20]) {
      const mr = new MeritRankWalks(tr, ego, net.users.length, { alpha, walks }, createRng(100 + ego))
      const t = trustVector(mr, dominatorsOf(tr, net, ego), net.users.length, beta)
      const w = rowWeights(t, walks, horizon, ego)
      let region = 0
      for (let s = honest; s < honest + sybils; s++) region += w[s]
      const attackerShare = t[5] / walks
      // Monte-Carlo slack: the region's hits are a sum of walk indicators; 4 binomial sd of the bound's hit count.
      const boundHits = regionWeightBound(alpha, beta, attackerShare, horizon) * walks * horizon
      const slack = 4 * Math.sqrt(Math.max(boundHits, 1)) / (walks * horizon)
      expect(region).toBeLessThanOrEqual(regionWeightBound(alpha, beta, attackerShare, horizon) + slack)
      const egoItems = rows.userItem.subarray(rows.userPtr[ego], rows.userPtr[ego + 1])
      const longest = 6
      const model = new LinearItemModel(rows, w, { lambda, tolerance: 1e-10, maxIterations: 500 })
      if (egoItems.includes(spam)) continue
      // The attacker does not play spam here, so the spam item's players are the region alone.
      const score = model.solve(egoItems).scores[spam]
      expect(score).toBeLessThanOrEqual(regionScoreBound(egoItems.length, region, longest, lambda) + 1e-12)
      checked++
    }
    expect(checked).toBeGreaterThan(0)
  })

  it('without trust caps the same 300 Sybils put their spam first', () => {
    const net = network()
    const lists: number[][] = net.users.map(() => [])
    for (const p of net.plays) lists[p.user].push(p.item)
    const rows = csr(lists.map(l => l.sort((a, b) => a - b)), items)
    const ego = 0
    const egoItems = rows.userItem.subarray(rows.userPtr[ego], rows.userPtr[ego + 1])
    const scores = new LinearItemModel(rows, new Float64Array(net.users.length).fill(1), { lambda }).solve(egoItems).scores
    const best = scores.reduce((b, v, j) => (v > scores[b] ? j : b), 0)
    expect(best).toBe(spam)
  })
})
