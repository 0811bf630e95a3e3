/**
 * "Not interested" on Last.fm, leave-one-out: does weighting down the neighbours of a
 * rejected recommendation help or hurt? Per ego (one played artist held out), the person
 * rejects `--reject` of its top recommendations that are not the held-out artist (artists
 * they never played): with `--pick offtaste` (default) the ones least liked together with
 * the artists the person plays (Σ Jaccard of likers) — a stand-in for real dislikes, which
 * the data set does not have — with `--pick top` simply the best ranked. Then the same walks (same seed) are ranked with the rejected items
 * only hidden, and with them hidden plus their neighbours damped at several strengths;
 * HR@10 / NDCG@10 of the held-out artist, paired per ego, averaged over seeds.
 *
 *   npx tsx bench/feedback.ts [--data DIR] [--egos 300] [--seeds 1,2,3] [--reject 3] [--pick offtaste|top]
 */
import { parseArgs } from 'node:util'
import { createEngine, createRng, DEFAULT_DAMPING, type DampingOptions } from '../graph/index.js'
import { holdOut } from '../graph/sim/evaluate.js'
import { loadLastfm } from '../graph/sim/lastfm.js'
import { hit, mean } from '../graph/sim/metrics.js'
import { LASTFM_DIR } from './lastfm-dir.js'

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: LASTFM_DIR },
    egos: { type: 'string', default: '300' },
    seeds: { type: 'string', default: '1,2,3' },
    reject: { type: 'string', default: '3' },
    pick: { type: 'string', default: 'offtaste' }
  }
})
const K = 10
const reject = Number(values.reject)
const net = loadLastfm(values.data)
const conditions: Array<{ name: string, damping?: DampingOptions }> = [
  { name: 'rejected items hidden only' },
  ...[0, 0.5, 1].flatMap(popularity => [0.3, 0.6].map(strength => ({
    name: `hidden + ${DEFAULT_DAMPING.neighbours} neighbours damped, strength ${strength}, popularity exponent ${popularity}${strength === DEFAULT_DAMPING.strength && popularity === DEFAULT_DAMPING.popularity ? ' (default)' : ''}`,
    damping: { ...DEFAULT_DAMPING, strength, popularity }
  })))
]
// Who likes what in the training data, for picking the recommendations a person rejects.
function likersOf (plays: Array<{ user: number, item: number }>): Map<number, Set<number>> {
  const m = new Map<number, Set<number>>()
  for (const p of plays) { let s = m.get(p.item); if (s === undefined) m.set(p.item, s = new Set()); s.add(p.user) }
  return m
}
/** How much `j` is liked together with the ego's own items: Σ Jaccard(likers(i), likers(j)). */
function closeness (likers: Map<number, Set<number>>, own: number[], j: number): number {
  const lj = likers.get(j) ?? new Set<number>()
  let s = 0
  for (const i of own) {
    const li = likers.get(i) ?? new Set<number>()
    let both = 0
    for (const u of lj) if (li.has(u)) both++
    s += both / (li.size + lj.size - both || 1)
  }
  return s
}
const hr = conditions.map(() => [] as number[])
const ndcg = conditions.map(() => [] as number[])
const before: number[] = []
for (const seed of values.seeds.split(',').map(Number)) {
  const { train, heldOut } = holdOut(net, seed)
  const engine = createEngine()
  for (const e of train.trust) engine.setTrust(train.users[e.src], train.users[e.dst], e.weight)
  for (const p of train.plays) engine.setInteraction(train.users[p.user], train.items[p.item], p.weight)
  const itemIndex = new Map(train.items.map((id, i) => [id, i]))
  const likers = likersOf(train.plays)
  const own = new Map<number, number[]>()
  for (const p of train.plays) { let l = own.get(p.user); if (l === undefined) own.set(p.user, l = []); l.push(p.item) }
  const rng = createRng(seed)
  const candidates = [...heldOut.keys()].filter(u => heldOut[u] >= 0)
  const egos: number[] = []
  while (egos.length < Number(values.egos) && candidates.length > 0) egos.push(candidates.splice(rng.int(candidates.length), 1)[0])
  for (const ego of egos) {
    const user = train.users[ego]
    const q = { limit: K + reject, seed: seed * 100_000 + ego }
    const first = engine.recommend(user, q).map(r => itemIndex.get(r.item) as number)
    before.push(hit(first, heldOut[ego], K).hr)
    // top: the best wrong recommendations; offtaste: the wrong ones least like what the person plays.
    let wrong = first.filter(i => i !== heldOut[ego])
    if (values.pick === 'offtaste') wrong = wrong.map(i => [i, closeness(likers, own.get(ego) ?? [], i)]).sort((a, b) => a[1] - b[1]).map(([i]) => i)
    const rejected = wrong.slice(0, reject).map(i => train.items[i])
    conditions.forEach((c, n) => {
      const ranked = engine.recommend(user, { ...q, limit: K, ...(c.damping === undefined ? { hide: rejected } : { notInterested: rejected, damping: c.damping }) })
        .map(r => itemIndex.get(r.item) as number)
      const h = hit(ranked, heldOut[ego], K)
      hr[n].push(h.hr)
      ndcg[n].push(h.ndcg)
    })
  }
}
const fmt = (x: number): string => x.toFixed(4)
process.stdout.write(`Last.fm leave-one-out, ${before.length} ego queries (${values.seeds} seeds × ${values.egos}), ${reject} wrong recommendations of the top ${K + reject} rejected (${values.pick === 'offtaste' ? 'those least liked together with the person\'s own artists' : 'the best ranked'})\n\n`)
process.stdout.write(`before rejecting: HR@${K} ${fmt(mean(before))}\n\n`)
process.stdout.write(`| after "not interested" | HR@${K} | NDCG@${K} | HR vs hidden only | egos helped / hurt |\n| --- | --- | --- | --- | --- |\n`)
conditions.forEach((c, n) => {
  let helped = 0
  let hurt = 0
  for (let i = 0; i < hr[n].length; i++) { if (hr[n][i] > hr[0][i]) helped++; if (hr[n][i] < hr[0][i]) hurt++ }
  const delta = mean(hr[n]) - mean(hr[0])
  process.stdout.write(`| ${c.name} | ${fmt(mean(hr[n]))} | ${fmt(mean(ndcg[n]))} | ${n === 0 ? '—' : (delta >= 0 ? '+' : '') + fmt(delta)} | ${n === 0 ? '—' : `${helped} / ${hurt}`} |\n`)
})
