import { describe, expect, it } from 'vitest'
import { itemKnn, mostPopular, personalisedPageRank, rp3 } from '../../graph/sim/baselines.js'
import { playMatrix } from '../../graph/sim/play-matrix.js'
import { fitEase, invertSpd } from '../../graph/sim/ease.js'
import { InvalidSimOptionError } from '../../graph/sim/errors.js'
import { itemsByUser } from '../../graph/sim/network.js'
import { createRng } from '../../graph/sim/rng.js'
import { syntheticNetwork } from '../../graph/sim/synthetic.js'
import { frontierSvg } from '../../graph/sim/frontier.js'
import type { MethodResult } from '../../graph/sim/evaluate.js'

// Small enough for dense brute force: the referee computes each baseline from its textbook definition.
const net = syntheticNetwork(createRng(21), { users: 40, items: 60, playsPerUser: 6 })
const U = net.users.length
const I = net.items.length
const R = Array.from({ length: U }, () => new Float64Array(I))
for (const p of net.plays) R[p.user][p.item] = 1
const own = itemsByUser(net)

// Order of unseen items by a score vector, best first, ties by index (the same convention as the methods).
function expectedTop (scores: Float64Array, ego: number, k: number): number[] {
  return [...scores.keys()].filter(i => scores[i] > 0 && !own[ego].includes(i))
    .sort((a, b) => scores[b] - scores[a] || a - b).slice(0, k)
}

// Ranks equal up to floating-point ties: compare the scores at each position instead of indices.
function expectSameRanking (got: number[], want: number[], scores: Float64Array): void {
  expect(got.length).toBe(want.length)
  got.forEach((item, r) => expect(scores[item]).toBeCloseTo(scores[want[r]], 10))
}

describe('baselines against dense brute force', () => {
  it('most-popular ranks unseen items by listeners', () => {
    const pop = new Float64Array(I)
    for (const row of R) row.forEach((v, i) => { pop[i] += v })
    const ranker = mostPopular().prepare(net)
    for (const ego of [0, 7, 19]) expectSameRanking(ranker.recommend(ego, 10), expectedTop(pop, ego, 10), pop)
  })

  it('item-kNN sums cosine similarities to the ego\'s items', () => {
    const col = (i: number): number[] => R.map(r => r[i])
    const cos = (a: number[], b: number[]): number => {
      const dot = a.reduce((s, x, k) => s + x * b[k], 0)
      const na = Math.sqrt(a.reduce((s, x) => s + x * x, 0))
      const nb = Math.sqrt(b.reduce((s, x) => s + x * x, 0))
      return na === 0 || nb === 0 ? 0 : dot / (na * nb)
    }
    const ranker = itemKnn().prepare(net)
    for (const ego of [1, 12, 33]) {
      const s = new Float64Array(I)
      for (let i = 0; i < I; i++) for (const j of own[ego]) s[i] += cos(col(i), col(j))
      expectSameRanking(ranker.recommend(ego, 10), expectedTop(s, ego, 10), s)
    }
  })

  it('P3 and RP3β follow the three-step transition product', () => {
    const ui = R.map(r => { const d = r.reduce((a, b) => a + b, 0); return r.map(v => v / d) })
    const iu = Array.from({ length: I }, (_, i) => { const c = R.map(r => r[i]); const d = c.reduce((a, b) => a + b, 0); return c.map(v => d === 0 ? 0 : v / d) })
    for (const beta of [0, 0.5]) {
      const ranker = rp3(beta).prepare(net)
      for (const ego of [2, 25]) {
        const s = new Float64Array(I)
        for (let j = 0; j < I; j++) for (let v = 0; v < U; v++) for (let i = 0; i < I; i++) s[i] += ui[ego][j] * iu[j][v] * ui[v][i]
        const pop = R.reduce((acc, r) => acc.map((x, i) => x + r[i]), new Float64Array(I))
        for (let i = 0; i < I; i++) if (s[i] > 0) s[i] /= Math.pow(pop[i], beta)
        expectSameRanking(ranker.recommend(ego, 10), expectedTop(s, ego, 10), s)
      }
    }
  })

  it('personalised PageRank never recommends the ego\'s own items and reaches beyond two hops', () => {
    const ranker = personalisedPageRank().prepare(net)
    for (const ego of [0, 5]) {
      const recs = ranker.recommend(ego, 50)
      expect(recs.length).toBeGreaterThan(10)
      for (const i of recs) expect(own[ego]).not.toContain(i)
    }
  })
})

describe('frontier SVG', () => {
  const row = (method: string, family: string, beta: number | undefined, spamSlots: number, hr: number): MethodResult =>
    ({ method, family, ...(beta !== undefined ? { beta } : {}), attack: 'x', hr, ndcg: hr / 2, hrSd: 0, spamSlots, spamEgos: spamSlots, egosPerSeed: 1 })

  it('draws one point per row, joins a family across β, and escapes labels', () => {
    const rows = [row('a β=0', 'a<&>', 0, 0.2, 0.1), row('a β=0.8', 'a<&>', 0.8, 0.001, 0.2), row('popular', 'popular', undefined, 0.05, 0.07)]
    const svg = frontierSvg(rows, { title: 'T & "q"' })
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg.trim().endsWith('</svg>')).toBe(true)
    expect(svg.match(/<circle [^>]*r="4.5" fill="[^"]+"><title>/g)?.length).toBe(3)
    expect(svg.match(/<polyline/g)?.length).toBe(1)
    expect(svg).toContain('a&lt;&amp;&gt;')
    expect(svg).toContain('T &amp; &quot;q&quot;')
    expect(svg).not.toMatch(/NaN|undefined/)
  })
})

describe('EASE^R', () => {
  it('inverts a symmetric positive definite matrix (A · A⁻¹ = I)', () => {
    const rng = createRng(5)
    const n = 12
    const m = Array.from({ length: n * n }, () => rng.next() - 0.5)
    const a = new Float64Array(n * n)
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { let s = i === j ? 1 : 0; for (let k = 0; k < n; k++) s += m[i * n + k] * m[j * n + k]; a[i * n + j] = s }
    const inv = Float64Array.from(a)
    invertSpd(inv, n)
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = 0
      for (let k = 0; k < n; k++) s += a[i * n + k] * inv[k * n + j]
      expect(s).toBeCloseTo(i === j ? 1 : 0, 9)
    }
    expect(() => invertSpd(new Float64Array([0, 1, 1, 0]), 2)).toThrow(InvalidSimOptionError)
  })

  it('fits B with a zero diagonal that solves min ‖X − XB‖² + λ‖B‖² column by column, on the kept items only', () => {
    const net = syntheticNetwork(createRng(2), { users: 60, items: 30, playsPerUser: 6 })
    const bip = playMatrix(net, 'binary')
    const lambda = 3
    const model = fitEase(bip, { lambda, minListeners: 4, maxItems: 1000 })
    for (let c = 0; c < model.n; c++) expect(bip.itemPtr[model.items[c] + 1] - bip.itemPtr[model.items[c]]).toBeGreaterThanOrEqual(4)
    const n = model.n
    const g = new Float64Array(n * n)
    for (let u = 0; u < bip.users; u++) {
      const cols: number[] = []
      for (let k = bip.userPtr[u]; k < bip.userPtr[u + 1]; k++) if (model.column[bip.userItem[k]] >= 0) cols.push(model.column[bip.userItem[k]])
      for (const a of cols) for (const b of cols) g[a * n + b]++
    }
    // Stationarity with the zero-diagonal constraint: ((G + λI) B − G)_ab = 0 for every a ≠ b.
    for (let b = 0; b < n; b++) {
      expect(model.b[b * n + b]).toBe(0)
      for (let a = 0; a < n; a++) {
        if (a === b) continue
        let s = lambda * model.b[a * n + b] - g[a * n + b]
        for (let k = 0; k < n; k++) s += g[a * n + k] * model.b[k * n + b]
        expect(s).toBeCloseTo(0, 8)
      }
    }
  })
})
