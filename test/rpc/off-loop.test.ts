/**
 * Issue #17: a large ranking call does not hold up the node. While one rank.recommend with
 * a million walks is computed (on the ranking worker thread), node.status calls on other
 * connections keep being answered — asserted by order of answers, not by a time limit.
 * Against a real daemon over real HTTP.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultConfig } from '../../src/config.js'
import { createRng } from '../../graph/index.js'
import { startDaemon, type Daemon } from '../../node/index.js'
import { rpcPlugin } from '../../node/rpc/plugin.js'
import { createToken, readRpcAddress } from '../../node/rpc/token.js'
import { goodHeaders, rawPost } from './http.js'

let dir: string
let daemon: Daemon
let port: number
let token: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-offloop-'))
  token = await createToken(dir)
  const config = defaultConfig(dir)
  config.listen = ['/ip4/127.0.0.1/tcp/0']
  config.rpc = { host: '127.0.0.1', port: 0 }
  config.namespace = `offloop-${process.pid}`
  config.ranking = { ...config.ranking, walks: 1000, maxWalks: 1_000_000 }
  daemon = await startDaemon(config, { logger: pino({ level: 'silent' }), plugins: [rpcPlugin()] })
  port = Number((await readRpcAddress(dir))?.port)
  // A network of 1,000 people around the person, straight into the ranking engine (how the
  // edges got there is not what this test is about; the engine path is the daemon's own).
  const rng = createRng(17)
  for (let k = 0; k < 20; k++) daemon.engine.setTrust(daemon.ego, `peer:${k}`, 1)
  for (let u = 0; u < 1000; u++) {
    for (let k = 0; k < 4; k++) { const v = rng.int(1000); if (v !== u) daemon.engine.setTrust(`peer:${u}`, `peer:${v}`, 1) }
    for (let k = 0; k < 10; k++) daemon.engine.setInteraction(`peer:${u}`, `test:item:${rng.int(3000)}`, 1 + rng.int(9))
  }
  daemon.engine.setInteraction(daemon.ego, 'test:item:0', 3)
})

afterAll(async () => {
  await daemon?.stop()
  await rm(dir, { recursive: true, force: true })
})

const post = async (body: unknown): Promise<any> => (await rawPost(port, JSON.stringify(body), goodHeaders(port, token))).body // eslint-disable-line @typescript-eslint/no-explicit-any
const call = (id: number, method: string, params: unknown = {}): unknown => ({ jsonrpc: '2.0', id, method, params })

describe('ranking off the event loop', () => {
  it('node.status keeps answering while a million-walk rank.recommend runs', async () => {
    await post(call(1, 'rank.recommend', { limit: 1 })) // the ranking worker is up
    let rankAnswered = false
    const rank = post(call(2, 'rank.recommend', { walks: 1_000_000, limit: 5 })).then(r => { rankAnswered = true; return r })
    const during: unknown[] = []
    while (!rankAnswered) {
      const status = await post(call(3, 'node.status'))
      if (!rankAnswered) during.push(status.result)
    }
    expect((await rank).result).toHaveLength(5)
    // On the event loop, the ranking would hold every status call until it is done.
    expect(during.length).toBeGreaterThanOrEqual(5)
    for (const s of during) expect(s).toMatchObject({ author: daemon.ego, storage: 'ok' })
  })
})
