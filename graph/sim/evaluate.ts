/**
 * The evaluation harness: leave-one-out relevance and Sybil contamination of every method
 * on the same (optionally attacked) network, over several seeds. One random played item
 * per user with ≥ 2 is held out; the attack is applied to what remains; sampled honest
 * egos are ranked among all items they have not played.
 */
import { applyAttack, attackParameters, defaultAttackOptions, type AttackSpec } from './attacks.js'
import { InvalidSimOptionError } from './errors.js'
import type { Method } from './method.js'
import { gainParts, hit, mean, median, pooledGain, spamCount, stdev } from './metrics.js'
import { cloneNetwork, isHonest, itemsByUser, type Network } from './network.js'
import { createRng, sample } from './rng.js'

/** What to run. */
export interface EvaluationOptions {
  methods: Method[]
  /** One hold-out, attack and ego sample per seed; results are means over seeds. @default [1, 2, 3] */
  seeds: number[]
  /** Honest egos sampled per seed (0 = every eligible ego). @default 200 */
  egos: number
  /** List length for HR, NDCG and contamination. @default 10 */
  k: number
  /** Attack applied after the hold-out; none = clean run. */
  attack?: AttackSpec
  /** Egos drawn from every honest user, or only from those who directly trust an attacker or Sybil (the attack's targets). @default 'honest' */
  egoPool: 'honest' | 'targets'
  /** Egos per seed whose reputation maps measure attacker gain (costly). @default 10 */
  gainEgos: number
  /** Millisecond clock for query times; omitted = no timing (keeps the harness pure). */
  clock?: () => number
  /** Called after each ego query. */
  onProgress?: (done: number, total: number) => void
}

/** Defaults of `evaluate`. */
export const defaultEvaluationOptions: Omit<EvaluationOptions, 'methods'> = { seeds: [1, 2, 3], egos: 200, k: 10, gainEgos: 10, egoPool: 'honest' }

/** Attacker gain over (ego, attacker) pairs where the attacker has positive trust: pooled (Σ Sybil / Σ attacker), mean and max of the per-pair ratios. */
export interface GainSummary { pooled: number, mean: number, max: number, pairs: number }

/** One row of the results table. */
export interface MethodResult {
  method: string
  family: string
  beta?: number
  alpha?: number
  attack: string
  /** Mean over seeds of the mean over egos. */
  hr: number
  ndcg: number
  /** Standard deviation of the per-seed HR (spread of the protocol itself). */
  hrSd: number
  /** Share of the egos' top-k slots holding spam. */
  spamSlots: number
  /** Share of egos with any spam in their top-k. */
  spamEgos: number
  gain?: GainSummary
  /** Median milliseconds per query (when a clock was given). */
  queryMs?: number
  egosPerSeed: number
}

/** A network with one random played item held out per user with ≥ 2 plays. */
export interface HeldOut { train: Network, heldOut: Int32Array }

/** Hold out one random played item per user with at least two (−1 for the others). */
export function holdOut (net: Network, seed: number): HeldOut {
  const rng = createRng(seed)
  const byUser = itemsByUser(net)
  const heldOut = new Int32Array(net.users.length).fill(-1)
  for (let u = 0; u < byUser.length; u++) if (byUser[u].length >= 2) heldOut[u] = byUser[u][rng.int(byUser[u].length)]
  const train = cloneNetwork(net)
  train.plays = net.plays.filter(p => heldOut[p.user] !== p.item)
  return { train, heldOut }
}

/** Run every method on every seed and summarise per method. */
export function evaluate (net: Network, options: Partial<EvaluationOptions> & Pick<EvaluationOptions, 'methods'>): MethodResult[] {
  const o: EvaluationOptions = { ...defaultEvaluationOptions, ...options }
  validate(o)
  const runs = o.seeds.map(seed => prepareRun(net, o, seed))
  const total = runs.reduce((a, r) => a + r.egos.length, 0) * o.methods.length
  let done = 0
  return o.methods.map(method => {
    const perSeed = runs.map(run => {
      const ranker = method.prepare(run.net)
      const hr: number[] = []
      const ndcg: number[] = []
      const times: number[] = []
      let slots = 0
      let egosWithSpam = 0
      for (const ego of run.egos) {
        const t0 = o.clock?.()
        const ranked = ranker.recommend(ego, o.k)
        if (t0 !== undefined && o.clock !== undefined) times.push(o.clock() - t0)
        const h = hit(ranked, run.heldOut[ego], o.k)
        hr.push(h.hr); ndcg.push(h.ndcg)
        const s = spamCount(ranked, run.net.spam, o.k)
        slots += s
        if (s > 0) egosWithSpam++
        o.onProgress?.(++done, total)
      }
      const gains: Array<{ sybils: number, attacker: number }> = []
      if (ranker.reputation !== undefined && run.net.attackers.size > 0) {
        for (const ego of run.egos.slice(0, o.gainEgos)) {
          const rep = ranker.reputation(ego)
          for (const [a, sybils] of run.regions) {
            const g = gainParts(rep, a, sybils)
            if (g !== undefined) gains.push(g)
          }
        }
      }
      return { hr: mean(hr), ndcg: mean(ndcg), slots: slots / (o.k * run.egos.length), egos: egosWithSpam / run.egos.length, times, gains }
    })
    const gains = perSeed.flatMap(s => s.gains)
    const times = perSeed.flatMap(s => s.times)
    const hrs = perSeed.map(s => s.hr)
    return {
      method: method.name,
      family: method.family,
      ...(method.beta !== undefined ? { beta: method.beta } : {}),
      ...(method.alpha !== undefined ? { alpha: method.alpha } : {}),
      attack: o.attack === undefined ? 'none' : describeAttack(o.attack),
      hr: mean(hrs),
      ndcg: mean(perSeed.map(s => s.ndcg)),
      hrSd: stdev(hrs),
      spamSlots: mean(perSeed.map(s => s.slots)),
      spamEgos: mean(perSeed.map(s => s.egos)),
      ...(gains.length > 0 ? { gain: gainSummary(gains) } : {}),
      ...(times.length > 0 ? { queryMs: median(times) } : {}),
      egosPerSeed: runs[0].egos.length
    }
  })
}

/** A short label of an attack: its kind and the parameters it uses that differ from the defaults. */
export function describeAttack (a: AttackSpec): string {
  const params = attackParameters[a.kind]
    .filter(k => a[k] !== undefined && a[k] !== defaultAttackOptions[k])
    .map(k => `${k}=${String(a[k])}`)
  return params.length === 0 ? a.kind : `${a.kind}(${params.join(',')})`
}

interface Run { net: Network, heldOut: Int32Array, egos: number[], regions: Map<number, number[]> }

function prepareRun (net: Network, o: EvaluationOptions, seed: number): Run {
  const { train, heldOut } = holdOut(net, seed)
  // Distinct streams per purpose so adding an attack does not change which items are held out.
  const attacked = o.attack === undefined ? train : applyAttack(train, o.attack, createRng(seed * 7919 + 1))
  const targets = new Set(attacked.trust.filter(e => !isHonest(attacked, e.dst) && isHonest(attacked, e.src)).map(e => e.src))
  const eligible = [...heldOut.keys()].filter(u => heldOut[u] >= 0 && isHonest(attacked, u) && (o.egoPool === 'honest' || targets.has(u)))
  const egos = o.egos === 0 ? eligible : sample(createRng(seed * 7919 + 2), eligible, o.egos)
  return { net: attacked, heldOut, egos, regions: sybilRegions(attacked) }
}

// Each attacker's own Sybils: those its region's trust edges reach without passing another attacker.
function sybilRegions (net: Network): Map<number, number[]> {
  const out = new Map<number, number[]>()
  const next = new Map<number, number[]>()
  for (const e of net.trust) if (net.sybils.has(e.dst)) next.set(e.src, [...(next.get(e.src) ?? []), e.dst])
  for (const a of net.attackers) {
    const seen = new Set<number>()
    const stack = [...(next.get(a) ?? [])]
    while (stack.length > 0) {
      const s = stack.pop() as number
      if (seen.has(s)) continue
      seen.add(s)
      stack.push(...(next.get(s) ?? []))
    }
    out.set(a, [...seen])
  }
  return out
}

function validate (o: EvaluationOptions): void {
  if (o.methods.length === 0) throw new InvalidSimOptionError('methods', [], 'at least one method')
  if (o.seeds.length === 0 || !o.seeds.every(Number.isInteger)) throw new InvalidSimOptionError('seeds', o.seeds, 'a non-empty list of integers')
  if (!Number.isInteger(o.egos) || o.egos < 0) throw new InvalidSimOptionError('egos', o.egos, 'an integer ≥ 0')
  if (o.egoPool !== 'honest' && o.egoPool !== 'targets') throw new InvalidSimOptionError('egoPool', o.egoPool, "'honest' or 'targets'")
  if (!Number.isInteger(o.k) || o.k < 1) throw new InvalidSimOptionError('k', o.k, 'an integer ≥ 1')
  if (!Number.isInteger(o.gainEgos) || o.gainEgos < 0) throw new InvalidSimOptionError('gainEgos', o.gainEgos, 'an integer ≥ 0')
  const names = new Set(o.methods.map(m => m.name))
  if (names.size !== o.methods.length) throw new InvalidSimOptionError('methods', o.methods.map(m => m.name), 'distinct method names')
}

function gainSummary (pairs: Array<{ sybils: number, attacker: number }>): GainSummary {
  const ratios = pairs.map(p => p.sybils / p.attacker)
  return { pooled: pooledGain(pairs), mean: mean(ratios), max: Math.max(...ratios), pairs: pairs.length }
}
