/**
 * Locks in the Sybil defence on seeded synthetic networks: for each single-attacker attack
 * with 100 Sybils, the default ranking keeps spam out of the targeted egos' top-10 while
 * undefended SALSA lets it in, and no region's MeritRank gain exceeds its bound.
 */
import { describe, expect, it } from 'vitest'
import { createEngine } from '../../graph/index.js'
import { applyAttack } from '../../graph/sim/attacks.js'
import { dominatorsOf, separated, trustRows } from '../../graph/sim/dominance.js'
import { engineMethod } from '../../graph/sim/engine-methods.js'
import { evaluate } from '../../graph/sim/evaluate.js'
import { attackerGain, gainBound, mean, stdev } from '../../graph/sim/metrics.js'
import { createRng } from '../../graph/sim/rng.js'
import { syntheticNetwork } from '../../graph/sim/synthetic.js'

const net = syntheticNetwork(createRng(1), { users: 150, items: 200, playsPerUser: 15 })
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
// One spam slot in 200 (20 egos × top-10): what "below threshold" means for the defence.
const THRESHOLD = 0.005
const WALKS = 2000

describe('Sybil defence on synthetic networks (one attacker, 100 Sybils)', () => {
  for (const kind of ['serial', 'parallel', 'cycle', 'mesh', 'camouflage'] as const) {
    it(`${kind}: default contamination stays below ${THRESHOLD * 100}% of top-10 slots; undefended SALSA's does not`, () => {
      const methods = [
        engineMethod('meritwalk', { alpha: 0.15, beta: 0.8, walks: WALKS }),
        // The classic undefended ranking: raw play counts, no trust weighting, β = 0.
        engineMethod('undefended', { alpha: 0.15, beta: 0, walks: WALKS, affinity: 'raw' })
      ]
      // One spam item per attacker: the attacker's whole push on one item, the strongest single-item attack.
      const perSeed = SEEDS.map(seed => evaluate(net, { methods, seeds: [seed], egos: 20, egoPool: 'targets', attack: { kind, sybils: 100, spamItems: 1 }, gainEgos: 0 }))
      const defended = perSeed.map(r => r[0].spamSlots)
      const undefended = perSeed.map(r => r[1].spamSlots)
      expect(mean(defended)).toBeLessThanOrEqual(THRESHOLD)
      // The margin is the spread measured across seeds: undefended must clear the threshold by
      // three standard errors of its own mean, so the attack is real and the contrast is not luck.
      const se = stdev(undefended) / Math.sqrt(SEEDS.length)
      expect(mean(undefended) - 3 * se).toBeGreaterThan(THRESHOLD)
    })
  }
})

describe('MeritRank gain bound', () => {
  const alpha = 0.15
  const beta = 0.8
  const walks = 10_000
  for (const kind of ['serial', 'parallel', 'cycle', 'mesh'] as const) {
    it(`${kind}: Σ Sybil score / attacker score ≤ (1 − α)/α, × (1 − β) unless the attacker is ego-separated (1, 10, 100 Sybils)`, () => {
      for (const sybils of [1, 10, 100]) {
        const attacked = applyAttack(net, { kind, sybils }, createRng(sybils))
        const [attacker] = attacked.attackers
        const engine = createEngine({ alpha, beta, walks, seed: 7 })
        for (const e of attacked.trust) engine.setTrust(attacked.users[e.src], attacked.users[e.dst], e.weight)
        const rows = trustRows(attacked)
        // The attacker's friends are the egos whose trust the region can exploit.
        const egos = attacked.trust.filter(e => e.dst === attacker && !attacked.sybils.has(e.src)).map(e => e.src).slice(0, 3)
        expect(egos.length).toBeGreaterThan(0)
        for (const ego of egos) {
          const rep = new Map(attacked.users.map((id, u) => [u, engine.score(attacked.users[ego], id)]))
          const gain = attackerGain(rep, attacker, attacked.sybils) as number
          expect(gain).toBeDefined()
          const bound = gainBound(alpha, beta, separated(dominatorsOf(rows, attacked, ego), attacker))
          // Monte-Carlo slack: the attacker's hit count is at least score × walks, so its relative
          // standard error is at most 1/√(score × walks); allow four of them.
          const slack = 4 / Math.sqrt((rep.get(attacker) as number) * walks)
          expect(gain).toBeLessThanOrEqual(bound * (1 + slack))
        }
      }
    })
  }
})
