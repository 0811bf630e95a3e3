/**
 * GET /metrics: Prometheus exposition of a real daemon's counters, behind the same Host,
 * Origin and token checks as the JSON-RPC endpoint.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultConfig } from '../../src/config.js'
import { identityFromSeed, signRecord } from '../../src/index.js'
import { startDaemon, type Daemon } from '../../node/index.js'
import { rpcPlugin } from '../../node/rpc/plugin.js'
import { createToken, readRpcAddress } from '../../node/rpc/token.js'

let dir: string
let daemon: Daemon
let url: string
let token: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-metrics-'))
  token = await createToken(dir)
  const config = defaultConfig(dir)
  config.listen = ['/ip4/127.0.0.1/tcp/0']
  config.rpc = { host: '127.0.0.1', port: 0 }
  config.namespace = `metrics-${process.pid}`
  daemon = await startDaemon(config, { logger: pino({ level: 'silent' }), plugins: [rpcPlugin()] })
  url = `http://${(await readRpcAddress(dir))?.address ?? ''}/metrics`
})

afterAll(async () => {
  await daemon?.stop()
  await rm(dir, { recursive: true, force: true })
})

/** The value of one sample line, e.g. `meritwalk_records 3`. */
function sample (text: string, series: string): number | undefined {
  const line = text.split('\n').find(l => l.startsWith(series + ' '))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

describe('GET /metrics', () => {
  it('exposes the store, graph and rejection counters in Prometheus text form', async () => {
    const friend = identityFromSeed(new Uint8Array(32).fill(3))
    await daemon.author.trust(friend.author, 1)
    await daemon.author.interact('test:item:1', 5)
    // A forged record from a peer's point of view: counted as rejected by reason.
    const good = signRecord(friend, { seq: 1, ts: Date.now(), body: { kind: 'interact', item: 'test:item:2', weight: 1 } })
    const forged = good.bytes.slice()
    forged[forged.length - 1] ^= 1
    await daemon.store.append([forged])

    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
    const text = await res.text()
    expect(sample(text, 'meritwalk_records')).toBe(daemon.store.count())
    expect(sample(text, 'meritwalk_peers')).toBe(0)
    // Reachability: a loopback node has no relay and is neither public nor private.
    expect(sample(text, 'meritwalk_peers_via{via="direct"}')).toBe(0)
    expect(sample(text, 'meritwalk_peers_via{via="relay"}')).toBe(0)
    expect(sample(text, 'meritwalk_reachability{state="unknown"}')).toBe(1)
    expect(sample(text, 'meritwalk_reachability{state="public"}')).toBe(0)
    expect(sample(text, 'meritwalk_relays')).toBe(0)
    const stats = daemon.engine.stats()
    expect(sample(text, 'meritwalk_graph_size{part="trustEdges"}')).toBe(stats.trustEdges)
    expect(sample(text, 'meritwalk_graph_size{part="interactionEdges"}')).toBe(stats.interactionEdges)
    for (const [reason, n] of Object.entries(daemon.status().counters.rejected)) {
      expect(sample(text, `meritwalk_records_rejected_total{reason="${reason}"}`)).toBe(n)
    }
    expect(text).toMatch(/^# HELP meritwalk_gossip_messages_total /m)
  })

  it('refuses a scrape without the token, from a foreign Origin, or by POST', async () => {
    const before = daemon.store.count()
    expect((await fetch(url)).status).toBe(401)
    expect((await fetch(url, { headers: { authorization: `Bearer ${token}`, origin: 'http://evil.example' } })).status).toBe(403)
    const post = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
    expect(post.status).toBe(405)
    expect(post.headers.get('allow')).toBe('GET')
    expect(daemon.store.count()).toBe(before)
  })
})
