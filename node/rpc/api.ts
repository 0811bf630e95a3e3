/**
 * The RPC surface as types, derived from the method declarations, so the client is typed
 * by the same source the server validates with: `RpcApi['rank.recommend']['result']`.
 */
import type { methods } from './methods/index.js'
import type { Infer } from './params.js'

type AnyMethod = typeof methods[number]

export type RpcApi = {
  [M in AnyMethod as M['name']]: { params: Infer<M['params']>, result: Awaited<ReturnType<M['handler']>> }
}

export type RpcMethodName = keyof RpcApi
export type RpcParams<M extends RpcMethodName> = RpcApi[M]['params']
export type RpcResult<M extends RpcMethodName> = RpcApi[M]['result']
