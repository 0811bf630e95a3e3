/**
 * The meritwalk node: a daemon that ties the record store, the network (libp2p gossip and
 * sync) and the ranking engine together. Plugins (the RPC server) start last and stop first.
 */
import type { Logger } from 'pino'
import type { MeritwalkConfig } from '../src/config.js'
import type { AuthorId, EdgeState, Identity, LocalAuthor, RecordStore, SignatureBackend, StorageHealth } from '../src/index.js'
import type { RankingThread } from './ranking-thread.js'
import type { NodeCounters } from './counters.js'
import type { DecodedBatch } from './decode.js'
import type { PeerInfo, Reachability, ReachabilityInfo } from './network.js'
import type { PersonalControls } from './controls.js'
import type { ImportLedger } from './import-ledger.js'

/** A subsystem started with the daemon (after the network) and stopped before it. */
export interface DaemonPlugin { name: string, start (d: Daemon): Promise<{ stop (): Promise<void> }> }

/** Options of startDaemon. */
export interface StartDaemonOptions {
  /** Started last, in order; stopped first, in reverse. @default [] */
  plugins?: DaemonPlugin[]
  /** pino-compatible logger. @default pino at config.logLevel, to stderr */
  logger?: Logger
  /** Gossipsub heartbeat, ms (tests shorten it). @default 700 */
  heartbeatMs?: number
}

/** What status() reports. */
export interface DaemonStatus {
  author: AuthorId
  peerId: string
  namespace: string
  multiaddrs: string[]
  peers: number
  /** Connected peers by how they are reached: directly, or only through a relay. */
  peersVia: { direct: number, relay: number }
  /** How others reach this node: public, private (through a relay only) or unknown. */
  reachability: Reachability
  /** Relays holding a reservation for this node (peer ids). */
  relays: string[]
  /** Reservations this node holds for others as a relay. */
  relaying: number
  /** Peers in this node's gossip mesh for the namespace topic. */
  meshPeers: number
  /** Linked records in the store. */
  records: number
  /** Authors with at least one record. */
  authors: number
  /** Authors proven to have equivocated. */
  equivocators: number
  /** Records received out of order, waiting for their gap. */
  pending: number
  /** 'full' while the store's disk has no room (writes answer STORAGE_FULL; they resume by themselves once space is freed). */
  storage: StorageHealth
  /** The Ed25519 implementation verifying records: libsodium, or node:crypto (about half as fast) where its binding does not load. */
  signatures: SignatureBackend
  uptimeMs: number
  counters: NodeCounters
}

/** A running node. */
export interface Daemon {
  readonly config: MeritwalkConfig
  readonly identity: Identity
  readonly store: RecordStore
  /** Own records: appended, then published on gossip automatically. */
  readonly author: LocalAuthor
  /** Current edge state (item titles: edges.itemMeta(item)). */
  readonly edges: EdgeState
  /** Live ranking engine, updated incrementally as records arrive; its `…OffLoop` queries run on a worker thread. */
  readonly engine: RankingThread
  /** The person's local choices: mutes, "not interested", private interactions, petnames (never published). */
  readonly controls: PersonalControls
  /** Per service, the play counts its imported history contributed (re-imports replace, not add). */
  readonly imports: ImportLedger
  /**
   * Pull this node's own author's records that connected peers hold beyond our head (done
   * before every signing until one peer has answered; a key restore calls it too). True
   * once a peer has answered; false when no peer could be asked.
   */
  catchUpOwnHead (): Promise<boolean>
  /** This node's author id (= identity.author = the libp2p PeerId). */
  readonly ego: AuthorId
  /** Listen addresses with /p2p/<peerId>. */
  multiaddrs (): string[]
  /** Connected peers. */
  peers (): PeerInfo[]
  /** Dial a peer; BadMultiaddrError or PeerUnreachableError. */
  connect (multiaddr: string): Promise<void>
  /** A signed invite to this node valid for `ttlMs` (text, the addresses in it, expiry ms). */
  invite (ttlMs: number): Promise<{ invite: string, addrs: string[], expiresAt: number }>
  /** Check an invite (InviteError, nothing changed), dial its author, remember it, and trust it with weight `trust` if given. */
  accept (invite: string, trust?: number): Promise<{ author: string, addrs: string[], via: 'direct' | 'relay', trusted: boolean }>
  /** Reachability, relays holding reservations for us, reservations we hold. */
  reachability (): ReachabilityInfo
  /** Run a sync round with every connected peer now; resolves when all sessions are done. */
  syncNow (): Promise<void>
  /** Decode and verify records from outside (imports), each on its own merits, on the verification workers. */
  verifyRecords (bytes: Uint8Array[]): Promise<DecodedBatch>
  status (): DaemonStatus
  /** Idempotent: plugins → gossip/sync → libp2p → store → lock. */
  stop (): Promise<void>
}

export { startDaemon } from './daemon.js'
export { installSignalHandlers } from './signals.js'
export type { NodeCounters } from './counters.js'
export type { PeerInfo, Reachability, ReachabilityInfo } from './network.js'
export { InviteError } from './invite.js'
export { PersonalControls, SelfMuteError, type Choice, type PrivateEntry } from './controls.js'
export { ControlsCorruptError } from './controls-file.js'
export { ImportLedger, ImportLedgerCorruptError } from './import-ledger.js'
export type { DecodedBatch } from './decode.js'
export * from './errors.js'
export { decodeGossipBatch, encodeGossipBatch, packGossipBatches, validateGossipMessage, gossipTopic, type GossipLimits, type Validation, type Verdict } from './gossip/index.js'
export { decodeSyncRequest, decodeSyncResponse, encodeSyncFrame, type SyncRequest, type SyncResponse, type SyncLimits, type HeadEntry, type RangeWant } from './sync/codec.js'
export { SYNC_PROTOCOL_LIMITS, syncProtocol } from './sync/index.js'
export { SESSION_MAX_REQUESTS } from './sync/client.js'
