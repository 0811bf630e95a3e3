import { describe, expect, it } from 'vitest'
import { exactSalsa } from '../../graph/index.js'
import { playMatrix } from '../../graph/sim/play-matrix.js'
import { chainScores, defaultChainOptions, itemScores, userVisits, type ChainOptions } from '../../graph/sim/chain.js'
import { dominatorsOf, trustRows } from '../../graph/sim/dominance.js'
import { createRng } from '../../graph/sim/rng.js'
import { syntheticNetwork } from '../../graph/sim/synthetic.js'

const net = syntheticNetwork(createRng(5), { users: 60, items: 90, playsPerUser: 8 })
const rows = trustRows(net)
const rng = createRng(9)
const trust = Float64Array.from(net.users, () => rng.next())
const ego = 3
const dom = dominatorsOf(rows, net, ego)
const share = (v: Float64Array): Float64Array => { const s = v.reduce((a, b) => a + b, 0); return v.map(x => x / s) }

describe('calibration chain', () => {
  it('is the engine referee\'s SALSA chain when its extra knobs are off', () => {
    for (const [affinity, p, r] of [['raw', 1, 0], ['binary', 2, 0.3], ['log', 1, 0.5]] as const) {
      const o: ChainOptions = { ...defaultChainOptions, affinity, trustExponent: p, restartToTrusted: r, itemDecay: false }
      const bip = playMatrix(net, affinity)
      const plain = { users: net.users.length, items: net.items.length, edges: [] as Array<[number, number, number]> }
      for (let u = 0; u < bip.users; u++) for (let k = bip.userPtr[u]; k < bip.userPtr[u + 1]; k++) plain.edges.push([u, bip.userItem[k], bip.userW[k]])
      const ref = exactSalsa(plain, ego, trust, { salsaStop: o.salsaStop, trustExponent: p, restartToTrusted: r }).share
      const got = share(chainScores(bip, ego, trust, dom, o))
      // The chain stops at 10⁻⁴ of remaining walk mass; shares agree to that order.
      for (let i = 0; i < got.length; i++) expect(Math.abs(got[i] - ref[i])).toBeLessThan(2e-4)
    }
  })

  it('never walks back to the ego when egoReturns is off', () => {
    const bip = playMatrix(net, 'binary')
    const on = userVisits(bip, ego, trust, { ...defaultChainOptions, egoReturns: true })
    const off = userVisits(bip, ego, trust, { ...defaultChainOptions, egoReturns: false })
    expect(off[ego]).toBe(1)
    expect(on[ego]).toBeGreaterThan(1)
  })

  it('divides by popularity^γ and caps each endorser\'s share', () => {
    const bip = playMatrix(net, 'binary')
    const X = userVisits(bip, ego, trust, defaultChainOptions)
    const plain = itemScores(bip, ego, X, dom, { ...defaultChainOptions, itemDecay: false })
    const pop = itemScores(bip, ego, X, dom, { ...defaultChainOptions, itemDecay: false, popularityPenalty: 0.5 })
    for (let i = 0; i < bip.items; i++) if (plain[i] > 0) expect(pop[i]).toBeCloseTo(plain[i] / Math.sqrt(bip.itemPtr[i + 1] - bip.itemPtr[i]), 12)
    const capped = itemScores(bip, ego, X, dom, { ...defaultChainOptions, itemDecay: false, endorserCap: 0.05 })
    const best = Math.max(...plain)
    for (let i = 0; i < bip.items; i++) {
      expect(capped[i]).toBeLessThanOrEqual(plain[i] + 1e-15)
      expect(capped[i]).toBeLessThanOrEqual(0.05 * best * (bip.itemPtr[i + 1] - bip.itemPtr[i]) + 1e-15)
    }
  })

  it('decays an item by exactly (1 − β) or not at all, and some items behind one friend are decayed', () => {
    const bip = playMatrix(net, 'binary')
    const X = userVisits(bip, ego, trust, defaultChainOptions)
    const plain = itemScores(bip, ego, X, dom, { ...defaultChainOptions, itemDecay: false })
    const decayed = itemScores(bip, ego, X, dom, { ...defaultChainOptions, beta: 0.8 })
    let some = 0
    for (let i = 0; i < bip.items; i++) {
      if (plain[i] === 0) continue
      const ratio = decayed[i] / plain[i]
      expect([1, 0.2].some(r => Math.abs(ratio - r) < 1e-9)).toBe(true)
      if (Math.abs(ratio - 0.2) < 1e-9) some++
    }
    expect(some).toBeGreaterThan(0)
  })
})
