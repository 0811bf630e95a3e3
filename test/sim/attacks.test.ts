import { describe, expect, it } from 'vitest'
import { applyAttack, type AttackSpec } from '../../graph/sim/attacks.js'
import { InvalidSimOptionError } from '../../graph/sim/errors.js'
import { isHonest, popularItems, type Network } from '../../graph/sim/network.js'
import { createRng } from '../../graph/sim/rng.js'
import { syntheticNetwork } from '../../graph/sim/synthetic.js'

const base = (): Network => syntheticNetwork(createRng(3), { users: 120, items: 200 })

function out (net: Network, u: number): number[] { return net.trust.filter(e => e.src === u).map(e => e.dst) }
function playsOf (net: Network, u: number): Set<number> { return new Set(net.plays.filter(p => p.user === u).map(p => p.item)) }

describe('attack library', () => {
  it('wires each single-attacker topology as named, behind one attacker', () => {
    const k = 6
    for (const kind of ['serial', 'parallel', 'cycle', 'mesh'] as const) {
      const clean = base()
      const net = applyAttack(clean, { kind, sybils: k, spamItems: 2 }, createRng(1))
      expect(net.attackers.size).toBe(1)
      expect(net.sybils.size).toBe(k)
      expect(net.spam.size).toBe(2)
      const [a] = net.attackers
      const sybils = [...net.sybils]
      // Only the attacker's edges lead into the region: no honest user trusts a Sybil.
      for (const e of net.trust) if (net.sybils.has(e.dst)) expect(e.src === a || net.sybils.has(e.src)).toBe(true)
      const regionEdges = net.trust.length - clean.trust.length
      const expected = { serial: k, parallel: k, cycle: 2 * k, mesh: (k + 1) * k }[kind]
      expect(regionEdges).toBe(expected)
      if (kind === 'serial') for (let i = 0; i < k - 1; i++) expect(out(net, sybils[i])).toEqual([sybils[i + 1]])
      if (kind === 'parallel') expect(out(net, a).filter(v => net.sybils.has(v)).sort()).toEqual(sybils.sort())
      if (kind === 'cycle') for (const s of sybils) expect(out(net, s)).toEqual([a])
      for (const s of sybils) expect(playsOf(net, s)).toEqual(net.spam)
      for (const i of net.spam) expect(playsOf(net, a).has(i)).toBe(true)
    }
  })

  it('camouflaged Sybils also play the most popular honest items', () => {
    const clean = base()
    const net = applyAttack(clean, { kind: 'camouflage', sybils: 5, camouflageItems: 4 }, createRng(2))
    const top = popularItems(clean).slice(0, 4)
    for (const s of net.sybils) for (const i of top) expect(playsOf(net, s).has(i)).toBe(true)
  })

  it('turns the requested share of honest users into attackers, each with its own region', () => {
    const net = applyAttack(base(), { kind: 'many', fraction: 0.1, sybils: 3, spamItems: 1 }, createRng(4))
    expect(net.attackers.size).toBe(12)
    expect(net.sybils.size).toBe(36)
    expect(net.spam.size).toBe(12)
    const shared = applyAttack(base(), { kind: 'many', fraction: 0.1, sybils: 3, spamItems: 1, sharedSpam: true }, createRng(4))
    expect(shared.spam.size).toBe(1)
  })

  it('duped users: g distinct honest users each trust a Sybil, and nothing else enters the region', () => {
    for (const g of [1, 5, 20]) {
      const net = applyAttack(base(), { kind: 'duped', duped: g, sybils: 10 }, createRng(g))
      const into = net.trust.filter(e => net.sybils.has(e.dst) && !net.sybils.has(e.src))
      expect(into.length).toBe(g)
      expect(new Set(into.map(e => e.src)).size).toBe(g)
      for (const e of into) expect(isHonest(net, e.src)).toBe(true)
      expect(net.attackers.size).toBe(0)
    }
  })

  it('flood: identities no honest user trusts', () => {
    const net = applyAttack(base(), { kind: 'flood', sybils: 500 }, createRng(5))
    expect(net.sybils.size).toBe(500)
    expect(net.trust.some(e => net.sybils.has(e.dst) && !net.sybils.has(e.src))).toBe(false)
  })

  it('shilling families: profiles as named, Sybils reached only through the g attack edges', () => {
    const clean = base()
    const pop = popularItems(clean)
    const mean = new Map<number, number>()
    const count = new Map<number, number>()
    for (const p of clean.plays) { mean.set(p.item, (mean.get(p.item) ?? 0) + p.weight); count.set(p.item, (count.get(p.item) ?? 0) + 1) }
    const honestProfiles = [...clean.users.keys()].map(u => [...playsOf(clean, u)].sort((a, b) => a - b).join(','))
    for (const kind of ['random', 'average', 'bandwagon', 'segment', 'copy'] as const) {
      const net = applyAttack(clean, { kind, sybils: 50, duped: 3, spamItems: 1, fillerItems: 8, selectedItems: 5 }, createRng(4))
      expect(net.sybils.size).toBe(50)
      expect(net.attackers.size).toBe(0)
      const [spam] = net.spam
      const entries = net.trust.filter(e => net.sybils.has(e.dst) && !net.sybils.has(e.src))
      expect(new Set(entries.map(e => e.src)).size).toBe(3)
      for (const e of entries) expect(isHonest(net, e.src)).toBe(true)
      for (const s of net.sybils) {
        const items = playsOf(net, s)
        expect(items.has(spam)).toBe(true)
        const honestPart = [...items].filter(i => i !== spam).sort((a, b) => a - b)
        if (kind === 'copy') expect(honestProfiles).toContain(honestPart.join(','))
        if (kind === 'bandwagon') for (const i of pop.slice(0, 5)) expect(items.has(i)).toBe(true)
        if (kind === 'segment' || kind === 'bandwagon') expect(honestPart.length).toBeGreaterThanOrEqual(8)
        if (kind === 'average') {
          for (const p of net.plays.filter(q => q.user === s && q.item !== spam)) expect(p.weight).toBe(Math.max(1, Math.round((mean.get(p.item) ?? 0) / (count.get(p.item) ?? 1))))
        }
      }
      if (kind === 'segment') {
        // Every Sybil shares the same segment: the items all profiles hold beside the spam.
        const common = [...net.sybils].map(s => playsOf(net, s)).reduce((a, b) => new Set([...a].filter(i => b.has(i))))
        expect(common.size).toBeGreaterThanOrEqual(1 + 5)
      }
    }
  })

  it('is reproducible and leaves its input untouched', () => {
    const clean = base()
    const before = JSON.stringify(clean.trust) + JSON.stringify(clean.plays) + clean.users.length
    const a = applyAttack(clean, { kind: 'many', fraction: 0.2 }, createRng(9))
    const b = applyAttack(clean, { kind: 'many', fraction: 0.2 }, createRng(9))
    expect([...a.attackers]).toEqual([...b.attackers])
    expect(JSON.stringify(clean.trust) + JSON.stringify(clean.plays) + clean.users.length).toBe(before)
  })

  it('refuses bad parameters with a typed error and changes nothing', () => {
    const clean = base()
    const size = clean.trust.length
    const bad: AttackSpec[] = [
      { kind: 'serial', sybils: 0 }, { kind: 'many', fraction: 0.7 }, { kind: 'mesh', spamWeight: -1 },
      { kind: 'duped', duped: 1.5 }, { kind: 'camouflage', topology: 'ring' as never }, { kind: 'duped', duped: 10_000 }
    ]
    for (const spec of bad) expect(() => applyAttack(clean, spec, createRng(1))).toThrow(InvalidSimOptionError)
    expect(clean.trust.length).toBe(size)
    expect(clean.sybils.size).toBe(0)
  })
})
