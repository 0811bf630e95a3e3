/** `node.*`: who this daemon is, how it is doing, and its peers. */
import { defineMethod } from '../method.js'
import { nameBook } from './names.js'

const identity = defineMethod({
  name: 'node.identity',
  describe: 'The person behind this node: author id (= libp2p PeerId), signed display name, listen multiaddrs with /p2p/, RPC address.',
  params: {},
  handler: async (_p, { daemon, rpc }) => ({
    author: daemon.ego,
    displayName: daemon.edges.displayName(daemon.ego) ?? null,
    peerId: daemon.ego,
    multiaddrs: daemon.multiaddrs(),
    rpc
  })
})

const status = defineMethod({
  name: 'node.status',
  describe: 'Daemon health: peers, records, authors, equivocators, uptime, counters, ranking graph size; the person\'s signed display name.',
  params: {},
  handler: async (_p, { daemon, rpc }) => ({ ...daemon.status(), displayName: daemon.edges.displayName(daemon.ego) ?? null, graph: daemon.engine.stats(), rpc })
})

const peers = defineMethod({
  name: 'node.peers',
  describe: 'Connected peers with their addresses, how each is reached (via direct or relay) and what the person calls them (name fields).',
  params: {},
  handler: async (_p, { daemon }) => {
    const names = nameBook(daemon)
    return daemon.peers().map(p => names.with(p, 'peerId'))
  }
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

/** Longest invite lifetime: an invite is a bearer ticket to this node's addresses; keep leaks short-lived. */
export const MAX_INVITE_HOURS = 24 * 30

const invite = defineMethod({
  name: 'node.invite',
  describe: 'A signed invite to this node (author id, namespace, dialable multiaddrs incl. relayed ones, expiry) for a friend\'s node.accept.',
  params: {
    ttlHours: { type: 'number', min: 0.01, max: MAX_INVITE_HOURS, optional: true, describe: `hours the invite stays valid, in [0.01, ${MAX_INVITE_HOURS}] (default 168, a week)` }
  },
  handler: async ({ ttlHours }, { daemon }) => {
    const made = await daemon.invite((ttlHours ?? 168) * 3_600_000)
    return { invite: made.invite, author: daemon.ego, namespace: daemon.config.namespace, addrs: made.addrs, expiresAt: new Date(made.expiresAt).toISOString() }
  }
})

const accept = defineMethod({
  name: 'node.accept',
  describe: 'Accept a friend\'s invite: check it, dial its author, remember the peer; with trust, also trust the author.',
  params: {
    invite: { type: 'string', maxLength: 4096, describe: 'the text node.invite returned (starts with mw1)' },
    trust: { type: 'number', min: Number.MIN_VALUE, max: 1, optional: true, describe: 'trust the inviter with this weight in (0, 1]' }
  },
  handler: async ({ invite, trust }, { daemon }) => await daemon.accept(invite, trust)
})

export const nodeMethods = [identity, status, peers, connect, invite, accept] as const
