/**
 * startDaemon: lock the data directory, load the identity, open the store, rebuild the
 * ranking index from it, start the network, then the plugins; stop() undoes it in reverse.
 * Every accepted record, from any source, reaches the engine through the store's append
 * hook; records this node authors are published on gossip from the same hook.
 */
import { mkdir } from 'node:fs/promises'
import pino, { type Logger } from 'pino'
import { dataPaths, type MeritwalkConfig } from '../src/config.js'
import { EdgeState, LocalAuthor, RecordStore, loadOrCreateIdentity, signatureBackend, type AppendResult, type Identity } from '../src/index.js'
import { createEngine, type Engine } from '../graph/index.js'
import { createCounters, type NodeCounters } from './counters.js'
import { DaemonStoppedError } from './errors.js'
import { lockDataDir, type DataDirLock } from './lock.js'
import { PeerNetwork, type PeerInfo } from './network.js'
import { PersonalControls } from './controls.js'
import { cachedPriority } from './priority.js'
import { RankingIndex } from './ranking.js'
import type { DecodedBatch } from './decode.js'
import type { Daemon, DaemonPlugin, DaemonStatus, StartDaemonOptions } from './index.js'

const DAY_MS = 86_400_000

/** Start a node on `config.dataDir`; throws DaemonLockedError if another one runs there. */
export async function startDaemon (config: MeritwalkConfig, opts: StartDaemonOptions = {}): Promise<Daemon> {
  const log = opts.logger ?? pino({ name: 'meritwalk', level: config.logLevel }, pino.destination(2))
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 })
  const lock = await lockDataDir(dataPaths(config.dataDir).lock, config.dataDir)
  const undo: Array<() => Promise<void>> = [async () => { await lock.release() }]
  try {
    const identity = await loadOrCreateIdentity(config.dataDir)
    let engine: Engine | undefined
    const priority = cachedPriority(() => engine, identity.author)
    const store = await RecordStore.open(dataPaths(config.dataDir).store, {
      maxRecordsPerAuthor: config.store.maxRecordsPerAuthor,
      maxTotalRecords: config.store.maxTotalRecords,
      priority
    })
    undo.unshift(async () => { await store.close() })
    engine = createEngine({
      alpha: config.ranking.alpha,
      beta: config.ranking.beta,
      walks: config.ranking.walks,
      ...(config.ranking.halfLifeDays === null ? {} : { halfLifeMs: config.ranking.halfLifeDays * DAY_MS })
    })
    const edges = new EdgeState()
    const controls = await PersonalControls.open(dataPaths(config.dataDir).controls)
    const ranking = new RankingIndex(store, edges, engine, { ego: identity.author, mutedAuthors: controls.mutedAuthors(), private: controls.privateInteractions() })
    controls.attach(ranking)
    const started = Date.now()
    const rebuilt = await ranking.rebuild()
    log.info({ records: rebuilt, ms: Date.now() - started }, 'ranking index rebuilt from the store')
    // Hooked before the network starts, so no record can reach the store unseen by the engine.
    let daemon: RunningDaemon | undefined
    const unhook = store.onAppend(result => {
      try {
        ranking.onAppend(result)
      } catch (err) {
        log.error({ err }, 'ranking update failed')
      }
      // The ego's own trust changed: who counts as trusted for the store changes with it.
      if (result.accepted.some(r => r.author === identity.author && r.body.kind === 'trust')) priority.invalidate()
      daemon?.publishOwn(result)
    })
    undo.unshift(async () => { unhook() })
    const counters = createCounters()
    const network = await PeerNetwork.start({ config, identity, store, counters, log, heartbeatMs: opts.heartbeatMs })
    undo.unshift(async () => { await network.stop() })
    daemon = new RunningDaemon({ config, identity, store, author: new LocalAuthor(identity, store), edges, engine, controls, network, ranking, counters, lock, log, started })
    log.info({ author: identity.author, multiaddrs: network.multiaddrs(), namespace: config.namespace, signatures: signatureBackend }, 'node started')
    // From here the daemon's own stop() undoes everything, plugins already started included.
    undo.splice(0, undo.length, async () => { await daemon?.stop() })
    for (const plugin of opts.plugins ?? []) await daemon.startPlugin(plugin)
    return daemon
  } catch (err) {
    // The start's own error is the one to report; a failing undo step is logged beside it.
    for (const step of undo) await step().catch((undoErr: unknown) => { log.warn({ err: undoErr }, 'undoing a failed start') })
    throw err
  }
}

/** The parts a running daemon is composed of (built in order by `startDaemon`). */
interface DaemonParts {
  config: MeritwalkConfig
  identity: Identity
  store: RecordStore
  author: LocalAuthor
  edges: EdgeState
  engine: Engine
  controls: PersonalControls
  network: PeerNetwork
  ranking: RankingIndex
  counters: NodeCounters
  lock: DataDirLock
  log: Logger
  /** When the start began, ms since the epoch (for uptime). */
  started: number
}

class RunningDaemon implements Daemon {
  readonly ego: string
  readonly config: MeritwalkConfig
  readonly identity: Identity
  readonly store: RecordStore
  readonly author: LocalAuthor
  readonly edges: EdgeState
  readonly engine: Engine
  readonly controls: PersonalControls
  private readonly network: PeerNetwork
  private readonly ranking: RankingIndex
  private readonly counters: NodeCounters
  private readonly lock: DataDirLock
  private readonly log: Logger
  private readonly started: number
  private readonly plugins: Array<{ name: string, stop: () => Promise<void> }> = []
  private stopping: Promise<void> | undefined

  constructor (parts: DaemonParts) {
    ({ config: this.config, identity: this.identity, store: this.store, author: this.author, edges: this.edges, engine: this.engine, controls: this.controls, network: this.network, ranking: this.ranking, counters: this.counters, lock: this.lock, log: this.log, started: this.started } = parts)
    this.ego = parts.identity.author
  }

  /** Publish what this node authored (from the store's append hook). */
  publishOwn (result: AppendResult): void {
    const own = result.accepted.filter(r => r.author === this.ego)
    if (own.length > 0) this.network.publish(own)
  }

  async startPlugin (plugin: DaemonPlugin): Promise<void> {
    const handle = await plugin.start(this)
    this.plugins.push({ name: plugin.name, stop: async () => { await handle.stop() } })
    this.log.info({ plugin: plugin.name }, 'plugin started')
  }

  multiaddrs (): string[] {
    return this.network.multiaddrs()
  }

  peers (): PeerInfo[] {
    return this.network.peers()
  }

  async connect (multiaddr: string): Promise<void> {
    if (this.stopping !== undefined) throw new DaemonStoppedError('connect')
    await this.network.connect(multiaddr)
  }

  async syncNow (): Promise<void> {
    if (this.stopping !== undefined) throw new DaemonStoppedError('sync')
    this.network.sync.syncAll()
    await this.network.sync.idle()
  }

  async verifyRecords (bytes: Uint8Array[]): Promise<DecodedBatch> {
    if (this.stopping !== undefined) throw new DaemonStoppedError('verify')
    return await this.network.verifyRecords(bytes)
  }

  status (): DaemonStatus {
    return {
      author: this.ego,
      peerId: this.network.libp2p.peerId.toString(),
      namespace: this.config.namespace,
      multiaddrs: this.multiaddrs(),
      peers: this.network.peers().length,
      meshPeers: this.network.meshPeers(),
      records: this.store.count(),
      authors: this.store.authorCount(),
      equivocators: this.ranking.equivocatorCount(),
      pending: this.store.pendingCount(),
      signatures: signatureBackend,
      uptimeMs: Date.now() - this.started,
      counters: structuredClone(this.counters)
    }
  }

  async stop (): Promise<void> {
    this.stopping ??= this.stopNow()
    await this.stopping
  }

  private async stopNow (): Promise<void> {
    const errors: unknown[] = []
    const step = async (what: string, fn: () => Promise<void>): Promise<void> => {
      try {
        await fn()
      } catch (err) {
        errors.push(err)
        this.log.error({ err, what }, 'stop step failed')
      }
    }
    for (const p of this.plugins.reverse()) await step(`plugin ${p.name}`, p.stop)
    await step('network', async () => { await this.network.stop() })
    // Appends already queued finish before LevelDB closes: nothing acknowledged is lost.
    await step('store', async () => { await this.store.close() })
    await step('lock', async () => { await this.lock.release() })
    this.log.info('node stopped')
    if (errors.length > 0) throw errors[0]
  }
}
