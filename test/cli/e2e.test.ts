/**
 * End to end through the real binary and real daemons: init → start → connect →
 * trust/play → a second node's recommendations show the first node's influence; then
 * every error path answers as documented and changes nothing; export → import restores.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dataPaths } from '../../src/config.js'
import { identityFromSeed, signRecord, type Body } from '../../src/index.js'
import { RpcClient } from '../../node/rpc/client.js'
import { createToken } from '../../node/rpc/token.js'
import { eventually, json, mw, rpcPort, startNode } from './run.js'
import type { RunningNode } from './run.js'
import { goodHeaders, rawPost } from '../rpc/http.js'

let root: string
let a: RunningNode
let b: RunningNode
const dir = (name: string): string => join(root, name)
const NS = ['--namespace', `e2e-${process.pid}`]
let aId: { author: string, peerId: string, multiaddrs: string[], rpc: string }
let bId: typeof aId

// Store size through the daemon's own RPC (in-process client: half the child processes of `status`).
const records = async (d: string): Promise<number> => {
  const client = await RpcClient.fromDataDir(d)
  try {
    return (await client.call('node.status')).records
  } finally {
    client.close()
  }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mw-e2e-'))
  for (const n of ['a', 'b']) expect((await mw(['init', '--data-dir', dir(n), ...NS])).code).toBe(0)
  ;[a, b] = await Promise.all([startNode(dir('a')), startNode(dir('b'))])
  aId = json(await mw(['id', '--json', '--data-dir', dir('a')]))
  bId = json(await mw(['id', '--json', '--data-dir', dir('b')]))
}, 120_000)

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()])
  await rm(root, { recursive: true, force: true })
})

describe('meritwalk end to end', () => {
  it('init made a private key and token; id describes the running node', async () => {
    expect((await stat(dataPaths(dir('a')).token)).mode & 0o777).toBe(0o600)
    expect(aId.author).toMatch(/^12D3KooW/)
    expect(aId.peerId).toBe(aId.author)
    expect(aId.multiaddrs.length).toBeGreaterThan(0)
    for (const m of aId.multiaddrs) expect(m).toMatch(new RegExp(`^/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/${aId.peerId}$`))
    expect(aId.rpc).toBe(`127.0.0.1:${await rpcPort(dir('a'))}`)
  })

  it('a second node sees the first node\'s influence in its recommendations', async () => {
    const c = await mw(['connect', aId.multiaddrs[0], '--data-dir', dir('b')])
    expect(c.code, c.stderr).toBe(0)
    const peers = json<Array<{ peerId: string }>>(await mw(['peers', '--json', '--data-dir', dir('b')]))
    expect(peers.map(p => p.peerId)).toContain(aId.peerId)

    // A's tastes: one artist B also plays, two B has never heard of.
    for (const [item, count, title] of [['test:shared', '5', 'Shared Band'], ['test:gem', '40', 'Hidden Gem'], ['test:deep', '20', 'Deep Cut']]) {
      expect((await mw(['play', item, '--count', count, '--data-dir', dir('a')])).code).toBe(0)
      expect((await mw(['item', item, '--title', title, '--data-dir', dir('a')])).code).toBe(0)
    }
    const t = await mw(['trust', aId.author, '--data-dir', dir('b')])
    expect(t.code, t.stderr).toBe(0)
    expect(t.stdout).toMatch(/recorded #1: trust 12D3KooW\S+ = 1/)
    const played = await mw(['play', 'test:shared', '--data-dir', dir('b')])
    expect(played.code).toBe(0)
    expect(played.stdout).toMatch(/replaces any earlier play count or rating of it/) // one value per item, said

    const recs = await eventually(async () => {
      const r = json<Array<{ item: string, title?: string, score: number, explain: { via: Array<{ author: string, share: number }> } | null }>>(
        await mw(['recommend', '--json', '--data-dir', dir('b')]))
      return r.some(x => x.item === 'test:gem') ? r : undefined
    }, 30_000, 'A\'s items in B\'s recommendations')
    const gem = recs.find(x => x.item === 'test:gem')
    expect(gem?.title).toBe('Hidden Gem')
    expect(gem?.score).toBeGreaterThan(0)
    expect(gem?.explain?.via.map(v => v.author)).toContain(aId.author)
    expect(recs.map(x => x.item)).not.toContain('test:shared') // B already has it

    const table = await mw(['recommend', '--explain', '--data-dir', dir('b')])
    expect(table.stdout).toContain('Hidden Gem')
    const rep = json<Array<{ author: string, score: number }>>(await mw(['reputation', '--json', '--data-dir', dir('b')]))
    expect(rep.find(r => r.author === aId.author)?.score).toBeGreaterThan(0)
  })

  it('status reads as words (uptime a duration, sizes in KiB, no JSON) and scores keep three significant digits', async () => {
    const s = await mw(['status', '--data-dir', dir('b')])
    expect(s.code, s.stderr).toBe(0)
    expect(s.stdout).toMatch(/^uptime +\d+ (s|min \d+ s|h \d+ min)$/m)
    expect(s.stdout).toMatch(/^display name +\(none; `meritwalk profile --name …` publishes one\)$/m)
    expect(s.stdout).toMatch(/^peers +1 connected \(1 direct, 0 through a relay\)/m)
    expect(s.stdout).toMatch(/^records +\d+ records? from 2 authors$/m)
    expect(s.stdout).toMatch(/^ranking +.*; index \d+\.\d (KiB|MiB)$/m)
    expect(s.stdout).not.toMatch(/[{}[\]"]|uptimeMs/)
    const rep = json<Array<{ author: string, score: number }>>(await mw(['reputation', '--json', '--data-dir', dir('b')]))
    const table = await mw(['reputation', '--data-dir', dir('b')])
    for (const r of rep) expect(table.stdout).toContain(` ${r.score.toPrecision(3)} `)
  })

  const refusals: Array<[string, string[], number, RegExp]> = [
    ['a malformed author id', ['trust', 'not-an-author'], 2, /invalid param 'author': is not an author id/],
    ['trusting oneself', ['trust', '<self>'], 2, /own author id/],
    ['a trust weight above 1', ['trust', '<other>', '2'], 2, /weight must be a number/],
    ['a negative play count', ['play', 'x', '--count', '-1'], 2, /--count must be an integer/],
    ['a rating above 5', ['like', 'x', '--rating', '6'], 2, /--rating must be a number in 0–5/],
    ['an item without a title', ['item', 'x'], 2, /required option '--title <title>'/],
    ['an oversize item id', ['play', 'x'.repeat(300)], 2, /invalid param 'item'/],
    ['a zero limit', ['recommend', '--limit', '0'], 2, /--limit must be an integer in 1–1000/],
    ['an unknown variant', ['recommend', '--variant', 'bogus'], 2, /invalid param 'variant': must be one of/],
    ['a bad multiaddr', ['connect', '/not/a/multiaddr'], 2, /not a dialable multiaddr/],
    ['a missing import file', ['import', '/nonexistent/plays.csv'], 2, /cannot be read: ENOENT/]
  ]
  for (const [what, args, code, message] of refusals) {
    it(`refuses ${what} with exit ${code} and changes nothing`, async () => {
      const before = await records(dir('a'))
      const real = args.map(x => x === '<self>' ? aId.author : x === '<other>' ? bId.author : x)
      const r = await mw([...real, '--data-dir', dir('a')])
      expect(r.code).toBe(code)
      expect(r.stderr).toMatch(message)
      expect(r.stderr).not.toMatch(/\n\s+at /) // no stack trace
      expect(await records(dir('a'))).toBe(before)
    })
  }

  it('refuses a bad plays CSV before sending anything', async () => {
    const before = await records(dir('a'))
    const file = join(root, 'bad.csv')
    await writeFile(file, 'item,count\ngood:1,3\nbad:2,lots\n')
    const r = await mw(['import', file, '--data-dir', dir('a')])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/bad\.csv row 2 needs a play count/)
    expect(await records(dir('a'))).toBe(before)
  })

  it('over raw HTTP, every protocol error answers as documented and the store is unchanged', async () => {
    const port = await rpcPort(dir('a'))
    const token = (await readFile(dataPaths(dir('a')).token, 'utf8')).trim()
    const before = await records(dir('a'))
    const trust = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'social.trust', params: { author: bId.author } })
    const cases: Array<[string, Buffer | string, Record<string, string>, number, number]> = [
      ['no token', trust, { ...goodHeaders(port, token), Authorization: '' }, 401, -32001],
      ['a wrong token', trust, goodHeaders(port, '0'.repeat(64)), 401, -32001],
      ['a foreign Host', trust, { ...goodHeaders(port, token), Host: 'attacker.example' }, 403, -32002],
      ['a foreign Origin', trust, { ...goodHeaders(port, token), Origin: 'https://attacker.example' }, 403, -32002],
      ['a body over 1 MiB', JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'social.trust', params: { author: bId.author, pad: 'x'.repeat(1_100_000) } }), goodHeaders(port, token), 413, -32003],
      ['malformed JSON', trust.slice(0, -3), goodHeaders(port, token), 200, -32700],
      ['an unknown method', JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'social.trustAll', params: {} }), goodHeaders(port, token), 200, -32601],
      ['bad params', JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'social.trust', params: { author: bId.author, weight: 'high' } }), goodHeaders(port, token), 200, -32602]
    ]
    for (const [what, body, headers, status, code] of cases) {
      const res = await rawPost(port, body, headers)
      expect([what, res.status, res.body.error.code]).toEqual([what, status, code])
    }
    expect(await records(dir('a'))).toBe(before)
  })

  it('a wrong token in the data directory is refused with a hint', async () => {
    const d = dir('stale')
    await createToken(d)
    await writeFile(dataPaths(d).rpcAddress, await readFile(dataPaths(dir('a')).rpcAddress))
    const r = await mw(['status', '--data-dir', d])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/meritwalk: missing or wrong bearer token/)
  })

  it('imports a plays CSV in batches, and an export restores into a fresh node', async () => {
    const before = await records(dir('a'))
    const csv = join(root, 'plays.csv')
    await writeFile(csv, 'item,count,title\n' + Array.from({ length: 2500 }, (_, i) => `bulk:${i},${1 + (i % 50)},Artist ${i}`).join('\n') + '\n')
    const imp = json<{ items: number, records: number }>(await mw(['import', csv, '--json', '--data-dir', dir('a')]))
    // 5,000 updates (a play and a title per item) in batch records of ≤ 4 KiB: tens of records, not thousands.
    expect(imp.items).toBe(2500)
    expect(imp.records).toBeLessThan(50)
    expect(await records(dir('a'))).toBe(before + imp.records)

    const backup = join(root, 'backup.jsonl')
    const exp = await mw(['export', '--out', backup, '--data-dir', dir('a')])
    expect(exp.code, exp.stderr).toBe(0)
    const lines = (await readFile(backup, 'utf8')).trim().split('\n')
    expect(lines.length).toBe(await records(dir('a')))

    expect((await mw(['init', '--data-dir', dir('c'), ...NS])).code).toBe(0)
    const c = await startNode(dir('c'))
    try {
      const restored = json<{ records: number, accepted: number, rejected: number }>(await mw(['import', backup, '--json', '--data-dir', dir('c')]))
      expect(restored).toMatchObject({ records: lines.length, accepted: lines.length, rejected: 0 })
      const again = await mw(['export', '--data-dir', dir('c')])
      expect(again.stdout.trim().split('\n').sort()).toEqual([...lines].sort())
    } finally {
      await c.stop()
    }
  })

  it('an export carries equivocation proofs, and importing it proves the fork on a fresh node', async () => {
    // An outside author who signs two different records for seq 2.
    const x = identityFromSeed(new Uint8Array(32).fill(77))
    const body = (n: number): Body => ({ kind: 'interact', item: `fork:${n}`, weight: n })
    const one = signRecord(x, { seq: 1, ts: 1_700_000_000_001, body: body(1) }, { signer: 'native' })
    const two = signRecord(x, { seq: 2, prev: one.hash, ts: 1_700_000_000_002, body: body(2) }, { signer: 'native' })
    const rival = signRecord(x, { seq: 2, prev: one.hash, ts: 1_700_000_000_003, body: body(3) }, { signer: 'native' })
    const forkFile = join(root, 'fork.jsonl')
    await writeFile(forkFile, [one, two, rival].map(r => JSON.stringify({ bytes: Buffer.from(r.bytes).toString('base64') })).join('\n') + '\n')
    const status = async (d: string): Promise<{ equivocators: number }> => json(await mw(['status', '--json', '--data-dir', d]))
    for (const n of ['e', 'f']) expect((await mw(['init', '--data-dir', dir(n), ...NS])).code).toBe(0)
    const e = await startNode(dir('e'))
    try {
      expect((await mw(['import', forkFile, '--data-dir', dir('e')])).code).toBe(0)
      expect((await status(dir('e'))).equivocators).toBe(1)
      const backup = join(root, 'fork-backup.jsonl')
      const exp = await mw(['export', '--out', backup, '--data-dir', dir('e')])
      expect(exp.stderr).toContain('and 1 equivocation proofs')
      const f = await startNode(dir('f'))
      try {
        const restored = json<{ rejected: number }>(await mw(['import', backup, '--json', '--data-dir', dir('f')]))
        expect(restored.rejected).toBe(0)
        expect((await status(dir('f'))).equivocators).toBe(1)
        const client = await RpcClient.fromDataDir(dir('f'))
        try {
          const { proofs } = await client.call('records.proofs', {})
          expect(proofs.map(p => [p.author, p.seq])).toEqual([[x.author, 2]])
          expect(proofs[0].records.map(r => r.hash).sort()).toEqual([two, rival].map(r => Buffer.from(r.hash).toString('hex')).sort())
        } finally {
          client.close()
        }
      } finally {
        await f.stop()
      }
    } finally {
      await e.stop()
    }
  })

  it('start --bootstrap joins the network named by --namespace and syncs what is there', async () => {
    expect((await mw(['init', '--data-dir', dir('d')])).code).toBe(0)
    const d = await startNode(dir('d'), ['--bootstrap', aId.multiaddrs[0], ...NS])
    try {
      const want = await records(dir('a'))
      await eventually(async () => (await records(dir('d'))) >= want ? true : undefined, 30_000, 'bootstrap sync')
      const peers = json<Array<{ peerId: string }>>(await mw(['peers', '--json', '--data-dir', dir('d')]))
      expect(peers.map(p => p.peerId)).toContain(aId.peerId)
    } finally {
      await d.stop()
    }
  })

  it('start on a data directory that was never initialised says to run init (exit 2)', async () => {
    const r = await mw(['start', '--data-dir', dir('fresh')])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/is not initialised; run `meritwalk init --data-dir .*fresh` first/)
  })

  it('after stop, commands say no daemon runs (exit 3) and the address file is gone', async () => {
    expect(await b.stop()).toBe(0)
    await expect(stat(dataPaths(dir('b')).rpcAddress)).rejects.toThrow(/ENOENT/)
    const r = await mw(['status', '--data-dir', dir('b')])
    expect(r.code).toBe(3)
    expect(r.stderr.trim()).toBe(`meritwalk: no daemon running on 127.0.0.1:7717 for data directory ${dir('b')}; start one with \`meritwalk start --data-dir ${dir('b')}\` (\`meritwalk init --data-dir ${dir('b')}\` first if this node is new), or name your node's directory with --data-dir`)
  })
})
