/**
 * RPC recommend latency (p50/p99) and throughput over loopback HTTP, with a 100k-user
 * graph in the live engine. The in-process engine.recommend time is the limit the RPC
 * layer is compared against (the ratio is what JSON-RPC over HTTP costs on top).
 *
 * Queries give no per-call seed: the engine then answers from its stored, incrementally
 * maintained walks for the ego (a per-call seed asks for fresh walks, ~30× slower here).
 *
 *   npx tsx bench/rpc.ts [users=100000] [runs=3]
 */
import '../src/polyfill.js'
import { createEngine } from '../graph/index.js'
import { createRng } from '../graph/rng.js'
import { RpcClient } from '../node/rpc/client.js'
import type { RpcDaemon } from '../node/rpc/daemon.js'
import { createDispatcher } from '../node/rpc/dispatch.js'
import { methods } from '../node/rpc/methods/index.js'
import { startRpcServer } from '../node/rpc/server.js'

const USERS = Number(process.argv[2] ?? 100_000)
const RUNS = Number(process.argv[3] ?? 3)
const ITEMS = Math.round(USERS / 5)
const TRUST_PER_USER = 5
const PLAYS_PER_USER = 10
const CALLS = 300
const THROUGHPUT_MS = 5000
const CONCURRENCY = 4

function buildEngine (): ReturnType<typeof createEngine> {
  const rng = createRng(1)
  const engine = createEngine({ seed: 1 })
  // Zipf-ish item popularity via a power of a uniform draw; friends uniformly at random.
  for (let u = 0; u < USERS; u++) {
    for (let k = 0; k < TRUST_PER_USER; k++) {
      const v = rng.int(USERS)
      if (v !== u) engine.setTrust(`u${u}`, `u${v}`, 1)
    }
    for (let k = 0; k < PLAYS_PER_USER; k++) {
      engine.setInteraction(`u${u}`, `i${Math.floor(ITEMS * Math.pow(rng.next(), 3))}`, 1 + rng.int(100))
    }
  }
  return engine
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]
}
const median = (xs: number[]): number => pct(xs, 0.5)

const t0 = performance.now()
const engine = buildEngine()
const stats = engine.stats()
process.stderr.write(`graph: ${stats.users} users, ${stats.items} items, ${stats.trustEdges} trust + ${stats.interactionEdges} interaction edges, built in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`)

// The bench drives the real server, dispatcher and methods; only the daemon around the
// engine is absent (no store or network is involved in answering rank.recommend).
const daemon = { ego: 'u0', engine, edges: { itemMeta: () => undefined } } as unknown as RpcDaemon
const token = 'b'.repeat(64)
const context = { daemon, rpc: '' }
const server = await startRpcServer({ port: 0, token, dispatch: createDispatcher({ methods, context }) })
const client = new RpcClient({ address: server.address, token })

const runs: Array<{ p50: number, p99: number, rps: number, direct: number }> = []
for (let run = 0; run < RUNS; run++) {
  for (let i = 0; i < 20; i++) await client.call('rank.recommend', { limit: 20 })
  const direct: number[] = []
  for (let i = 0; i < CALLS; i++) {
    const t = performance.now()
    engine.recommend('u0', { limit: 20 })
    direct.push(performance.now() - t)
  }
  const lat: number[] = []
  for (let i = 0; i < CALLS; i++) {
    const t = performance.now()
    await client.call('rank.recommend', { limit: 20 })
    lat.push(performance.now() - t)
  }
  let done = 0
  const until = performance.now() + THROUGHPUT_MS
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (performance.now() < until) {
      await client.call('rank.recommend', { limit: 20 })
      done++
    }
  }))
  runs.push({ p50: median(lat), p99: pct(lat, 0.99), rps: done / (THROUGHPUT_MS / 1000), direct: median(direct) })
  process.stderr.write(`run ${run + 1}: p50 ${median(lat).toFixed(2)} ms, p99 ${pct(lat, 0.99).toFixed(2)} ms, ${(done / (THROUGHPUT_MS / 1000)).toFixed(0)} req/s, engine alone ${median(direct).toFixed(2)} ms\n`)
}
client.close()
await server.close()

const p50 = median(runs.map(r => r.p50))
const p99 = median(runs.map(r => r.p99))
const rps = median(runs.map(r => r.rps))
const direct = median(runs.map(r => r.direct))
console.log(`RPC rank.recommend (limit 20, ${USERS} users, default walks), median of ${RUNS} runs:`)
console.log(`  p50 ${p50.toFixed(2)} ms (target ≤ 25 ms: ${(p50 / 25).toFixed(2)}× of target), p99 ${p99.toFixed(2)} ms`)
console.log(`  engine.recommend in-process p50 ${direct.toFixed(2)} ms → RPC/engine ratio ${(p50 / direct).toFixed(2)}× (HTTP + JSON overhead ${(p50 - direct).toFixed(2)} ms)`)
console.log(`  throughput ${rps.toFixed(0)} req/s with ${CONCURRENCY} concurrent clients in the same process as the server (ceiling ≈ 1000/engine p50 = ${(1000 / direct).toFixed(0)} req/s for one event loop)`)
