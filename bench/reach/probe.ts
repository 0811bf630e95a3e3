/**
 * The in-namespace half of bench/reach.ts: run with `ip netns exec <ns> node --import tsx`,
 * so its timings are taken next to the daemon, over its RPC, with no CLI start-up in them.
 * Prints one JSON line.
 *
 *   accept <dataDir> <invite> <inviter> [waitDirectMs]
 *       accept the invite; ms until accepted, until the first of the inviter's records is
 *       held, and (when waitDirectMs > 0) until the connection to the inviter is direct
 *   play <dataDir> <n>          author n plays, one record each
 *   reserve <relayMultiaddr> <n>
 *       n bare libp2p hosts each reserve a slot on the relay; prints once all hold one,
 *       then keeps them until stdin closes
 */
import '../../src/polyfill.js'
import { setTimeout as sleep } from 'node:timers/promises'
import { RpcClient } from '../../node/rpc/client.js'

const POLL_MS = 10

async function accept (dataDir: string, invite: string, inviter: string, waitDirectMs: number): Promise<unknown> {
  const rpc = await RpcClient.fromDataDir(dataDir)
  const t0 = performance.now()
  const accepted = await rpc.call('node.accept', { invite })
  const acceptedMs = performance.now() - t0
  let firstRecordMs: number | null = null
  let directMs: number | null = null
  const deadline = t0 + 60_000 + waitDirectMs
  while (performance.now() < deadline && (firstRecordMs === null || (waitDirectMs > 0 && directMs === null))) {
    if (firstRecordMs === null && (await rpc.call('records.list', { author: inviter, limit: 1 })).records.length > 0) firstRecordMs = performance.now() - t0
    if (waitDirectMs > 0 && directMs === null) {
      const peer = (await rpc.call('node.peers')).find(p => p.peerId === inviter)
      if (peer?.via === 'direct') directMs = performance.now() - t0
      else if (performance.now() - t0 > waitDirectMs && firstRecordMs !== null) break
    }
    await sleep(POLL_MS)
  }
  rpc.close()
  return { via: accepted.via, acceptedMs, firstRecordMs, directMs }
}

async function play (dataDir: string, n: number): Promise<unknown> {
  const rpc = await RpcClient.fromDataDir(dataDir)
  const t0 = performance.now()
  let last = 0
  for (let i = 0; i < n; i++) last = ((await rpc.call('social.interact', { item: `bench:reach:${Date.now()}:${i}`, count: i + 1 })) as { seq: number }).seq
  rpc.close()
  return { records: n, lastSeq: last, ms: performance.now() - t0 }
}

async function reserve (relay: string, n: number): Promise<void> {
  const { createLibp2p } = await import('libp2p')
  const { tcp } = await import('@libp2p/tcp')
  const { noise } = await import('@chainsafe/libp2p-noise')
  const { yamux } = await import('@chainsafe/libp2p-yamux')
  const { identify } = await import('@libp2p/identify')
  const { circuitRelayTransport } = await import('@libp2p/circuit-relay-v2')
  const { multiaddr } = await import('@multiformats/multiaddr')
  const t0 = performance.now()
  const hosts: Array<Awaited<ReturnType<typeof createLibp2p>>> = []
  const refused: string[] = []
  for (let i = 0; i < n; i++) {
    // A host whose reservation is refused fails to start: counted, with the relay's reason.
    await createLibp2p({
      addresses: { listen: [`${relay}/p2p-circuit`] },
      transports: [tcp(), circuitRelayTransport()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      services: { identify: identify() }
    }).then(h => { hosts.push(h) }, (err: Error) => { refused.push(/(RESERVATION_\w+|ECONNRESET|ECONNREFUSED)/.exec(err.message)?.[1] ?? err.name) })
    // All come from one NAT address: libp2p refuses more than 5 inbound connections a second from one host
    // (and a reservation may take more than one).
    await sleep(500)
  }
  const reserved = (): number => hosts.filter(h => h.getMultiaddrs().some(a => a.toString().includes('/p2p-circuit'))).length
  while (reserved() < hosts.length && performance.now() - t0 < 180_000) await sleep(100)
  console.log(JSON.stringify({ hosts: n, reserved: reserved(), refused, ms: performance.now() - t0, relay: multiaddr(relay).toString() }))
  await new Promise<void>(resolve => { process.stdin.on('close', resolve).on('end', resolve).resume() })
  await Promise.all(hosts.map(async h => { await h.stop() }))
}

const [cmd, ...args] = process.argv.slice(2)
if (cmd === 'reserve') {
  await reserve(args[0], Number(args[1]))
} else {
  const out = cmd === 'accept'
    ? await accept(args[0], args[1], args[2], Number(args[3] ?? 0))
    : cmd === 'play' ? await play(args[0], Number(args[1])) : undefined
  if (out === undefined) throw new Error(`unknown probe command ${cmd}`)
  console.log(JSON.stringify(out))
}
process.exit(0)
