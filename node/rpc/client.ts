/**
 * Typed JSON-RPC client: what the CLI (and any TypeScript app) uses to drive a daemon.
 * It finds the daemon through the data directory (rpc.json + rpc.token), so commands
 * need no address flags.
 */
import { request, Agent } from 'node:http'
import { loadConfig } from '../../src/config.js'
import { MeritwalkError } from '../../src/errors.js'
import type { RpcMethodName, RpcParams, RpcResult } from './api.js'
import { RpcCode } from './errors.js'
import type { RpcErrorObject } from './errors.js'
import { readRpcAddress, readToken } from './token.js'

export class NoDaemonError extends MeritwalkError<{ address: string, dataDir?: string }> {
  readonly exitCode = 3
  constructor (address: string, dataDir?: string) {
    const dir = dataDir === undefined ? '' : ` --data-dir ${dataDir}`
    super('NO_DAEMON', `no daemon running on ${address}${dataDir === undefined ? '' : ` for data directory ${dataDir}`}; start one with \`meritwalk start${dir}\` (\`meritwalk init${dir}\` first if this node is new), or name your node's directory with --data-dir`, dataDir === undefined ? { address } : { address, dataDir })
  }
}

/** The daemon answered with a JSON-RPC error. */
export class RpcCallError extends MeritwalkError {
  readonly rpcCode: number
  readonly exitCode: number
  constructor (error: RpcErrorObject) {
    const data = error.data ?? {}
    super(typeof data.code === 'string' ? data.code : 'RPC_ERROR', error.message, data)
    this.rpcCode = error.code
    const badInput: number[] = [RpcCode.invalidParams, RpcCode.invalidRequest, RpcCode.rejected, RpcCode.bodyTooLarge]
    this.exitCode = badInput.includes(error.code) ? 2 : 1
  }
}

export interface RpcClientInit {
  /** host:port of the daemon (IPv6 in brackets). */
  address: string
  token: string
  /** Per-call deadline. @default 120000 */
  timeoutMs?: number
  /** Where the address came from, for the no-daemon message. */
  dataDir?: string
}

interface Response { id?: unknown, result?: unknown, error?: RpcErrorObject }

export class RpcClient {
  readonly address: string
  private readonly token: string
  private readonly timeoutMs: number
  private readonly dataDir: string | undefined
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 4 })
  private nextId = 1

  constructor (init: RpcClientInit) {
    this.address = init.address
    this.token = init.token
    this.timeoutMs = init.timeoutMs ?? 120_000
    this.dataDir = init.dataDir
  }

  /** A client for the daemon serving `dataDir`; NoDaemonError if none is published or reachable. */
  static async fromDataDir (dataDir: string, opts: { timeoutMs?: number } = {}): Promise<RpcClient> {
    const published = await readRpcAddress(dataDir)
    if (published === undefined) {
      const { rpc } = await loadConfig({ dataDir })
      throw new NoDaemonError(`${rpc.host.includes(':') ? `[${rpc.host}]` : rpc.host}:${rpc.port}`, dataDir)
    }
    return new RpcClient({ address: published.address, token: await readToken(dataDir), dataDir, ...opts })
  }

  /** Call one method; resolves to its result or throws RpcCallError / NoDaemonError. */
  async call<M extends RpcMethodName> (method: M, ...params: {} extends RpcParams<M> ? [RpcParams<M>?] : [RpcParams<M>]): Promise<RpcResult<M>> {
    const res = await this.post({ jsonrpc: '2.0', id: this.nextId++, method, params: params[0] ?? {} }) as Response
    if (res.error !== undefined) throw new RpcCallError(res.error)
    return res.result as RpcResult<M>
  }

  /** Send several calls in one batch; each slot is its result or its RpcCallError. */
  async batch<M extends RpcMethodName> (method: M, paramsList: Array<RpcParams<M>>): Promise<Array<RpcResult<M> | RpcCallError>> {
    const first = this.nextId
    this.nextId += paramsList.length
    const res = await this.post(paramsList.map((params, i) => ({ jsonrpc: '2.0', id: first + i, method, params })))
    if (!Array.isArray(res)) throw new RpcCallError((res as Response).error ?? { code: RpcCode.internal, message: 'batch answered with a non-array' })
    const byId = new Map((res as Response[]).map(r => [r.id, r]))
    return paramsList.map((_p, i) => {
      const r = byId.get(first + i)
      if (r === undefined) return new RpcCallError({ code: RpcCode.internal, message: 'no response for a batch call' })
      return r.error !== undefined ? new RpcCallError(r.error) : r.result as RpcResult<M>
    })
  }

  /** Release pooled connections. */
  close (): void {
    this.agent.destroy()
  }

  private async post (payload: unknown, retried = false): Promise<unknown> {
    const body = JSON.stringify(payload)
    const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(this.address)
    if (m === null) throw new NoDaemonError(this.address, this.dataDir)
    return await new Promise((resolve, reject) => {
      const req = request({
        host: m[1] ?? m[2],
        port: Number(m[3]),
        method: 'POST',
        path: '/',
        agent: this.agent,
        signal: AbortSignal.timeout(this.timeoutMs),
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Authorization: `Bearer ${this.token}` }
      }, res => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('error', reject)
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          try {
            resolve(JSON.parse(text))
          } catch {
            reject(new RpcCallError({ code: RpcCode.internal, message: `daemon sent HTTP ${res.statusCode ?? '?'} with a non-JSON body`, data: { code: 'BAD_RESPONSE' } }))
          }
        })
      })
      req.on('error', (err: NodeJS.ErrnoException) => {
        // A kept-alive socket the server closed while idle: the request never reached it,
        // so sending it again on a fresh socket is safe (Node's documented pattern).
        if (req.reusedSocket && err.code === 'ECONNRESET' && !retried) resolve(this.post(payload, true))
        else if (err.code === 'ECONNREFUSED' || err.code === 'EADDRNOTAVAIL') reject(new NoDaemonError(this.address, this.dataDir))
        else if (err.name === 'TimeoutError' || err.name === 'AbortError') reject(new MeritwalkError('RPC_TIMEOUT', `the daemon on ${this.address} did not answer within ${this.timeoutMs} ms`, { address: this.address }))
        else reject(new MeritwalkError('RPC_CONNECTION', `lost the connection to the daemon on ${this.address} (${err.code ?? err.message}); is it stopping?`, { address: this.address, reason: err.code ?? err.message }))
      })
      req.end(body)
    })
  }
}
