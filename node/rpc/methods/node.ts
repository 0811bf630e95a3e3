/** `node.*`: who this daemon is, how it is doing, and its peers. */
import { defineMethod } from '../method.js'

const identity = defineMethod({
  name: 'node.identity',
  describe: 'The person behind this node: author id (= libp2p PeerId), listen multiaddrs with /p2p/, RPC address.',
  params: {},
  handler: async (_p, { daemon, rpc }) => ({
    author: daemon.ego,
    peerId: daemon.ego,
    multiaddrs: daemon.multiaddrs(),
    rpc
  })
})

const status = defineMethod({
  name: 'node.status',
  describe: 'Daemon health: peers, records, authors, equivocators, uptime, counters, ranking graph size.',
  params: {},
  handler: async (_p, { daemon, rpc }) => ({ ...daemon.status(), graph: daemon.engine.stats(), rpc })
})

const peers = defineMethod({
  name: 'node.peers',
  describe: 'Connected peers with their addresses.',
  params: {},
  handler: async (_p, { daemon }) => daemon.peers()
})

const connect = defineMethod({
  name: 'node.connect',
  describe: 'Dial a peer by multiaddr (with /p2p/<peerId>); resolves once connected.',
  params: {
    multiaddr: { type: 'string', maxLength: 1024, describe: 'a multiaddr starting with /, e.g. /ip4/127.0.0.1/tcp/7718/p2p/12D3KooW…', check: v => v.startsWith('/') ? undefined : 'must be a multiaddr starting with /' }
  },
  handler: async ({ multiaddr }, { daemon }) => {
    await daemon.connect(multiaddr)
    return { connected: true, peers: daemon.peers().length }
  }
})

export const nodeMethods = [identity, status, peers, connect] as const
