/**
 * The daemon's lifecycle: one daemon per data dir, clean start/stop (also by signal, in a
 * real child process), plugins after the network and before it on the way down, typed
 * errors for bad input with no state change, and the ranking index rebuilt on restart.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { once } from 'node:events'
import { access, writeFile } from 'node:fs/promises'
import pino from 'pino'
import { dataPaths, defaultConfig, type MeritwalkConfig } from '../../src/config.js'
import { RecordStore } from '../../src/index.js'
import { BadMultiaddrError, DaemonLockedError, DaemonStoppedError, ListenError, PeerUnreachableError, startDaemon, type Daemon, type DaemonPlugin } from '../../node/index.js'
import { identityN, tempDir, waitFor } from './helpers.js'

const quiet = { logger: pino({ level: 'silent' }) }

describe('daemon lifecycle', () => {
  let dir: string
  let remove: () => Promise<void>
  let config: MeritwalkConfig
  const running: Daemon[] = []

  beforeEach(async () => {
    ({ dir, remove } = await tempDir())
    config = { ...defaultConfig(dir), listen: ['/ip4/127.0.0.1/tcp/0'], logLevel: 'silent' }
  })
  afterEach(async () => {
    for (const d of running.splice(0)) await d.stop()
    await remove()
  })

  const start = async (opts: Parameters<typeof startDaemon>[1] = quiet): Promise<Daemon> => {
    const d = await startDaemon(config, opts)
    running.push(d)
    return d
  }

  it('refuses a second daemon on the same data dir, naming the pid; a stale pid file is taken over', async () => {
    const d = await start()
    const err = await startDaemon(config, quiet).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DaemonLockedError)
    expect((err as DaemonLockedError).data).toEqual({ dataDir: dir, pid: process.pid })
    expect((err as Error).message).toContain(`another daemon is running on ${dir} (pid ${process.pid})`)
    // The refused start changed nothing: the first daemon still runs and holds the lock.
    expect(d.status().author).toBe(d.ego)
    await d.stop()
    await expect(access(dataPaths(dir).lock)).rejects.toThrow()
    // A pid file left by a dead process (pid 2^22 + 1 is above Linux's pid_max default).
    await writeFile(dataPaths(dir).lock, '4194305\n')
    const again = await start()
    expect(again.ego).toBe(d.ego)
  })

  it('a stale pid file naming a live process, even our own (pid 1 in a container), does not block a start (issue #17)', async () => {
    // The lock is an OS lock that died with its holder; the pid file is only a label.
    for (const pid of [process.pid, 1]) {
      await writeFile(dataPaths(dir).lock, `${pid}\n`)
      const d = await start()
      expect(d.status().author).toBe(d.ego)
      await d.stop()
      running.splice(running.indexOf(d), 1)
    }
  })

  it('reports status and rejects bad dials with typed errors and no state change', async () => {
    const d = await start()
    const s = d.status()
    expect(s).toMatchObject({ author: d.ego, peerId: d.ego, namespace: 'main', peers: 0, records: 0, authors: 0, equivocators: 0 })
    expect(s.multiaddrs[0]).toMatch(new RegExp(`^/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/${d.ego}$`))
    const peer = identityN(5).author
    for (const bad of ['', 'not a multiaddr', '/ip4/127.0.0.1/tcp/7718', '/ip4/127.0.0.1/tcp/7718/p2p/12D3KooWnotapeer', `/dns4/example.invalid/udp/1/p2p/${peer}`]) {
      await expect(d.connect(bad)).rejects.toBeInstanceOf(BadMultiaddrError)
    }
    // A closed port: the dial fails fast with a typed error.
    const srv = createServer()
    srv.listen(0, '127.0.0.1')
    await once(srv, 'listening')
    const port = (srv.address() as { port: number }).port
    srv.close()
    await expect(d.connect(`/ip4/127.0.0.1/tcp/${port}/p2p/${peer}`)).rejects.toBeInstanceOf(PeerUnreachableError)
    expect(d.peers()).toEqual([])
    expect(d.status().counters.peerConnects).toBe(0)
  })

  it('fails to start with ListenError on a taken port, and leaves the data dir free', async () => {
    const srv = createServer()
    srv.listen(0, '127.0.0.1')
    await once(srv, 'listening')
    const port = (srv.address() as { port: number }).port
    try {
      config.listen = [`/ip4/127.0.0.1/tcp/${port}`]
      await expect(startDaemon(config, quiet)).rejects.toBeInstanceOf(ListenError)
    } finally {
      srv.close()
    }
    config.listen = ['/ip4/127.0.0.1/tcp/0']
    await start()
  })

  it('starts plugins after the network and stops them first; a failing plugin undoes the start', async () => {
    const events: string[] = []
    const plugin = (name: string): DaemonPlugin => ({
      name,
      start: async d => {
        events.push(`start ${name} ${d.multiaddrs().length > 0 ? 'network up' : 'no network'}`)
        return { stop: async () => { events.push(`stop ${name} ${d.multiaddrs().length > 0 ? 'network up' : 'no network'}`) } }
      }
    })
    const d = await start({ ...quiet, plugins: [plugin('rpc'), plugin('metrics')] })
    await Promise.all([d.stop(), d.stop()])
    await d.stop()
    expect(events).toEqual(['start rpc network up', 'start metrics network up', 'stop metrics network up', 'stop rpc network up'])
    await expect(d.connect('/ip4/127.0.0.1/tcp/1')).rejects.toBeInstanceOf(DaemonStoppedError)
    events.length = 0
    const broken: DaemonPlugin = { name: 'broken', start: async () => { throw new Error('cannot bind') } }
    await expect(startDaemon(config, { ...quiet, plugins: [plugin('rpc'), broken] })).rejects.toThrow('cannot bind')
    // Everything was undone — the plugin that did start was stopped, the dir is free.
    expect(events).toEqual(['start rpc network up', 'stop rpc network up'])
    await start()
  })

  it('rebuilds the ranking index from the store on restart', async () => {
    const d = await start()
    const friend = identityN(6).author
    await d.author.trust(friend, 1)
    await d.author.interact('test:song:1', 3)
    await d.author.item('test:song:1', 'Song One')
    const before = { stats: d.engine.stats(), rep: d.engine.reputation(d.ego) }
    await d.stop()
    const e = await start()
    expect(e.status().records).toBe(3)
    expect(e.engine.stats()).toEqual(before.stats)
    expect(e.engine.reputation(e.ego).map(s => s.author)).toEqual(before.rep.map(s => s.author))
    expect(e.edges.itemMeta('test:song:1')?.title).toBe('Song One')
    // New records keep the index live (incremental: no restart needed).
    await e.author.interact('test:song:2', 1)
    expect(e.engine.stats().interactionEdges).toBe(before.stats.interactionEdges + 1)
  })
})

describe('daemon in a child process', () => {
  let dir: string
  let remove: () => Promise<void>
  beforeEach(async () => { ({ dir, remove } = await tempDir()) })
  afterEach(async () => { await remove() })

  const child = (args: string[]): { proc: ReturnType<typeof spawn>, ready: Promise<{ pid: number, records: number }>, exit: Promise<number | null>, log: () => string } => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'test/node/fixtures/daemon-child.ts', dir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    proc.stderr?.on('data', (b: Buffer) => { err += b.toString() })
    const ready = new Promise<{ pid: number, records: number }>((resolve, reject) => {
      proc.stdout?.on('data', (b: Buffer) => {
        out += b.toString()
        if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]))
      })
      proc.on('exit', code => { reject(new Error(`child exited (${code}) before it was ready`)) })
    })
    const exit = new Promise<number | null>(resolve => proc.on('exit', code => { resolve(code) }))
    return { proc, ready, exit, log: () => err }
  }

  it('SIGTERM stops it cleanly: lock released, store closed with every record', async () => {
    const c = child(['25'])
    const info = await c.ready
    expect(info.records).toBe(25)
    const err = await startDaemon({ ...defaultConfig(dir), listen: ['/ip4/127.0.0.1/tcp/0'] }, quiet).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DaemonLockedError)
    expect((err as DaemonLockedError).data.pid).toBe(info.pid)
    c.proc.kill('SIGTERM')
    expect(await c.exit).toBe(0)
    await expect(access(dataPaths(dir).lock)).rejects.toThrow()
    const store = await RecordStore.open(dataPaths(dir).store)
    expect(store.count()).toBe(25)
    await store.close()
  })

  it('a second SIGINT during a slow stop forces exit', async () => {
    const c = child(['0', 'slow'])
    await c.ready
    c.proc.kill('SIGINT')
    await waitFor('the child to begin stopping', () => c.log().includes('send the signal again to force exit'))
    c.proc.kill('SIGINT')
    expect(await c.exit).toBe(130)
  })
})
