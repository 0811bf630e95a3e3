/**
 * Issue #17: what one request may make the daemon compute. A ranking call's walks have a
 * ceiling from config (ranking.maxWalks); a batch shares a budget of five such calls; and
 * records.list takes only author ids. Against a real daemon over real HTTP.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultConfig } from '../../src/config.js'
import { identityFromSeed } from '../../src/index.js'
import { startDaemon, type Daemon } from '../../node/index.js'
import { RpcCode } from '../../node/rpc/errors.js'
import { rpcPlugin } from '../../node/rpc/plugin.js'
import { createToken, readRpcAddress } from '../../node/rpc/token.js'
import { BATCH_WALK_CALLS } from '../../node/rpc/work.js'
import { goodHeaders, rawPost } from './http.js'

const MAX_WALKS = 1000
let dir: string
let daemon: Daemon
let port: number
let token: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-work-'))
  token = await createToken(dir)
  const config = defaultConfig(dir)
  config.listen = ['/ip4/127.0.0.1/tcp/0']
  config.rpc = { host: '127.0.0.1', port: 0 }
  config.namespace = `work-${process.pid}`
  config.ranking = { ...config.ranking, walks: 500, maxWalks: MAX_WALKS }
  daemon = await startDaemon(config, { logger: pino({ level: 'silent' }), plugins: [rpcPlugin()] })
  port = Number((await readRpcAddress(dir))?.port)
  const friend = identityFromSeed(new Uint8Array(32).fill(7))
  await daemon.author.trust(friend.author, 1)
  await daemon.author.interact('test:item:1', 3)
})

afterAll(async () => {
  await daemon?.stop()
  await rm(dir, { recursive: true, force: true })
})

const post = async (body: unknown): Promise<any> => (await rawPost(port, JSON.stringify(body), goodHeaders(port, token))).body // eslint-disable-line @typescript-eslint/no-explicit-any
const call = (id: number, method: string, params: unknown = {}): unknown => ({ jsonrpc: '2.0', id, method, params })

describe('RPC work bounds', () => {
  it('walks above ranking.maxWalks are INVALID_PARAMS naming the ceiling; at the ceiling they run', async () => {
    for (const method of ['rank.recommend', 'rank.reputation']) {
      const over = await post(call(1, method, { walks: 1_000_000 }))
      expect(over.error).toMatchObject({ code: RpcCode.invalidParams, data: { code: 'INVALID_PARAMS', param: 'walks' } })
      expect(over.error.message).toContain(`at most ${MAX_WALKS}`)
      expect((await post(call(2, method, { walks: MAX_WALKS }))).result).toBeInstanceOf(Array)
    }
  })

  it('a batch shares one budget: calls past it answer WORK_LIMIT without computing', async () => {
    const n = BATCH_WALK_CALLS + 3
    const out = await post(Array.from({ length: n }, (_, i) => call(i, 'rank.recommend', { walks: MAX_WALKS })))
    expect(out).toHaveLength(n)
    expect(out.slice(0, BATCH_WALK_CALLS).every((r: { result?: unknown }) => Array.isArray(r.result))).toBe(true)
    for (const r of out.slice(BATCH_WALK_CALLS)) expect(r.error).toMatchObject({ code: RpcCode.rejected, data: { code: 'WORK_LIMIT' } })
    // The next request has a budget of its own.
    expect((await post(call(1, 'rank.recommend', { walks: MAX_WALKS }))).result).toBeInstanceOf(Array)
  })

  it('records.list refuses an id that is not an author id', async () => {
    for (const author of ['not-an-author', 'QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N', daemon.ego + 'x']) {
      const res = await post(call(1, 'records.list', { author }))
      expect(res.error).toMatchObject({ code: RpcCode.invalidParams, data: { code: 'INVALID_PARAMS', param: 'author' } })
    }
    expect((await post(call(1, 'records.list', { author: daemon.ego }))).result.records).toHaveLength(2)
  })
})
