/**
 * Trust horizons (issue 13, docs/SCALING.md): what a node that replicates only its
 * person's horizon stores, and what its ranking keeps. For sampled egos, the horizon is
 * grown as a scoped node grows it — start from the ego, hold the logs (trust and
 * interactions) of the authors inside, run MeritRank on the trust edges held, let in the
 * authors scoring ≥ ε, repeat until nothing changes — and then compared with full
 * replication: share of all records stored, share of the ego's MeritRank mass (full graph)
 * on authors inside, HR@10 and top-10 overlap when ranking from the horizon's records only.
 *
 *   nice -n 10 npx tsx bench/horizon.ts [lastfmEgos=100] [syntheticEgos=20] [sizes=10000,30000,100000] [epsilons=0,0.0001,0.0005,0.002]
 *
 * lastfmEgos = 0 skips Last.fm. The "full, other seed" row is the noise floor of the
 * ranking comparison: full replication against itself with other walks.
 */
import { createEngine, createRng, trustHorizon, type Engine } from '../graph/index.js'
import { holdOut, loadLastfm, syntheticNetwork, type Network } from '../graph/sim/index.js'
import { LASTFM_DIR } from './lastfm-dir.js'

const [lastfmEgos = 100, synthEgos = 20] = process.argv.slice(2, 4).map(Number)
const sizes = (process.argv[4] ?? '10000,30000,100000').split(',').filter(x => x !== '').map(Number)
const EPSILONS = (process.argv[5] ?? '0,0.0001,0.0005,0.002').split(',').map(Number)

interface Indexed { net: Network, trustOut: Array<Array<{ dst: number, weight: number }>>, playsOf: Array<Array<{ item: number, weight: number }>> }

function index (net: Network): Indexed {
  const trustOut = net.users.map(() => [] as Array<{ dst: number, weight: number }>)
  const playsOf = net.users.map(() => [] as Array<{ item: number, weight: number }>)
  for (const e of net.trust) trustOut[e.src].push({ dst: e.dst, weight: e.weight })
  for (const p of net.plays) playsOf[p.user].push({ item: p.item, weight: p.weight })
  return { net, trustOut, playsOf }
}

function engineOf (x: Indexed, users: Iterable<number>, plays: boolean, seed?: number): Engine {
  const engine = createEngine(seed === undefined ? {} : { seed })
  for (const u of users) {
    for (const e of x.trustOut[u]) engine.setTrust(x.net.users[u], x.net.users[e.dst], e.weight)
    if (plays) for (const p of x.playsOf[u]) engine.setInteraction(x.net.users[u], x.net.items[p.item], p.weight)
  }
  return engine
}

/** The horizon a scoped node converges to, and the rounds it took. */
function scopedHorizon (x: Indexed, ego: number, epsilon: number, userIndex: Map<string, number>): { horizon: Set<number>, rounds: number } {
  let horizon = new Set<string>([x.net.users[ego]])
  for (let round = 1; round <= 10; round++) {
    const engine = engineOf(x, [...horizon].map(u => userIndex.get(u) as number), false)
    const next = trustHorizon(x.net.users[ego], engine.reputation(x.net.users[ego], { limit: x.net.users.length }), { epsilon }, horizon)
    const same = next.size === horizon.size && [...next].every(u => horizon.has(u))
    horizon = next
    if (same) return { horizon: new Set([...horizon].map(u => userIndex.get(u) as number)), rounds: round }
  }
  return { horizon: new Set([...horizon].map(u => userIndex.get(u) as number)), rounds: 10 }
}

interface Row { network: string, epsilon: number, share: number, interactionShare: number, authors: number, mass: number, hr?: number, fullHr?: number, overlap?: number, rounds: number }

function measure (name: string, net: Network, egos: number, withHr: boolean, seed: number): Row[] {
  const { train, heldOut } = holdOut(net, seed)
  const x = index(train)
  const userIndex = new Map(train.users.map((u, i) => [u, i]))
  const full = engineOf(x, train.users.map((_u, i) => i), withHr)
  const rng = createRng(seed)
  const eligible = train.users.map((_u, i) => i).filter(u => heldOut[u] >= 0 && x.trustOut[u].length > 0)
  const sample: number[] = []
  while (sample.length < Math.min(egos, eligible.length)) {
    const u = eligible[rng.int(eligible.length)]
    if (!sample.includes(u)) sample.push(u)
  }
  const totalRecords = train.trust.length + train.plays.length
  const rows: Row[] = []
  if (withHr) {
    // Noise floor: full replication ranked with other walks (another engine seed).
    const other = engineOf(x, train.users.map((_u, i) => i), true, 0xbeef)
    let hr = 0
    let fullHr = 0
    let overlap = 0
    for (const ego of sample) {
      const want = train.items[heldOut[ego]]
      const a = full.recommend(train.users[ego], { limit: 10 }).map(r => r.item)
      const b = other.recommend(train.users[ego], { limit: 10 }).map(r => r.item)
      fullHr += a.includes(want) ? 1 : 0
      hr += b.includes(want) ? 1 : 0
      overlap += a.length === 0 ? 1 : b.filter(i => a.includes(i)).length / a.length
    }
    const n = sample.length
    rows.push({ network: `${name}, full, other seed`, epsilon: NaN, share: 1, interactionShare: 1, authors: 1, mass: 1, hr: hr / n, fullHr: fullHr / n, overlap: overlap / n, rounds: 0 })
    console.error(JSON.stringify(rows[0]))
  }
  for (const epsilon of EPSILONS) {
    const acc = { share: 0, interactionShare: 0, authors: 0, mass: 0, hr: 0, fullHr: 0, overlap: 0, rounds: 0 }
    for (const ego of sample) {
      const { horizon, rounds } = scopedHorizon(x, ego, epsilon, userIndex)
      let records = 0
      let plays = 0
      for (const u of horizon) { records += x.trustOut[u].length + x.playsOf[u].length; plays += x.playsOf[u].length }
      acc.share += records / totalRecords
      acc.interactionShare += plays / train.plays.length
      acc.authors += horizon.size / train.users.length
      acc.rounds += rounds
      let inside = 0
      let all = 0
      for (const r of full.reputation(train.users[ego], { limit: train.users.length })) {
        if (r.score <= 0) continue
        all += r.score
        if (horizon.has(userIndex.get(r.author) as number)) inside += r.score
      }
      acc.mass += all === 0 ? 1 : inside / all
      if (withHr) {
        const want = train.items[heldOut[ego]]
        const fullTop = full.recommend(train.users[ego], { limit: 10 }).map(r => r.item)
        const scopedTop = engineOf(x, horizon, true).recommend(train.users[ego], { limit: 10 }).map(r => r.item)
        acc.fullHr += fullTop.includes(want) ? 1 : 0
        acc.hr += scopedTop.includes(want) ? 1 : 0
        acc.overlap += fullTop.length === 0 ? 1 : scopedTop.filter(i => fullTop.includes(i)).length / fullTop.length
      }
    }
    const n = sample.length
    const row: Row = { network: name, epsilon, share: acc.share / n, interactionShare: acc.interactionShare / n, authors: acc.authors / n, mass: acc.mass / n, rounds: acc.rounds / n }
    if (withHr) Object.assign(row, { hr: acc.hr / n, fullHr: acc.fullHr / n, overlap: acc.overlap / n })
    rows.push(row)
    console.error(JSON.stringify(row))
  }
  return rows
}

const rows: Row[] = []
const lastfm = loadLastfm(LASTFM_DIR)
if (lastfmEgos > 0) rows.push(...measure(`Last.fm (${lastfm.users.length} users)`, lastfm, lastfmEgos, true, 1))
for (const users of sizes) {
  const net = syntheticNetwork(createRng(users), { users, items: Math.max(500, users / 10), communities: Math.max(5, Math.round(users / 2000)), playsPerUser: 20 })
  rows.push(...measure(`synthetic ${users.toLocaleString('en')} users`, net, synthEgos, users <= 10_000, 2))
}

const pct = (x: number | undefined, d = 1): string => x === undefined ? '–' : `${(x * 100).toFixed(d)} %`
console.log('| network | ε | authors inside | records stored | of the interactions | MeritRank mass kept | HR@10 scoped / full | top-10 overlap | rounds to settle |')
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |')
for (const r of rows) {
  console.log(`| ${r.network} | ${Number.isNaN(r.epsilon) ? '–' : r.epsilon === 0 ? 'any visit' : r.epsilon} | ${pct(r.authors, 2)} | ${pct(r.share, 2)} | ${pct(r.interactionShare, 2)} | ${pct(r.mass)} | ${r.hr === undefined ? '–' : `${r.hr.toFixed(3)} / ${r.fullHr?.toFixed(3)} (${pct(r.hr / (r.fullHr ?? 1), 0)})`} | ${pct(r.overlap, 0)} | ${r.rounds.toFixed(1)} |`)
}
