/**
 * The web UI's server side over real HTTP against a real in-process daemon: the one-time
 * login and its cookies, the CSRF rule for session calls, the Host and Origin checks on UI
 * paths, the security headers, the static files (and what they refuse), the event stream,
 * and the graph methods rank.network / rank.person.
 */
import { request } from 'node:http'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultConfig } from '../../src/config.js'
import { identityFromSeed } from '../../src/index.js'
import { startDaemon } from '../../node/index.js'
import type { Daemon } from '../../node/index.js'
import { RpcClient } from '../../node/rpc/client.js'
import { createEventHub } from '../../node/rpc/events.js'
import { rpcPlugin } from '../../node/rpc/plugin.js'
import { startRpcServer } from '../../node/rpc/server.js'
import { createSessions, LOGIN_CODE_TTL_MS } from '../../node/rpc/session.js'
import { createToken, readRpcAddress } from '../../node/rpc/token.js'
import { createUiRoutes } from '../../node/rpc/ui.js'

interface Reply { status: number, headers: Record<string, string | string[] | undefined>, text: string }

function http (port: number, path: string, opts: { method?: string, headers?: Record<string, string>, body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: { Host: `127.0.0.1:${port}`, ...opts.headers } }, res => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }))
    })
    req.on('error', reject)
    req.end(opts.body)
  })
}

let dir: string
let daemon: Daemon
let client: RpcClient
let port: number

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-ui-'))
  await createToken(dir)
  const config = defaultConfig(dir)
  config.listen = ['/ip4/127.0.0.1/tcp/0']
  config.rpc = { host: '127.0.0.1', port: 0 }
  config.namespace = `ui-${process.pid}`
  daemon = await startDaemon(config, { logger: pino({ level: 'silent' }), plugins: [rpcPlugin()] })
  client = await RpcClient.fromDataDir(dir)
  port = (await readRpcAddress(dir))?.port as number
})

afterAll(async () => {
  client?.close()
  await daemon?.stop()
  await rm(dir, { recursive: true, force: true })
})

/** Log in through a fresh code; the session and CSRF cookies. */
async function login (): Promise<{ cookie: string, csrf: string, reply: Reply, url: string }> {
  const { url } = await client.call('ui.login')
  const reply = await http(port, new URL(url).pathname + new URL(url).search)
  const set = (reply.headers['set-cookie'] ?? []) as string[]
  const pairs = set.map(c => c.split(';')[0])
  return { cookie: pairs.join('; '), csrf: pairs.find(p => p.startsWith('meritwalk_csrf='))?.split('=')[1] ?? '', reply, url }
}

const call = (method: string, params: object = {}): string => JSON.stringify({ jsonrpc: '2.0', id: 1, method, params })

describe('web UI login', () => {
  it('trades a one-time code for an HttpOnly SameSite=Strict session and lands on the recommendations', async () => {
    const { reply, url } = await login()
    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/ui/login\\?code=[A-Za-z0-9_-]{43}$`))
    expect(reply.status).toBe(303)
    expect(reply.headers.location).toBe('/ui/#/recommendations')
    const [session, csrf] = reply.headers['set-cookie'] as string[]
    expect(session).toMatch(/^meritwalk_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/)
    expect(csrf).toMatch(/^meritwalk_csrf=[A-Za-z0-9_-]{43}; Path=\/; SameSite=Strict; Max-Age=\d+$/)
    // The code is spent.
    const again = await http(port, new URL(url).pathname + new URL(url).search)
    expect(again.status).toBe(403)
    expect(again.headers['set-cookie']).toBeUndefined()
  })

  it('refuses unknown and expired codes', async () => {
    expect((await http(port, '/ui/login?code=nope')).status).toBe(403)
    expect((await http(port, '/ui/login')).status).toBe(403)
    let now = 1_000
    const sessions = createSessions(() => now)
    const code = sessions.issueCode()
    now += LOGIN_CODE_TTL_MS
    expect(sessions.login(code)).toBeUndefined()
    const fresh = sessions.issueCode()
    now += LOGIN_CODE_TTL_MS - 1
    expect(sessions.login(fresh)).toBeDefined()
  })
})

describe('session calls', () => {
  it('need the CSRF token; with it they work like bearer calls', async () => {
    const { cookie, csrf } = await login()
    const headers = { 'Content-Type': 'application/json', Cookie: cookie }
    const friend = identityFromSeed(new Uint8Array(32).fill(3)).author
    const noToken = await http(port, '/', { method: 'POST', headers, body: call('social.trust', { author: friend }) })
    expect(noToken.status).toBe(403)
    expect(JSON.parse(noToken.text).error.data.code).toBe('CSRF_TOKEN')
    const wrong = await http(port, '/', { method: 'POST', headers: { ...headers, 'X-CSRF-Token': csrf.slice(1) + 'x' }, body: call('social.trust', { author: friend }) })
    expect(wrong.status).toBe(403)
    expect(daemon.edges.trust(daemon.ego).has(friend)).toBe(false)
    const ok = await http(port, '/', { method: 'POST', headers: { ...headers, 'X-CSRF-Token': csrf }, body: call('social.trust', { author: friend }) })
    expect(JSON.parse(ok.text).result.body).toMatchObject({ kind: 'trust', target: friend, weight: 1 })
    expect(daemon.edges.trust(daemon.ego).get(friend)).toBe(1)
  })

  it('refuse a foreign Origin, a foreign Host, and no session at all', async () => {
    const { cookie, csrf } = await login()
    const headers = { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf }
    const foreign = await http(port, '/', { method: 'POST', headers: { ...headers, Origin: 'http://evil.example' }, body: call('node.identity') })
    expect([foreign.status, JSON.parse(foreign.text).error.data.code]).toEqual([403, 'FORBIDDEN_ORIGIN'])
    const same = await http(port, '/', { method: 'POST', headers: { ...headers, Origin: `http://127.0.0.1:${port}` }, body: call('node.identity') })
    expect(JSON.parse(same.text).result.author).toBe(daemon.ego)
    const none = await http(port, '/', { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: 'meritwalk_session=forged', 'X-CSRF-Token': csrf }, body: call('node.identity') })
    expect(none.status).toBe(401)
    const rebound = await http(port, '/ui/', { headers: { Host: 'attacker.example:80' } })
    expect(rebound.status).toBe(403)
    const framedLogin = await http(port, '/ui/login?code=x', { headers: { Origin: 'http://evil.example' } })
    expect(framedLogin.status).toBe(403)
    // A session does not open /metrics: that stays bearer-only.
    expect((await http(port, '/metrics', { headers: { Cookie: cookie } })).status).toBe(401)
  })
})

describe('static bundle', () => {
  it('serves the page with CSP frame-ancestors none, X-Frame-Options DENY and no referrer', async () => {
    const page = await http(port, '/ui/')
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.text).toMatch(/<script type="module" crossorigin src="\/ui\/assets\/index-[\w-]+\.js"><\/script>/)
    expect(page.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/)
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/)
    expect(page.headers['x-frame-options']).toBe('DENY')
    expect(page.headers['referrer-policy']).toBe('no-referrer')
    const script = /src="(\/ui\/assets\/index-[\w-]+\.js)"/.exec(page.text)?.[1] as string
    const asset = await http(port, script)
    expect([asset.status, asset.headers['content-type'], asset.headers['cache-control']]).toEqual([200, 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable'])
  })

  it('refuses paths outside the bundle, unknown files and writes', async () => {
    for (const path of ['/ui/../package.json', '/ui/%2e%2e/%2e%2e/package.json', '/ui/..%2f..%2fpackage.json', '/ui/nothing.js']) {
      const r = await http(port, path)
      expect(r.status, path).toBe(404)
      expect(r.text).not.toMatch(/meritwalk@|"dependencies"/)
    }
    expect((await http(port, '/ui/', { method: 'POST' })).status).toBe(405)
  })

  it('says how to build the bundle when it is missing', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'mw-ui-dist-'))
    const sessions = createSessions()
    const events = createEventHub(daemon)
    const server = await startRpcServer({ port: 0, token: 't', dispatch: async () => undefined, ui: { routes: createUiRoutes({ sessions, events, dist: empty }), sessions } })
    try {
      const r = await http(server.port, '/ui/')
      expect(r.status).toBe(503)
      expect(r.text).toMatch(/npm ci/)
    } finally {
      events.close()
      await server.close()
      await rm(empty, { recursive: true, force: true })
    }
  })
})

describe('event stream', () => {
  it('needs a session', async () => {
    expect((await http(port, '/events')).status).toBe(401)
  })

  it('pushes status and peers at once, then records as they reach the store', async () => {
    const { cookie } = await login()
    const frames: Array<{ event: string, data: any }> = [] // eslint-disable-line @typescript-eslint/no-explicit-any
    const req = request({ host: '127.0.0.1', port, path: '/events', headers: { Host: `127.0.0.1:${port}`, Cookie: cookie } })
    const got = new Promise<void>((resolve, reject) => {
      req.on('response', res => {
        expect(res.headers['content-type']).toBe('text/event-stream')
        let buf = ''
        res.on('data', (c: Buffer) => {
          buf += c.toString('utf8')
          for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
            const frame = buf.slice(0, i)
            buf = buf.slice(i + 2)
            const event = /^event: (.+)$/m.exec(frame)?.[1]
            const data = /^data: (.+)$/m.exec(frame)?.[1]
            if (event !== undefined && data !== undefined) frames.push({ event, data: JSON.parse(data) })
            if (event === 'status' && frames.length === 1) void client.call('social.interact', { item: 'test:sse', count: 3 })
            if (event === 'records') resolve()
          }
        })
      })
      req.on('error', reject)
    })
    req.end()
    await got
    req.destroy()
    const status = frames.find(f => f.event === 'status')?.data
    expect(status).toMatchObject({ author: daemon.ego, budget: { maxTotalRecords: daemon.config.store.maxTotalRecords, maxRecordsPerAuthor: daemon.config.store.maxRecordsPerAuthor } })
    expect(typeof status.at).toBe('number')
    expect(frames.find(f => f.event === 'peers')?.data).toEqual([])
    expect(frames.find(f => f.event === 'records')?.data).toEqual({ added: 1, own: 1, total: daemon.store.count() })
  })
})

describe('rank.network and rank.person', () => {
  it('return the ego, its trust and the people its trust reaches, with the edges among them', async () => {
    const a = identityFromSeed(new Uint8Array(32).fill(11))
    const b = identityFromSeed(new Uint8Array(32).fill(12))
    await client.call('social.trust', { author: a.author })
    await client.call('social.distrust', { author: b.author, weight: 0.5 })
    const net = await client.call('rank.network', { limit: 10 })
    expect(net.ego).toBe(daemon.ego)
    const byAuthor = new Map(net.people.map(p => [p.author, p]))
    expect(byAuthor.get(daemon.ego)).toMatchObject({ score: 0, trust: 0 })
    expect(byAuthor.get(a.author)?.trust).toBe(1)
    expect(byAuthor.get(b.author)?.trust).toBe(-0.5)
    expect(net.edges).toContainEqual({ src: daemon.ego, dst: a.author, weight: 1 })
    expect(net.edges).toContainEqual({ src: daemon.ego, dst: b.author, weight: -0.5 })
    for (const e of net.edges) expect(byAuthor.has(e.src) && byAuthor.has(e.dst)).toBe(true)
    const person = await client.call('rank.person', { author: a.author })
    expect(person).toMatchObject({ author: a.author, trust: 1, trusts: [], items: [] })
    expect(person.score).toBeCloseTo(daemon.engine.score(daemon.ego, a.author), 12)
    const me = await client.call('rank.person', { author: daemon.ego, items: 5 })
    expect(me.items).toContainEqual({ item: 'test:sse', weight: 3, title: null })
  })
})
