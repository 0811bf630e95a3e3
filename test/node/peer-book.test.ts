/**
 * The peer book with real daemons on 127.0.0.1: an eclipse by fresh peers that fill every
 * connection slot does not keep out, or push out, a peer whose author the node trusts.
 */
import { createServer } from 'node:net'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { multiaddr } from '@multiformats/multiaddr'
import pino from 'pino'
import { afterAll, describe, expect, it } from 'vitest'
import { defaultConfig, type MeritwalkConfig } from '../../src/config.js'
import { createHost, type Host } from '../../node/host.js'
import { gossipTopic, startDaemon, type Daemon } from '../../node/index.js'
import { tempDir, waitFor } from './helpers.js'

const MAX = 4
const cleanups: Array<() => Promise<void>> = []
afterAll(async () => { for (const c of cleanups.reverse()) await c().catch(() => {}) })

async function freePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise(resolve => server.close(resolve))
  return port
}

async function daemon (listen: string, maxConnections = 100): Promise<{ d: Daemon, config: MeritwalkConfig }> {
  const t = await tempDir('mw-book-')
  cleanups.push(t.remove)
  const base = defaultConfig(t.dir)
  const config: MeritwalkConfig = { ...base, listen: [listen], logLevel: 'silent', network: { ...base.network, dht: false, maxConnections } }
  const d = await startDaemon(config, { logger: pino({ level: 'silent' }), heartbeatMs: 200 })
  cleanups.push(async () => { await d.stop() })
  return { d, config }
}

describe('peer book', () => {
  it('a flood of fresh peers neither keeps out nor pushes out the trusted one', async () => {
    const target = (await daemon('/ip4/127.0.0.1/tcp/0', MAX)).d
    const friendPort = await freePort()
    const friend = await daemon(`/ip4/127.0.0.1/tcp/${friendPort}`)
    await target.connect(friend.d.multiaddrs()[0])
    await target.author.trust(friend.d.ego, 1)

    // Strangers speaking gossipsub on the namespace's topic (so they hold streams open) fill every slot.
    const flood: Host[] = []
    for (let i = 0; i < 2 * MAX; i++) {
      const h = await createHost({ privateKey: await generateKeyPair('Ed25519'), listen: ['/ip4/127.0.0.1/tcp/0'], bootstrap: [], topic: gossipTopic('main'), maxMessageBytes: 1024 * 1024 })
      await h.start()
      cleanups.push(async () => { await h.stop() })
      flood.push(h)
    }
    const friendSeen: boolean[] = []
    const watch = setInterval(() => { friendSeen.push(target.peers().some(p => p.peerId === friend.d.ego)) }, 50)
    // libp2p refuses more than 5 inbound connections a second from one host: keep trying.
    let n = 0
    const fill = async (what: string): Promise<void> => {
      await waitFor(what, async () => {
        if (target.peers().length >= MAX) return true
        await flood[n++ % flood.length].dial(multiaddr(target.multiaddrs()[0])).catch(() => {}) // refused: try the next
        return false
      }, 20_000, 250)
    }
    await fill('the flood to fill the slots')
    for (const h of flood) await h.dial(multiaddr(target.multiaddrs()[0])).catch(() => {}) // refused: full
    clearInterval(watch)
    expect(friendSeen.every(Boolean)).toBe(true)

    // The friend drops off and comes back on its address: the target redials it (an outbound
    // dial passes the limit) and closes strangers' connections to get back under the limit.
    await friend.d.stop()
    await waitFor('the target to notice', () => !target.peers().some(p => p.peerId === friend.d.ego))
    // …and strangers take its slot at once, so the target is full when the friend is back.
    await fill('strangers to fill the freed slot')
    const back = await startDaemon(friend.config, { logger: pino({ level: 'silent' }), heartbeatMs: 200 })
    cleanups.push(async () => { await back.stop() })
    await waitFor('the target to redial its trusted friend', () => target.peers().some(p => p.peerId === back.ego), 30_000)
    await waitFor('the target to trim to its limit', () => target.peers().length <= MAX, 10_000)
    expect(target.peers().some(p => p.peerId === back.ego)).toBe(true)
  }, 90_000)
})
