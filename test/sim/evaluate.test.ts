import { describe, expect, it } from 'vitest'
import { InvalidSimOptionError } from '../../graph/sim/errors.js'
import { evaluate, holdOut } from '../../graph/sim/evaluate.js'
import type { Method } from '../../graph/sim/method.js'
import { attackerGain, gainBound, gainParts, hit, pooledGain, spamCount } from '../../graph/sim/metrics.js'
import { itemsByUser } from '../../graph/sim/network.js'
import { createRng } from '../../graph/sim/rng.js'
import { syntheticNetwork } from '../../graph/sim/synthetic.js'

const net = syntheticNetwork(createRng(11), { users: 100, items: 150, playsPerUser: 8 })

// A method that knows the answer: ranks the held-out item first (the harness must score it 1).
function oracle (heldOutOf: () => Int32Array): Method {
  return {
    name: 'oracle',
    family: 'oracle',
    prepare: () => {
      const held = heldOutOf()
      return { recommend: ego => [held[ego]] }
    }
  }
}

const spammer: Method = {
  name: 'spammer',
  family: 'spammer',
  prepare: train => ({ recommend: (_ego, limit) => [...train.spam].slice(0, limit) })
}

describe('metrics', () => {
  it('scores hits by position and misses as 0', () => {
    expect(hit([5, 6, 7], 5, 10)).toEqual({ hr: 1, ndcg: 1 })
    expect(hit([5, 6, 7], 7, 10)).toEqual({ hr: 1, ndcg: 1 / Math.log2(4) })
    expect(hit([5, 6, 7], 7, 2)).toEqual({ hr: 0, ndcg: 0 })
    expect(hit([5, 6, 7], 9, 10)).toEqual({ hr: 0, ndcg: 0 })
  })

  it('counts spam only within the first k', () => {
    expect(spamCount([1, 2, 3, 4], new Set([2, 4]), 3)).toBe(1)
    expect(spamCount([1, 2, 3, 4], new Set([2, 4]), 10)).toBe(2)
  })

  it('measures gain as Σ Sybil score over attacker score, undefined when the attacker is untrusted', () => {
    const rep = new Map([[1, 0.2], [2, 0.05], [3, 0.1]])
    expect(attackerGain(rep, 1, [2, 3])).toBeCloseTo(0.75, 12)
    expect(attackerGain(rep, 9, [2, 3])).toBeUndefined()
    expect(gainBound(0.15, 0.8, true)).toBeCloseTo(0.85 / 0.15, 12)
    expect(gainBound(0.15, 0.8, false)).toBeCloseTo(0.85 / 0.15 * 0.2, 12)
  })
})

describe('pooled gain', () => {
  it('is Σ Sybil over Σ attacker score, so a pair with a tiny attacker score cannot dominate', () => {
    const near = gainParts(new Map([[1, 0.2], [2, 0.1]]), 1, [2]) as { sybils: number, attacker: number }
    const far = gainParts(new Map([[1, 0.0001], [2, 0.002]]), 1, [2]) as { sybils: number, attacker: number }
    expect(attackerGain(new Map([[1, 0.0001], [2, 0.002]]), 1, [2])).toBeCloseTo(20, 9)
    expect(pooledGain([near, far])).toBeCloseTo(0.102 / 0.2001, 12)
    expect(pooledGain([])).toBe(0)
  })
})

describe('leave-one-out harness', () => {
  it('holds out exactly one played item per user with at least two, reproducibly', () => {
    const a = holdOut(net, 5)
    const b = holdOut(net, 5)
    expect(b.heldOut).toEqual(a.heldOut)
    const full = itemsByUser(net)
    const train = itemsByUser(a.train)
    for (let u = 0; u < full.length; u++) {
      expect(full[u]).toContain(a.heldOut[u])
      expect(train[u]).not.toContain(a.heldOut[u])
      expect(train[u].length).toBe(full[u].length - 1)
    }
  })

  it('gives an oracle HR = NDCG = 1 and a spammer full contamination', () => {
    // The oracle knows seed 1's hold-out: scored on seed 1 it is perfect, on seed 2 it is not.
    const method = oracle(() => holdOut(net, 1).heldOut)
    const [own] = evaluate(net, { methods: [method], seeds: [1], egos: 30 })
    const [other] = evaluate(net, { methods: [method], seeds: [2], egos: 30 })
    expect(own.hr).toBe(1)
    expect(own.ndcg).toBe(1)
    expect(other.hr).toBeLessThan(1)
    const attacked = evaluate(net, { methods: [spammer], seeds: [1, 2], egos: 20, attack: { kind: 'mesh', sybils: 5, spamItems: 10 } })
    expect(attacked[0].spamSlots).toBe(1)
    expect(attacked[0].spamEgos).toBe(1)
    expect(attacked[0].attack).toBe('mesh(sybils=5,spamItems=10)')
  })

  it('refuses bad options with a typed error', () => {
    for (const bad of [{ seeds: [] }, { egos: -1 }, { k: 0 }, { methods: [] }, { methods: [spammer, spammer] }]) {
      expect(() => evaluate(net, { methods: [spammer], ...bad })).toThrow(InvalidSimOptionError)
    }
  })
})
