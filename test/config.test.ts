import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ConfigError, dataPaths, defaultConfig, loadConfig, parseHostPort } from '../src/config.js'

describe('config layers', () => {
  let dir: string
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'mw-config-')) })
  afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

  it('uses the defaults when nothing else is given', async () => {
    const c = await loadConfig({ dataDir: dir, env: {} })
    expect(c).toEqual(defaultConfig(dir))
  })

  it('applies file, then environment, then overrides, in that order', async () => {
    await writeFile(dataPaths(dir).config, JSON.stringify({ namespace: 'file', ranking: { beta: 0.5 }, rpc: { port: 9000 } }))
    const c = await loadConfig({
      dataDir: dir,
      env: { MERITWALK_NAMESPACE: 'env', MERITWALK_LISTEN: '/ip4/127.0.0.1/tcp/1,/ip4/127.0.0.1/tcp/2' },
      overrides: { namespace: 'flag' }
    })
    expect(c.namespace).toBe('flag')
    expect(c.listen).toEqual(['/ip4/127.0.0.1/tcp/1', '/ip4/127.0.0.1/tcp/2'])
    expect(c.ranking).toEqual({ ...defaultConfig(dir).ranking, beta: 0.5 })
    expect(c.rpc).toEqual({ host: '127.0.0.1', port: 9000 })
  })

  it('reads the data directory from MERITWALK_DATA_DIR when no flag is given', async () => {
    const c = await loadConfig({ env: { MERITWALK_DATA_DIR: dir } })
    expect(c.dataDir).toBe(dir)
  })

  it.each([
    [{ ranking: { alpha: 0 } }, 'ranking.alpha'],
    [{ ranking: { walks: 1.5 } }, 'ranking.walks'],
    [{ rpc: { port: 70000 } }, 'rpc.port'],
    [{ namespace: 'Bad Space' }, 'namespace'],
    [{ listen: 'not-a-list' }, 'listen'],
    [{ nonsense: 1 }, 'nonsense'],
    [{ store: { quota: 1 } }, 'store.quota'],
    [{ store: { verifyThreads: -1 } }, 'store.verifyThreads'],
    [{ store: { maxStrangerRecords: -1 } }, 'store.maxStrangerRecords'],
    [{ store: { verifyThreads: 1.5 } }, 'store.verifyThreads'],
    [{ logLevel: 'loud' }, 'logLevel'],
    [{ replication: { scope: 'some' } }, 'replication.scope'],
    [{ replication: { epsilon: -1 } }, 'replication.epsilon'],
    [{ replication: { scopeAboveAuthors: 0 } }, 'replication.scopeAboveAuthors']
  ])('rejects %j naming the option', async (layer, option) => {
    const err = await loadConfig({ dataDir: dir, env: {}, overrides: layer as never }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ConfigError)
    expect((err as ConfigError).data.option).toBe(option)
    expect((err as ConfigError).data.source).toBe('command line')
  })

  it('rejects a config file that is not JSON, naming the file', async () => {
    await writeFile(dataPaths(dir).config, '{ nope')
    const err = await loadConfig({ dataDir: dir, env: {} }).catch((e: unknown) => e) as ConfigError
    expect(err).toBeInstanceOf(ConfigError)
    expect(err.message).toContain(dataPaths(dir).config)
  })

  it('parses host:port including IPv6 and refuses garbage', () => {
    expect(parseHostPort('127.0.0.1:7717', 'rpc', 'x')).toEqual({ host: '127.0.0.1', port: 7717 })
    expect(parseHostPort('[::1]:80', 'rpc', 'x')).toEqual({ host: '::1', port: 80 })
    expect(() => parseHostPort('localhost', 'rpc', 'x')).toThrow(ConfigError)
  })
})
