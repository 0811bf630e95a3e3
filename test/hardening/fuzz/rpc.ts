/**
 * Fuzz target of the JSON-RPC request parser, through real HTTP to a real in-process daemon
 * with the real RPC plugin: every answer is a JSON-RPC response with a documented error
 * code, and a call that is refused leaves the store as it was.
 */
import fc from 'fast-check'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { defaultConfig } from '../../../src/config.js'
import { startDaemon, type Daemon } from '../../../node/index.js'
import { createToken, methods, RpcCode } from '../../../node/rpc/index.js'
import { rpcPlugin } from '../../../node/rpc/plugin.js'
import { readRpcAddress } from '../../../node/rpc/token.js'
import { goodHeaders, rawPost } from '../../rpc/http.js'
import type { FuzzParams } from './pool.js'

/** Every error code docs/RPC.md lists. */
export const RPC_CODES = new Set<number>(Object.values(RpcCode))

/** A daemon with its RPC endpoint, in a temp dir; close() stops it and removes the dir. */
export interface RpcNode { daemon: Daemon, port: number, token: string, close: () => Promise<void> }

/** Start a quiet daemon on loopback ports chosen by the OS, serving JSON-RPC. */
export async function startRpcNode (): Promise<RpcNode> {
  const dir = await mkdtemp(join(tmpdir(), 'mw-fuzz-rpc-'))
  const token = await createToken(dir)
  const config = { ...defaultConfig(dir), listen: ['/ip4/127.0.0.1/tcp/0'], rpc: { host: '127.0.0.1', port: 0 }, logLevel: 'silent' as const }
  const daemon = await startDaemon(config, { logger: pino({ level: 'silent' }), plugins: [rpcPlugin()] })
  const port = (await readRpcAddress(dir))?.port ?? 0
  return { daemon, port, token, close: async () => { await daemon.stop(); await rm(dir, { recursive: true, force: true }) } }
}

const json = fc.jsonValue({ maxDepth: 3 })
const names = methods.map(m => m.name)
const call = fc.record({
  jsonrpc: fc.oneof({ weight: 6, arbitrary: fc.constant('2.0') }, { weight: 1, arbitrary: json }),
  id: fc.oneof(fc.integer(), fc.string({ maxLength: 10 }), fc.constant(null), json),
  method: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fc.string({ maxLength: 30 }) }, { weight: 1, arbitrary: json }),
  params: fc.oneof(
    fc.dictionary(fc.constantFrom('author', 'weight', 'item', 'title', 'url', 'count', 'rating', 'entries', 'records', 'limit', 'cursor', 'fromSeq', 'seed', 'walks', 'multiaddr', 'explain', 'variant', 'x'), json, { maxKeys: 4 }),
    fc.array(json, { maxLength: 4 }),
    json
  )
}, { requiredKeys: ['method'] })
const body = fc.oneof(
  call.map(c => JSON.stringify(c)),
  fc.array(call, { minLength: 0, maxLength: 5 }).map(c => JSON.stringify(c)),
  json.map(v => JSON.stringify(v)),
  fc.string({ unit: 'binary', maxLength: 200 })
)

type Answer = { jsonrpc?: unknown, result?: unknown, error?: { code?: unknown, message?: unknown, data?: { code?: unknown } } }

function checkAnswer (a: Answer): void {
  if (a.jsonrpc !== '2.0') throw new Error(`not a JSON-RPC 2.0 response: ${JSON.stringify(a).slice(0, 200)}`)
  if (a.error === undefined) return
  if (typeof a.error.code !== 'number' || !RPC_CODES.has(a.error.code)) throw new Error(`undocumented error code ${String(a.error.code)}`)
  if (a.error.code === RpcCode.internal) throw new Error(`input reached a handler bug: ${JSON.stringify(a.error)}`)
  if (typeof a.error.message !== 'string' || a.error.message === '') throw new Error('an error without a message')
  if (typeof a.error.data?.code !== 'string') throw new Error('an error without data.code')
}

/** Random bodies POSTed with good headers: documented answers only, no change when refused. */
export async function fuzzRpc (p: FuzzParams, node?: RpcNode): Promise<void> {
  const n = node ?? await startRpcNode()
  try {
    await fc.assert(fc.asyncProperty(body, async text => {
      const before = { count: n.daemon.store.count(), heads: n.daemon.store.authorCount() }
      const res = await rawPost(n.port, text, goodHeaders(n.port, n.token))
      if (res.status === 204) return
      if (res.status !== 200) throw new Error(`HTTP ${res.status} for a well-addressed POST`)
      const answers: Answer[] = Array.isArray(res.body) ? res.body : [res.body]
      answers.forEach(checkAnswer)
      const refused = answers.every(a => a.error !== undefined)
      if (refused && (n.daemon.store.count() !== before.count || n.daemon.store.authorCount() !== before.heads)) throw new Error('a refused call changed the store')
    }), { ...p, timeout: 15_000 })
  } finally {
    if (node === undefined) await n.close()
  }
}
