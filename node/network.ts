/**
 * The network side of a node: the libp2p host, the gossip topic and the sync protocol,
 * both feeding the store through one ingest path. Knows nothing of ranking; the daemon
 * composes it with the store and the engine.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { isPrivate } from '@libp2p/utils'
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { Circuit } from '@multiformats/multiaddr-matcher'
import { LevelDatastore } from 'datastore-level'
import type { Logger } from 'pino'
import { identityToLibp2pPrivateKey, MAX_RECORD_BYTES, type Identity, type RecordStore, type SignedRecord } from '../src/index.js'
import { dataPaths, type MeritwalkConfig } from '../src/config.js'
import type { NodeCounters } from './counters.js'
import { BadMultiaddrError, ListenError, PeerUnreachableError } from './errors.js'
import { GossipService, gossipTopic, type GossipLimits } from './gossip/index.js'
import { createHost, type Host } from './host.js'
import { createInvite, InviteError, readInvite, type Invite } from './invite.js'
import { PeerBook } from './peer-book.js'
import { NamespaceDiscovery } from './discovery.js'
import { Ingest, type ScopeView } from './ingest.js'
import { StrangerBudget } from './stranger-budget.js'
import { SyncService, syncProtocol } from './sync/index.js'
import { VerifyPool } from './verify-pool.js'
import { decodeEach, type DecodedBatch } from './decode.js'

export interface PeerNetworkInit {
  config: MeritwalkConfig
  identity: Identity
  store: RecordStore
  counters: NodeCounters
  log: Logger
  /** Gossipsub heartbeat, ms (tests shorten it). @default 700 */
  heartbeatMs?: number
  /** Authors whose records this node stores and pulls (trust-scoped replication, node/scope.ts). @default everyone */
  scope?: ScopeView
  /** > 0: the ego trusts the author (strangers share one ingest budget). @default () => 0 */
  priority?: (author: string) => number
  /**
   * Keep the peer book on disk (`<dataDir>/peers`), as the daemon does; without it the peer
   * store lives in memory (in-process swarms of many nodes, where a LevelDB per node only
   * slows identify down). @default false
   */
  persistPeers?: boolean
}

/**
 * A connected peer as `peers()` lists it; `score` is its gossipsub peer score; `via` is
 * `direct` when some connection to it is direct, `relay` when all go through a relay.
 */
export interface PeerInfo { peerId: string, addrs: string[], direction?: string, score: number, via: 'direct' | 'relay' }

/**
 * How others can reach this node: `public` — a public address of ours was verified by
 * AutoNAT or is announced; `private` — only through a relay (we hold a reservation);
 * `unknown` — neither (loopback or LAN only, or AutoNAT has not decided yet).
 */
export type Reachability = 'public' | 'private' | 'unknown'

export interface ReachabilityInfo {
  reachability: Reachability
  /** Relays holding a reservation for us (their peer ids). */
  relays: string[]
  /** Reservations we hold for others, as a relay. */
  relaying: number
}

/** Host + gossip + sync for one node; see the module comment. */
export class PeerNetwork {
  private stopped = false

  private constructor (readonly libp2p: Host, readonly gossip: GossipService, readonly sync: SyncService,
    readonly book: PeerBook, private readonly discovery: NamespaceDiscovery | undefined,
    private readonly datastore: LevelDatastore | undefined, private readonly identity: Identity,
    private readonly namespace: string,
    private readonly topic: string, private readonly timeoutMs: number, private readonly pool: VerifyPool | undefined) {}

  /** Create the host, bind the listen addresses, and start gossip and sync. */
  static async start (init: PeerNetworkInit): Promise<PeerNetwork> {
    const { config, identity, store, counters, log } = init
    const topic = gossipTopic(config.namespace)
    const gossipLimits: GossipLimits = { ...config.gossip, maxRecordBytes: MAX_RECORD_BYTES }
    const datastore = init.persistPeers === true ? new LevelDatastore(dataPaths(config.dataDir).peers) : undefined
    await datastore?.open()
    const libp2p = await createHost({
      privateKey: identityToLibp2pPrivateKey(identity),
      listen: config.listen,
      bootstrap: config.bootstrap,
      topic,
      maxMessageBytes: config.gossip.maxMessageBytes,
      heartbeatMs: init.heartbeatMs,
      reach: { namespace: config.namespace, network: config.network, datastore }
    })
    let sync: SyncService | undefined
    let gossip: GossipService | undefined
    let network: PeerNetwork | undefined
    const pool = VerifyPool.create(config.store.verifyThreads ?? undefined)
    pool?.start()
    const ingest = new Ingest({
      store,
      scope: init.scope,
      pool,
      limits: gossipLimits,
      counters,
      log: log.child({ module: 'meritwalk:node:ingest' }),
      pull: (peer, want) => { sync?.pullGap(peerIdFromString(peer), want) },
      spread: records => { gossip?.publish(records) },
      budget: new StrangerBudget({ ratePerSecond: config.store.strangerRecordsPerSecond, burst: 10 * config.store.strangerRecordsPerSecond, priority: init.priority ?? (() => 0) }),
      score: peer => network?.router().getScore(peer) ?? 0
    })
    gossip = new GossipService({
      pubsub: libp2p.services.pubsub,
      topic,
      limits: gossipLimits,
      ingest: async (peer, data) => await ingest.gossip(peer.toString(), data),
      counters,
      log: log.child({ module: 'meritwalk:node:gossip' })
    })
    sync = new SyncService({
      libp2p,
      protocol: syncProtocol(config.namespace),
      pageSize: config.sync.pageSize,
      timeoutMs: config.sync.timeoutMs,
      intervalMs: config.sync.intervalMs,
      source: {
        headsAfter: (after, limit) => store.headsAfter(after, limit),
        range: async (author, from, limit) => await store.range(author, from, limit),
        isFlagged: author => store.isFlagged(author),
        proofs: async (author, limit) => (await store.equivocations(author)).slice(0, limit).map(e => [e.a.bytes, e.b.bytes])
      },
      sink: {
        head: author => store.head(author),
        wants: init.scope === undefined ? undefined : author => init.scope?.wants(author) ?? true,
        hashAt: async (author, seq) => (await store.get(author, seq))?.hash,
        isFlagged: author => store.isFlagged(author),
        ingest: async (peer, records) => await ingest.synced(peer, records)
      },
      counters,
      log: log.child({ module: 'meritwalk:node:sync' })
    })
    libp2p.addEventListener('peer:connect', () => { counters.peerConnects++ })
    libp2p.addEventListener('peer:disconnect', evt => {
      counters.peerDisconnects++
      log.debug({ peer: evt.detail.toString() }, 'peer disconnected')
    })
    const book = new PeerBook(libp2p, syncProtocol(config.namespace), config.network.maxConnections, log.child({ module: 'meritwalk:node:peers' }))
    try {
      await libp2p.start()
    } catch (err) {
      // Half-started: stop what did start; the listen error is the one to report.
      await Promise.resolve(libp2p.stop()).catch(() => {})
      await datastore?.close().catch(() => {})
      await pool?.close()
      throw new ListenError(config.listen, (err as Error).message)
    }
    gossip.start()
    await sync.start()
    await book.start()
    const discovery = libp2p.services.dht !== undefined ? new NamespaceDiscovery({ libp2p, namespace: config.namespace, log: log.child({ module: 'meritwalk:node:discovery' }) }) : undefined
    discovery?.start()
    network = new PeerNetwork(libp2p, gossip, sync, book, discovery, datastore, identity, config.namespace, topic, config.sync.timeoutMs, pool)
    return network
  }

  /** Publish records authored here (batched on the next tick). */
  publish (records: SignedRecord[]): void {
    this.gossip.publish(records.map(r => r.bytes))
  }

  /** Decode and verify records from outside, each on its own merits, with this node's verification workers. */
  async verifyRecords (bytes: Uint8Array[]): Promise<DecodedBatch> {
    return await decodeEach(bytes, {}, this.pool)
  }

  /** Listen addresses with /p2p/<peerId>. */
  multiaddrs (): string[] {
    return this.libp2p.getMultiaddrs().map(ma => ma.toString())
  }

  /** Number of peers in our gossip mesh. */
  meshPeers (): number {
    return this.router().getMeshPeers(this.topic).length
  }

  /** Connected peers, one entry per peer. */
  peers (): PeerInfo[] {
    const byPeer = new Map<string, PeerInfo>()
    const router = this.router()
    for (const c of this.libp2p.getConnections()) {
      const id = c.remotePeer.toString()
      const p = byPeer.get(id) ?? { peerId: id, addrs: [], direction: c.direction, score: router.getScore(id), via: 'relay' }
      p.addrs.push(c.remoteAddr.toString())
      if (!Circuit.matches(c.remoteAddr)) p.via = 'direct'
      byPeer.set(id, p)
    }
    return [...byPeer.values()]
  }

  /** Whether others can reach us, through which relays, and how many we relay for. */
  reachability (): ReachabilityInfo {
    const addrs = this.libp2p.getMultiaddrs()
    const relays = addrs.filter(a => Circuit.matches(a)).map(a => a.getComponents().find(c => c.name === 'p2p')?.value ?? '')
    const reachability: Reachability = addrs.some(a => !Circuit.matches(a) && !isPrivate(a)) ? 'public' : relays.length > 0 ? 'private' : 'unknown'
    return { reachability, relays: [...new Set(relays)], relaying: this.libp2p.services.relay?.reservations.size ?? 0 }
  }

  /** Dial a peer by multiaddr (with /p2p/) and keep it in the peer book. */
  async connect (address: string): Promise<void> {
    const ma = parseDialable(address)
    const peer = peerIdFromString(ma.getComponents().findLast(c => c.name === 'p2p')?.value ?? '')
    try {
      await this.libp2p.dial(ma, { signal: AbortSignal.timeout(this.timeoutMs) })
    } catch (err) {
      throw new PeerUnreachableError(address, (err as Error).message)
    }
    await this.book.remember(peer, [ma])
  }

  /** A signed invite to this node, valid for `ttlMs`, with the addresses it can be dialled on now. */
  async invite (ttlMs: number, now = Date.now()): Promise<{ invite: string, addrs: string[], expiresAt: number }> {
    const addrs = inviteAddrs(this.libp2p.getMultiaddrs())
    const expiresAt = now + ttlMs
    const invite = await createInvite({ privateKey: identityToLibp2pPrivateKey(this.identity), namespace: this.namespace, addrs, expiresAt })
    return { invite, addrs: addrs.map(a => a.toString()), expiresAt }
  }

  /**
   * Check an invite (InviteError before anything changes), dial the inviter on its
   * addresses, then remember it as a friend. PeerUnreachableError if no address answers.
   */
  async accept (text: string, now = Date.now()): Promise<Invite & { via: 'direct' | 'relay' }> {
    const invite = await readInvite(text, { namespace: this.namespace, now })
    if (invite.author === this.libp2p.peerId.toString()) throw new InviteError('malformed', 'it is this node\'s own invite; give it to a friend')
    const peer = peerIdFromString(invite.author)
    let via: 'direct' | 'relay'
    try {
      const conn = await this.libp2p.dial(invite.addrs, { signal: AbortSignal.timeout(this.timeoutMs) })
      via = Circuit.matches(conn.remoteAddr) ? 'relay' : 'direct'
    } catch (err) {
      throw new PeerUnreachableError(invite.addrs.join(' '), (err as Error).message)
    }
    await this.book.remember(peer, invite.addrs)
    return { ...invite, via }
  }

  // The GossipSub interface type omits mesh and score queries; the implementation has them.
  private router (): { getMeshPeers: (topic: string) => string[], getScore: (peer: string) => number } {
    return this.libp2p.services.pubsub as unknown as { getMeshPeers: (topic: string) => string[], getScore: (peer: string) => number }
  }

  /** Stop gossip and sync, then the host. Idempotent. */
  async stop (): Promise<void> {
    if (this.stopped) return
    this.stopped = true
    await this.gossip.stop()
    await this.sync.stop()
    this.book.stop()
    this.discovery?.stop()
    await this.libp2p.stop()
    await this.datastore?.close()
    await this.pool?.close()
  }
}

/**
 * The addresses an invite carries, at most the invite's limit: public direct ones first,
 * then relayed, then LAN, loopback last (a friend on this machine still gets one). The
 * accepting node tries them in its own order (dial-order.ts), LAN first when it shares it.
 */
function inviteAddrs (addrs: Multiaddr[]): Multiaddr[] {
  const rank = (a: Multiaddr): number => Circuit.matches(a) ? 1 : !isPrivate(a) ? 0 : a.toString().startsWith('/ip4/127.') || a.toString().startsWith('/ip6/::1/') ? 3 : 2
  return [...addrs].sort((a, b) => rank(a) - rank(b))
}

function parseDialable (address: string): Multiaddr {
  if (typeof address !== 'string' || address === '') throw new BadMultiaddrError(String(address), 'empty')
  let ma: Multiaddr
  try {
    ma = multiaddr(address)
  } catch (err) {
    throw new BadMultiaddrError(address, (err as Error).message)
  }
  const p2p = ma.getComponents().findLast(c => c.name === 'p2p')?.value
  if (p2p === undefined) throw new BadMultiaddrError(address, 'no /p2p/<peerId> part')
  try {
    peerIdFromString(p2p)
  } catch (err) {
    throw new BadMultiaddrError(address, `bad peer id: ${(err as Error).message}`)
  }
  if (!ma.getComponents().some(c => c.name === 'tcp')) throw new BadMultiaddrError(address, 'only TCP addresses are dialable')
  return ma
}
