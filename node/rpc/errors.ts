/**
 * Every JSON-RPC error code meritwalk answers with, in one place. -32700…-32600 are the
 * JSON-RPC 2.0 spec's own; -32000…-32099 ("server error" range) are ours. docs/RPC.md
 * lists them; never reuse a number for a different meaning.
 */
import { MeritwalkError } from '../../src/errors.js'

export const RpcCode = {
  /** Body is not JSON. */
  parseError: -32700,
  /** Not a JSON-RPC 2.0 request object (or an empty / oversized batch). */
  invalidRequest: -32600,
  /** No such method. */
  methodNotFound: -32601,
  /** A parameter is missing, of the wrong type or out of range; data.param names it. */
  invalidParams: -32602,
  /** A bug in the daemon; data.code says what failed. */
  internal: -32603,
  /** Missing or wrong bearer token (HTTP 401). */
  unauthorized: -32001,
  /** Host header not the daemon's own loopback address, or a browser Origin (HTTP 403). */
  forbidden: -32002,
  /** Body over the size limit (HTTP 413). */
  bodyTooLarge: -32003,
  /** Not `POST /` with `Content-Type: application/json` (HTTP 404 / 405 / 415). */
  badTransport: -32004,
  /** The daemon refused the input (bad author id, self-trust, invalid record…); data.code is the domain code. */
  rejected: -32010,
  /** A network operation failed (peer unreachable, bad multiaddr). */
  network: -32020,
  /** The daemon is shutting down, or its disk is full (data.code STORAGE_FULL; retry once space is freed). */
  unavailable: -32030
} as const

export type RpcCodeValue = typeof RpcCode[keyof typeof RpcCode]

/** A JSON-RPC error object as sent on the wire. */
export interface RpcErrorObject { code: number, message: string, data?: Record<string, unknown> }

/** An error a method handler throws on purpose; becomes the response's `error`. */
export class RpcError extends MeritwalkError {
  readonly rpcCode: number
  constructor (rpcCode: number, code: string, message: string, data: Record<string, unknown> = {}) {
    super(code, message, data)
    this.rpcCode = rpcCode
  }

  toObject (): RpcErrorObject {
    return { code: this.rpcCode, message: this.message, data: { code: this.code, ...this.data } }
  }
}

/** A parameter failed validation: -32602 naming the parameter. */
export class InvalidParamsError extends RpcError {
  constructor (param: string, problem: string, value?: unknown) {
    super(RpcCode.invalidParams, 'INVALID_PARAMS', `invalid param '${param}': ${problem}`,
      value === undefined ? { param, problem } : { param, problem, value: clip(value) })
  }
}

/**
 * Domain error codes (thrown by src/ and node/) mapped to the RPC code a client branches
 * on; an unlisted MeritwalkError is `rejected` (the input was refused, nothing changed).
 */
const DOMAIN_CODES: Readonly<Record<string, RpcCodeValue>> = {
  PEER_UNREACHABLE: RpcCode.network,
  SYNC_FAILED: RpcCode.network,
  LISTEN_FAILED: RpcCode.network,
  // A restored key waits for a peer to confirm its own log: connect one and retry.
  OWN_LOG_UNCONFIRMED: RpcCode.network,
  DAEMON_STOPPED: RpcCode.unavailable,
  STORE_CLOSED: RpcCode.unavailable,
  STORAGE_FULL: RpcCode.unavailable
}

/** The wire error for anything a handler threw. */
export function toRpcError (err: unknown): RpcErrorObject {
  if (err instanceof RpcError) return err.toObject()
  if (err instanceof MeritwalkError) {
    const code = Object.hasOwn(DOMAIN_CODES, err.code) ? DOMAIN_CODES[err.code] : RpcCode.rejected
    return { code, message: err.message, data: { code: err.code, ...jsonSafe(err.data) } }
  }
  return { code: RpcCode.internal, message: 'internal error (see the daemon log)', data: { code: 'INTERNAL' } }
}

/** Error data must survive JSON: byte arrays become hex, nested errors their message. */
function jsonSafe (data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(data)) {
    if (v instanceof Uint8Array) out[k] = Buffer.from(v).toString('hex')
    else if (v instanceof Error) out[k] = v.message
    else if (typeof v === 'bigint') out[k] = v.toString()
    else if (typeof v !== 'function') out[k] = v
  }
  return out
}

/** Echo at most a short prefix of a bad value back (never a megabyte of it). */
function clip (value: unknown): unknown {
  if (typeof value === 'string' && value.length > 200) return value.slice(0, 200) + '…'
  if (typeof value === 'object' && value !== null) {
    const s = JSON.stringify(value)
    return s.length > 200 ? s.slice(0, 200) + '…' : value
  }
  return value
}
