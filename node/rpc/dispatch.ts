/**
 * JSON-RPC 2.0 envelope handling (https://www.jsonrpc.org/specification): single calls,
 * batches (run in order, since writes depend on each other), notifications (no reply).
 * Transport-free, so it is testable without HTTP.
 */
import { RpcCode, toRpcError } from './errors.js'
import type { RpcErrorObject } from './errors.js'
import type { Method, MethodContext } from './method.js'
import { validateParams } from './params.js'
import { RequestWork } from './work.js'

/** Calls in one batch, at most. */
export const MAX_BATCH = 100

type Id = string | number | null
export interface RpcResponse { jsonrpc: '2.0', id: Id, result?: unknown, error?: RpcErrorObject }

export interface DispatcherInit {
  methods: readonly Method[]
  context: MethodContext
  /** Told about handler failures that are bugs (not MeritwalkErrors). */
  onInternalError?: (err: unknown, method: string) => void
  /** Walks one ranking call may use (ranking.maxWalks); a request five times that. @default 100000 */
  maxWalks?: number
  /** Told when a batch stops because its client hung up, with the calls left unrun. */
  onAbandoned?: (calls: number) => void
}

/** How a request's transport tells the dispatcher its client is gone. */
export interface DispatchOptions { signal?: AbortSignal }

/** Returns a function from a parsed request body to the response body (undefined = nothing to send). */
export function createDispatcher (init: DispatcherInit): (payload: unknown, opts?: DispatchOptions) => Promise<RpcResponse | RpcResponse[] | undefined> {
  const table = new Map(init.methods.map(m => [m.name, m]))
  const maxWalks = init.maxWalks ?? 100_000

  async function one (req: unknown, work: RequestWork): Promise<RpcResponse | undefined> {
    if (req === null || typeof req !== 'object' || Array.isArray(req)) {
      return fail(null, RpcCode.invalidRequest, 'a request must be a JSON object', { code: 'INVALID_REQUEST' })
    }
    const r = req as Record<string, unknown>
    const isNotification = !Object.hasOwn(r, 'id')
    const id: Id = typeof r.id === 'string' || typeof r.id === 'number' ? r.id : null
    if (!isNotification && r.id !== null && typeof r.id !== 'string' && typeof r.id !== 'number') {
      return fail(null, RpcCode.invalidRequest, '"id" must be a string, a number or null', { code: 'INVALID_REQUEST', field: 'id' })
    }
    if (r.jsonrpc !== '2.0') return fail(id, RpcCode.invalidRequest, '"jsonrpc" must be "2.0"', { code: 'INVALID_REQUEST', field: 'jsonrpc' })
    if (typeof r.method !== 'string') return fail(id, RpcCode.invalidRequest, '"method" must be a string', { code: 'INVALID_REQUEST', field: 'method' })
    if (r.params !== undefined && (r.params === null || typeof r.params !== 'object')) {
      return fail(id, RpcCode.invalidRequest, '"params" must be an object or an array', { code: 'INVALID_REQUEST', field: 'params' })
    }
    const method = table.get(r.method)
    let response: RpcResponse
    if (method === undefined) {
      response = fail(id, RpcCode.methodNotFound, `no method '${r.method.slice(0, 100)}'`, { code: 'METHOD_NOT_FOUND', method: r.method.slice(0, 100), methods: [...table.keys()] })
    } else {
      try {
        const params = validateParams(method.params, r.params)
        response = { jsonrpc: '2.0', id, result: await method.handler(params, { ...init.context, work }) ?? null }
      } catch (err) {
        const error = toRpcError(err)
        if (error.code === RpcCode.internal) init.onInternalError?.(err, method.name)
        response = { jsonrpc: '2.0', id, error }
      }
    }
    return isNotification ? undefined : response
  }

  return async function dispatch (payload, opts = {}) {
    const work = new RequestWork(maxWalks, opts.signal)
    if (!Array.isArray(payload)) return await one(payload, work)
    if (payload.length === 0) return fail(null, RpcCode.invalidRequest, 'an empty batch is not a request', { code: 'INVALID_REQUEST' })
    if (payload.length > MAX_BATCH) return fail(null, RpcCode.invalidRequest, `a batch holds at most ${MAX_BATCH} calls`, { code: 'BATCH_TOO_LARGE', max: MAX_BATCH })
    const out: RpcResponse[] = []
    for (const [i, req] of payload.entries()) {
      // Between calls: let other requests in (a batch is run in slices, one call each), and
      // stop if this one's client has gone — nobody would read the answers.
      if (i > 0) await new Promise(resolve => setImmediate(resolve))
      if (work.signal.aborted) {
        init.onAbandoned?.(payload.length - i)
        return undefined
      }
      const res = await one(req, work)
      if (res !== undefined) out.push(res)
    }
    return out.length === 0 ? undefined : out
  }
}

/** An error response. */
export function fail (id: Id, code: number, message: string, data?: Record<string, unknown>): RpcResponse {
  return { jsonrpc: '2.0', id, error: data === undefined ? { code, message } : { code, message, data } }
}
