/**
 * Namespace discovery through the DHT, in the lab's home network (lab.ts homeNetwork):
 * two public nodes of the namespace (DHT servers: their addresses are public) and two home
 * nodes behind separate NATs, each bootstrapped with a different public node and told
 * nothing of the other. A provides the namespace key; C looks it up, finds A, dials it
 * (through the relay A reserved on) and receives A's records: no invite, no address typed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { homeNetwork, Lab, labUnavailable, PUBLIC_IP, until, type LabNode } from './lab.js'

const why = labUnavailable()
if (why !== undefined) console.warn(`skipping the network-namespace tests: ${why}`)

const NS = 'dhtlab'
const SECOND_PUBLIC_IP = '198.20.0.11'

interface Peer { peerId: string, via: 'direct' | 'relay' }

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
    const d1 = await lab.node('d1', net.pub, { namespace: NS, config: { network: { relayReserve: false, announce: [`/ip4/${PUBLIC_IP}/tcp/4001`] } } })
    const d2 = await lab.node('d2', d2ns, { namespace: NS, bootstrap: [`/ip4/${PUBLIC_IP}/tcp/4001/p2p/${d1.author}`], config: { network: { relayReserve: false, announce: [`/ip4/${SECOND_PUBLIC_IP}/tcp/4001`] } } })
    a = await lab.node('a', net.a, { namespace: NS, bootstrap: [`/ip4/${PUBLIC_IP}/tcp/4001/p2p/${d1.author}`] })
    expect((await a.cli(['play', 'lab:dht-from-a'])).code).toBe(0)
    // A's first discovery round (20 s after start) provides the namespace key before C's
    // first round looks it up.
    await new Promise(resolve => setTimeout(resolve, 25_000))
    c = await lab.node('c', net.c, { namespace: NS, bootstrap: [`/ip4/${SECOND_PUBLIC_IP}/tcp/4001/p2p/${d2.author}`] })
  }, 300_000)

  afterAll(async () => { await lab.close() }, 60_000)

  it('C finds A as a provider of the namespace, connects and receives its records', async () => {
    const peer = await until('C to find and connect to A', async () => (await c.json<Peer[]>(['peers'])).find(p => p.peerId === a.author), 90_000)
    expect(['direct', 'relay']).toContain(peer.via)
    // A's play is the only record in the namespace.
    await until('C to hold A\'s play', async () => (await c.json<{ records: number }>(['status'])).records === 1 ? true : undefined, 60_000)
  }, 200_000)
})
