/**
 * Reachability on real topologies in network namespaces, with the real daemon:
 *
 * the lab's home network (lab.ts homeNetwork: a public relay `pub` in another meritwalk
 * namespace; A and A2 on one LAN behind a NAT; B behind a NAT that forwards its port; C
 * behind a port-randomising NAT).
 *
 * A invites; B and C accept with no address typed. B↔A starts through the relay and
 * DCUtR makes it direct (B's router forwards its port, so A can dial B back); C↔A stays
 * on the relay (nothing to punch through a port-randomising NAT). Records flow both ways
 * over each. A2 finds A on their LAN by mDNS, with no bootstrap. The relay is in another
 * namespace, so it carries no records itself: whatever A, B and C converge on went over
 * their own (relayed or direct) connections. A second lab, built once the first is gone
 * (one lab at a time halves the load), tests discovery through the DHT.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { B_ANNOUNCE, homeNetwork, Lab, labUnavailable, PUBLIC_IP, until, type LabNode } from './lab.js'

const why = labUnavailable()
if (why !== undefined) console.warn(`skipping the network-namespace tests: ${why}`)

const NS = 'lab'
const QUICK = { sync: { intervalMs: 3000, pageSize: 1000, timeoutMs: 5000 } }

interface Peer { peerId: string, via: 'direct' | 'relay', addrs: string[] }
interface Status { records: number, reachability: string, relays: string[], peersVia: { direct: number, relay: number } }

describe.skipIf(why !== undefined)('reachability in network namespaces', () => {
  const lab = new Lab()
  let pub: LabNode
  let a: LabNode
  let a2: LabNode
  let b: LabNode
  let c: LabNode
  let invite: string

  beforeAll(async () => {
    await lab.init()
    const net = homeNetwork(lab)
    pub = await lab.node('pub', net.pub, { namespace: 'relay', config: { ...QUICK, network: { relayReserve: false } } })
    const bootstrap = [`/ip4/${PUBLIC_IP}/tcp/4001/p2p/${pub.author}`]
    ;[a, a2, b, c] = await Promise.all([
      lab.node('a', net.a, { namespace: NS, bootstrap, config: QUICK }),
      lab.node('a2', net.a2, { namespace: NS, config: QUICK }),
      lab.node('b', net.b, { namespace: NS, bootstrap, config: { ...QUICK, network: { announce: [B_ANNOUNCE] } } }),
      lab.node('c', net.c, { namespace: NS, bootstrap, config: QUICK })
    ])
  }, 400_000)

  afterAll(async () => { await lab.close() }, 60_000)

  it('A behind NAT reserves a slot on the public relay and invites with the relayed address', async () => {
    const s = await until('a relay reservation on pub', async () => {
      const st = await a.json<Status>(['status'])
      return st.relays.includes(pub.author) ? st : undefined
    })
    expect(s.reachability).toBe('private')
    const made = await a.json<{ invite: string, addrs: string[] }>(['invite'])
    expect(made.addrs.some(m => m.includes(`/p2p/${pub.author}/p2p-circuit/p2p/${a.author}`))).toBe(true)
    invite = made.invite
    // Authored before anyone accepts: reaches the friends by sync.
    expect((await a.cli(['play', 'lab:from-a', '--count', '3'])).code).toBe(0)
  }, 90_000)

  it('B accepts: through the relay, DCUtR makes it direct, and records flow both ways', async () => {
    const accepted = await b.json<{ author: string, via: string, trusted: boolean }>(['accept', invite, '--trust', '1'])
    expect(accepted).toMatchObject({ author: a.author, trusted: true })
    const direct = await until('DCUtR to upgrade B↔A to a direct connection', async () => {
      const peer = (await b.json<Peer[]>(['peers'])).find(p => p.peerId === a.author)
      return peer?.via === 'direct' ? peer : undefined
    })
    expect(direct.addrs.some(m => !m.includes('/p2p-circuit'))).toBe(true)
    expect((await b.cli(['play', 'lab:from-b', '--count', '2'])).code).toBe(0)
    // A: its play; B: its trust and play — all three on both.
    await until('A and B to converge', async () => (await a.json<Status>(['status'])).records === 3 && (await b.json<Status>(['status'])).records === 3 ? true : undefined)
  }, 120_000)

  it('C behind a port-randomising NAT stays on the relay and still converges both ways', async () => {
    const accepted = await c.json<{ via: string }>(['accept', invite])
    expect(accepted.via).toBe('relay')
    expect((await c.cli(['play', 'lab:from-c'])).code).toBe(0)
    await until('A and C to converge', async () => (await a.json<Status>(['status'])).records === 4 && (await c.json<Status>(['status'])).records === 4 ? true : undefined)
    const peer = (await c.json<Peer[]>(['peers'])).find(p => p.peerId === a.author)
    expect(peer?.via).toBe('relay')
    expect(peer?.addrs.every(m => m.includes('/p2p-circuit'))).toBe(true)
  }, 120_000)

  // libp2p only files what mDNS finds; the node dials it (node/host.ts dialWhenFound).
  it('A2 on A\'s LAN finds A by mDNS with no bootstrap', async () => {
    const peer = await until('A2 to find A on the LAN', async () => (await a2.json<Peer[]>(['peers'])).find(p => p.peerId === a.author))
    expect(peer.via).toBe('direct')
    expect(peer.addrs.some(m => m.startsWith('/ip4/10.1.0.2/'))).toBe(true)
  }, 90_000)
})

/*
 * Namespace discovery through the DHT, in the lab's home network (lab.ts homeNetwork):
 * two public nodes of the namespace (DHT servers: their addresses are public) and two home
 * nodes behind separate NATs, each bootstrapped with a different public node and told
 * nothing of the other. A provides the namespace key; C looks it up, finds A, dials it
 * (through the relay A reserved on) and receives A's records: no invite, no address typed.
 */
const DHT_NS = 'dhtlab'
const SECOND_PUBLIC_IP = '198.20.0.11'

describe.skipIf(why !== undefined)('namespace discovery through the DHT', () => {
  const lab = new Lab()
  let a: LabNode
  let c: LabNode

  beforeAll(async () => {
    await lab.init()
    const net = homeNetwork(lab)
    const d2ns = lab.ns('d2')
    lab.link(d2ns, 'eth0', net.inet, 'd20', `${SECOND_PUBLIC_IP}/24`)
    lab.enslave(net.inet, 'd20')
    // Public nodes announce their address, as their operators would: libp2p trusts a public
    // address it merely listens on only once AutoNAT confirms it, which needs more peers
    // than this lab has; with no public address the DHT stays in client mode.
    const d1 = await lab.node('d1', net.pub, { namespace: DHT_NS, config: { network: { relayReserve: false, announce: [`/ip4/${PUBLIC_IP}/tcp/4001`] } } })
    const d2 = await lab.node('d2', d2ns, { namespace: DHT_NS, bootstrap: [`/ip4/${PUBLIC_IP}/tcp/4001/p2p/${d1.author}`], config: { network: { relayReserve: false, announce: [`/ip4/${SECOND_PUBLIC_IP}/tcp/4001`] } } })
    a = await lab.node('a', net.a, { namespace: DHT_NS, bootstrap: [`/ip4/${PUBLIC_IP}/tcp/4001/p2p/${d1.author}`] })
    expect((await a.cli(['play', 'lab:dht-from-a'])).code).toBe(0)
    // A's first discovery round (20 s after start) provides the namespace key before C's
    // first round looks it up.
    await new Promise(resolve => setTimeout(resolve, 25_000))
    c = await lab.node('c', net.c, { namespace: DHT_NS, bootstrap: [`/ip4/${SECOND_PUBLIC_IP}/tcp/4001/p2p/${d2.author}`] })
  }, 300_000)

  afterAll(async () => { await lab.close() }, 60_000)

  it('C finds A as a provider of the namespace, connects and receives its records', async () => {
    const peer = await until('C to find and connect to A', async () => (await c.json<Peer[]>(['peers'])).find(p => p.peerId === a.author), 90_000)
    expect(['direct', 'relay']).toContain(peer.via)
    // A's play is the only record in the namespace.
    await until('C to hold A\'s play', async () => (await c.json<{ records: number }>(['status'])).records === 1 ? true : undefined, 60_000)
  }, 200_000)
})
