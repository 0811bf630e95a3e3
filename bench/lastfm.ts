/**
 * The Last.fm trust–relevance evaluation (issue 6): every method on the clean data and
 * under each attack, leave-one-out HR@10 / NDCG@10 with spam contamination, plus the
 * frontier plot. Prints Markdown tables (for bench/RESULTS.md and docs/EVALUATION.md).
 *
 *   npx tsx bench/lastfm.ts [--data DIR] [--egos 300] [--seeds 1,2,3] [--svg docs/frontier-lastfm.svg] [--json out.json]
 *   npx tsx bench/lastfm.ts --suite decision --egos 60   # default vs linear model, 3 seeds, every attack (the switch bar)
 *   npx tsx bench/lastfm.ts --suite linear [--egos 100] [--only clean,copy] [--svg F --plot copy]   # issue 16: EASE^R, DLAE, the trust-weighted linear model, shilling attacks
 *
 * Needs the HetRec 2011 Last.fm files (non-commercial licence: read in place, never copied).
 */
import '../src/polyfill.js'
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type { AttackSpec } from '../graph/sim/attacks.js'
import { shillingKinds } from '../graph/sim/attacks.js'
import { itemKnn, mostPopular, personalisedPageRank, rp3, TUNED_RP3_BETA } from '../graph/sim/baselines.js'
import { easeMethod } from '../graph/sim/ease.js'
import { linearMethod } from '../graph/sim/linear.js'
import { calibratedChainOptions, chainMethod } from '../graph/sim/chain.js'
import { engineMethod } from '../graph/sim/engine-methods.js'
import { evaluate, type EvaluationOptions, type MethodResult } from '../graph/sim/evaluate.js'
import { frontierSvg } from '../graph/sim/frontier.js'
import { loadLastfm } from '../graph/sim/lastfm.js'
import type { Method } from '../graph/sim/method.js'
import { describeNetwork } from '../graph/sim/network.js'
import { resultsMarkdown } from '../graph/sim/table.js'
import { LASTFM_DIR } from './lastfm-dir.js'

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: LASTFM_DIR },
    egos: { type: 'string', default: '300' },
    seeds: { type: 'string', default: '1,2,3' },
    svg: { type: 'string' },
    json: { type: 'string' },
    only: { type: 'string' },
    suite: { type: 'string', default: 'walks' },
    plot: { type: 'string', default: '10% attackers' }
  }
})
const net = loadLastfm(values.data)
const base: Partial<EvaluationOptions> = { seeds: values.seeds.split(',').map(Number), egos: Number(values.egos), clock: () => performance.now(), gainEgos: 5 }


const engineDefault = (beta = 0.8): Method => engineMethod('meritwalk', { alpha: 0.15, beta })
const chain = (beta = 0.8): Method => chainMethod('meritwalk calibrated (exact chain)', { ...calibratedChainOptions, beta })
const undefended = (): Method => engineMethod('undefended', { alpha: 0.15, beta: 0, affinity: 'raw' })
const web3 = (): Method => engineMethod('web3recommend', { alpha: 0.15, beta: 0.8 })
const baselines = (): Method[] => [personalisedPageRank(), mostPopular(), itemKnn(), rp3(0), rp3(TUNED_RP3_BETA)]

interface Scenario { name: string, attack?: AttackSpec, egoPool?: 'targets', methods: () => Method[] }

// Issue 16: every method — the engine's SALSA, EASE^R, DLAE without trust, the trust-weighted
// linear model, item-kNN, tuned RP3β — clean, under the walk attacks, and under the shilling
// families with thousands of Sybils behind 3 attack edges.
const linearSuite = (): Method[] => [engineDefault(), easeMethod(), linearMethod({ trusted: false }), linearMethod(), itemKnn(), rp3(TUNED_RP3_BETA)]
const SHILLING_SYBILS = 2000
const linearScenarios: Scenario[] = [
  { name: 'clean', methods: linearSuite },
  { name: '10% attackers', attack: { kind: 'many', fraction: 0.1 }, methods: linearSuite },
  { name: 'duped users g=100 (100 Sybils)', attack: { kind: 'duped', duped: 100, sybils: 100 }, methods: linearSuite },
  { name: 'flood (5000 identities)', attack: { kind: 'flood', sybils: 5000 }, methods: linearSuite },
  ...shillingKinds.map(kind => ({ name: `${kind} shilling (${SHILLING_SYBILS} Sybils, 3 attack edges)`, attack: { kind, sybils: SHILLING_SYBILS, duped: 3, spamItems: 1 }, methods: linearSuite }))
]

// The default-switch check: today's default and the linear model over 3 seeds under every attack above.
const decisionScenarios: Scenario[] = linearScenarios.map(s => ({ ...s, methods: () => [engineDefault(), linearMethod()] }))

/** Scenario name → attack, ego pool and methods. */
const walkScenarios: Scenario[] = [
  { name: 'clean', methods: () => [chain(), engineDefault(), web3(), undefended(), ...baselines()] },
  { name: '10% attackers', attack: { kind: 'many', fraction: 0.1 }, methods: () => [chain(0), chain(0.5), chain(), engineDefault(0), engineDefault(), web3(), undefended(), ...baselines()] },
  { name: '30% attackers', attack: { kind: 'many', fraction: 0.3 }, methods: () => [chain(), engineDefault(), undefended(), itemKnn(), mostPopular()] },
  { name: 'camouflage (1 attacker, 100 Sybils; its friends as egos)', attack: { kind: 'camouflage', sybils: 100 }, egoPool: 'targets', methods: () => [chain(), engineDefault(), undefended(), itemKnn()] },
  ...[1, 10, 100].map(g => ({ name: `duped users g=${g} (100 Sybils)`, attack: { kind: 'duped' as const, duped: g, sybils: 100 }, methods: () => [chain(), engineDefault(), undefended(), itemKnn()] })),
  { name: 'flood (5000 identities)', attack: { kind: 'flood', sybils: 5000 }, methods: () => [chain(), engineDefault(), undefended(), itemKnn(), mostPopular()] }
]

const scenarios = values.suite === 'linear' ? linearScenarios : values.suite === 'decision' ? decisionScenarios : walkScenarios
const stats = describeNetwork(net)
console.log(`# Last.fm HetRec 2011: ${stats.users} users, ${stats.items} artists, ${stats.trustEdges} trust edges (mutual friendships), ${stats.plays} plays`)
console.log(`egos per seed: ${values.egos}, seeds: ${values.seeds}\n`)
const all: Array<{ scenario: string, results: MethodResult[] }> = []
for (const s of scenarios) {
  if (values.only !== undefined && !values.only.split(',').some(o => s.name.startsWith(o))) continue
  const t0 = performance.now()
  const results = evaluate(net, { ...base, methods: s.methods(), ...(s.attack !== undefined ? { attack: s.attack } : {}), ...(s.egoPool !== undefined ? { egoPool: s.egoPool } : {}) })
  all.push({ scenario: s.name, results })
  console.log(`## ${s.name}  (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`)
  console.log(resultsMarkdown(results))
  if (values.json !== undefined) writeFileSync(values.json, JSON.stringify(all, null, 2) + '\n')
}
if (values.svg !== undefined) {
  // The frontier of one scenario (--plot, a name prefix; default 10% attackers): HR@10 against spam slots.
  const attacked = all.find(a => a.scenario.startsWith(values.plot))
  if (attacked !== undefined) writeFileSync(values.svg, frontierSvg(attacked.results, { title: `Last.fm: trust–relevance frontier, ${attacked.scenario}` }))
}
