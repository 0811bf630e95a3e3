/**
 * Parameter search on Last.fm with the exact calibration chain (graph/sim/chain.ts): every
 * configuration sees the same hold-out, attack, egos and trust vectors, so differences
 * between rows are the knobs, not sampling. Prints HR@10 and spam share per configuration.
 *
 *   npx tsx bench/sim/calibrate.ts [--egos 300 (0 = all)] [--seeds 1,2,3] [--data DIR] [--fraction 0.1]
 */
import '../../src/polyfill.js'
import { parseArgs } from 'node:util'
import { trustVector } from '../../graph/ego.js'
import { MeritRankWalks } from '../../graph/meritrank.js'
import { dominatorsOf, trustRows } from '../../graph/sim/dominance.js'
import { applyAttack } from '../../graph/sim/attacks.js'
import type { Affinity } from '../../src/ranking-params.js'
import { playMatrix, topItems, type PlayMatrix } from '../../graph/sim/play-matrix.js'
import { calibratedChainOptions, defaultChainOptions, itemScores, userVisits, type ChainOptions } from '../../graph/sim/chain.js'
import { itemKnn, rp3 } from '../../graph/sim/baselines.js'
import { holdOut } from '../../graph/sim/evaluate.js'
import type { Ranker } from '../../graph/sim/method.js'
import { loadLastfm } from '../../graph/sim/lastfm.js'
import { hit, mean, spamCount } from '../../graph/sim/metrics.js'
import { isHonest, type Network } from '../../graph/sim/network.js'
import { createRng, sample } from '../../graph/sim/rng.js'
import { LASTFM_DIR } from '../lastfm-dir.js'

const { values } = parseArgs({ options: { egos: { type: 'string', default: '300' }, scenarios: { type: 'string', default: 'clean,attack' }, seeds: { type: 'string', default: '1,2,3' }, data: { type: 'string', default: LASTFM_DIR }, fraction: { type: 'string', default: '0.1' }, configs: { type: 'string' } } })
const EGOS = Number(values.egos)
const SEEDS = values.seeds.split(',').map(Number)

/** The ablation ladder: each numbered step changes one knob of the previous; x rows are side trials. */
const final = calibratedChainOptions
const ladder: Array<[string, Partial<ChainOptions>]> = [
  ['1 raw plays, p=1, long walks (stop 0.15)', { affinity: 'raw', trustExponent: 1, itemDecay: false }],
  ['2 binary affinity, p=2', { affinity: 'binary', trustExponent: 2, itemDecay: false }],
  ['3 + item connectivity decay', { affinity: 'binary', trustExponent: 2 }],
  ['4 + no return to the ego', { affinity: 'binary', trustExponent: 2, egoReturns: false }],
  ['5 + short walks (stop 0.9)', { affinity: 'binary', trustExponent: 2, egoReturns: false, salsaStop: 0.9 }],
  ['6 log affinity, p=1', { affinity: 'log', trustExponent: 1, egoReturns: false, salsaStop: 0.9 }],
  ['7 + popularity debiasing γ=0.2', { affinity: 'log', trustExponent: 1, egoReturns: false, salsaStop: 0.9, popularityPenalty: 0.2 }],
  ['8 p=0.5 (calibrated)', final],
  ['x 8 + restart to trusted 0.3', { ...final, restartToTrusted: 0.3 }],
  ['x 8 + bounded influence per endorser (cap 0.3)', { ...final, endorserCap: 0.3 }],
  ['x 8 without item decay', { ...final, itemDecay: false }],
  ['x undefended (no trust, β=0)', { ...final, undefended: true, beta: 0 }]
]
const configs = values.configs !== undefined ? JSON.parse(values.configs) as typeof ladder : ladder

const clean = loadLastfm(values.data)
const scenarios: Array<[string, (train: Network, seed: number) => Network]> = [
  ['clean', train => train],
  [`${Number(values.fraction) * 100}% attackers`, (train, seed) => applyAttack(train, { kind: 'many', fraction: Number(values.fraction) }, createRng(seed * 7919 + 1))]
]

const wanted = values.scenarios.split(',')
scenarios.splice(0, scenarios.length, ...scenarios.filter((_s, i) => wanted.includes(['clean', 'attack'][i])))
const acc = new Map<string, { hr: number[], spam: number[] }>()
for (const seed of SEEDS) {
  const { train, heldOut } = holdOut(clean, seed)
  const nets = scenarios.map(([, attack]) => attack(train, seed))
  // The same egos in every scenario (honest in all of them), so rows compare paired.
  const pool = [...heldOut.keys()].filter(u => heldOut[u] >= 0 && nets.every(n => isHonest(n, u)))
  const egos = EGOS === 0 ? pool : sample(createRng(seed * 7919 + 2), pool, EGOS)
  for (const [n, [scenario]] of scenarios.entries()) {
    const net = nets[n]
    const rows = trustRows(net)
    const bips = new Map<Affinity, PlayMatrix>()
    const bip = (a: Affinity): PlayMatrix => { if (!bips.has(a)) bips.set(a, playMatrix(net, a)); return bips.get(a) as PlayMatrix }
    const refs: Array<[string, Ranker]> = [['ref item-kNN', itemKnn().prepare(net)], ['ref P3', rp3(0).prepare(net)]]
    const record = (label: string, top: number[], ego: number): void => {
      const key = `${scenario}\t${label}`
      const a = acc.get(key) ?? { hr: [], spam: [] }
      a.hr.push(hit(top, heldOut[ego], 10).hr)
      a.spam.push(spamCount(top, net.spam, 10) / 10)
      acc.set(key, a)
    }
    for (const ego of egos) {
      for (const [label, r] of refs) record(label, r.recommend(ego, 10), ego)
      const walks = new MeritRankWalks(rows, ego, net.users.length, { alpha: 0.15, walks: 10_000 }, createRng(seed * 1_000_003 + ego))
      const dom = dominatorsOf(rows, net, ego)
      for (const [label, partial] of configs) {
        const o = { ...defaultChainOptions, ...partial }
        const trust = trustVector(walks, dom, net.users.length, o.beta)
        const b = bip(o.affinity)
        record(label, topItems(itemScores(b, ego, userVisits(b, ego, trust, o), dom, o), b, ego, 10), ego)
      }
    }
  }
  process.stderr.write(`seed ${seed} done\n`)
}
for (const [key, a] of acc) console.log(`${key}\tHR@10 ${mean(a.hr).toFixed(3)}\tspam ${(mean(a.spam) * 100).toFixed(2)}%\tn=${a.hr.length}`)
