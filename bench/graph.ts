/**
 * Ranking engine benchmark (issue 3): a synthetic power-law graph of 100k users, ~10 trust
 * edges each and 1M user–item edges. Prints recommend latency (cold, warm, after a change,
 * and fully fresh walks), walk steps/s against a bare typed-array walk loop and graphology,
 * incremental update cost, bytes per edge, and precision@10 of 1k/3k/10k walks against the
 * exact solution on a smaller graph. Run: npx tsx bench/graph.ts  (RUNS=n for repeats)
 */
import '../src/polyfill.js'
import { DirectedGraph } from 'graphology'
import { createEngine, createRng, exactRanking, meritRank, resolveOptions, salsa, salsaLaw, trustVector, type Engine, type WalkIndex } from '../graph/index.js'
import { Ego } from '../graph/ego.js'
import { powerLawGraph, type SyntheticGraph } from './graph/synthetic.js'

const RUNS = Number(process.env.RUNS ?? 5)
/** The engine's default options: what every figure here is measured under. */
const DEFAULTS = resolveOptions()
const median = (xs: number[]): number => quantile(xs, 0.5)
function quantile (xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]
}
const ms = (x: number): string => x.toFixed(2) + ' ms'
const line = (k: string, v: string): void => { process.stdout.write(`${k.padEnd(58)} ${v}\n`) }

type Bench = Engine & { index: WalkIndex }

function load (g: SyntheticGraph, opts = {}): { engine: Bench, ms: number } {
  const t = performance.now()
  const engine = createEngine({ seed: 1, ...opts }) as Bench
  for (const [s, d, w] of g.trust) engine.setTrust(`u${s}`, `u${d}`, w, 0)
  for (const [u, i, w] of g.plays) engine.setInteraction(`u${u}`, `i${i}`, w, 0)
  return { engine, ms: performance.now() - t }
}

/** Exact top items of the engine's default law (graph/exact-ranking.ts). */
function exactTop (index: WalkIndex, egoId: string, limit: number): string[] {
  return exactRanking(index, index.users.lookup(egoId), DEFAULTS).items.slice(0, limit).map(([i]) => index.items.name(i))
}

function timed (fn: () => void): number {
  const t = performance.now()
  fn()
  return performance.now() - t
}

/** Bare loop: the same walk (stop α, uniform positive neighbour) over a frozen CSR. */
function bareWalkSteps (g: SyntheticGraph, starts: Int32Array, walksEach: number): { steps: number, ms: number } {
  const off = new Int32Array(g.users + 1)
  for (const [s, , w] of g.trust) if (w > 0) off[s + 1]++
  for (let i = 0; i < g.users; i++) off[i + 1] += off[i]
  const dst = new Int32Array(off[g.users])
  const fill = off.slice(0, g.users)
  for (const [s, d, w] of g.trust) if (w > 0) dst[fill[s]++] = d
  let x = 0x9e3779b9 | 0
  const rnd = (): number => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return (x >>> 0) / 4294967296 }
  let steps = 0
  const t = performance.now()
  for (const ego of starts) {
    for (let w = 0; w < walksEach; w++) {
      let v = ego
      for (;;) {
        if (rnd() < 0.15) break
        const a = off[v]; const d = off[v + 1] - a
        if (d === 0) break
        v = dst[a + Math.floor(rnd() * d)]
        steps++
      }
    }
  }
  return { steps, ms: performance.now() - t }
}

function graphologySteps (g: SyntheticGraph, starts: Int32Array, walksEach: number): { steps: number, ms: number } {
  const graph = new DirectedGraph()
  for (let u = 0; u < g.users; u++) graph.addNode(u)
  for (const [s, d, w] of g.trust) if (w > 0) graph.mergeEdge(s, d)
  const rng = createRng(3)
  let steps = 0
  const t = performance.now()
  for (const ego of starts) {
    for (let w = 0; w < walksEach; w++) {
      let v = String(ego)
      for (;;) {
        if (rng.next() < 0.15) break
        const out = graph.outNeighbors(v)
        if (out.length === 0) break
        v = out[Math.floor(rng.next() * out.length)]
        steps++
      }
    }
  }
  return { steps, ms: performance.now() - t }
}

function main (): void {
  process.stdout.write(`# Ranking engine benchmark (RUNS=${RUNS})\n`)
  const g = powerLawGraph(100_000, 200_000, 10, 1_000_000, 1)
  line('graph', `${g.users} users, ${g.trust.length} trust edges, ${g.plays.length} user–item edges`)
  const { engine, ms: loadMs } = load(g)
  const st = engine.stats()
  line('load (setTrust + setInteraction, string ids)', `${ms(loadMs)} = ${(loadMs * 1000 / (g.trust.length + g.plays.length)).toFixed(2)} µs/edge`)
  line('walk index bytes per edge (typed arrays, both graphs)', `${(st.bytes / (st.trustEdges + st.interactionEdges)).toFixed(1)} B/edge (budget 40)`)

  // Egos: users with trust edges and plays.
  const rng = createRng(7)
  const egos: string[] = []
  while (egos.length < 20) {
    const u = rng.int(g.users)
    const idx = engine.index
    const id = idx.users.lookup(`u${u}`)
    if (id >= 0 && idx.trust.posTotal[id] > 0 && idx.bip.users.degree(id) > 0) egos.push(`u${u}`)
  }
  const cold = egos.map(e => timed(() => engine.recommend(e, { limit: 20 })))
  line('recommend cold (first query: 10k MeritRank + 10k SALSA walks, dominators)', `p50 ${ms(median(cold))}  p99 ${ms(quantile(cold, 0.99))}`)
  const warm: number[] = []
  for (let r = 0; r < 10; r++) for (const e of egos) warm.push(timed(() => engine.recommend(e, { limit: 20 })))
  line('recommend warm (stored walks, nothing changed)', `p50 ${ms(median(warm))}  p99 ${ms(quantile(warm, 0.99))}`)
  const fresh: number[] = []
  for (let r = 0; r < Math.max(2, RUNS); r++) for (const e of egos) fresh.push(timed(() => engine.recommend(e, { limit: 20, seed: r + 1 })))
  line('recommend fresh (10k new MeritRank + 10k new SALSA walks)', `p50 ${ms(median(fresh))}  p99 ${ms(quantile(fresh, 0.99))}`)

  // Incremental: one cached ego (the daemon's case), random trust and interaction changes.
  const ego = egos[0]
  const upd = createRng(11)
  const trustCost: number[] = []
  const after: number[] = []
  for (let r = 0; r < RUNS; r++) {
    const n = 5000
    const t = timed(() => {
      for (let k = 0; k < n; k++) {
        const s = upd.int(g.users); let d = upd.int(g.users)
        if (d === s) d = (d + 1) % g.users
        engine.setTrust(`u${s}`, `u${d}`, upd.next() < 0.2 ? 0 : 1, 0)
      }
    })
    trustCost.push(t * 1000 / n)
    after.push(timed(() => engine.recommend(ego, { limit: 20 })))
  }
  // The daemon's case: one new edge or play arrives, then a query.
  const one: number[] = []
  const onePlay: number[] = []
  for (let r = 0; r < 20; r++) {
    const s = upd.int(g.users); const d = (s + 1 + upd.int(g.users - 1)) % g.users
    engine.setTrust(`u${s}`, `u${d}`, 1, 0)
    one.push(timed(() => engine.recommend(ego, { limit: 20 })))
    engine.setInteraction(`u${upd.int(g.users)}`, `i${upd.int(g.items)}`, 3, 0)
    onePlay.push(timed(() => engine.recommend(ego, { limit: 20 })))
  }
  line('recommend after 1 new trust edge (MR update, dominators, SALSA sync)', `p50 ${ms(median(one))}  p99 ${ms(quantile(one, 0.99))}`)
  line('recommend after 1 new play (SALSA sync)', `p50 ${ms(median(onePlay))}  p99 ${ms(quantile(onePlay, 0.99))}`)
  // Changes at the ego itself touch every one of its walks' first steps.
  const egoCost: number[] = []
  for (let r = 0; r < 200; r++) egoCost.push(timed(() => { engine.setTrust(ego, `u${upd.int(g.users)}`, 1, 0) }))
  const playCost: number[] = []
  const afterPlays: number[] = []
  for (let r = 0; r < RUNS; r++) {
    const n = 5000
    playCost.push(timed(() => {
      for (let k = 0; k < n; k++) engine.setInteraction(`u${upd.int(g.users)}`, `i${upd.int(g.items)}`, 1 + upd.int(20), 0)
    }) * 1000 / n)
    afterPlays.push(timed(() => engine.recommend(ego, { limit: 20 })))
  }
  line('setTrust, random edge, 20 egos cached (mean)', `${median(trustCost).toFixed(1)} µs/edge (target ≤ 1 ms)`)
  line('setTrust from the ego itself (mean)', `${(egoCost.reduce((a, b) => a + b, 0) / egoCost.length * 1000).toFixed(1)} µs/edge`)
  line('recommend after 5,000 trust changes (SALSA sync + dominators)', ms(median(after)))
  line('setInteraction, random (mean; SALSA syncs at next query)', `${median(playCost).toFixed(1)} µs/edge`)
  line('recommend after 5,000 interaction changes (SALSA sync)', ms(median(afterPlays)))

  // Walk speed: engine MeritRank walks vs a bare CSR loop vs graphology.
  const starts = Int32Array.from(egos.slice(0, 10).map(e => engine.index.users.lookup(e)))
  const walksEach = 20_000
  // Engine and bare loop alternate so both see the same machine load; the ratio is per pair.
  const ratios: number[] = []; const engRates: number[] = []; const bareRates: number[] = []
  for (let r = 0; r < RUNS; r++) {
    let steps = 0
    const t = timed(() => {
      for (const s of starts) {
        const mr = meritRank(engine.index, s, { alpha: 0.15, walks: walksEach }, createRng(r))
        for (const w of mr.walks) steps += w.length - 1
      }
    })
    const bare = bareWalkSteps(g, starts, walksEach)
    engRates.push(steps / t * 1000)
    bareRates.push(bare.steps / bare.ms * 1000)
    ratios.push((steps / t) / (bare.steps / bare.ms))
  }
  const bareRate = median(bareRates)
  line('MeritRank walk steps/s (stored walks, hit counts)', `${(median(engRates) / 1e6).toFixed(2)} M/s = ${median(ratios).toFixed(2)} × bare loop`)
  line('bare typed-array walk loop (frozen CSR, same walk)', `${(bareRate / 1e6).toFixed(2)} M/s`)
  const e0 = new Ego(engine.index, starts[0], DEFAULTS, createRng(1))
  const t0 = trustVector(e0.mr, e0.dominators(), engine.index.users.size, 0.8)
  const law = salsaLaw(engine.index, starts[0], t0, DEFAULTS)
  const sal: number[] = []; let salSteps = 0
  for (let r = 0; r < RUNS; r++) {
    sal.push(timed(() => { const s = salsa(law, 50_000, engine.index.items.size, createRng(r)); salSteps = 0; for (const w of s.walks) salSteps += w.length - 1 }))
  }
  line('SALSA walk steps/s (user→item→user, stored)', `${(salSteps / median(sal) * 1000 / 1e6).toFixed(2)} M/s`)
  const lawMs = median(Array.from({ length: RUNS }, () => timed(() => salsaLaw(engine.index, starts[0], t0, DEFAULTS))))
  line('SALSA law build (item → trusted likers, per sync)', ms(lawMs))
  const domMs = median(Array.from({ length: RUNS }, () => timed(() => e0.dominators(true))))
  line('dominators (Cooper–Harvey–Kennedy, whole reachable graph)', ms(domMs))
  const gl = graphologySteps(g, starts.slice(0, 2), 2000)
  line('graphology walk steps/s (outNeighbors + pick)', `${(gl.steps / gl.ms * 1000 / 1e6).toFixed(3)} M/s = ${(gl.steps / gl.ms * 1000 / bareRate).toFixed(3)} × bare loop`)

  // Precision@10 against the exact solution on a smaller graph.
  const small = powerLawGraph(300, 400, 6, 3000, 5)
  const { engine: se } = load(small)
  const prng = createRng(9)
  const sEgos: string[] = []
  while (sEgos.length < 30) {
    const u = `u${prng.int(small.users)}`
    const id = se.index.users.lookup(u)
    if (id >= 0 && se.index.trust.posTotal[id] > 0 && se.index.bip.users.degree(id) > 0 && !sEgos.includes(u)) sEgos.push(u)
  }
  const exact = new Map(sEgos.map(e => [e, exactTop(se.index, e, 10)]))
  for (const walks of [1000, 3000, 10_000]) {
    const ps: number[] = []
    for (const e of sEgos) {
      const want = new Set(exact.get(e) ?? [])
      if (want.size === 0) continue
      const got = se.recommend(e, { limit: 10, walks, seed: 1 })
      ps.push(got.filter(r => want.has(r.item)).length / want.size)
    }
    line(`precision@10 vs exact, ${walks} walks (30 egos, 300 users)`, (ps.reduce((a, b) => a + b, 0) / ps.length).toFixed(3))
  }
}

main()
