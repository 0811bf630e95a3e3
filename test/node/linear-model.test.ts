/**
 * The node's linear model service: a fit in the real worker thread equals the same solve
 * on the main thread, queries come from the last fit with explanations, a cold-start ego
 * (no trust edges) still gets recommendations, refreshes follow changes and respect the
 * budget.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, defaultLinearModelOptions, InvalidOptionError, LinearItemModel, type MeritwalkEngine } from '../../graph/index.js'
import { createRng } from '../../graph/sim/rng.js'
import { syntheticNetwork } from '../../graph/sim/synthetic.js'
import { LinearModelService } from '../../node/linear-model.js'

const net = syntheticNetwork(createRng(4), { users: 120, items: 150, playsPerUser: 10 })

function engine (): MeritwalkEngine {
  const e = createEngine({ walks: 2000, seed: 7 }) as MeritwalkEngine
  for (const t of net.trust) e.setTrust(net.users[t.src], net.users[t.dst], t.weight, 1000)
  for (const p of net.plays) e.setInteraction(net.users[p.user], net.items[p.item], p.weight, 1000)
  return e
}

const services: LinearModelService[] = []
afterEach(async () => { await Promise.all(services.splice(0).map(s => s.close())) })

describe('linear model service (worker thread)', () => {
  it('fits in the worker exactly as on the main thread, and explains from the ego\'s items and trusted people', async () => {
    const e = engine()
    const ego = net.users[0]
    const s = new LinearModelService(e, ego, { model: { tolerance: 1e-10, maxIterations: 500 } })
    services.push(s)
    expect(s.recommend(10)).toEqual([])
    const stats = await s.refresh()
    expect(stats?.users).toBeGreaterThan(1)
    const input = e.linearInput(ego, defaultLinearModelOptions.horizon)!
    const want = new LinearItemModel(input.rows, input.weights, { tolerance: 1e-10, maxIterations: 500 }).solve(input.egoItems).scores
    const recs = s.recommend(10, true)
    expect(recs.length).toBe(10)
    const own = new Set(net.plays.filter(p => p.user === 0).map(p => net.items[p.item]))
    const trusted = new Set(e.reputation(ego).map(r => r.author))
    for (const r of recs) {
      const c = [...input.items].findIndex(i => e.index.items.name(i) === r.item)
      expect(r.score).toBeCloseTo(want[c], 9)
      expect(own.has(r.item)).toBe(false)
      expect(r.explain!.items.length).toBeGreaterThan(0)
      for (const i of r.explain!.items) expect(own.has(i)).toBe(true)
      for (const v of r.explain!.via) expect(trusted.has(v.author)).toBe(true)
      expect(r.explain!.bootstrapped).toBe(false)
    }
    for (let k = 1; k < recs.length; k++) expect(recs[k - 1].score).toBeGreaterThanOrEqual(recs[k].score)
  })

  it('a cold-start ego (no trust edges) is served through the bootstrap seeds', async () => {
    const e = engine()
    for (const i of [0, 1, 2, 3, 4]) e.setInteraction('newcomer', net.items[i], 3, 2000)
    const s = new LinearModelService(e, 'newcomer')
    services.push(s)
    await s.refresh()
    const recs = s.recommend(5, true)
    expect(recs.length).toBe(5)
    expect(recs.every(r => r.explain!.bootstrapped)).toBe(true)
  })

  it('a refresh follows a change, starts warm, and the budget spaces refreshes', async () => {
    const e = engine()
    const ego = net.users[1]
    const s = new LinearModelService(e, ego, { minIntervalMs: 10_000 })
    services.push(s)
    const first = await s.refreshOnBudget(0)
    expect(first).toBeDefined()
    expect(await s.refreshOnBudget(5_000)).toBeUndefined()
    const again = await s.refreshOnBudget(10_000)
    // Nothing changed: the warm start is already the answer.
    expect(again!.iterations).toBeLessThanOrEqual(1)
    const top = s.recommend(1)[0].item
    e.setInteraction(ego, top, 5, 3000)
    await s.refresh()
    expect(s.recommend(20).map(r => r.item)).not.toContain(top)
  })

  it('refuses bad model options with a typed error before starting a worker', () => {
    expect(() => new LinearModelService(engine(), net.users[0], { model: { lambda: -1 } })).toThrow(InvalidOptionError)
  })
})
