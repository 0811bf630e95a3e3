/**
 * The peer book: which peers a node keeps calling. libp2p's peer store (on the LevelDB
 * datastore in the data directory) holds the peers and their addresses; this module tags
 * the ones that matter and redials them.
 *
 * - `known`: a peer whose identify listed our namespace's sync protocol (a meritwalk node).
 * - `friend`: a peer whose invite this node accepted (or dialled by `connect`).
 * - `trusted`: a peer whose author the person trusts (positive trust record).
 *
 * Tag values rank peers when the node is over its connection limit: trusted peers outrank
 * anything gossipsub or the DHT give a fresh peer. libp2p's own pruner never closes a
 * connection with a gossipsub stream on it (so in meritwalk it closes nothing), and inbound
 * connections are refused at the limit before the peer is known: a flood of fresh peers
 * could fill every slot and keep a trusted friend out. So the book redials trusted and
 * known peers itself (outbound dials pass the limit) and then closes the lowest-ranked,
 * newest connections until the node is back at its limit: an eclipse by new peers ends
 * with their connections closed, never the trusted ones. Redials back off exponentially
 * with full jitter, forever (libp2p's reconnect queue gives up after five tries and then
 * forgets the peer, which a friend's week offline would defeat).
 */
import { KEEP_ALIVE, type Libp2p, type PeerId, type Peer } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { Logger } from 'pino'

export const PEER_TAGS = {
  known: { name: 'meritwalk-known', value: 5 },
  friend: { name: 'meritwalk-friend', value: 50 },
  trusted: { name: 'meritwalk-trusted', value: 100 }
} as const

/**
 * libp2p caps one tag at 100 and prunes by the sum of a peer's tags; a fresh peer can
 * collect 151 (gossipsub mesh 100, DHT closest 50, DHT table 1). Trust is therefore given
 * under two tag names (200), so no stranger outranks a trusted peer.
 */
const TRUSTED_NAMES = [PEER_TAGS.trusted.name, `${PEER_TAGS.trusted.name}-2`]

/** Backoff of redials: first after ~1 s, doubling up to 5 min, each delay drawn uniformly from [0, cap]. */
export const RECONNECT = { baseMs: 1000, maxMs: 300_000, maxPeers: 64 } as const

type BookHost = Pick<Libp2p, 'peerStore' | 'dial' | 'getConnections' | 'addEventListener' | 'removeEventListener' | 'peerId'>

/** Pause after a connection opens before trimming to the limit, so a burst is judged at once. */
const TRIM_DELAY_MS = 200

interface Redial { attempt: number, timer?: NodeJS.Timeout }

export class PeerBook {
  private readonly redials = new Map<string, Redial>()
  private trusted = new Set<string>()
  private stopped = false
  private trimTimer: NodeJS.Timeout | undefined
  /** Connections closed to get back under the limit. */
  pruned = 0

  constructor (private readonly host: BookHost, private readonly syncProtocol: string, private readonly maxConnections: number,
    private readonly log: Logger, private readonly random: () => number = Math.random) {}

  private readonly onIdentify = (evt: CustomEvent<{ peerId: PeerId, protocols: string[] }>): void => {
    if (!evt.detail.protocols.includes(this.syncProtocol)) return
    this.tag(evt.detail.peerId, 'known').catch(err => { this.log.debug({ err }, 'could not tag a known peer') })
  }

  private readonly onConnect = (evt: CustomEvent<PeerId>): void => {
    const r = this.redials.get(evt.detail.toString())
    if (r !== undefined) {
      clearTimeout(r.timer)
      this.redials.delete(evt.detail.toString())
    }
    if (this.host.getConnections().length > this.maxConnections && this.trimTimer === undefined) {
      this.trimTimer = setTimeout(() => {
        this.trimTimer = undefined
        this.trim().catch(err => { this.log.debug({ err }, 'trimming connections failed') })
      }, TRIM_DELAY_MS)
      this.trimTimer.unref()
    }
  }

  private readonly onDisconnect = (evt: CustomEvent<PeerId>): void => {
    void this.maybeRedial(evt.detail)
  }

  /** Listen for peers, then redial every known peer (after a restart: the whole book). */
  async start (): Promise<void> {
    this.host.addEventListener('peer:identify', this.onIdentify)
    this.host.addEventListener('peer:connect', this.onConnect)
    this.host.addEventListener('peer:disconnect', this.onDisconnect)
    for (const peer of await this.booked()) this.schedule(peer.id, 0)
  }

  stop (): void {
    this.stopped = true
    this.host.removeEventListener('peer:identify', this.onIdentify)
    this.host.removeEventListener('peer:connect', this.onConnect)
    this.host.removeEventListener('peer:disconnect', this.onDisconnect)
    for (const r of this.redials.values()) clearTimeout(r.timer)
    this.redials.clear()
    clearTimeout(this.trimTimer)
  }

  /** Close the lowest-ranked connections (newest first among equals) until back at the limit; trusted peers never. */
  private async trim (): Promise<void> {
    const conns = this.host.getConnections()
    const excess = conns.length - this.maxConnections
    if (this.stopped || excess <= 0) return
    const value = new Map<string, number>()
    const kept = new Set(this.trusted)
    for (const c of conns) {
      const id = c.remotePeer.toString()
      if (value.has(id)) continue
      const tags = await this.host.peerStore.get(c.remotePeer).then(p => p.tags, () => new Map<string, { value: number }>())
      value.set(id, [...tags.values()].reduce((sum, t) => sum + t.value, 0))
      // A relay holding our reservation is tagged keep-alive: closing it would make us unreachable.
      if ([...tags.keys()].some(k => k.startsWith(KEEP_ALIVE))) kept.add(id)
    }
    const victims = conns
      .filter(c => !kept.has(c.remotePeer.toString()))
      .sort((a, b) => (value.get(a.remotePeer.toString()) ?? 0) - (value.get(b.remotePeer.toString()) ?? 0) || b.timeline.open - a.timeline.open)
      .slice(0, excess)
    this.pruned += victims.length
    this.log.debug({ closing: victims.length, connections: conns.length, max: this.maxConnections }, 'over the connection limit')
    await Promise.all(victims.map(async c => { await c.close().catch(err => { c.abort(err as Error) }) }))
  }

  /** Remember a peer and its addresses as a friend (an accepted invite). */
  async remember (peer: PeerId, addrs: Multiaddr[]): Promise<void> {
    await this.host.peerStore.merge(peer, { multiaddrs: addrs, tags: { [PEER_TAGS.friend.name]: { value: PEER_TAGS.friend.value } } })
  }

  /** The authors the person trusts now: their peers get the trusted tag, others lose it. */
  async setTrusted (authors: Iterable<string>): Promise<void> {
    const next = new Set(authors)
    const changed: Array<[string, boolean]> = [
      ...[...next].filter(a => !this.trusted.has(a)).map((a): [string, boolean] => [a, true]),
      ...[...this.trusted].filter(a => !next.has(a)).map((a): [string, boolean] => [a, false])
    ]
    this.trusted = next
    for (const [author, on] of changed) {
      let peer: PeerId
      try {
        peer = peerIdFromString(author)
      } catch {
        continue
      }
      if (peer.equals(this.host.peerId)) continue
      const tag = on ? { value: PEER_TAGS.trusted.value } : undefined
      await this.host.peerStore.merge(peer, { tags: Object.fromEntries(TRUSTED_NAMES.map(n => [n, tag])) })
    }
  }

  /** Peers the book keeps calling, most valuable first, at most RECONNECT.maxPeers. */
  async booked (): Promise<Peer[]> {
    const ours = Object.values(PEER_TAGS).map(t => t.name)
    const peers = await this.host.peerStore.all({ filters: [p => ours.some(t => p.tags.has(t))] })
    const value = (p: Peer): number => ours.reduce((sum, t) => sum + (p.tags.get(t)?.value ?? 0), 0)
    return peers.sort((a, b) => value(b) - value(a)).slice(0, RECONNECT.maxPeers)
  }

  private async tag (peer: PeerId, which: keyof typeof PEER_TAGS): Promise<void> {
    const t = PEER_TAGS[which]
    await this.host.peerStore.merge(peer, { tags: { [t.name]: { value: t.value } } })
  }

  private async maybeRedial (peer: PeerId): Promise<void> {
    if (this.stopped || this.connected(peer)) return
    try {
      const p = await this.host.peerStore.get(peer)
      if (!Object.values(PEER_TAGS).some(t => p.tags.has(t.name))) return
    } catch {
      return
    }
    this.schedule(peer, 1)
  }

  private schedule (peer: PeerId, attempt: number): void {
    const key = peer.toString()
    if (this.stopped || this.redials.get(key)?.timer !== undefined) return
    const cap = attempt === 0 ? RECONNECT.baseMs : Math.min(RECONNECT.maxMs, RECONNECT.baseMs * 2 ** attempt)
    const r: Redial = { attempt }
    r.timer = setTimeout(() => {
      r.timer = undefined
      if (this.stopped || this.connected(peer)) { this.redials.delete(key); return }
      this.host.dial(peer, { signal: AbortSignal.timeout(10_000) }).then(() => {
        this.redials.delete(key)
      }, err => {
        this.log.debug({ peer: key, attempt, err: (err as Error).message }, 'redial failed')
        this.redials.delete(key)
        this.schedule(peer, attempt + 1)
      })
    }, Math.floor(this.random() * cap))
    r.timer.unref()
    this.redials.set(key, r)
  }

  private connected (peer: PeerId): boolean {
    return this.host.getConnections(peer).length > 0
  }
}
