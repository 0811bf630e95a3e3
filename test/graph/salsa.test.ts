/**
 * Personalised SALSA against the exact chain, its incremental sync, Sybil resistance of
 * items, exclusion of the ego's own items, variants and the cold-start bootstrap.
 */
import { describe, expect, it } from 'vitest'
import { createEngine, createRng, exactSalsa, salsa, salsaLaw, WalkIndex, type SalsaWalks } from '../../graph/index.js'
import { Ego, trustVector, type EgoParams } from '../../graph/ego.js'
import { randomInteractions, randomTrust, ratioSE } from './helpers.js'

const PARAMS: EgoParams = { alpha: 0.15, salsaStop: 0.15, egoReturns: true, beta: 0.8, walks: 10_000, trustExponent: 2, restartToTrusted: 0.3, bootstrapSeeds: 10 }
/** The calibrated SALSA knobs: short walks that never step back onto the ego. */
const SHORT: EgoParams = { ...PARAMS, salsaStop: 0.9, egoReturns: false, restartToTrusted: 0 }

function buildIndex (seed: number, users = 30, items = 40, affinity: 'raw' | 'log' | 'binary' = 'log'): WalkIndex {
  const index = new WalkIndex({ affinity })
  for (let u = 0; u < users; u++) index.user(`u${u}`)
  for (let i = 0; i < items; i++) index.item(`i${i}`)
  for (const [s, d, w] of randomTrust(users, users * 3, seed, 0.1)) index.setTrust(s, d, w, 0)
  for (const [u, i, w] of randomInteractions(users, items, 6, createRng(seed + 1))) index.setInteraction(u, i, w, 0)
  return index
}

/** One walk's expected item visits: (1 − stop) × affinity(u, ·) per user visit u (Rao–Blackwell). */
function walkItemVisits (walk: number[], index: WalkIndex, stop: number, items: number): { x: Float64Array, y: number } {
  const rows = index.bip.users
  const x = new Float64Array(items)
  let y = 0
  for (const u of walk) {
    if (u < 0 || rows.degree(u) === 0) continue
    for (let k = rows.start(u); k < rows.end(u); k++) x[rows.dst[k]] += (1 - stop) * rows.effective(u, k) / rows.absTotal[u]
    y += 1 - stop
  }
  return { x, y }
}

/** Every item's visit share within 4.5 standard errors (per-walk ratio estimator) of the exact chain. */
function expectSharesMatch (walks: SalsaWalks, index: WalkIndex, ego: number, t: Float64Array, opts: { undefended?: boolean } = {}, p = PARAMS): void {
  const ex = exactSalsa({ users: index.users.size, items: index.items.size, edges: index.interactionEdges() }, ego, t,
    { salsaStop: p.salsaStop, egoReturns: p.egoReturns, trustExponent: p.trustExponent, restartToTrusted: p.restartToTrusted, ...opts })
  const per = walks.walks.map(w => walkItemVisits(w, index, p.salsaStop, index.items.size))
  const ys = per.map(v => v.y)
  let reached = 0
  for (let i = 0; i < index.items.size; i++) {
    const xs = per.map(v => v.x[i])
    const mc = walks.itemVisits[i] / walks.totalItemVisits
    if (ex.share[i] > 0) reached++
    const tol = 4.5 * Math.max(ratioSE(xs, ys), 1e-4)
    expect(Math.abs(mc - ex.share[i])).toBeLessThanOrEqual(tol)
  }
  // The walks must reach past the ego's own items for the comparison to mean anything.
  expect(reached).toBeGreaterThan(index.bip.users.degree(ego) + 3)
}

describe('SALSA visit shares vs the exact chain', () => {
  it('match for trust-weighted walks (MeritRank trust, raw and log affinity)', () => {
    for (const [seed, aff] of [[1, 'log'], [2, 'raw']] as const) {
      const index = buildIndex(seed, 30, 40, aff)
      const ego = new Ego(index, 0, PARAMS, createRng(seed))
      const t = trustVector(ego.mr, ego.dominators(), index.users.size, PARAMS.beta)
      const walks = salsa(salsaLaw(index, 0, t, PARAMS), 10_000, index.items.size, createRng(seed + 9))
      expectSharesMatch(walks, index, 0, t)
    }
  })

  it('match for the undefended baseline (item → user ∝ affinity only)', () => {
    const index = buildIndex(3)
    const ego = new Ego(index, 4, PARAMS, createRng(3))
    const t = trustVector(ego.mr, ego.dominators(), index.users.size, 0)
    const walks = salsa(salsaLaw(index, 4, t, PARAMS, true), 10_000, index.items.size, createRng(4))
    expectSharesMatch(walks, index, 4, t, { undefended: true })
  })

  it('match for short walks that never return to the ego (salsaStop 0.9, egoReturns false)', () => {
    for (const seed of [11, 12]) {
      const index = buildIndex(seed)
      const ego = new Ego(index, 0, SHORT, createRng(seed))
      const t = trustVector(ego.mr, ego.dominators(), index.users.size, SHORT.beta)
      const walks = salsa(salsaLaw(index, 0, t, SHORT), 10_000, index.items.size, createRng(seed + 9))
      for (const w of walks.walks) expect(w.slice(1)).not.toContain(0)
      expectSharesMatch(walks, index, 0, t, {}, SHORT)
    }
  })

  it('start at trusted users when no trusted user shares an item with the ego, as the exact chain does', () => {
    const index = new WalkIndex({ affinity: 'log' })
    for (let u = 0; u < 6; u++) index.user(`u${u}`)
    for (let i = 0; i < 12; i++) index.item(`i${i}`)
    for (const [s, d] of [[0, 1], [0, 2], [1, 3], [2, 4], [3, 5], [4, 1]]) index.setTrust(s, d, 1, 0)
    index.setInteraction(0, 0, 5, 0)
    for (let u = 1; u < 6; u++) for (let k = 0; k < 3; k++) index.setInteraction(u, 1 + (u * 5 + k * 3) % 11, 1 + u + k, 0)
    const ego = new Ego(index, 0, SHORT, createRng(21))
    const t = trustVector(ego.mr, ego.dominators(), index.users.size, SHORT.beta)
    const law = salsaLaw(index, 0, t, SHORT)
    expect(law.start.restart).toBe(1)
    const walks = salsa(law, 10_000, index.items.size, createRng(22))
    expectSharesMatch(walks, index, 0, t, {}, SHORT)
    // Once a trusted user shares the ego's item, walks start at the ego again.
    index.setInteraction(1, 0, 2, 1)
    expect(salsaLaw(index, 0, t, SHORT).start.restart).toBe(0)
  })

  it('egoReturns false gives the ego no weight in any item → user step', () => {
    const index = buildIndex(13)
    const ego = new Ego(index, 0, SHORT, createRng(13))
    const t = trustVector(ego.mr, ego.dominators(), index.users.size, SHORT.beta)
    const view = salsaLaw(index, 0, t, SHORT).view
    const withEgo = salsaLaw(index, 0, t, PARAMS).view
    const rows = index.bip.users
    for (let k = rows.start(0); k < rows.end(0); k++) {
      expect(view.prob(rows.dst[k], 0)).toBe(0)
      expect(withEgo.prob(rows.dst[k], 0)).toBeGreaterThan(0)
    }
  })
})

describe('incremental SALSA', () => {
  it.each([['long walks', PARAMS], ['short walks without ego returns', SHORT]] as const)('after 1,200 random trust and interaction changes, stored %s match the exact chain', (_name, params) => {
    const index = buildIndex(5)
    const ego = new Ego(index, 0, params, createRng(6))
    const trustNow = (): Float64Array => trustVector(ego.mr, ego.dominators(), index.users.size, PARAMS.beta)
    ego.salsaWalks(trustNow())
    const rng = createRng(7)
    for (let t = 0; t < 1200; t++) {
      if (rng.next() < 0.4) {
        const s = rng.int(30); let d = rng.int(30)
        if (d === s) d = (d + 1) % 30
        ego.onTrust(index.setTrust(s, d, rng.next() < 0.3 ? 0 : 0.2 + 2 * rng.next(), 0))
      } else {
        index.setInteraction(rng.int(30), rng.int(40), rng.next() < 0.3 ? 0 : 1 + rng.int(40), t)
      }
      if (t % 40 === 39) ego.salsaWalks(trustNow())
    }
    const t = trustNow()
    const walks = ego.salsaWalks(t)
    expectSharesMatch(walks, index, 0, t, {}, params)
    // Visit counters stay consistent with the stored walks.
    const recount = new Float64Array(walks.userVisits.length)
    for (const w of walks.walks) for (const x of w) if (x >= 0) recount[x]++
    expect(Array.from(walks.userVisits)).toEqual(Array.from(recount))
  })

  it('stored walks follow a trusted user starting to share the ego\'s only item', () => {
    const index = buildIndex(14)
    const ego = new Ego(index, 0, SHORT, createRng(15))
    const rows = index.bip.users
    for (const k of Array.from({ length: rows.degree(0) }, (_, j) => rows.dst[rows.start(0) + j])) index.setInteraction(0, k, 0, 0)
    index.setInteraction(0, 39, 3, 0)
    for (let u = 1; u < 30; u++) index.setInteraction(u, 39, 0, 0)
    const trustNow = (): Float64Array => trustVector(ego.mr, ego.dominators(), index.users.size, SHORT.beta)
    expect(ego.salsaWalks(trustNow()).law.start.restart).toBe(1)
    // Only a trusted user's row changes: the start law must still switch back to the ego.
    const friend = trustNow().findIndex((x, u) => u !== 0 && x > 0)
    index.setInteraction(friend, 39, 4, 1)
    const walks = ego.salsaWalks(trustNow())
    expect(walks.law.start.restart).toBe(0)
    expectSharesMatch(walks, index, 0, trustNow(), {}, SHORT)
  })

  it('a small trust shift redraws few walks', () => {
    const index = buildIndex(8)
    const ego = new Ego(index, 0, PARAMS, createRng(9))
    const trustNow = (): Float64Array => trustVector(ego.mr, ego.dominators(), index.users.size, PARAMS.beta)
    const walks = ego.salsaWalks(trustNow())
    const before = walks.walks.slice()
    ego.onTrust(index.setTrust(17, 18, 0.5, 0))
    ego.salsaWalks(trustNow())
    const changed = walks.walks.filter((w, k) => w !== before[k]).length
    expect(changed).toBeLessThan(0.2 * PARAMS.walks)
  })
})

describe('recommendations', () => {
  function sybilWorld (): ReturnType<typeof createEngine> {
    const e = createEngine({ seed: 3, restartToTrusted: 0.3 })
    const honest = 20
    for (const [s, d, w] of randomTrust(honest, 70, 31, 0)) e.setTrust(`h${s}`, `h${d}`, w)
    const rng = createRng(4)
    for (const [u, i, w] of randomInteractions(honest, 30, 5, rng)) e.setInteraction(`h${u}`, `item${i}`, w)
    // One compromised honest user trusts the attacker; 30 Sybils behind it all like "spam".
    e.setTrust('h0', 'h7', 1)
    e.setTrust('h7', 'attacker', 1)
    e.setInteraction('attacker', 'spam', 1)
    for (let s = 0; s < 30; s++) {
      e.setTrust('attacker', `s${s}`, 1)
      e.setTrust(`s${s}`, 'attacker', 1)
      e.setInteraction(`s${s}`, 'spam', 1)
    }
    return e
  }

  it('a Sybil-liked item behind one attacker ranks lower with β > 0 than with β = 0', () => {
    const e = sybilWorld()
    const rank = (beta: number): number => {
      const recs = e.recommend('h0', { beta, limit: 1000, seed: 1 })
      const k = recs.findIndex(r => r.item === 'spam')
      return k < 0 ? recs.length : k
    }
    const score = (beta: number): number => e.recommend('h0', { beta, limit: 1000, seed: 1 }).find(r => r.item === 'spam')?.score ?? 0
    expect(rank(0.8)).toBeGreaterThan(rank(0))
    expect(score(0.8)).toBeLessThan(score(0) * 0.5)
  })

  it('never recommends the ego its own items, in any variant', () => {
    const e = sybilWorld()
    for (const ego of ['h0', 'h3', 'h11']) {
      const own = new Set(e.recommend(ego, { includeOwn: true, limit: 1000 }).map(r => r.item))
      const mine = new Set<string>()
      for (const variant of ['meritwalk', 'web3recommend', 'undefended'] as const) {
        const recs = e.recommend(ego, { variant, limit: 1000, walks: 3000, seed: 2 })
        expect(recs.length).toBeGreaterThan(0)
        for (const r of recs) mine.add(r.item)
      }
      const idx = (e as unknown as { index: WalkIndex }).index
      const u = idx.users.lookup(ego)
      const rows = idx.bip.users
      for (let k = rows.start(u); k < rows.end(u); k++) {
        const item = idx.items.name(rows.dst[k])
        expect(mine.has(item)).toBe(false)
        expect(own.size).toBeGreaterThan(0)
      }
    }
  })

  it('explains each item by the users walks arrived from, shares summing to ≤ 1', () => {
    const e = sybilWorld()
    const recs = e.recommend('h0', { explain: true, limit: 5 })
    expect(recs.length).toBe(5)
    for (const r of recs) {
      const via = r.explain?.via ?? []
      expect(via.length).toBeGreaterThan(0)
      const sum = via.reduce((a, v) => a + v.share, 0)
      expect(sum).toBeLessThanOrEqual(1 + 1e-12)
      expect(r.explain?.bootstrapped).toBeUndefined()
      for (const v of via) expect(e.score('h0', v.author)).toBeGreaterThan(0)
    }
    for (let k = 1; k < recs.length; k++) expect(recs[k - 1].score).toBeGreaterThanOrEqual(recs[k].score)
  })

  it('is reproducible with a fixed seed and keeps ids exactly as given', () => {
    const build = (): ReturnType<typeof createEngine> => {
      const e = createEngine({ seed: 11, walks: 2000 })
      e.setTrust('Ünïcode ego', 'friend,with comma', 1)
      e.setInteraction('friend,with comma', 'Item "quoted"', 3)
      e.setInteraction('Ünïcode ego', 'x', 1)
      return e
    }
    const a = build().recommend('Ünïcode ego', { explain: true })
    expect(a).toEqual(build().recommend('Ünïcode ego', { explain: true }))
    expect(a[0].item).toBe('Item "quoted"')
    expect(a[0].explain?.via[0].author).toBe('friend,with comma')
  })
})

describe('cold start', () => {
  it('an ego with no trust edges is bootstrapped through similar users, and marked', () => {
    const e = createEngine({ seed: 2, walks: 4000 })
    for (const i of ['a', 'b', 'c']) e.setInteraction('twin', i, 1)
    e.setInteraction('twin', 'd', 1)
    e.setInteraction('stranger', 'z', 1)
    e.setInteraction('ego', 'a', 1)
    e.setInteraction('ego', 'b', 1)
    const recs = e.recommend('ego', { explain: true })
    expect(recs.map(r => r.item)).toContain('d')
    expect(recs.map(r => r.item)).not.toContain('z')
    for (const r of recs) expect(r.explain?.bootstrapped).toBe(true)
    // The first trust edge ends the bootstrap.
    e.setTrust('ego', 'stranger', 1)
    const after = e.recommend('ego', { explain: true })
    expect(after.map(r => r.item)).toContain('z')
    for (const r of after) expect(r.explain?.bootstrapped).toBeUndefined()
  })

  it('a bootstrapped ego walks through the people similar to its plays as they are now', () => {
    const e = createEngine({ seed: 2, walks: 4000 })
    for (const i of ['a', 'b', 'c', 'd']) e.setInteraction('twin', i, 1)
    for (const i of ['x', 'y', 'z']) e.setInteraction('other', i, 1)
    e.setInteraction('ego', 'x', 1)
    const first = e.recommend('ego').map(r => r.item)
    expect(first).toContain('y')
    expect(first).not.toContain('d')
    // The owner's real history arrives after the first query.
    e.setInteraction('ego', 'x', 0)
    for (const i of ['a', 'b']) e.setInteraction('ego', i, 1)
    const later = e.recommend('ego', { explain: true })
    expect(later.map(r => r.item)).toEqual(expect.arrayContaining(['c', 'd']))
    expect(later.map(r => r.item)).not.toContain('y')
    for (const r of later) expect(r.explain?.bootstrapped).toBe(true)
  })

  it('taste-cloning Sybils get at most their seed slots, and the region behind them is decayed', () => {
    const e = createEngine({ seed: 5, walks: 10_000, bootstrapSeeds: 4 })
    const mine = ['a', 'b', 'c', 'd']
    for (const i of mine) e.setInteraction('ego', i, 1)
    for (let k = 0; k < 2; k++) for (const i of mine) e.setInteraction(`clone${k}`, i, 1)
    for (let k = 0; k < 2; k++) { e.setInteraction(`fan${k}`, 'a', 1); e.setInteraction(`fan${k}`, 'b', 1) }
    for (let k = 0; k < 2; k++) for (let s = 0; s < 20; s++) e.setTrust(`clone${k}`, `sybil${k}_${s}`, 1)
    const rep = e.reputation('ego')
    const score = (p: string): number => rep.filter(r => r.author.startsWith(p)).reduce((a, r) => a + r.score, 0)
    const clones = score('clone')
    const fans = score('fan')
    // Two of four equal seed slots: clones' share of first steps is at most 2/4 — like the fans'.
    expect(Math.abs(clones - fans) / (clones + fans)).toBeLessThan(0.1)
    // Behind each seed, the Sybils are dominated by it: gain ≤ (1 − α)/α · (1 − β).
    expect(score('sybil')).toBeLessThanOrEqual(clones * (0.85 / 0.15) * 0.2 * 1.05)
  })
})
