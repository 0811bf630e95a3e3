/**
 * Real daemons for network tests: each in its own temp data dir, listening on 127.0.0.1
 * port 0, quiet logs, short gossip heartbeat and sync interval. Nodes can be stopped and
 * restarted on the same data dir (a new port each time).
 */
import pino from 'pino'
import { defaultConfig, type MeritwalkConfig } from '../../src/config.js'
import { startDaemon, type Daemon } from '../../node/index.js'
import { tempDir, waitFor } from './helpers.js'

export interface TestNode {
  readonly dir: string
  daemon: Daemon
  /** Start again on the same data dir, dialling `peers` (other nodes' current addresses). */
  restart (peers?: TestNode[]): Promise<Daemon>
  stop (): Promise<void>
  running (): boolean
}

export interface ClusterOptions {
  sync?: Partial<MeritwalkConfig['sync']>
  store?: Partial<MeritwalkConfig['store']>
  replication?: Partial<MeritwalkConfig['replication']>
  walks?: number
}

/** A set of nodes; close() stops them all and removes their data. */
export class Cluster {
  readonly nodes: TestNode[] = []
  private readonly cleanups: Array<() => Promise<void>> = []

  constructor (private readonly opts: ClusterOptions = {}) {}

  config (dir: string, bootstrap: string[] = [], opts: ClusterOptions = this.opts): MeritwalkConfig {
    const base = defaultConfig(dir)
    return {
      ...base,
      listen: ['/ip4/127.0.0.1/tcp/0'],
      bootstrap,
      logLevel: 'silent',
      ranking: { ...base.ranking, walks: opts.walks ?? 2000 },
      store: { ...base.store, ...opts.store },
      sync: { intervalMs: 1000, pageSize: 1000, timeoutMs: 5000, ...opts.sync },
      replication: { ...base.replication, ...opts.replication }
    }
  }

  /** Start a node; `opts` override the cluster's options for this node only. */
  async add (opts: ClusterOptions = {}): Promise<TestNode> {
    const own: ClusterOptions = { ...this.opts, ...opts, store: { ...this.opts.store, ...opts.store }, sync: { ...this.opts.sync, ...opts.sync } }
    const t = await tempDir()
    this.cleanups.push(t.remove)
    const start = async (peers: TestNode[]): Promise<Daemon> => {
      const logger = pino({ level: process.env.MW_TEST_LOG ?? 'silent' })
      return await startDaemon(this.config(t.dir, peers.flatMap(p => p.daemon.multiaddrs()), own), { logger, heartbeatMs: 200 })
    }
    let up = true
    const node: TestNode = {
      dir: t.dir,
      daemon: await start([]),
      async restart (peers = []) {
        node.daemon = await start(peers)
        up = true
        return node.daemon
      },
      async stop () {
        up = false
        await node.daemon.stop()
      },
      running: () => up
    }
    this.nodes.push(node)
    return node
  }

  async close (): Promise<void> {
    await Promise.allSettled(this.nodes.map(async n => { await n.daemon.stop() }))
    for (const c of this.cleanups) await c()
  }
}

/** Connect `a` to `b` and wait until each sees the other in its gossip mesh. */
export async function link (a: TestNode, b: TestNode): Promise<void> {
  await a.daemon.connect(b.daemon.multiaddrs()[0])
  await waitFor('peers to see each other', () => a.daemon.peers().some(p => p.peerId === b.daemon.ego) && b.daemon.peers().some(p => p.peerId === a.daemon.ego))
}

/** Wait until every running node's store digest is the same; returns it. */
export async function converged (nodes: TestNode[], timeoutMs = 30_000): Promise<string> {
  let digest = ''
  await waitFor('store digests to converge', async () => {
    const ds = await Promise.all(nodes.map(async n => await n.daemon.store.digest()))
    digest = ds[0]
    return ds.every(d => d === ds[0])
  }, timeoutMs, 200)
  return digest
}
