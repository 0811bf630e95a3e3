import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dataPaths } from '../../src/config.js'
import { NoDaemonError, RpcClient } from '../../node/rpc/client.js'
import { createToken, InsecureTokenFileError, readToken, TokenNotFoundError } from '../../node/rpc/token.js'

let dir: string
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'mw-token-')) })
afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

describe('RPC token', () => {
  it('is 32 random bytes in hex, mode 0600, kept across calls', async () => {
    const token = await createToken(dir)
    expect(token).toMatch(/^[0-9a-f]{64}$/)
    expect((await stat(dataPaths(dir).token)).mode & 0o777).toBe(0o600)
    expect(await createToken(dir)).toBe(token)
    const other = await mkdtemp(join(tmpdir(), 'mw-token-'))
    expect(await createToken(other)).not.toBe(token)
    await rm(other, { recursive: true })
  })

  it('is refused when missing or readable by others', async () => {
    await expect(readToken(dir)).rejects.toBeInstanceOf(TokenNotFoundError)
    await createToken(dir)
    await chmod(dataPaths(dir).token, 0o644)
    await expect(readToken(dir)).rejects.toBeInstanceOf(InsecureTokenFileError)
  })
})

describe('RpcClient.fromDataDir', () => {
  it('names the configured address when no daemon has published one', async () => {
    await writeFile(dataPaths(dir).config, JSON.stringify({ rpc: { port: 7999 } }))
    const err = await RpcClient.fromDataDir(dir).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(NoDaemonError)
    expect((err as NoDaemonError).exitCode).toBe(3)
    expect((err as Error).message).toBe(`no daemon running on 127.0.0.1:7999 for data directory ${dir}; start one with \`meritwalk start --data-dir ${dir}\` (\`meritwalk init --data-dir ${dir}\` first if this node is new), or name your node's directory with --data-dir`)
  })

  it('reports a stale address (daemon gone) as no daemon', async () => {
    // A port that was just free: bind and release it so nothing listens there.
    const srv = createServer()
    await new Promise<void>(resolve => srv.listen(0, '127.0.0.1', resolve))
    const port = (srv.address() as { port: number }).port
    await new Promise(resolve => srv.close(resolve))
    await createToken(dir)
    await writeFile(dataPaths(dir).rpcAddress, JSON.stringify({ host: '127.0.0.1', port, address: `127.0.0.1:${port}`, pid: 1 }))
    const client = await RpcClient.fromDataDir(dir)
    const err = await client.call('node.identity').catch((e: unknown) => e)
    client.close()
    expect(err).toBeInstanceOf(NoDaemonError)
    expect((err as Error).message).toContain(`127.0.0.1:${port}`)
  })
})
