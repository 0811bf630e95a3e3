/**
 * N real meritwalk nodes in one process (issue 13): each a record store on its own LevelDB,
 * the node's Network (libp2p host, gossipsub with the node's validator, sync, ingest),
 * linked over libp2p's in-memory transport (noise + yamux as on TCP, no sockets). Roles make
 * some nodes hostile; the swarm records when each record reached each node and what gossip
 * cost each node, so the bench (bench/swarm.ts) and the test (test/node/swarm.test.ts)
 * read delivery, latency, duplicates and bytes from the same place.
 */
import '../../src/polyfill.js'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { TopicValidatorResult, type GossipSub } from '@libp2p/gossipsub'
import { multiaddr } from '@multiformats/multiaddr'
import pino, { type Logger } from 'pino'
import { defaultConfig, type MeritwalkConfig } from '../../src/config.js'
import { LocalAuthor, RecordStore, identityFromSeed, signRecord, type Body, type Identity, type SignedRecord } from '../../src/index.js'
import { createRng, type Rng } from '../../graph/index.js'
import { createCounters, type NodeCounters } from '../../node/counters.js'
import { encodeGossipBatch, gossipTopic } from '../../node/gossip/index.js'
import { PeerNetwork } from '../../node/network.js'

/**
 * honest: the real node. invalid: relays records with broken signatures. withhold: joins the
 * mesh, accepts, never forwards nor serves sync. sybil: publishes valid records of fresh
 * identities nobody trusts.
 */
export type Role = 'honest' | 'invalid' | 'withhold' | 'sybil'

/** Gossip traffic one node saw (gossipsub's own byte counts of every RPC, control included). */
export interface Traffic { bytesIn: number, bytesOut: number, messagesIn: number, duplicates: number }

export interface SwarmInit {
  /** Directory holding one LevelDB per node. */
  dir: string
  seed?: number
  /** Gossipsub heartbeat, ms. @default 700 (the node's default) */
  heartbeatMs?: number
  /** Sync round interval, ms. @default 30_000 (the node's default) */
  syncIntervalMs?: number
  /** fsync every store batch (the node's default). @default true */
  fsync?: boolean
  log?: Logger
}

const NAMESPACE = 'swarm'

/** One node of the swarm. */
export class SwarmNode {
  readonly traffic: Traffic = { bytesIn: 0, bytesOut: 0, messagesIn: 0, duplicates: 0 }
  /** When each record (author:seq) was first stored here, performance.now() ms. */
  readonly arrivals = new Map<string, number>()
  counters: NodeCounters = createCounters()
  store!: RecordStore
  network!: PeerNetwork
  author!: LocalAuthor
  up = false

  constructor (readonly index: number, readonly role: Role, readonly identity: Identity, readonly dir: string, readonly address: string) {}

  get pubsub (): GossipSub { return this.network.libp2p.services.pubsub }
  /** Dialable address (with /p2p/). */
  get multiaddr (): string { return `${this.address}/p2p/${this.network.libp2p.peerId.toString()}` }
}

/** Key of a record in arrival maps. */
export const recordKey = (r: { author: string, seq: number }): string => `${r.author}:${r.seq}`

/** A set of in-process nodes; see the module comment. */
export class Swarm {
  readonly nodes: SwarmNode[] = []
  /** Honest records published: key → performance.now() when published, and the publishing node. */
  readonly published = new Map<string, { at: number, by: number }>()
  /** Highest seq published per honest author, for convergence checks. */
  readonly expectedHeads = new Map<string, number>()
  readonly rng: Rng
  private readonly run: string
  private readonly log: Logger
  private sybilCount = 0
  private invalidCount = 0

  constructor (readonly init: SwarmInit) {
    this.rng = createRng(init.seed ?? 13)
    this.run = `mw${init.seed ?? 13}x${Math.floor(Math.random() * 1e9).toString(36)}`
    this.log = init.log ?? pino({ level: 'silent' })
  }

  config (node: SwarmNode): MeritwalkConfig {
    const base = defaultConfig(node.dir)
    return {
      ...base,
      namespace: NAMESPACE,
      listen: [node.address],
      logLevel: 'silent',
      // Hundreds of nodes share the process's event loop: a worker pool each would only add threads.
      store: { ...base.store, verifyThreads: 0 },
      sync: { ...base.sync, intervalMs: this.init.syncIntervalMs ?? base.sync.intervalMs }
    }
  }

  /** Create and start a node (not yet connected). */
  async add (role: Role = 'honest'): Promise<SwarmNode> {
    const i = this.nodes.length
    const seed = new Uint8Array(32)
    new DataView(seed.buffer).setUint32(0, 0x5a000000 + i)
    new DataView(seed.buffer).setUint32(4, this.init.seed ?? 13)
    const node = new SwarmNode(i, role, identityFromSeed(seed), join(this.init.dir, `n${i}`), `/memory/${this.run}-${i}`)
    this.nodes.push(node)
    await this.startNode(node)
    return node
  }

  private async startNode (node: SwarmNode): Promise<void> {
    await mkdir(node.dir, { recursive: true })
    node.store = await RecordStore.open(join(node.dir, 'store'), { sync: this.init.fsync ?? true })
    node.store.onAccepted(records => {
      const now = performance.now()
      for (const r of records) { const k = recordKey(r); if (!node.arrivals.has(k)) node.arrivals.set(k, now) }
    })
    node.counters = createCounters()
    node.network = await PeerNetwork.start({ config: this.config(node), identity: node.identity, store: node.store, counters: node.counters, log: this.log, heartbeatMs: this.init.heartbeatMs })
    node.author = new LocalAuthor(node.identity, node.store)
    meter(node.pubsub, node.traffic)
    if (node.role === 'withhold') {
      // Stays subscribed (so it is grafted into meshes) but validates nothing as new and never forwards.
      node.pubsub.topicValidators.set(gossipTopic(NAMESPACE), () => TopicValidatorResult.Ignore)
      await node.network.sync.stop()
    }
    node.up = true
  }

  /** Stop a node (its store stays on disk). */
  async leave (node: SwarmNode): Promise<void> {
    if (!node.up) return
    node.up = false
    await node.network.stop()
    await node.store.close()
  }

  /** Restart a node on its store and dial `peers`. */
  async rejoin (node: SwarmNode, peers: SwarmNode[]): Promise<void> {
    await this.startNode(node)
    for (const p of peers) await this.connect(node, p)
  }

  async connect (a: SwarmNode, b: SwarmNode): Promise<void> {
    if (!a.up || !b.up || a === b) return
    await a.network.libp2p.dial(multiaddr(b.multiaddr), { signal: AbortSignal.timeout(20_000) }).catch(() => {})
  }

  /** Each of `nodes` dials `degree` random others of `among`: a random graph of mean degree 2·degree. */
  async randomTopology (nodes: SwarmNode[], degree: number, among: SwarmNode[] = nodes): Promise<void> {
    const dials: Array<Promise<void>> = []
    for (const a of nodes) {
      const picked = new Set<number>()
      while (picked.size < Math.min(degree, among.length - 1)) {
        const b = among[this.rng.int(among.length)]
        if (b !== a) picked.add(b.index)
      }
      for (const j of picked) dials.push(this.connect(a, this.nodes[j]))
      // Bounded concurrency: a few dozen handshakes at a time.
      if (dials.length >= 64) await Promise.all(dials.splice(0))
    }
    await Promise.all(dials)
  }

  /** Close every connection between `a` and `b` sides (nobody redials: there is no discovery). */
  async cut (a: SwarmNode[], b: SwarmNode[]): Promise<void> {
    const other = new Set(b.filter(n => n.up).map(n => n.network.libp2p.peerId.toString()))
    for (const n of a) {
      if (!n.up) continue
      for (const c of n.network.libp2p.getConnections()) if (other.has(c.remotePeer.toString())) await c.close().catch(() => {})
    }
  }

  /** Publish `count` interactions from `node` (an honest node), recording when. */
  async publish (node: SwarmNode, count = 1): Promise<SignedRecord[]> {
    const bodies: Body[] = Array.from({ length: count }, () => ({ kind: 'interact', item: `swarm:track:${this.rng.int(5000)}`, weight: 1 + this.rng.int(50) }))
    const records = await node.author.append(bodies)
    const at = performance.now()
    for (const r of records) {
      this.published.set(recordKey(r), { at, by: node.index })
      this.expectedHeads.set(r.author, Math.max(this.expectedHeads.get(r.author) ?? 0, r.seq))
    }
    node.network.publish(records)
    return records
  }

  /** An invalid node relays `count` records with a broken signature (each message distinct). */
  async relayInvalid (node: SwarmNode, count = 1): Promise<void> {
    const forger = identityFromSeed(new Uint8Array(32).fill(0xbd))
    const bad: Uint8Array[] = []
    for (let k = 0; k < count; k++) {
      const seq = ++this.invalidCount
      const r = signRecord(forger, { seq: 1, ts: Date.now(), body: { kind: 'interact', item: `swarm:forged:${node.index}:${seq}`, weight: 1 } }, { signer: 'native' })
      const b = Uint8Array.from(r.bytes)
      b[b.length - 1] ^= 0xff
      bad.push(b)
    }
    await node.pubsub.publish(gossipTopic(NAMESPACE), encodeGossipBatch(bad, { maxBatchRecords: 256, maxMessageBytes: 256 * 1024, maxRecordBytes: 1024 })).catch(() => {})
  }

  /** A Sybil node publishes `count` valid records, each from a fresh identity nobody trusts. */
  async sybilFlood (node: SwarmNode, count: number): Promise<void> {
    const out: Uint8Array[] = []
    for (let k = 0; k < count; k++) {
      const seed = new Uint8Array(32)
      new DataView(seed.buffer).setUint32(0, 0x5b000000 + ++this.sybilCount)
      const r = signRecord(identityFromSeed(seed), { seq: 1, ts: Date.now(), body: { kind: 'interact', item: `swarm:spam:${this.sybilCount}`, weight: 1 } }, { signer: 'native' })
      out.push(r.bytes)
    }
    for (let k = 0; k < out.length; k += 256) {
      await node.pubsub.publish(gossipTopic(NAMESPACE), encodeGossipBatch(out.slice(k, k + 256), { maxBatchRecords: 256, maxMessageBytes: 256 * 1024, maxRecordBytes: 1024 })).catch(() => {})
    }
  }

  honest (): SwarmNode[] { return this.nodes.filter(n => n.role === 'honest') }

  /** Honest running nodes holding every honest record published so far. */
  convergedCount (nodes = this.honest().filter(n => n.up)): number {
    let ok = 0
    for (const n of nodes) {
      let all = true
      for (const [author, seq] of this.expectedHeads) if ((n.store.head(author)?.seq ?? 0) < seq) { all = false; break }
      if (all) ok++
    }
    return ok
  }

  /** Wait until every running honest node holds every honest record; ms taken, or undefined at the deadline. */
  async waitConverged (timeoutMs: number, everyMs = 100): Promise<number | undefined> {
    const t0 = performance.now()
    const nodes = this.honest().filter(n => n.up)
    while (performance.now() - t0 < timeoutMs) {
      if (this.convergedCount(nodes) === nodes.length) return performance.now() - t0
      await new Promise(resolve => setTimeout(resolve, everyMs))
    }
    return undefined
  }

  /**
   * Run sync rounds on every running honest node (all at once, as their timers would)
   * until each holds every honest record or `maxRounds` ran; the rounds it took. A record
   * crosses one hop per round, so a multi-hop gap takes several.
   */
  async syncAll (maxRounds = 1): Promise<number> {
    const nodes = this.honest().filter(n => n.up)
    for (let round = 1; round <= maxRounds; round++) {
      for (const n of nodes) n.network.sync.syncAll()
      await Promise.all(nodes.map(async n => { await n.network.sync.idle() }))
      if (this.convergedCount(nodes) === nodes.length) return round
    }
    return maxRounds
  }

  /** Wait until no node has received a gossip message for `quietMs` (at most `timeoutMs`); ms waited. */
  async gossipSettled (quietMs = 1000, timeoutMs = 60_000): Promise<number> {
    const t0 = performance.now()
    const seen = (): number => this.nodes.reduce((s, n) => s + n.traffic.messagesIn, 0)
    let last = seen()
    let lastChange = performance.now()
    while (performance.now() - lastChange < quietMs && performance.now() - t0 < timeoutMs) {
      await new Promise(resolve => setTimeout(resolve, 100))
      const now = seen()
      if (now !== last) { last = now; lastChange = performance.now() }
    }
    return performance.now() - t0
  }

  async stop (): Promise<void> {
    for (const n of this.nodes) await this.leave(n).catch(() => {})
    await rm(this.init.dir, { recursive: true, force: true })
  }
}

/**
 * Count a node's gossip traffic through gossipsub's metrics hooks (it calls them with the
 * byte length of every RPC it sends and receives, and with each message's pre-validation
 * status, "duplicate" included); every other metric is a no-op.
 */
function meter (pubsub: GossipSub, t: Traffic): void {
  const noop: unknown = new Proxy(function () {}, { get: (_o, k) => k === 'then' ? undefined : noop, apply: () => noop })
  const hooks: Record<string, unknown> = {
    onRpcRecv: (_rpc: unknown, bytes: number) => { t.bytesIn += bytes },
    onRpcSent: (_rpc: unknown, bytes: number) => { t.bytesOut += bytes },
    onPrevalidationResult: (_topic: string, code: string) => { t.messagesIn++; if (code === 'duplicate') t.duplicates++ }
  }
  ;(pubsub as unknown as { metrics: unknown }).metrics = new Proxy({}, { get: (_o, k) => typeof k === 'string' && k in hooks ? hooks[k] : noop })
}

/** Delivery latencies (ms) of honest records to honest nodes, and the share delivered. */
export function deliveries (swarm: Swarm, nodes = swarm.honest(), since = 0, until = Infinity): { latencies: number[], ratio: number } {
  const latencies: number[] = []
  let want = 0
  let got = 0
  for (const [key, { at, by }] of swarm.published) {
    if (at < since || at >= until) continue
    for (const n of nodes) {
      if (n.index === by) continue
      want++
      const t = n.arrivals.get(key)
      if (t !== undefined) { got++; latencies.push(t - at) }
    }
  }
  return { latencies, ratio: want === 0 ? 1 : got / want }
}
