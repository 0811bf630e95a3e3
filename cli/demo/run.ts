/**
 * The first-run demo: a few real daemons on 127.0.0.1 (temp data dirs, free ports),
 * seeded with the synthetic community, connected, left to sync, then the person's
 * recommendations with the Sybil defence next to the undefended ranking. The person's
 * node serves the RPC and the web UI, so `startDemo` can leave the network running for a
 * newcomer to look at in the browser. Everything is stopped and deleted at the end,
 * whatever happens.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { defaultConfig } from '../../src/config.js'
import { updatesOf, type Body } from '../../src/index.js'
import { startDaemon } from '../../node/index.js'
import type { Daemon } from '../../node/index.js'
import { RpcClient, createToken, readRpcAddress, rpcPlugin } from '../../node/rpc/index.js'
import { buildCommunity } from './community.js'
import type { Community } from './community.js'

export interface DemoOptions {
  /** @default 42 */
  seed: number
  /** Daemons to run, 2–8. @default 4 */
  nodes: number
  /** Longest wait for the network to converge. @default 40000 */
  convergeMs: number
  /** Progress lines (stderr in the CLI). */
  log: (line: string) => void
}

export interface RankedItem { item: string, title: string, score: number, spam: boolean, via: Array<{ who: string, share: number }> }

export interface DemoReport {
  person: string
  nodes: number
  records: { expected: number, atPerson: number }
  converged: boolean
  defended: RankedItem[]
  undefended: RankedItem[]
  attacker: { label: string, reputation: number }
  /** The attacker's Sybil accounts: how many, and their MeritRank reputation summed. */
  sybils: number
  sybilReputation: number
  elapsedMs: number
}

/** A demo left running: its report, the person's node and how to look at it, and how to end it. */
export interface RunningDemo {
  report: DemoReport
  /** The person's data directory (for `meritwalk ui --data-dir`). */
  dataDir: string
  /** A one-time login URL of the person's web UI. */
  uiUrl: string
  stop (): Promise<void>
}

/** Run the demo and stop it: the report only. */
export async function runDemo (options: Partial<DemoOptions> = {}): Promise<DemoReport> {
  const demo = await startDemo(options)
  await demo.stop()
  return demo.report
}

/** Run the demo and leave its nodes running until `stop()`. */
export async function startDemo (options: Partial<DemoOptions> = {}): Promise<RunningDemo> {
  const o: DemoOptions = { seed: 42, nodes: 4, convergeMs: 40_000, log: () => {}, ...options }
  const started = Date.now()
  const community = buildCommunity({ seed: o.seed })
  const root = await mkdtemp(join(tmpdir(), 'meritwalk-demo-'))
  const daemons: Daemon[] = []
  const stop = async (): Promise<void> => {
    o.log('stopping the nodes …')
    for (const d of daemons.reverse()) await d.stop()
    await rm(root, { recursive: true, force: true })
  }
  try {
    o.log(`starting ${o.nodes} nodes on 127.0.0.1 …`)
    const personDir = join(root, 'node0')
    await createToken(personDir)
    daemons.push(await startDaemon(demoConfig(personDir, o.seed), { logger: pino({ level: 'silent' }), plugins: [rpcPlugin()] }))
    for (let i = 1; i < o.nodes; i++) daemons.push(await startDaemon(demoConfig(join(root, `node${i}`), o.seed), { logger: pino({ level: 'silent' }) }))
    const person = daemons[0]
    const labels = labelAuthors(community, person.ego)

    o.log(`seeding ${community.members.length} members (${community.members.filter(m => m.role === 'sybil').length} of them Sybils) across nodes 2–${o.nodes} …`)
    for (const m of community.members) {
      const host = daemons[1 + (m.index % (o.nodes - 1))]
      await host.store.append(m.records)
    }
    const own = await person.author.append(personBodies(community))
    const expected = community.members.reduce((n, m) => n + m.records.length, 0) + own.length

    o.log('connecting the nodes and letting gossip and sync converge …')
    for (const d of daemons.slice(1)) await d.connect(person.multiaddrs()[0])
    const converged = await waitFor(() => person.store.count() >= expected, o.convergeMs)

    const rank = (variant: 'meritwalk' | 'undefended'): RankedItem[] =>
      person.engine.recommend(person.ego, { limit: 10, explain: true, variant, seed: o.seed }).map(r => ({
        item: r.item,
        title: person.edges.itemMeta(r.item)?.title ?? r.item,
        score: r.score,
        spam: community.spam.has(r.item),
        via: (r.explain?.via ?? []).slice(0, 3).map(v => ({ who: labels.get(v.author) ?? v.author.slice(0, 12), share: v.share }))
      }))
    const attacker = community.members.find(m => m.role === 'attacker')
    const rep = new Map(person.engine.reputation(person.ego, { limit: 10_000, seed: o.seed }).map(r => [r.author, r.score]))
    const report: DemoReport = {
      person: person.ego,
      nodes: o.nodes,
      records: { expected, atPerson: person.store.count() },
      converged,
      defended: rank('meritwalk'),
      undefended: rank('undefended'),
      attacker: { label: attacker?.label ?? '', reputation: attacker === undefined ? 0 : rep.get(attacker.identity.author) ?? 0 },
      sybils: community.members.filter(m => m.role === 'sybil').length,
      sybilReputation: community.members.filter(m => m.role === 'sybil').reduce((s, m) => s + (rep.get(m.identity.author) ?? 0), 0),
      elapsedMs: Date.now() - started
    }
    const client = new RpcClient({ address: (await readRpcAddress(personDir))?.address ?? '', token: await createToken(personDir) })
    try {
      const { url } = await client.call('ui.login')
      return { report, dataDir: personDir, uiUrl: url, stop }
    } finally {
      client.close()
    }
  } catch (err) {
    await stop()
    throw err
  }
}

function demoConfig (dataDir: string, seed: number): ReturnType<typeof defaultConfig> {
  const c = defaultConfig(dataDir)
  c.listen = ['/ip4/127.0.0.1/tcp/0']
  c.rpc = { host: '127.0.0.1', port: 0 }
  c.namespace = `demo-${seed}`
  c.logLevel = 'silent'
  c.sync = { ...c.sync, intervalMs: 1000 }
  return c
}

/** The person joins as a copy of the model user: the same friends and the same plays. */
export function personBodies (c: Community): Body[] {
  const model = c.members[c.model]
  const bodies: Body[] = []
  for (const r of model.records) {
    for (const u of updatesOf(r.body)) if (u.kind === 'trust' || u.kind === 'interact') bodies.push(u)
  }
  return bodies
}

function labelAuthors (c: Community, person: string): Map<string, string> {
  const m = new Map(c.members.map(x => [x.identity.author, x.label]))
  m.set(person, 'you')
  return m
}

async function waitFor (done: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  while (!done()) {
    if (Date.now() > deadline) return false
    await new Promise(resolve => setTimeout(resolve, 200))
  }
  return true
}
