/**
 * Issue #17: a daemon whose disk fills answers STORAGE_FULL (not INTERNAL), shows it in
 * `node.status` and /metrics, writes again by itself once space returns, and a start on a
 * full disk says "disk full". Runs on a small tmpfs the test mounts (CI runs as root).
 */
import { describe, it, expect, afterAll } from 'vitest'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { pino } from 'pino'
import { defaultConfig } from '../../src/config.js'
import { StorageFullError } from '../../src/index.js'
import { startDaemon } from '../../node/index.js'
import { rpcPlugin } from '../../node/rpc/plugin.js'
import { createToken, readRpcAddress } from '../../node/rpc/token.js'
import { goodHeaders, rawPost } from '../rpc/http.js'

const mnt = await fs.mkdtemp(path.join(os.tmpdir(), 'mw-full-'))
let mountError: string | undefined
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mnt], { stdio: 'pipe' })
} catch (err) {
  mountError = (err as Error).message.split('\n')[0]
  console.warn(`storage-full tests skipped: cannot mount a tmpfs (${mountError}); run as root (CI does)`)
}
afterAll(async () => {
  if (mountError === undefined) execFileSync('umount', ['-l', mnt])
  await fs.rm(mnt, { recursive: true, force: true })
})

/** Fill the file system at `dir` to the last byte with `file`. */
async function fill (file: string): Promise<void> {
  const fh = await fs.open(file, 'w')
  try {
    for (let n = 1024 * 1024; n >= 1; n = n >> 1) {
      const block = Buffer.alloc(n, 1)
      try { for (;;) await fh.write(block) } catch {}
    }
  } finally {
    await fh.close()
  }
}

describe.skipIf(mountError !== undefined)('a daemon on a full disk', () => {
  it('STORAGE_FULL over RPC, storage health in status and /metrics, recovery without a restart, "disk full" at start', async () => {
    const dir = path.join(mnt, 'node')
    await fs.mkdir(dir)
    const token = await createToken(dir)
    const config = { ...defaultConfig(dir), listen: ['/ip4/127.0.0.1/tcp/0'], rpc: { host: '127.0.0.1', port: 0 } }
    const daemon = await startDaemon(config, { logger: pino({ level: 'silent' }), plugins: [rpcPlugin()] })
    const filler = path.join(mnt, 'filler')
    try {
      const port = Number((await readRpcAddress(dir))?.address.split(':')[1])
      let id = 0
      const call = async (method: string, params: unknown = {}): Promise<any> => // eslint-disable-line @typescript-eslint/no-explicit-any
        (await rawPost(port, JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }), goodHeaders(port, token))).body
      const scrape = async (): Promise<string> => await (await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text()
      expect((await call('social.interact', { item: 'test:item:0', count: 1 })).error).toBeUndefined()
      expect((await call('node.status')).result.storage).toBe('ok')
      expect(await scrape()).toMatch(/^meritwalk_storage_full 0$/m)

      await fill(filler)
      let refused: any // eslint-disable-line @typescript-eslint/no-explicit-any
      for (let i = 1; i < 2000 && refused === undefined; i++) {
        const res = await call('social.interact', { item: `test:item:${i}`, count: 1 })
        if (res.error !== undefined) refused = res.error
      }
      expect(refused.data.code).toBe('STORAGE_FULL')
      expect(refused.code).toBe(-32030)
      expect(refused.message).toMatch(/^disk full/)
      const stored = daemon.store.count()
      expect((await call('node.status')).result.storage).toBe('full')
      expect(await scrape()).toMatch(/^meritwalk_storage_full 1$/m)

      await fs.rm(filler)
      expect((await call('social.interact', { item: 'test:item:after', count: 1 })).error).toBeUndefined()
      expect(daemon.store.count()).toBe(stored + 1)
      expect((await call('node.status')).result.storage).toBe('ok')
      expect(await scrape()).toMatch(/^meritwalk_storage_full 0$/m)
    } finally {
      await daemon.stop()
    }
    await fill(filler)
    const err = await startDaemon(config, { logger: pino({ level: 'silent' }) }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(StorageFullError)
    expect((err as Error).message).toMatch(/^disk full/)
    expect((err as Error).message).not.toContain('another')
    await fs.rm(filler)
  })
})
