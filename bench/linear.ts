/**
 * The node's trust-weighted linear model (issue 16): what a refresh costs — cutting the
 * ego's trust horizon out of the engine and the worker's warm-started conjugate-gradient
 * solve — and what a query costs (top-k of the last fit with explanations), on the
 * Last.fm graph and the 100k-user synthetic graph of bench/graph.ts, with the memory the
 * fit holds. Run: npx tsx bench/linear.ts [--data DIR] (RUNS=n egos per graph, default 5)
 */
import '../src/polyfill.js'
import { parseArgs } from 'node:util'
import { createEngine, type MeritwalkEngine } from '../graph/index.js'
import { loadLastfm } from '../graph/sim/lastfm.js'
import { LinearModelService } from '../node/linear-model.js'
import { powerLawGraph } from './graph/synthetic.js'
import { LASTFM_DIR } from './lastfm-dir.js'

const { values } = parseArgs({ options: { data: { type: 'string', default: LASTFM_DIR } } })
const RUNS = Number(process.env.RUNS ?? 5)
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const line = (k: string, v: string): void => { process.stdout.write(`${k.padEnd(58)} ${v}\n`) }

async function measure (name: string, engine: MeritwalkEngine, egos: string[], change: (ego: string) => void): Promise<void> {
  const cold: number[] = []
  const solve: number[] = []
  const warm: number[] = []
  const warmIters: number[] = []
  const coldIters: number[] = []
  const query: number[] = []
  const bytes: number[] = []
  const horizon: number[] = []
  const bare: number[] = []
  for (const ego of egos) {
    const s = new LinearModelService(engine, ego)
    // The first refresh starts the worker (and its TypeScript loader) and solves from zero.
    const c = await s.refresh()
    if (c === undefined) { await s.close(); continue }
    cold.push(c.ms); solve.push(c.solveMs); coldIters.push(c.iterations); bytes.push(c.bytes); horizon.push(c.users)
    change(ego)
    const w = (await s.refresh())!
    warm.push(w.ms); warmIters.push(w.iterations)
    for (let k = 0; k < 20; k++) {
      const t = performance.now()
      s.recommend(10, true)
      query.push(performance.now() - t)
      bare.push(barePass(engine, ego))
    }
    await s.close()
  }
  line(`${name}: horizon (people with weight > 0)`, `${median(horizon)} (median of ${horizon.length} egos)`)
  line(`${name}: first refresh, worker start + cut + cold solve`, `${median(cold).toFixed(1)} ms (solve ${median(solve).toFixed(1)} ms, ${median(coldIters)} CG iterations)`)
  line(`${name}: refresh after one new interaction (warm start)`, `${median(warm).toFixed(1)} ms (${median(warmIters)} CG iterations)`)
  line(`${name}: query p50, top-10 with explanations`, `${median(query).toFixed(2)} ms (${(median(query) / median(bare)).toFixed(2)}× one bare pass over the horizon's cells: ${median(bare).toFixed(2)} ms)`)
  line(`${name}: memory of one fit (worker + snapshot)`, `${(median(bytes) / 1e6).toFixed(1)} MB`)
}

// The machine's floor beside the query: one typed-array pass summing every cell of the ego's horizon.
function barePass (engine: MeritwalkEngine, ego: string): number {
  const cells = engine.linearInput(ego, 0.002)!.rows.userItem
  const t = performance.now()
  let s = 0
  for (let i = 0; i < cells.length; i++) s += cells[i]
  const ms = performance.now() - t
  return s >= 0 ? ms : -ms
}

// Last.fm: friendships as mutual trust, plays as interactions (as the simulator loads them).
{
  const net = loadLastfm(values.data)
  const engine = createEngine({ seed: 1 }) as MeritwalkEngine
  for (const e of net.trust) engine.setTrust(net.users[e.src], net.users[e.dst], e.weight, 0)
  for (const p of net.plays) engine.setInteraction(net.users[p.user], net.items[p.item], p.weight, 0)
  const egos = net.users.slice(0, RUNS)
  await measure('Last.fm', engine, egos, ego => engine.setInteraction(ego, net.items[net.items.length - 1], 1, 1000))
}
// The 100k-user synthetic graph of bench/graph.ts.
{
  const g = powerLawGraph(100_000, 200_000, 10, 1_000_000, 1)
  const t = performance.now()
  const engine = createEngine({ seed: 1 }) as MeritwalkEngine
  for (const [s, d, w] of g.trust) engine.setTrust(`u${s}`, `u${d}`, w, 0)
  for (const [u, i, w] of g.plays) engine.setInteraction(`u${u}`, `i${i}`, w, 0)
  line('100k synthetic: engine load', `${((performance.now() - t) / 1000).toFixed(1)} s`)
  const egos = Array.from({ length: RUNS }, (_, k) => `u${k * 97}`)
  await measure('100k synthetic', engine, egos, ego => engine.setInteraction(ego, 'i-new', 1, 1000))
}
