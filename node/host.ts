/**
 * The libp2p host: TCP + noise + yamux + identify (+ bootstrap), and gossipsub configured
 * for meritwalk — unsigned envelopes (every record carries its own author signature, so a
 * second signature per message would only cost CPU), content-addressed message ids, and
 * peer scoring that punishes invalid messages hard and nothing else.
 */
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { bootstrap } from '@libp2p/bootstrap'
import { gossipsub, type GossipSub } from '@libp2p/gossipsub'
import { createPeerScoreParams, createTopicScoreParams } from '@libp2p/gossipsub/score'
import { identify } from '@libp2p/identify'
import { memory } from '@libp2p/memory'
import { tcp } from '@libp2p/tcp'
import { createLibp2p, type Libp2p } from 'libp2p'
import type { PrivateKey } from '@libp2p/interface'
import type { Identify } from '@libp2p/identify'

/** The services every meritwalk host runs. */
export type HostServices = { identify: Identify, pubsub: GossipSub }
export type Host = Libp2p<HostServices>

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
  return createLibp2p<HostServices>({
    privateKey: init.privateKey,
    start: false,
    addresses: { listen: init.listen },
    transports: inProcess ? [tcp(), memory()] : [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    peerDiscovery: init.bootstrap.length > 0 ? [bootstrap({ list: init.bootstrap, timeout: 0 })] : [],
    services: {
      identify: identify(),
      pubsub: gossipsub({
        globalSignaturePolicy: 'StrictNoSign',
        emitSelf: false,
        allowPublishToZeroTopicPeers: true,
        ignoreDuplicatePublishError: true,
        heartbeatInterval: init.heartbeatMs ?? 700,
        // Headroom for the RPC envelope around the largest message we accept.
        maxInboundDataLength: init.maxMessageBytes + 1024,
        allowedTopics: [init.topic],
        ...scoreParams(init.topic)
      })
    }
  })
}
