/**
 * Hundreds of real nodes in one process (issue 13): the scenarios of docs/SCALING.md over
 * bench/swarm/harness.ts — steady and burst publishing on a random topology, churn (20%
 * leave and rejoin), a 50/50 partition then heal, hostile peers (invalid relayers,
 * withholders, an eclipse attempt) and a flood of valid records from fresh Sybil
 * identities. Prints one markdown row per scenario.
 *
 *   nice -n 10 node --max-old-space-size=8192 --expose-gc --import tsx bench/swarm.ts [nodes=200] [phaseSeconds=20] [rate=10] [swarms=honest,hostile]
 *
 * Time is scaled down: each phase (and the partition) lasts phaseSeconds, not 60 s.
 */
import { identityFromSeed } from '../src/index.js'
import { Swarm, deliveries, type SwarmNode, type Traffic } from './swarm/harness.js'
import { quantile } from './stats.js'

const [N = 200, PHASE_S = 20, RATE = 10] = process.argv.slice(2, 5).map(Number)
const SWARMS = (process.argv[5] ?? 'honest,hostile').split(',')
const DEGREE = 3 // each node dials 3: mean degree 6, gossipsub's D
const dir = `/dev/shm/mw-swarm-${process.pid}`
const sleep = async (ms: number): Promise<void> => { await new Promise(resolve => setTimeout(resolve, ms)) }
const cpuNow = (): number => { const { user, system } = process.cpuUsage(); return (user + system) / 1000 }
const fmt = (x: number, d = 0): string => Number.isFinite(x) ? x.toFixed(d) : '–'

interface Row { scenario: string, cells: Record<string, string> }
const rows: Row[] = []

/** Publish at `rate`/s for `seconds` from random running honest nodes. */
async function steady (swarm: Swarm, seconds: number, rate: number, pool = (): SwarmNode[] => swarm.honest().filter(n => n.up)): Promise<number> {
  const t0 = performance.now()
  let sent = 0
  while (performance.now() - t0 < seconds * 1000) {
    const due = Math.floor((performance.now() - t0) / 1000 * rate)
    for (; sent < due; sent++) {
      const nodes = pool()
      await swarm.publish(nodes[swarm.rng.int(nodes.length)])
    }
    await sleep(20)
  }
  return sent
}

function snapshot (nodes: SwarmNode[]): Traffic & { published: number } {
  const t: Traffic & { published: number } = { bytesIn: 0, bytesOut: 0, messagesIn: 0, duplicates: 0, published: 0 }
  for (const n of nodes) {
    t.bytesIn += n.traffic.bytesIn
    t.bytesOut += n.traffic.bytesOut
    t.messagesIn += n.traffic.messagesIn
    t.duplicates += n.traffic.duplicates
    t.published += n.counters.gossip.published
  }
  return t
}

/** Measure one phase: run `body`, settle, read gossip delivery, then sync and read the rest. */
async function phase (swarm: Swarm, scenario: string, body: () => Promise<void>, extra: (cells: Record<string, string>) => Promise<void> = async () => {}): Promise<Record<string, string>> {
  const honest = swarm.honest()
  const since = performance.now()
  const before = snapshot(swarm.nodes)
  const cpu0 = cpuNow()
  const records0 = swarm.published.size
  await body()
  const settleMs = await swarm.gossipSettled()
  const seconds = (performance.now() - since) / 1000
  const cpu = (cpuNow() - cpu0) / 1000
  const after = snapshot(swarm.nodes)
  const records = swarm.published.size - records0
  const gossip = deliveries(swarm, honest, since)
  const t0 = performance.now()
  const rounds = await swarm.syncAll(20)
  const convergedMs = await swarm.waitConverged(1000)
  const synced = deliveries(swarm, honest.filter(n => n.up), since)
  const n = swarm.nodes.filter(x => x.up).length
  const messages = after.published - before.published
  const cells: Record<string, string> = {
    nodes: String(n),
    records: String(records),
    'delivered by gossip': `${fmt(gossip.ratio * 100, 1)} %`,
    'after sync': `${fmt(synced.ratio * 100, 1)} %${convergedMs === undefined ? ' (NOT converged in 120 s)' : ''}`,
    'p50 / p99 latency': `${fmt(quantile(gossip.latencies, 0.5))} / ${fmt(quantile(gossip.latencies, 0.99))} ms`,
    'duplicates / message / node': fmt((after.duplicates - before.duplicates) / Math.max(1, messages) / n, 2),
    'bytes in / out per record per node': `${fmt((after.bytesIn - before.bytesIn) / Math.max(1, records) / n)} / ${fmt((after.bytesOut - before.bytesOut) / Math.max(1, records) / n)}`,
    'CPU per node': `${fmt(cpu / seconds / n * 1000, 2)} ms/s`,
    'gossip settled': `${fmt(settleMs / 1000, 1)} s after the phase`,
    'sync to converge': `${rounds} round(s), ${fmt((performance.now() - t0) / 1000, 1)} s`
  }
  if (convergedMs === undefined) cells['not converged'] = laggards(swarm)
  await extra(cells)
  rows.push({ scenario, cells })
  console.error(scenario, JSON.stringify(cells))
  return cells
}

async function build (honest: number, hostile: { invalid?: number, withhold?: number } = {}): Promise<{ swarm: Swarm, setupS: number, rssPerNode: number, heapPerNode: number }> {
  global.gc?.()
  const rss0 = process.memoryUsage().rss
  const heap0 = process.memoryUsage().heapUsed
  const t0 = performance.now()
  // Sync rounds every 10 s (the default is 30 s; phases are scaled down about 3×).
  const swarm = new Swarm({ dir: `${dir}-${rows.length}`, seed: 13 + rows.length, syncIntervalMs: 10_000 })
  for (let i = 0; i < honest; i++) await swarm.add('honest')
  for (let i = 0; i < (hostile.invalid ?? 0); i++) await swarm.add('invalid')
  for (let i = 0; i < (hostile.withhold ?? 0); i++) await swarm.add('withhold')
  await swarm.randomTopology(swarm.nodes, DEGREE)
  // Let identify, the first sync rounds and the meshes settle before measuring anything.
  await sleep(5000)
  await swarm.syncAll(5)
  global.gc?.()
  const n = swarm.nodes.length
  return { swarm, setupS: (performance.now() - t0) / 1000, rssPerNode: (process.memoryUsage().rss - rss0) / n / 1e6, heapPerNode: (process.memoryUsage().heapUsed - heap0) / n / 1e6 }
}

// --- Swarm A: honest nodes only -------------------------------------------------------
if (SWARMS.includes('honest')) {
  const { swarm, setupS, rssPerNode, heapPerNode } = await build(N)
  console.error(`swarm A: ${N} nodes up and linked in ${setupS.toFixed(0)} s; ${rssPerNode.toFixed(1)} MB RSS, ${heapPerNode.toFixed(1)} MB heap per node`)
  const mesh = swarm.nodes.map(n => n.network.meshPeers())
  const memo = `setup ${setupS.toFixed(0)} s; ${rssPerNode.toFixed(1)} MB RSS (${heapPerNode.toFixed(1)} MB JS heap) per node; mesh degree median ${quantile(mesh, 0.5)}`
  await phase(swarm, `steady ${RATE}/s for ${PHASE_S} s`, async () => { await steady(swarm, PHASE_S, RATE) }, async c => { c.memory = memo })
  await phase(swarm, `burst: ${RATE * PHASE_S} records in 1 s`, async () => {
    const nodes = swarm.honest()
    const per = Math.ceil(RATE * PHASE_S / 50)
    await Promise.all(Array.from({ length: 50 }, async () => { await swarm.publish(nodes[swarm.rng.int(nodes.length)], per) }))
  })
  await phase(swarm, `churn: 20% leave, rejoin after ${PHASE_S / 2} s`, async () => {
    const honest = swarm.honest()
    const leaving = honest.filter(() => swarm.rng.next() < 0.2)
    for (const n of leaving) await swarm.leave(n)
    const publishing = steady(swarm, PHASE_S, RATE)
    await sleep(PHASE_S * 500)
    for (const n of leaving) {
      const up = honest.filter(x => x.up)
      await swarm.rejoin(n, Array.from({ length: DEGREE }, () => up[swarm.rng.int(up.length)]))
    }
    await publishing
  })
  let healMs = NaN
  await phase(swarm, `partition 50/50 for ${PHASE_S} s, then heal`, async () => {
    const nodes = swarm.honest()
    const a = nodes.filter(n => n.index % 2 === 0)
    const b = nodes.filter(n => n.index % 2 === 1)
    const cut = crossLinks(a, b)
    await swarm.cut(a, b)
    await steady(swarm, PHASE_S, RATE)
    const t0 = performance.now()
    for (const [x, y] of cut) await swarm.connect(x, y)
    // Healing is gossip on the new links, the session identify starts on each, and then
    // every node's 10 s sync rounds carrying the records on, one hop a round.
    healMs = (await swarm.waitConverged(120_000, 50)) === undefined ? NaN : performance.now() - t0
  }, async c => { c['converge after heal'] = `${fmt(healMs / 1000, 1)} s` })
  await swarm.stop()
}

/** Pairs (x in a, y in b) connected now. */
function crossLinks (a: SwarmNode[], b: SwarmNode[]): Array<[SwarmNode, SwarmNode]> {
  const byPeer = new Map(b.map(n => [n.network.libp2p.peerId.toString(), n]))
  const out: Array<[SwarmNode, SwarmNode]> = []
  for (const x of a) for (const c of x.network.libp2p.getConnections()) { const y = byPeer.get(c.remotePeer.toString()); if (y !== undefined) out.push([x, y]) }
  return out
}

// --- Swarm B: 20% hostile --------------------------------------------------------------
if (SWARMS.includes('hostile')) {
  const hostile = Math.round(N * 0.2)
  const invalid = Math.round(hostile * 0.4)
  const withhold = Math.round(hostile * 0.3)
  const eclipse = hostile - invalid - withhold
  const { swarm } = await build(N - hostile, { invalid, withhold })
  const honest = swarm.honest()
  const quiet = await phase(swarm, `hostile present, quiet (${withhold} withholders linked, no attack yet)`, async () => { await steady(swarm, PHASE_S, RATE) })
  // Eclipse: fresh withholding peers, all dialling one honest victim.
  const victim = honest[0]
  const attackers: SwarmNode[] = []
  for (let i = 0; i < eclipse; i++) attackers.push(await swarm.add('withhold'))
  for (const x of attackers) await swarm.connect(x, victim)
  const since = performance.now()
  const relayers = swarm.nodes.filter(n => n.role === 'invalid')
  let attacking = true
  const relaying = (async () => { while (attacking) { for (const r of relayers) await swarm.relayInvalid(r, 1); await sleep(1000) } })()
  await phase(swarm, `attack: ${invalid} invalid relayers (1 msg/s each), ${withhold} withholders, eclipse of one node by ${eclipse} fresh peers`, async () => { await steady(swarm, PHASE_S, RATE); attacking = false; await relaying }, async c => {
    const v = deliveries(swarm, [victim], since)
    c['victim by gossip'] = `${fmt(v.ratio * 100, 1)} %, p50 ${fmt(quantile(v.latencies, 0.5))} ms`
    c['invalid stored'] = String(invalidStored(swarm))
    c['vs quiet p50'] = ratio(c['p50 / p99 latency'], quiet['p50 / p99 latency'])
  })
  const sybil = await swarm.add('sybil')
  await swarm.randomTopology([sybil], DEGREE * 2, honest)
  await sleep(3000)
  const flood = RATE * PHASE_S * 10
  await phase(swarm, `Sybil flood: ${flood} valid records of ${flood} fresh identities`, async () => {
    await Promise.all([steady(swarm, PHASE_S, RATE), (async () => {
      for (let k = 0; k < 10; k++) { await swarm.sybilFlood(sybil, flood / 10); await sleep(PHASE_S * 100) }
    })()])
  }, async c => {
    c['vs quiet p50'] = ratio(c['p50 / p99 latency'], quiet['p50 / p99 latency'])
    c['spam stored per node'] = fmt(honest.reduce((s, n) => s + n.store.count(), 0) / honest.length - (swarm.published.size), 0)
  })
  await swarm.stop()
}

/** Honest running nodes still missing records: how many, and their connection counts. */
function laggards (swarm: Swarm): string {
  const behind = swarm.honest().filter(n => n.up && swarm.convergedCount([n]) === 0)
  return `${behind.length} node(s), connections ${behind.map(n => n.network.libp2p.getConnections().length).join(',')}`
}

function invalidStored (swarm: Swarm): number {
  const forger = identityFromSeed(new Uint8Array(32).fill(0xbd)).author
  return swarm.nodes.filter(n => n.up && n.store.head(forger) !== undefined).length
}

function ratio (a: string, b: string): string {
  return `${fmt(parseFloat(a) / parseFloat(b), 2)}×`
}

console.log(`\n${N} nodes (+ hostile), one process, in-memory transport; phases of ${PHASE_S} s at ${RATE} records/s\n`)
for (const r of rows) {
  console.log(`**${r.scenario}**: ${Object.entries(r.cells).map(([k, v]) => `${k} ${v}`).join('; ')}`)
}
