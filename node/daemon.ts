/**
 * startDaemon: lock the data directory, load the identity, open the store, rebuild the
 * ranking index from it, start the network, then the plugins; stop() undoes it in reverse.
 * Every accepted record, from any source, reaches the engine through the store's append
 * hook; records this node authors are published on gossip from the same hook.
 */
import { access, rm } from 'node:fs/promises'
import pino, { type Logger } from 'pino'
import { dataPaths, makeDataDir, type MeritwalkConfig } from '../src/config.js'
import { EdgeState, LocalAuthor, RecordStore, StorageFullError, loadOrCreateIdentity, signatureBackend, updatesOf, type AppendResult, type Identity } from '../src/index.js'
import { createEngine } from '../graph/index.js'
import { createCounters, type NodeCounters } from './counters.js'
import { DaemonStoppedError, OwnLogUnconfirmedError } from './errors.js'
import { lockDataDir, type DataDirLock } from './lock.js'
import { PeerNetwork, type PeerInfo, type ReachabilityInfo } from './network.js'
import { PersonalControls } from './controls.js'
import { ImportLedger } from './import-ledger.js'
import { cachedPriority } from './priority.js'
import { ReplicationScope } from './scope.js'
import { RankingIndex } from './ranking.js'
import { RankingThread } from './ranking-thread.js'
import type { DecodedBatch } from './decode.js'
import type { Daemon, DaemonPlugin, DaemonStatus, StartDaemonOptions } from './index.js'

const DAY_MS = 86_400_000

/** Start a node on `config.dataDir`; throws DaemonLockedError if another one runs there. */
export async function startDaemon (config: MeritwalkConfig, opts: StartDaemonOptions = {}): Promise<Daemon> {
  const log = opts.logger ?? pino({ name: 'meritwalk', level: config.logLevel }, pino.destination(2))
  await makeDataDir(config.dataDir)
  const lock = await lockDataDir({ lockDir: dataPaths(config.dataDir).lockDir, pidFile: dataPaths(config.dataDir).lock }, config.dataDir)
  const undo: Array<() => Promise<void>> = [async () => { await lock.release() }]
  try {
    const identity = await loadOrCreateIdentity(config.dataDir)
    let engine: RankingThread | undefined
    const priority = cachedPriority(() => engine, identity.author)
    const store = await RecordStore.open(dataPaths(config.dataDir).store, {
      maxRecordsPerAuthor: config.store.maxRecordsPerAuthor,
      maxTotalRecords: config.store.maxTotalRecords,
      maxStrangerRecords: config.store.maxStrangerRecords,
      priority
    })
    undo.unshift(async () => { await store.close() })
    const engineOptions = {
      alpha: config.ranking.alpha,
      beta: config.ranking.beta,
      walks: config.ranking.walks,
      ...(config.ranking.halfLifeDays === null ? {} : { halfLifeMs: config.ranking.halfLifeDays * DAY_MS })
    }
    const thread = engine = new RankingThread(createEngine(engineOptions), engineOptions, err => { log.warn({ err }, 'ranking worker failed: ranking runs on the event loop from now on') })
    undo.unshift(async () => { await thread.close() })
    const edges = new EdgeState()
    const controls = await PersonalControls.open(dataPaths(config.dataDir).controls)
    const ranking = new RankingIndex(store, edges, engine, { ego: identity.author, mutedAuthors: controls.mutedAuthors(), private: controls.privateInteractions() })
    controls.attach(ranking)
    const imports = await ImportLedger.open(dataPaths(config.dataDir).imports)
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
      // The ego's own trust changed: who counts as trusted for the store and the peer book changes with it.
      if (result.accepted.some(r => r.author === identity.author && updatesOf(r.body).some(u => u.kind === 'trust'))) {
        priority.invalidate()
        store.prioritiesChanged()
        daemon?.protectTrusted()
      }
      daemon?.publishOwn(result)
    })
    undo.unshift(async () => { unhook() })
    let peers: PeerNetwork | undefined
    const scope = new ReplicationScope({
      ego: identity.author,
      config: config.replication,
      engine: () => engine,
      authors: () => store.authorCount(),
      storedAuthors: () => storedAuthors(store),
      // A sync round with every peer: its heads walk now wants the authors that entered.
      onEnter: authors => { for (const a of authors) ranking.enterScope(a); peers?.sync.syncAll() },
      onLeave: authors => { for (const a of authors) ranking.leaveScope(a) }
    })
    undo.unshift(async () => { scope.stop() })
    const unscope = store.onAppend(result => {
      // Trust landed (the horizon may move), or the network grew (auto may turn scoped).
      if (!scope.scoped() || result.accepted.some(r => r.body.kind === 'trust')) scope.schedule()
    })
    undo.unshift(async () => { unscope() })
    const counters = createCounters()
    const network = peers = await PeerNetwork.start({ config, identity, store, counters, log, heartbeatMs: opts.heartbeatMs, persistPeers: true, scope, priority })
    undo.unshift(async () => { await network.stop() })
    // Until one peer has answered, every signing first asks the connected peers for newer
    // records of our own author (none connected: nothing to ask, sign on what we hold).
    let ownHeadConfirmed = false
    const catchUpOwnHead = async (): Promise<boolean> => {
      if (!ownHeadConfirmed) ownHeadConfirmed = await network.sync.catchUp(identity.author, config.store.maxRecordsPerAuthor) > 0
      return ownHeadConfirmed
    }
    // A key restored from a backup (node/key-restore.ts) signs nothing until a peer answered:
    // the old device may have published records this one has not seen yet.
    let restoredUnconfirmed = await access(dataPaths(config.dataDir).ownLogUnconfirmed).then(() => true, () => false)
    const author = new LocalAuthor(identity, store, {
      beforeSign: async () => {
        const confirmed = await catchUpOwnHead()
        if (!restoredUnconfirmed) return
        if (!confirmed) throw new OwnLogUnconfirmedError(identity.author)
        restoredUnconfirmed = false
        await rm(dataPaths(config.dataDir).ownLogUnconfirmed, { force: true })
        log.info({ head: store.head(identity.author)?.seq ?? 0 }, 'restored identity: own log confirmed by a peer, signing enabled')
      }
    })
    daemon = new RunningDaemon({ config, identity, store, author, catchUpOwnHead, edges, engine, controls, imports, network, ranking, counters, lock, log, started })
    daemon.protectTrusted()
    log.info({ author: identity.author, multiaddrs: network.multiaddrs(), namespace: config.namespace, signatures: signatureBackend }, 'node started')
    // From here the daemon's own stop() undoes everything, plugins already started included.
    undo.splice(0, undo.length, async () => { await daemon?.stop() })
    for (const plugin of opts.plugins ?? []) await daemon.startPlugin(plugin)
    return daemon
  } catch (err) {
    // The start's own error is the one to report; a failing undo step is logged beside it.
    for (const step of undo) await step().catch((undoErr: unknown) => { log.warn({ err: undoErr }, 'undoing a failed start') })
    // Writing the pid file, the identity or the token on a full disk: say so, not a bare ENOSPC.
    throw (err as NodeJS.ErrnoException).code === 'ENOSPC' ? new StorageFullError(config.dataDir) : err
  }
}

/** Every author the store holds, a page of heads at a time. */
function * storedAuthors (store: RecordStore): Iterable<string> {
  let after: string | null = null
  while (true) {
    const page = store.headsAfter(after, 10_000)
    for (const [author] of page) yield author
    if (page.length < 10_000) return
    after = page[page.length - 1][0]
  }
}

/** The parts a running daemon is composed of (built in order by `startDaemon`). */
type DaemonParts = Pick<Daemon, 'config' | 'identity' | 'store' | 'author' | 'edges' | 'engine' | 'controls' | 'imports' | 'catchUpOwnHead'> & {
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
  private readonly plugins: Array<{ name: string, stop: () => Promise<void> }> = []
  private stopping: Promise<void> | undefined

  constructor (private readonly p: DaemonParts) {
    this.ego = p.identity.author
  }

  get config (): MeritwalkConfig { return this.p.config }
  get identity (): Identity { return this.p.identity }
  get store (): RecordStore { return this.p.store }
  get author (): LocalAuthor { return this.p.author }
  get edges (): EdgeState { return this.p.edges }
  get engine (): RankingThread { return this.p.engine }
  get controls (): PersonalControls { return this.p.controls }
  get imports (): ImportLedger { return this.p.imports }

  async catchUpOwnHead (): Promise<boolean> {
    return await this.p.catchUpOwnHead()
  }

  /** Give the peers of authors the person trusts priority over strangers in the connection manager. */
  protectTrusted (): void {
    const trusted = [...this.p.edges.trust(this.ego)].filter(([, w]) => w > 0).map(([a]) => a)
    this.p.network.book.setTrusted(trusted).catch(err => { this.p.log.warn({ err }, 'could not tag trusted peers') })
  }

  /** Publish what this node authored (from the store's append hook). */
  publishOwn (result: AppendResult): void {
    const own = result.accepted.filter(r => r.author === this.ego)
    if (own.length > 0) this.p.network.publish(own)
  }

  async startPlugin (plugin: DaemonPlugin): Promise<void> {
    const handle = await plugin.start(this)
    this.plugins.push({ name: plugin.name, stop: async () => { await handle.stop() } })
    this.p.log.info({ plugin: plugin.name }, 'plugin started')
  }

  multiaddrs (): string[] {
    return this.p.network.multiaddrs()
  }

  peers (): PeerInfo[] {
    return this.p.network.peers()
  }

  async connect (multiaddr: string): Promise<void> {
    if (this.stopping !== undefined) throw new DaemonStoppedError('connect')
    await this.p.network.connect(multiaddr)
  }

  async invite (ttlMs: number): Promise<{ invite: string, addrs: string[], expiresAt: number }> {
    if (this.stopping !== undefined) throw new DaemonStoppedError('invite')
    return await this.p.network.invite(ttlMs)
  }

  async accept (invite: string, trust?: number): Promise<{ author: string, addrs: string[], via: 'direct' | 'relay', trusted: boolean }> {
    if (this.stopping !== undefined) throw new DaemonStoppedError('accept')
    const accepted = await this.p.network.accept(invite)
    if (trust !== undefined) await this.p.author.trust(accepted.author, trust)
    return { author: accepted.author, addrs: accepted.addrs.map(a => a.toString()), via: accepted.via, trusted: trust !== undefined }
  }

  reachability (): ReachabilityInfo {
    return this.p.network.reachability()
  }

  async syncNow (): Promise<void> {
    if (this.stopping !== undefined) throw new DaemonStoppedError('sync')
    this.p.network.sync.syncAll()
    await this.p.network.sync.idle()
  }

  async verifyRecords (bytes: Uint8Array[]): Promise<DecodedBatch> {
    if (this.stopping !== undefined) throw new DaemonStoppedError('verify')
    return await this.p.network.verifyRecords(bytes)
  }

  status (): DaemonStatus {
    const peers = this.p.network.peers()
    return {
      author: this.ego,
      peerId: this.p.network.libp2p.peerId.toString(),
      namespace: this.config.namespace,
      multiaddrs: this.multiaddrs(),
      peers: peers.length,
      peersVia: { direct: peers.filter(p => p.via === 'direct').length, relay: peers.filter(p => p.via === 'relay').length },
      ...this.p.network.reachability(),
      meshPeers: this.p.network.meshPeers(),
      records: this.store.count(),
      authors: this.store.authorCount(),
      equivocators: this.p.ranking.equivocatorCount(),
      pending: this.store.pendingCount(),
      storage: this.store.health(),
      signatures: signatureBackend,
      uptimeMs: Date.now() - this.p.started,
      counters: structuredClone(this.p.counters)
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
        this.p.log.error({ err, what }, 'stop step failed')
      }
    }
    for (const p of this.plugins.reverse()) await step(`plugin ${p.name}`, p.stop)
    await step('network', async () => { await this.p.network.stop() })
    // Updates waiting in the burst window are written, and appends already queued finish,
    // before LevelDB closes: nothing acknowledged is lost.
    await step('author', async () => { await this.author.flush() })
    await step('store', async () => { await this.store.close() })
    await step('ranking thread', async () => { await this.p.engine.close() })
    await step('lock', async () => { await this.p.lock.release() })
    this.p.log.info('node stopped')
    if (errors.length > 0) throw errors[0]
  }
}
