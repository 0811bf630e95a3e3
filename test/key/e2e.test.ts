/**
 * Key backup and a second device, through the real binary: export the key of a node
 * whose log a peer holds, wipe it, a wrong passphrase and a damaged backup change
 * nothing, import into a fresh data directory, the restored node refuses to sign until a
 * peer confirmed its log, then catches up from the peer and signs on without forking.
 */
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RpcClient } from '../../node/rpc/client.js'
import { dataPaths } from '../../src/config.js'
import { eventually, json, mw, startNode, type RunningNode } from '../cli/run.js'

let root: string
let old: RunningNode | undefined
let peer: RunningNode | undefined
let restored: RunningNode | undefined
const NS = ['--namespace', `key-${process.pid}`]
const dir = (n: string): string => join(root, n)

async function rpc<T> (d: string, fn: (c: RpcClient) => Promise<T>): Promise<T> {
  const c = await RpcClient.fromDataDir(d)
  try { return await fn(c) } finally { c.close() }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mw-key-'))
  for (const n of ['old', 'peer', 'new']) expect((await mw(['init', '--data-dir', dir(n), ...NS])).code).toBe(0)
  ;[old, peer] = await Promise.all([startNode(dir('old')), startNode(dir('peer'))])
  await writeFile(join(root, 'pass'), 'correct horse battery staple\n')
  await writeFile(join(root, 'wrong'), 'incorrect horse\n')
}, 120_000)

afterAll(async () => {
  await Promise.all([old?.stop(), peer?.stop(), restored?.stop()])
  await rm(root, { recursive: true, force: true })
})

describe('key export → wipe → import on a new machine', () => {
  let author: string
  let head: number

  it('exports the key of a node whose log a peer holds', async () => {
    author = await rpc(dir('old'), async c => {
      await c.call('node.connect', { multiaddr: (await rpc(dir('peer'), async p => await p.call('node.identity'))).multiaddrs[0] })
      await c.call('social.interact', { item: 'key:one', count: 3 })
      await c.call('social.interact', { item: 'key:two', count: 5 })
      return (await c.call('node.identity')).author
    })
    head = 2
    await eventually(async () => await rpc(dir('peer'), async c => (await c.call('records.list', { author })).head === head ? true : undefined), 30_000, 'the peer to hold the old log')
    const r = await mw(['key', 'export', '--out', join(root, 'backup.json'), '--passphrase-file', join(root, 'pass'), '--json', '--data-dir', dir('old')])
    expect(json(r)).toEqual({ author, file: join(root, 'backup.json') })
    const backup = await readFile(join(root, 'backup.json'), 'utf8')
    const seed = (JSON.parse(await readFile(join(dir('old'), 'identity.json'), 'utf8')) as { seed: string }).seed
    expect(backup).not.toContain(seed)
    // The old machine is lost.
    await old?.stop()
    old = undefined
    await rm(dir('old'), { recursive: true, force: true })
  })

  it('a wrong passphrase and a damaged backup change nothing', async () => {
    await rm(dir('new'), { recursive: true, force: true })
    const wrong = await mw(['key', 'import', join(root, 'backup.json'), '--passphrase-file', join(root, 'wrong'), '--data-dir', dir('new')])
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toMatch(/passphrase does not open .*backup\.json.*nothing was changed/)
    const damaged = (await readFile(join(root, 'backup.json'), 'utf8')).replace('"argon2id13"', '"argon2i13"')
    await writeFile(join(root, 'damaged.json'), damaged)
    const bad = await mw(['key', 'import', join(root, 'damaged.json'), '--passphrase-file', join(root, 'pass'), '--data-dir', dir('new')])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/not a usable meritwalk key backup/)
    await expect(access(dir('new'))).rejects.toThrow()
  })

  it('imports into a fresh data directory, refuses to sign before a peer confirmed the log, then catches up and signs on', async () => {
    const r = await mw(['key', 'import', join(root, 'backup.json'), '--passphrase-file', join(root, 'pass'), '--json', '--data-dir', dir('new')])
    expect(json(r)).toEqual({ author })
    expect((await mw(['init', '--data-dir', dir('new'), ...NS])).code).toBe(0) // keeps the restored key
    restored = await startNode(dir('new'))
    const early = await mw(['play', 'key:three', '--data-dir', dir('new')])
    expect(early.code, early.stderr).toBe(1)
    expect(early.stderr).toMatch(/restored from a backup.*connect to a peer/)
    const peerAddr = (await rpc(dir('peer'), async p => await p.call('node.identity'))).multiaddrs[0]
    expect((await mw(['connect', peerAddr, '--data-dir', dir('new')])).code).toBe(0)
    const play = json<{ seq: number, author: string }>(await mw(['play', 'key:three', '--json', '--data-dir', dir('new')]))
    expect(play).toMatchObject({ author, seq: head + 1 })
    await expect(access(dataPaths(dir('new')).ownLogUnconfirmed)).rejects.toThrow()
    // The peer links it onto the old log: no fork, no equivocation.
    await eventually(async () => await rpc(dir('peer'), async c => (await c.call('records.list', { author })).head === head + 1 ? true : undefined), 30_000, 'the peer to take the new record')
    expect((await rpc(dir('peer'), async c => await c.call('node.status'))).equivocators).toBe(0)
  })

  it('refuses to import over another identity', async () => {
    const r = await mw(['key', 'import', join(root, 'backup.json'), '--passphrase-file', join(root, 'pass'), '--data-dir', dir('peer')])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/already holds identity 12D3KooW\S+; import into a fresh --data-dir/)
  })
})
