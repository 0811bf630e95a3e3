/**
 * The libp2p host: TCP (+ circuit relay v2) + noise + yamux + identify, gossipsub
 * configured for meritwalk — unsigned envelopes (every record carries its own author
 * signature, so a second signature per message would only cost CPU), content-addressed
 * message ids, and peer scoring that punishes invalid messages hard and nothing else — and
 * the reachability parts, each one config switch (config.network): bootstrap, mDNS, a
 * Kademlia DHT under a meritwalk prefix, AutoNAT v2, a bounded relay server, DCUtR hole
 * punching and UPnP. Known peers persist in a LevelDB datastore (the peer book).
 */
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { autoNATv2 } from '@libp2p/autonat-v2'
import { bootstrap } from '@libp2p/bootstrap'
import { circuitRelayServer, circuitRelayTransport, type CircuitRelayService } from '@libp2p/circuit-relay-v2'
import { dcutr } from '@libp2p/dcutr'
import { gossipsub, type GossipSub } from '@libp2p/gossipsub'
import { createPeerScoreParams, createTopicScoreParams } from '@libp2p/gossipsub/score'
import { identify } from '@libp2p/identify'
import { memory } from '@libp2p/memory'
import { kadDHT, type KadDHT } from '@libp2p/kad-dht'
import { mdns } from '@libp2p/mdns'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { uPnPNAT } from '@libp2p/upnp-nat'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p, type Libp2p } from 'libp2p'
import type { PeerDiscovery, PrivateKey } from '@libp2p/interface'
import type { Identify } from '@libp2p/identify'
import type { LevelDatastore } from 'datastore-level'
import type { NetworkConfig } from '../src/config.js'
import { dialOrder, localSubnets } from './dial-order.js'

/** The services a meritwalk host runs; the optional ones follow config.network. */
export type HostServices = { identify: Identify, pubsub: GossipSub, ping: unknown, dht?: KadDHT, relay?: CircuitRelayService }
export type Host = Libp2p<HostServices>

/** The DHT protocol of a namespace: meritwalk nodes form their own DHT, apart from IPFS's. */
export function dhtProtocol (namespace: string): string {
  return `/meritwalk/${namespace}/kad/1.0.0`
}

/** The circuit listen address that makes the relay transport reserve a slot on a relay peer. */
export const RELAY_LISTEN = '/p2p-circuit'

// A peer's addresses in the peer book outlive a restart of a week or two (libp2p's default
// forgets them after an hour, which would leave a restarted node nobody to call).
const PEER_BOOK_AGE_MS = 30 * 86_400_000

/** Host options, from the node configuration. */
export interface HostInit {
  privateKey: PrivateKey
  /** Listen multiaddrs. */
  listen: string[]
  /** Multiaddrs (with /p2p/) dialled at start. */
  bootstrap: string[]
  /** The gossip topic, for its score parameters. */
  topic: string
  /** Largest gossip message, bytes. */
  maxMessageBytes: number
  /** Gossipsub heartbeat, ms. @default 700 */
  heartbeatMs?: number
  /**
   * Reachability parts and where the peer book lives; without it a bare host (TCP, gossip,
   * an in-memory peer store), as tests' hand-made peers and attackers use.
   */
  reach?: { namespace: string, network: NetworkConfig, datastore?: LevelDatastore }
}

const BARE: NetworkConfig = {
  mdns: false,
  dht: false,
  autonat: false,
  relayReserve: false,
  relayServe: false,
  relayMaxReservations: 0,
  relayMaxCircuitBytes: 0,
  relayMaxCircuitSeconds: 0,
  holePunch: false,
  upnp: false,
  announce: [],
  maxConnections: 300
}

/** True when some listen address can be reached from outside this machine (not loopback). */
export function listensBeyondLoopback (listen: string[]): boolean {
  return listen.some(a => {
    const host = multiaddr(a).getComponents().find(c => c.name === 'ip4' || c.name === 'ip6')?.value
    return host !== undefined && !host.startsWith('127.') && host !== '::1'
  })
}

// Gossipsub's default score parameters assume a busy topic: with a mesh-delivery quota, a
// quiet network would score every honest peer down, and time in the mesh (counted per ms)
// earns thousands of points that hide any penalty. Here good behaviour earns at most +20
// (+10 for a long stay in the mesh, +10 for first deliveries) and each invalid message
// costs 20 · n², so the third one puts a peer below the graylist threshold (−80) whatever
// it earned. The count decays by 1% a second (a half-life of about 70 s).
function scoreParams (topic: string): Parameters<typeof gossipsub>[0] {
  return {
    scoreParams: createPeerScoreParams({
      topics: {
        [topic]: createTopicScoreParams({
          topicWeight: 1,
          timeInMeshWeight: 0.01,
          timeInMeshQuantum: 1000,
          timeInMeshCap: 1000,
          firstMessageDeliveriesWeight: 0.1,
          firstMessageDeliveriesCap: 100,
          meshMessageDeliveriesWeight: 0,
          meshFailurePenaltyWeight: 0,
          invalidMessageDeliveriesWeight: -20,
          invalidMessageDeliveriesDecay: 0.99
        })
      },
      // Loopback peers are our own tests and local deployments, not a colocated Sybil farm.
      IPColocationFactorWhitelist: new Set(['127.0.0.1', '::1'])
    }),
    scoreThresholds: { gossipThreshold: -10, publishThreshold: -50, graylistThreshold: -80 }
  }
}

/**
 * Create (but do not start) a host. A `/memory/…` listen address adds libp2p's in-process
 * transport: the N-node harness (bench/swarm.ts) runs hundreds of real nodes in one process
 * that way, without a socket per connection.
 */
export async function createHost (init: HostInit): Promise<Host> {
  const inProcess = init.listen.some(a => a.startsWith('/memory/'))
  const net = init.reach?.network ?? BARE
  const namespace = init.reach?.namespace ?? ''
  const lan = listensBeyondLoopback(init.listen)
  const peerDiscovery: Array<(components: any) => PeerDiscovery> = []
  if (init.bootstrap.length > 0) peerDiscovery.push(bootstrap({ list: init.bootstrap, timeout: 0 }))
  // A loopback-only node (the default install) has nothing to offer the LAN: it sends no
  // multicast at all, so it does not reveal its peer id there either.
  let host: Host | undefined
  if (net.mdns && lan) peerDiscovery.push(dialWhenFound(mdns({ serviceTag: `_meritwalk-${namespace}._udp.local` }), () => host))
  const services: Record<string, unknown> = {
    identify: identify(),
    ping: ping(),
    pubsub: gossipsub({
      globalSignaturePolicy: 'StrictNoSign',
      emitSelf: false,
      allowPublishToZeroTopicPeers: true,
      ignoreDuplicatePublishError: true,
      heartbeatInterval: init.heartbeatMs ?? 700,
      // Headroom for the RPC envelope around the largest message we accept.
      maxInboundDataLength: init.maxMessageBytes + 1024,
      allowedTopics: [init.topic],
      // Records flow over relayed connections until (or unless) DCUtR makes them direct;
      // the relay's own data and time limits bound what that costs the relay.
      runOnLimitedConnection: true,
      ...scoreParams(init.topic)
    })
  }
  // The DHT and AutoNAT, like relaying below, only mean something off loopback: on loopback
  // no node is publicly reachable, so every DHT node would be a client with nobody to ask.
  if (net.dht && lan) {
    services.dht = kadDHT({
      protocol: dhtProtocol(namespace),
      // A node answers DHT queries once AutoNAT finds it publicly reachable (libp2p's
      // automatic mode); until then it only asks, so unreachable nodes pollute no tables.
      clientMode: undefined,
      logPrefix: 'meritwalk:dht',
      datastorePrefix: '/meritwalk-dht',
      metricsPrefix: 'meritwalk_dht'
    })
  }
  if (net.autonat && lan) services.autoNAT = autoNATv2()
  // Whoever reaches a loopback relay reaches us directly.
  if (net.relayServe && lan) {
    services.relay = circuitRelayServer({
      reservations: {
        maxReservations: net.relayMaxReservations,
        defaultDataLimit: BigInt(net.relayMaxCircuitBytes),
        defaultDurationLimit: net.relayMaxCircuitSeconds * 1000
      }
    })
  }
  if (net.holePunch) services.dcutr = dcutr()
  if (net.upnp) services.upnp = uPnPNAT({ portMappingDescription: `meritwalk ${namespace}` })
  host = await createLibp2p<HostServices>({
    privateKey: init.privateKey,
    start: false,
    ...(init.reach?.datastore === undefined ? {} : { datastore: init.reach.datastore, peerStore: { maxAddressAge: PEER_BOOK_AGE_MS, maxPeerAge: PEER_BOOK_AGE_MS } }),
    addresses: {
      listen: net.relayReserve && lan ? [...init.listen, RELAY_LISTEN] : init.listen,
      appendAnnounce: net.announce
    },
    connectionManager: { maxConnections: net.maxConnections, addressSorter: dialOrder(localSubnets()) },
    transports: [tcp(), ...(inProcess ? [memory()] : []), ...(init.reach === undefined ? [] : [circuitRelayTransport()])],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    peerDiscovery,
    services: services as any
  })
  return host
}

/**
 * libp2p only files a discovered peer in its peer store; it dials nobody. mDNS answers come
 * from nodes of our own namespace (the service tag names it) on our own LAN, which are the
 * peers worth a connection, so each one found unconnected is dialled. A failed dial is
 * retried when the next query (every 10 s) finds the peer again.
 */
function dialWhenFound (discovery: (components: any) => PeerDiscovery, host: () => Host | undefined): (components: any) => PeerDiscovery {
  return components => {
    const found = discovery(components)
    found.addEventListener('peer', evt => {
      const { id, multiaddrs } = evt.detail
      const h = host()
      if (h === undefined || h.getConnections(id).length > 0 || multiaddrs.length === 0) return
      h.dial(multiaddrs.map(m => m.encapsulate(`/p2p/${id.toString()}`))).catch(() => {}) // found again at the next query
    })
    return found
  }
}
