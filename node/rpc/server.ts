/**
 * The JSON-RPC HTTP endpoint. Plain node:http: there is one route (POST /), so a framework
 * would add dependencies and attack surface without saving code. Every request passes, in
 * order: method/path → Host (DNS-rebinding guard) → Origin (foreign pages refused; no CORS) →
 * bearer token (constant-time) → content type → body limit → JSON → dispatch. A refused
 * request never reaches a method, so it changes nothing.
 *
 * With the web UI on (`ui`), its paths (/ui/…, /events) pass the same Host and Origin
 * checks, then go to the UI's routes; and POST / also accepts the UI's session cookie in
 * place of the bearer token, but only together with the session's CSRF token in the
 * X-CSRF-Token header (see session.ts).
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { MeritwalkError } from '../../src/errors.js'
import { RpcCode } from './errors.js'
import { fail } from './dispatch.js'
import type { RpcResponse } from './dispatch.js'
import type { UiSessions } from './session.js'
import type { UiRoutes } from './ui.js'

export interface RpcServerInit {
  /** Address to bind. @default '127.0.0.1' */
  host?: string
  /** Port to bind; 0 picks a free one. @default 7717 */
  port?: number
  /** The bearer token clients must send (hex from the data directory). */
  token: string
  /** Turns a parsed body into the response body; `signal` aborts when the client hangs up. */
  dispatch: (payload: unknown, opts: { signal: AbortSignal }) => Promise<RpcResponse | RpcResponse[] | undefined>
  /** Largest request body accepted. @default 1 MiB */
  maxBodyBytes?: number
  /** Prometheus exposition for `GET /metrics` (same Host, Origin and token checks). */
  metrics?: () => Promise<{ contentType: string, text: string }>
  /** The web UI: its routes, and the sessions that may call POST / with a CSRF token. */
  ui?: { routes: UiRoutes, sessions: UiSessions }
}

export interface RpcServer {
  readonly host: string
  readonly port: number
  /** host:port, IPv6 in brackets. */
  readonly address: string
  close (): Promise<void>
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024
/** Open connections at most; more are closed as they arrive (idle ones go after IDLE_SOCKET_MS). */
export const MAX_CONNECTIONS = 256
/** A socket that has not got as far as an authorised request is closed after this long idle. */
export const IDLE_SOCKET_MS = 5000
/** Headers and body of a request must arrive within this, token or not (HTTP 408 after). */
export const REQUEST_TIMEOUT_MS = 10_000

/** The RPC address could not be bound (in use, not a local address…). */
export class RpcListenError extends MeritwalkError<{ host: string, port: number, reason: string }> {
  /** The address is the user's (flags or config): exit code 2. */
  readonly exitCode = 2
  constructor (host: string, port: number, reason: string) {
    super('RPC_LISTEN_FAILED', `could not serve RPC on ${host}:${port} (${reason}); pick another address with --rpc host:port (port 0 = any free port)`, { host, port, reason })
  }
}

/** Bind the server; resolves once it listens. */
export async function startRpcServer (init: RpcServerInit): Promise<RpcServer> {
  const maxBody = init.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  const tokenDigest = sha256(init.token)
  let allowedHosts = new Set<string>()

  // Node checks the header and request deadlines on this interval: a second keeps them tight.
  const server = createServer({ connectionsCheckingInterval: 1000 }, (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, fail(null, RpcCode.internal, 'internal error', { code: 'INTERNAL' }))
      else res.destroy()
    })
  })
  server.maxConnections = MAX_CONNECTIONS
  server.requestTimeout = REQUEST_TIMEOUT_MS
  server.headersTimeout = IDLE_SOCKET_MS
  server.keepAliveTimeout = IDLE_SOCKET_MS
  // Node's header deadline starts at the first byte: a socket that sends nothing would hold
  // a connection slot forever. The idle timer is lifted while an authorised call computes.
  server.on('connection', socket => { socket.setTimeout(IDLE_SOCKET_MS, () => socket.destroy()) })

  async function handle (req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (init.ui?.routes.owns((req.url ?? '').split('?')[0]) === true) {
      if (!hostAndOrigin(req, res)) return
      return await init.ui.routes.handle(req, res)
    }
    const scrape = req.url === '/metrics' && init.metrics !== undefined
    if (req.url !== '/' && req.url !== '' && !scrape) return refuse(req, res, 404, RpcCode.badTransport, 'the JSON-RPC endpoint is POST /', 'NOT_FOUND')
    const allowed = scrape ? 'GET' : 'POST'
    if (req.method !== allowed) {
      res.setHeader('Allow', allowed)
      return refuse(req, res, 405, RpcCode.badTransport, scrape ? '/metrics takes GET only' : 'the JSON-RPC endpoint takes POST only', 'METHOD_NOT_ALLOWED')
    }
    if (!hostAndOrigin(req, res)) return
    if (!authorized(req.headers.authorization)) {
      const session = scrape ? undefined : init.ui?.sessions.session(req)
      if (session === undefined) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="meritwalk"')
        return refuse(req, res, 401, RpcCode.unauthorized, 'missing or wrong bearer token (it is in the data directory\'s rpc.token)', 'UNAUTHORIZED')
      }
      if (init.ui?.sessions.csrfOk(req, session) !== true) {
        return refuse(req, res, 403, RpcCode.forbidden, 'a UI session call needs its CSRF token in the X-CSRF-Token header (reload the page)', 'CSRF_TOKEN')
      }
    }
    req.socket.setTimeout(0)
    if (scrape && init.metrics !== undefined) {
      const { contentType, text } = await init.metrics()
      res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' })
      res.end(text)
      return
    }
    // application/json, optionally with parameters (charset); not application/json-seq or the like.
    if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
      return refuse(req, res, 415, RpcCode.badTransport, 'Content-Type must be application/json', 'UNSUPPORTED_MEDIA_TYPE')
    }
    const body = await readBody(req, maxBody)
    if (body === undefined) {
      return refuse(req, res, 413, RpcCode.bodyTooLarge, `request body over the ${maxBody}-byte limit; split it into smaller calls`, 'BODY_TOO_LARGE', { maxBytes: maxBody })
    }
    let payload: unknown
    try {
      payload = JSON.parse(body.toString('utf8'))
    } catch (err) {
      return send(res, 200, fail(null, RpcCode.parseError, `body is not JSON: ${(err as Error).message}`, { code: 'PARSE_ERROR' }))
    }
    const gone = new AbortController()
    res.on('close', () => { if (!res.writableFinished) gone.abort() })
    const out = await init.dispatch(payload, { signal: gone.signal })
    if (out === undefined) {
      res.writeHead(204).end()
      return
    }
    send(res, 200, out)
  }

  /** Host names this daemon (DNS-rebinding guard); Origin, when sent, is this daemon too. */
  function hostAndOrigin (req: IncomingMessage, res: ServerResponse): boolean {
    const host = (req.headers.host ?? '').toLowerCase()
    if (!allowedHosts.has(host)) {
      refuse(req, res, 403, RpcCode.forbidden, `Host header must be this daemon's address (${[...allowedHosts].join(' or ')})`, 'FORBIDDEN_HOST')
      return false
    }
    const origin = req.headers.origin
    if (origin !== undefined && !allowedHosts.has(origin.toLowerCase().replace(/^http:\/\//, ''))) {
      refuse(req, res, 403, RpcCode.forbidden, 'requests from other web pages are refused (foreign Origin)', 'FORBIDDEN_ORIGIN')
      return false
    }
    return true
  }

  function authorized (header: string | undefined): boolean {
    const m = /^Bearer ([^\s]+)$/i.exec(header ?? '')
    // Hashing both sides gives equal lengths, which timingSafeEqual requires, without a length leak.
    return m !== null && timingSafeEqual(sha256(m[1]), tokenDigest)
  }

  const want = { host: init.host ?? '127.0.0.1', port: init.port ?? 7717 }
  await new Promise<void>((resolve, reject) => {
    const failed = (err: NodeJS.ErrnoException): void => reject(new RpcListenError(want.host, want.port, err.code ?? err.message))
    server.once('error', failed)
    server.listen(want.port, want.host, () => {
      server.off('error', failed)
      resolve()
    })
  })
  const bound = server.address() as AddressInfo
  const host = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address
  allowedHosts = hostAliases(host, bound.port)
  return {
    host: bound.address,
    port: bound.port,
    address: `${host}:${bound.port}`,
    close: async () => {
      await new Promise<void>(resolve => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    }
  }
}

/** Host header values that name this server: its address, and `localhost` when loopback. */
function hostAliases (host: string, port: number): Set<string> {
  const names = [host]
  if (host === '127.0.0.1' || host === '[::1]') names.push('localhost')
  return new Set(names.map(h => `${h.toLowerCase()}:${port}`))
}

/** The body, or undefined when it exceeds `max` (the rest is drained, not stored). */
async function readBody (req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length'] ?? 0)
  let size = 0
  const chunks: Buffer[] = []
  let over = declared > max
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > max) over = true
    if (!over) chunks.push(chunk)
    // Draining lets the client read our 413; past 8× the limit it is abuse, so hang up.
    if (size > 8 * max) {
      req.destroy()
      return undefined
    }
  }
  return over ? undefined : Buffer.concat(chunks)
}

function refuse (req: IncomingMessage, res: ServerResponse, status: number, code: number, message: string, name: string, data: Record<string, unknown> = {}): void {
  req.resume()
  send(res, status, fail(null, code, message, { code: name, ...data }))
}

function send (res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, jsonReplacer)
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' })
  res.end(text)
}

/** Results may hold Maps, bigints or bytes (status counters, hashes): give them a JSON form. */
export function jsonReplacer (_key: string, value: unknown): unknown {
  if (value instanceof Map) return Object.fromEntries(value)
  if (value instanceof Set) return [...value]
  if (typeof value === 'bigint') return value.toString()
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex')
  return value
}

function sha256 (s: string): Buffer {
  return createHash('sha256').update(s).digest()
}
