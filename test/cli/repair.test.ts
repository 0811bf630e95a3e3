/**
 * Issue #17: a store that lost LevelDB's CURRENT file (and a record in the middle of one
 * author's log) is refused at start with the way out; `meritwalk repair` recovers it,
 * reports exactly what was lost, and afterwards `status` agrees with `export`.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Level } from 'level'
import { afterAll, describe, expect, it } from 'vitest'
import { dataPaths } from '../../src/config.js'
import { RecordStore } from '../../src/index.js'
import { Bucket, seqKey } from '../../src/store-keys.js'
import { chain, person, plays } from '../src/helpers.js'
import { json, mw, startNode } from './run.js'

const root = await mkdtemp(join(tmpdir(), 'mw-repair-'))
afterAll(async () => { await rm(root, { recursive: true, force: true }) })

describe('meritwalk repair', () => {
  it('refused start → repair reports the loss exactly → status agrees with export', async () => {
    const dir = join(root, 'a')
    expect((await mw(['init', '--data-dir', dir])).code).toBe(0)
    const [alice, bob, carol] = [person(1), person(2), person(3)]
    const store = await RecordStore.open(dataPaths(dir).store)
    await store.append([...chain(alice, 20, plays), ...chain(bob, 10, plays), ...chain(carol, 5, plays)])
    await store.close()
    // Damage: bob's #6 is gone from the files, then CURRENT is lost.
    const raw = new Level<Uint8Array, Uint8Array>(dataPaths(dir).store, { keyEncoding: 'view', valueEncoding: 'view' })
    await raw.del(seqKey(Bucket.Record, bob.author, 6))
    await raw.close()
    await rm(join(dataPaths(dir).store, 'CURRENT'))

    const refused = await mw(['start', '--data-dir', dir, '--rpc', '127.0.0.1:0', '--listen', '/ip4/127.0.0.1/tcp/0'])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('CURRENT file is missing')
    expect(refused.stderr).toContain('meritwalk repair')

    const report = json(await mw(['repair', '--json', '--data-dir', dir]))
    expect(report).toMatchObject({ authors: 3, records: 30, dropped: 4, proofs: { kept: 0, dropped: 0 } })
    expect(report.lost).toEqual([{ author: bob.author, keptThrough: 5, lostFrom: 6, lostThrough: 10, reason: 'seq 6 is missing' }])
    const human = await mw(['repair', '--data-dir', dir])
    expect(human.code).toBe(0)
    expect(human.stdout).toContain('nothing lost')

    const node = await startNode(dir)
    try {
      const status = json(await mw(['status', '--json', '--data-dir', dir]))
      const exported = (await mw(['export', '--data-dir', dir])).stdout.trim().split('\n').map(l => JSON.parse(l))
      expect(status.records).toBe(30)
      expect(exported).toHaveLength(status.records)
      expect(status.authors).toBe(new Set(exported.map(r => r.author)).size)
      expect(exported.filter(r => r.author === bob.author).map(r => r.seq)).toEqual([1, 2, 3, 4, 5])
    } finally {
      await node.stop()
    }
  }, 120_000)
})
