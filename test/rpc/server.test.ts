import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDispatcher, MAX_BATCH } from '../../node/rpc/dispatch.js'
import { RpcCode } from '../../node/rpc/errors.js'
import { defineMethod } from '../../node/rpc/method.js'
import type { MethodContext } from '../../node/rpc/method.js'
import { RpcListenError, startRpcServer } from '../../node/rpc/server.js'
import type { RpcServer } from '../../node/rpc/server.js'
import { createToken } from '../../node/rpc/token.js'
import { goodHeaders, rawPost } from './http.js'
import { waitFor } from '../node/helpers.js'

// The protocol layer is generic over its method table: a real counter method whose state
// shows whether a refused request changed anything.
let counter = 0
const add = defineMethod({
  name: 'counter.add',
  describe: 'add to the counter',
  params: { by: { type: 'number', integer: true, min: 1, max: 10 }, note: { type: 'string', optional: true, maxLength: 5 } },
  handler: async ({ by }) => { counter += by; return { counter } }
})
// A call that takes a while (ranking-like): shows whether a batch runs on after its client left.
let slowRuns = 0
const slow = defineMethod({ name: 'counter.slow', describe: 'a slow call', params: {}, handler: async () => { slowRuns++; await new Promise(resolve => setTimeout(resolve, 50)); return slowRuns } })
const abandoned: number[] = []
const boom = defineMethod({ name: 'counter.boom', describe: 'a bug', params: {}, handler: async () => { throw new TypeError('bug') } })

const MAX_BODY = 64 * 1024
let dir: string
let token: string
let server: RpcServer
const bugs: string[] = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-rpc-'))
  token = await createToken(dir)
  server = await startRpcServer({
    host: '127.0.0.1',
    port: 0,
    token,
    maxBodyBytes: MAX_BODY,
    dispatch: createDispatcher({ methods: [add, boom, slow], context: {} as MethodContext, onInternalError: (_e, m) => bugs.push(m), onAbandoned: n => abandoned.push(n) })
  })
})
afterAll(async () => {
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

const call = (body: unknown, headers?: Record<string, string>) =>
  rawPost(server.port, typeof body === 'string' ? body : JSON.stringify(body), headers ?? goodHeaders(server.port, token))

describe('JSON-RPC server', () => {
  it('answers a valid call with its result', async () => {
    const before = counter
    const res = await call({ jsonrpc: '2.0', id: 7, method: 'counter.add', params: { by: 2 } })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ jsonrpc: '2.0', id: 7, result: { counter: before + 2 } })
  })

  it('accepts positional params in schema order', async () => {
    const before = counter
    const res = await call({ jsonrpc: '2.0', id: 'a', method: 'counter.add', params: [3] })
    expect(res.body.result).toEqual({ counter: before + 3 })
  })

  const refusals: Array<[string, () => Promise<{ status: number, body: any }>, number, number, string]> = [ // eslint-disable-line @typescript-eslint/no-explicit-any
    ['no token', () => call(ADD, { ...goodHeaders(server.port, token), Authorization: '' }), 401, RpcCode.unauthorized, 'UNAUTHORIZED'],
    ['a wrong token', () => call(ADD, goodHeaders(server.port, 'f'.repeat(64))), 401, RpcCode.unauthorized, 'UNAUTHORIZED'],
    ['a token prefix', () => call(ADD, goodHeaders(server.port, token.slice(0, 10))), 401, RpcCode.unauthorized, 'UNAUTHORIZED'],
    ['a foreign Host (DNS rebinding)', () => call(ADD, { ...goodHeaders(server.port, token), Host: `evil.example:${server.port}` }), 403, RpcCode.forbidden, 'FORBIDDEN_HOST'],
    ['the right host on another port', () => call(ADD, { ...goodHeaders(server.port, token), Host: '127.0.0.1:1' }), 403, RpcCode.forbidden, 'FORBIDDEN_HOST'],
    ['a foreign Origin', () => call(ADD, { ...goodHeaders(server.port, token), Origin: 'http://evil.example' }), 403, RpcCode.forbidden, 'FORBIDDEN_ORIGIN'],
    ['a form content type', () => call(ADD, { ...goodHeaders(server.port, token), 'Content-Type': 'text/plain' }), 415, RpcCode.badTransport, 'UNSUPPORTED_MEDIA_TYPE'],
    ['application/json-seq (not JSON; issue #17)', () => call(ADD, { ...goodHeaders(server.port, token), 'Content-Type': 'application/json-seq' }), 415, RpcCode.badTransport, 'UNSUPPORTED_MEDIA_TYPE'],
    ['application/jsonx', () => call(ADD, { ...goodHeaders(server.port, token), 'Content-Type': 'application/jsonx' }), 415, RpcCode.badTransport, 'UNSUPPORTED_MEDIA_TYPE'],
    ['GET', () => rawPost(server.port, '', goodHeaders(server.port, token), { method: 'GET' }), 405, RpcCode.badTransport, 'METHOD_NOT_ALLOWED'],
    ['another path', () => rawPost(server.port, JSON.stringify(ADD), goodHeaders(server.port, token), { path: '/admin' }), 404, RpcCode.badTransport, 'NOT_FOUND'],
    ['a body over the limit', () => call({ ...ADD, pad: 'x'.repeat(MAX_BODY) }), 413, RpcCode.bodyTooLarge, 'BODY_TOO_LARGE']
  ]
  const ADD = { jsonrpc: '2.0', id: 1, method: 'counter.add', params: { by: 1 } }

  for (const [what, send, status, code, name] of refusals) {
    it(`refuses ${what} with HTTP ${status} / ${code} and changes nothing`, async () => {
      const before = counter
      const res = await send()
      expect(res.status).toBe(status)
      expect(res.body.error.code).toBe(code)
      expect(res.body.error.data.code).toBe(name)
      expect(res.body.error.message.length).toBeGreaterThan(10)
      expect(counter).toBe(before)
    })
  }

  it('accepts localhost as the Host of a loopback server', async () => {
    const res = await call(ADD, { ...goodHeaders(server.port, token), Host: `localhost:${server.port}` })
    expect(res.body.result.counter).toBeGreaterThan(0)
  })

  const errors: Array<[string, unknown, number, Record<string, unknown>]> = [
    ['malformed JSON', '{"jsonrpc": "2.0", "id": 1, "method": "counter.add", ', RpcCode.parseError, { code: 'PARSE_ERROR' }],
    ['a non-object request', 42, RpcCode.invalidRequest, { code: 'INVALID_REQUEST' }],
    ['a missing jsonrpc version', { id: 1, method: 'counter.add', params: { by: 1 } }, RpcCode.invalidRequest, { field: 'jsonrpc' }],
    ['a numeric method', { jsonrpc: '2.0', id: 1, method: 5 }, RpcCode.invalidRequest, { field: 'method' }],
    ['scalar params', { jsonrpc: '2.0', id: 1, method: 'counter.add', params: 3 }, RpcCode.invalidRequest, { field: 'params' }],
    ['an object id', { jsonrpc: '2.0', id: {}, method: 'counter.add', params: { by: 1 } }, RpcCode.invalidRequest, { field: 'id' }],
    ['an unknown method', { jsonrpc: '2.0', id: 1, method: 'counter.sub', params: { by: 1 } }, RpcCode.methodNotFound, { code: 'METHOD_NOT_FOUND', method: 'counter.sub' }],
    ['a missing param', { jsonrpc: '2.0', id: 1, method: 'counter.add', params: {} }, RpcCode.invalidParams, { param: 'by' }],
    ['a param of the wrong type', { jsonrpc: '2.0', id: 1, method: 'counter.add', params: { by: '1' } }, RpcCode.invalidParams, { param: 'by', value: '1' }],
    ['a param out of range', { jsonrpc: '2.0', id: 1, method: 'counter.add', params: { by: 11 } }, RpcCode.invalidParams, { param: 'by' }],
    ['a non-integer param', { jsonrpc: '2.0', id: 1, method: 'counter.add', params: { by: 1.5 } }, RpcCode.invalidParams, { param: 'by' }],
    ['an unknown param', { jsonrpc: '2.0', id: 1, method: 'counter.add', params: { by: 1, bye: 1 } }, RpcCode.invalidParams, { param: 'bye' }],
    ['a too-long string param', { jsonrpc: '2.0', id: 1, method: 'counter.add', params: { by: 1, note: 'toolong' } }, RpcCode.invalidParams, { param: 'note' }],
    ['too many positional params', { jsonrpc: '2.0', id: 1, method: 'counter.add', params: [1, 'a', 3] }, RpcCode.invalidParams, {}],
    ['an empty batch', [], RpcCode.invalidRequest, { code: 'INVALID_REQUEST' }],
    ['an oversized batch', Array.from({ length: MAX_BATCH + 1 }, (_, i) => ({ ...ADD, id: i })), RpcCode.invalidRequest, { code: 'BATCH_TOO_LARGE' }]
  ]
  for (const [what, body, code, data] of errors) {
    it(`answers ${what} with ${code} and changes nothing`, async () => {
      const before = counter
      const res = await call(body)
      expect(res.status).toBe(200)
      expect(res.body.error.code).toBe(code)
      expect(res.body.error.data).toMatchObject(data)
      expect(counter).toBe(before)
    })
  }

  it('hides a handler bug behind -32603 and reports it to the daemon', async () => {
    const res = await call({ jsonrpc: '2.0', id: 1, method: 'counter.boom' })
    expect(res.body.error).toEqual({ code: RpcCode.internal, message: expect.any(String), data: { code: 'INTERNAL' } })
    expect(res.body.error.message).not.toMatch(/bug/)
    expect(bugs).toContain('counter.boom')
  })

  it('runs a batch in order, answering every call that has an id', async () => {
    const before = counter
    const res = await call([
      { jsonrpc: '2.0', id: 1, method: 'counter.add', params: { by: 1 } },
      { jsonrpc: '2.0', method: 'counter.add', params: { by: 10 } },
      { jsonrpc: '2.0', id: 2, method: 'counter.add', params: { by: 0 } },
      { jsonrpc: '2.0', id: 3, method: 'counter.add', params: { by: 2 } }
    ])
    expect(res.body).toEqual([
      { jsonrpc: '2.0', id: 1, result: { counter: before + 1 } },
      { jsonrpc: '2.0', id: 2, error: expect.objectContaining({ code: RpcCode.invalidParams }) },
      { jsonrpc: '2.0', id: 3, result: { counter: before + 13 } }
    ])
  })

  it('answers a batch of notifications with 204 and no body', async () => {
    const before = counter
    const res = await call([{ jsonrpc: '2.0', method: 'counter.add', params: { by: 4 } }])
    expect(res.status).toBe(204)
    expect(res.body).toBeUndefined()
    expect(counter).toBe(before + 4)
  })
})

describe('startRpcServer', () => {
  it('reports a taken address as RpcListenError with a hint', async () => {
    const first = await startRpcServer({ port: 0, token: 't', dispatch: async () => undefined })
    const err = await startRpcServer({ port: first.port, token: 't', dispatch: async () => undefined }).catch((e: unknown) => e)
    await first.close()
    expect(err).toBeInstanceOf(RpcListenError)
    expect((err as Error).message).toMatch(/EADDRINUSE.*--rpc host:port/)
  })
})

const ONE = { jsonrpc: '2.0', id: 1, method: 'counter.add', params: { by: 1 } }

describe('JSON-RPC server under load (issue #17)', () => {
  it('JSON with a charset parameter is still JSON', async () => {
    const res = await call(ONE, { ...goodHeaders(server.port, token), 'Content-Type': 'application/json; charset=utf-8' })
    expect(res.status).toBe(200)
  })

  it('deeply nested params answer INVALID_PARAMS, not INTERNAL, and change nothing', async () => {
    const before = counter
    const bugsBefore = bugs.length
    const deepArray = '['.repeat(20_000) + '1' + ']'.repeat(20_000)
    const deepObject = '{"a":'.repeat(20) + '1' + '}'.repeat(20)
    for (const params of [`{"by":${deepArray}}`, deepObject, `{"by":1,"note":${deepArray}}`]) {
      const res = await call(`{"jsonrpc":"2.0","id":1,"method":"counter.add","params":${params}}`)
      expect(res.body.error).toMatchObject({ code: RpcCode.invalidParams, data: { code: 'INVALID_PARAMS', param: 'params' } })
    }
    expect(counter).toBe(before)
    expect(bugs).toHaveLength(bugsBefore)
  })

  it('closes idle unauthenticated sockets within seconds, caps connections, and still answers afterwards', async () => {
    const { connect } = await import('node:net')
    const { IDLE_SOCKET_MS, MAX_CONNECTIONS } = await import('../../node/rpc/server.js')
    const open = async (): Promise<{ connected: Promise<void>, closed: Promise<number> }> => {
      const s = connect(server.port, '127.0.0.1')
      s.on('error', () => {})
      // Reading, so the server's close is seen at once (an unread socket may never notice it).
      s.resume()
      return { connected: new Promise(resolve => s.once('connect', () => resolve())), closed: new Promise(resolve => s.once('close', () => resolve(Date.now()))) }
    }
    // Opened in waves (each connected before the next), none sending a byte.
    const sockets: Array<{ closed: Promise<number> }> = []
    for (let wave = 0; wave < 6; wave++) {
      const batch = await Promise.all(Array.from({ length: Math.ceil((MAX_CONNECTIONS + 50) / 6) }, open))
      await Promise.all(batch.map(async b => await Promise.race([b.connected, b.closed])))
      sockets.push(...batch)
    }
    const t0 = Date.now()
    // Past the cap, connections are closed as they arrive; the rest once idle.
    const times = await Promise.all(sockets.map(async s => await s.closed))
    expect(Math.max(...times) - t0).toBeLessThan(IDLE_SOCKET_MS + 4000)
    const res = await call(ONE)
    expect(res.status).toBe(200)
  }, 30_000)

  it('times out a slow body even with a valid token (HTTP 408)', async () => {
    const { connect } = await import('node:net')
    const { REQUEST_TIMEOUT_MS } = await import('../../node/rpc/server.js')
    const before = counter
    const s = connect(server.port, '127.0.0.1')
    const t0 = Date.now()
    let answer = ''
    s.on('data', (b: Buffer) => { answer += b.toString() })
    const closed = new Promise<void>(resolve => s.on('close', () => resolve()))
    const body = JSON.stringify(ONE)
    const head = Object.entries({ ...goodHeaders(server.port, token), 'Content-Length': String(body.length) }).map(([k, v]) => `${k}: ${v}`).join('\r\n')
    s.write(`POST / HTTP/1.1\r\n${head}\r\n\r\n${body.slice(0, 5)}`)
    // A byte now and then: the socket is never idle, yet the request must end by its deadline.
    const drip = setInterval(() => { if (!s.destroyed) s.write(' ') }, 500)
    await closed
    clearInterval(drip)
    expect(answer).toMatch(/^HTTP\/1\.1 408/)
    expect(Date.now() - t0).toBeLessThan(REQUEST_TIMEOUT_MS + 3000)
    expect(counter).toBe(before)
  }, 30_000)

  it('stops a batch between calls once its client has gone', async () => {
    const { request } = await import('node:http')
    const batch = JSON.stringify(Array.from({ length: 100 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'counter.slow' })))
    const req = request({ host: '127.0.0.1', port: server.port, method: 'POST', path: '/', headers: { ...goodHeaders(server.port, token), 'Content-Length': String(Buffer.byteLength(batch)) } })
    req.on('error', () => {})
    req.end(batch)
    const before = slowRuns
    const reports = abandoned.length
    await waitFor('the batch to start', () => slowRuns > before)
    req.destroy()
    await waitFor('the server to give the batch up', () => abandoned.length > reports)
    const ran = slowRuns - before
    // 100 calls take 5 s; the client left during the first ones: the rest never ran.
    expect(ran).toBeLessThan(100)
    expect(abandoned.at(-1)).toBe(100 - ran)
    // And none runs later: the server goes on answering others, the batch stays given up.
    expect((await call({ jsonrpc: '2.0', id: 1, method: 'counter.add', params: { by: 1 } })).status).toBe(200)
    expect(slowRuns - before).toBe(ran)
  })
})
