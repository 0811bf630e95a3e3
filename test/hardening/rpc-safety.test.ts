/**
 * The local RPC against a malicious web page and a careless file mode, on the real binary:
 * DNS rebinding (foreign Host), cross-origin and CSRF-style requests, CORS preflights,
 * near-miss tokens — each refused with its documented code and no state change; no CORS
 * header ever; secrets never in the logs; and `meritwalk start` refuses a key or token file
 * that others can read, with a message that says how to fix it and nothing left running.
 * The basic refusals (foreign Host/Origin, no or wrong token): test/rpc/server.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { access, chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { dataPaths } from '../../src/config.js'
import { IDENTITY_FILE } from '../../src/identity.js'
import { RpcClient } from '../../node/rpc/client.js'
import { RpcCode } from '../../node/rpc/errors.js'
import { readRpcAddress } from '../../node/rpc/token.js'
import { mw } from '../cli/run.js'
import { goodHeaders, rawPost } from '../rpc/http.js'
import { startCliDaemon, type CliDaemon } from './helpers.js'

let root: string
let dir: string
let daemon: CliDaemon
let port: number
let token: string
let client: RpcClient

const records = async (): Promise<number> => (await client.call('node.status')).records
const TRUST = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'social.interact', params: { item: 'csrf:item:1', count: 5 } })

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mw-rpcsafe-'))
  dir = join(root, 'node')
  const init = await mw(['init', '--data-dir', dir, '--namespace', `rpcsafe-${process.pid}`])
  expect(init.code, init.stderr).toBe(0)
  daemon = await startCliDaemon(dir, ['--log-level', 'trace'])
  port = (await readRpcAddress(dir))!.port
  token = (await readFile(dataPaths(dir).token, 'utf8')).trim()
  client = await RpcClient.fromDataDir(dir)
}, 120_000)

afterAll(async () => {
  client?.close()
  if (daemon?.child.exitCode === null) {
    daemon.child.kill('SIGINT')
    await daemon.exited
  }
  await rm(root, { recursive: true, force: true })
})

describe('local RPC against a malicious web page', () => {
  const good = (): Record<string, string> => goodHeaders(port, token)
  const cases: Array<[string, () => Record<string, string>, { method?: string }, number, number, string]> = [
    ['DNS rebinding: the attacker\'s name in Host', () => ({ ...good(), Host: `rebind.attacker.example:${port}` }), {}, 403, RpcCode.forbidden, 'FORBIDDEN_HOST'],
    ['DNS rebinding: a loopback name the daemon does not answer to', () => ({ ...good(), Host: `127.0.0.2:${port}` }), {}, 403, RpcCode.forbidden, 'FORBIDDEN_HOST'],
    ['a sandboxed or file:// page (Origin: null)', () => ({ ...good(), Origin: 'null' }), {}, 403, RpcCode.forbidden, 'FORBIDDEN_ORIGIN'],
    ['another local web app (Origin: localhost on another port)', () => ({ ...good(), Origin: `http://localhost:${port + 1}` }), {}, 403, RpcCode.forbidden, 'FORBIDDEN_ORIGIN'],
    ['an https page claiming the daemon\'s host', () => ({ ...good(), Origin: `https://127.0.0.1:${port}` }), {}, 403, RpcCode.forbidden, 'FORBIDDEN_ORIGIN'],
    ['a CSRF form post (text/plain, no token)', () => ({ Host: `127.0.0.1:${port}`, 'Content-Type': 'text/plain', Origin: 'http://attacker.example' }), {}, 403, RpcCode.forbidden, 'FORBIDDEN_ORIGIN'],
    ['a CSRF post without Origin (no token)', () => ({ Host: `127.0.0.1:${port}`, 'Content-Type': 'text/plain' }), {}, 401, RpcCode.unauthorized, 'UNAUTHORIZED'],
    ['a token that differs only in its last character', () => ({ ...good(), Authorization: `Bearer ${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}` }), {}, 401, RpcCode.unauthorized, 'UNAUTHORIZED'],
    ['the token with a byte appended', () => ({ ...good(), Authorization: `Bearer ${token}0` }), {}, 401, RpcCode.unauthorized, 'UNAUTHORIZED'],
    ['the token as Basic credentials', () => ({ ...good(), Authorization: `Basic ${Buffer.from(`x:${token}`).toString('base64')}` }), {}, 401, RpcCode.unauthorized, 'UNAUTHORIZED'],
    ['the token in the upper case', () => ({ ...good(), Authorization: `Bearer ${token.toUpperCase()}` }), {}, 401, RpcCode.unauthorized, 'UNAUTHORIZED'],
    ['a CORS preflight', () => ({ ...good(), Origin: 'http://attacker.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' }), { method: 'OPTIONS' }, 405, RpcCode.badTransport, 'METHOD_NOT_ALLOWED']
  ]
  for (const [what, headers, opts, status, code, name] of cases) {
    it(`refuses ${what}: HTTP ${status}, ${name}, no CORS header, nothing written`, async () => {
      const before = await records()
      const res = await rawPost(port, TRUST, headers(), opts)
      expect(res.status).toBe(status)
      expect(res.body.error).toMatchObject({ code, data: { code: name } })
      // Says what is wrong in words (a user reading a log can act on it).
      expect(res.body.error.message).toMatch(/Host|Origin|token|POST/)
      expect(Object.keys(res.headers).filter(h => h.startsWith('access-control-'))).toEqual([])
      expect(await records()).toBe(before)
    })
  }

  it('serves its own CLI (no Origin) without any CORS header either', async () => {
    const before = await records()
    const res = await rawPost(port, TRUST, goodHeaders(port, token))
    expect(res.status).toBe(200)
    expect(res.body.result.seq).toBeGreaterThan(0)
    expect(Object.keys(res.headers).filter(h => h.startsWith('access-control-'))).toEqual([])
    expect(res.headers['cache-control']).toBe('no-store')
    expect(await records()).toBe(before + 1)
  })

  it('never writes the token or the key to its logs (trace level, refused and accepted calls)', async () => {
    const seed = (JSON.parse(await readFile(join(dir, IDENTITY_FILE), 'utf8')) as { seed: string }).seed
    await rawPost(port, TRUST, { ...goodHeaders(port, token), Origin: 'http://attacker.example' })
    await rawPost(port, TRUST, goodHeaders(port, token.slice(0, 10)))
    await client.call('node.status')
    // Everything the daemon ever wrote: stopped, and its stderr closed (then restarted for the file checks below).
    client.close()
    daemon.child.kill('SIGINT')
    await daemon.exited
    const log = daemon.stderr()
    daemon = await startCliDaemon(dir, ['--log-level', 'trace'])
    expect(log.length).toBeGreaterThan(0)
    expect(log).not.toContain(token)
    expect(log).not.toContain(token.slice(0, 16))
    expect(log).not.toContain(seed)
    expect(log).not.toContain(seed.slice(0, 16))
  })
})

describe('key and token files', () => {
  it('init makes the data directory 0700 and the key, token, config and address files 0600', async () => {
    const mode = async (p: string): Promise<number> => (await stat(p)).mode & 0o777
    expect(await mode(dir)).toBe(0o700)
    for (const f of [join(dir, IDENTITY_FILE), dataPaths(dir).token, dataPaths(dir).config, dataPaths(dir).rpcAddress]) expect(await mode(f), f).toBe(0o600)
  })

  const refusals: Array<[string, string, number, RegExp]> = [
    ['a world-readable key', IDENTITY_FILE, 0o644, /identity\.json is readable by others \(mode 644\); run `chmod 600 .*identity\.json`/],
    ['a group-readable key', IDENTITY_FILE, 0o640, /identity\.json is readable by others \(mode 640\); run `chmod 600/],
    ['a world-readable token', 'rpc.token', 0o604, /rpc\.token is readable by others \(mode 604\); run `chmod 600 .*rpc\.token`/]
  ]
  for (const [what, file, bad, message] of refusals) {
    it(`meritwalk start refuses ${what}, says how to fix it, and leaves nothing running`, async () => {
      const other = join(root, `refuse-${bad.toString(8)}-${file}`)
      expect((await mw(['init', '--data-dir', other])).code).toBe(0)
      await chmod(join(other, file), bad)
      const r = await mw(['start', '--data-dir', other, '--rpc', '127.0.0.1:0', '--listen', '/ip4/127.0.0.1/tcp/0', '--log-level', 'silent'], {}, 60_000)
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(message)
      expect(r.stderr).not.toMatch(/\n\s+at /) // a user error, not a stack trace
      for (const left of [dataPaths(other).lock, dataPaths(other).rpcAddress]) await expect(access(left)).rejects.toThrow()
      // Fixed as the message says, it starts.
      await chmod(join(other, file), 0o600)
      const ok = await startCliDaemon(other)
      ok.child.kill('SIGINT')
      expect(await ok.exited).toBe(0)
    }, 150_000) // init, a refused start and a real start and stop: each a CLI process, slow under load
  }
})
