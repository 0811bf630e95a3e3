/**
 * Crash safety of the real daemon: `meritwalk start` is SIGKILLed 20 times on one data dir
 * while two clients drive it over JSON-RPC — one authoring plays in bulk
 * (social.interactMany), one importing other authors' signed logs (records.import). After
 * every restart each acknowledged record is there with the acknowledged hash; at the end
 * the store holds whole, hash-linked chains only, and the ranking index the daemon rebuilds
 * equals one folded afresh from the store's records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { equals } from 'uint8arrays/equals'
import { dataPaths, defaultConfig } from '../../src/config.js'
import { EdgeState, identityFromSeed, loadIdentity, RecordStore, type SignedRecord } from '../../src/index.js'
import { createEngine } from '../../graph/index.js'
import { startDaemon } from '../../node/index.js'
import { RpcClient } from '../../node/rpc/client.js'
import { MAX_IMPORT } from '../../node/rpc/limits.js'
import { mw } from '../cli/run.js'
import { seeded, signedChain, startCliDaemon } from './helpers.js'

const KILLS = Number(process.env.MW_KILLS ?? 20)
const BATCH = 200
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

let root: string
let dir: string
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mw-crash-'))
  dir = join(root, 'node')
  const init = await mw(['init', '--data-dir', dir, '--namespace', `crash-${process.pid}`])
  expect(init.code, init.stderr).toBe(0)
})
afterAll(async () => { await rm(root, { recursive: true, force: true }) })

describe('crash safety (SIGKILL during bulk authoring and import)', () => {
  it(`loses nothing acknowledged across ${KILLS} SIGKILLs, and rebuilds the index equal to the store`, async () => {
    const ego = (await loadIdentity(dir)).author
    // Other people's logs to import, signed up front.
    const foreign = [1, 2, 3, 4].map(n => signedChain(identityFromSeed(new Uint8Array(32).fill(60 + n)), 2000, seq => seq % 5 === 0
      ? { kind: 'trust', target: identityFromSeed(new Uint8Array(32).fill(60 + (n % 4) + 1)).author, weight: (seq % 7) / 7 }
      : { kind: 'interact', item: `crash:item:${seq % 97}`, weight: seq }))
    // Acknowledged state: per author, the highest seq a reply confirmed, with its hash.
    const acked = new Map<string, { seq: number, hash: string }>()
    const ack = (author: string, seq: number, hash: string): void => {
      if (seq > (acked.get(author)?.seq ?? 0)) acked.set(author, { seq, hash })
    }
    const rng = seeded(7)
    let authored = 0
    for (let round = 0; round < KILLS; round++) {
      const d = await startCliDaemon(dir)
      const client = await RpcClient.fromDataDir(dir, { timeoutMs: 20_000 })
      try {
        // Everything acknowledged before the last kill is there, with the acknowledged hash.
        for (const [author, a] of acked) {
          const page = await client.call('records.list', { author, fromSeq: a.seq, limit: 1 })
          expect(page.head, `head of ${author} after restart ${round}`).toBeGreaterThanOrEqual(a.seq)
          expect(page.records[0]?.hash).toBe(a.hash)
        }
        let stop = false
        // Checked after the round, not inside the workers: there a failed expect would only
        // end the worker, whose errors the kill makes normal.
        const rejected: unknown[] = []
        const failures: unknown[] = []
        let firstAck: () => void = () => {}
        const acknowledged = new Promise<void>(resolve => { firstAck = resolve })
        const author = async (): Promise<void> => {
          while (!stop) {
            const entries = Array.from({ length: BATCH }, (_, i) => ({ item: `crash:own:${(authored + i) % 500}`, weight: 1 + ((authored + i) % 9), ...(i % 10 === 0 ? { title: `Song ${authored + i}` } : {}) }))
            const res = await client.call('social.interactMany', { entries })
            authored += BATCH
            const last = await client.call('records.list', { author: ego, fromSeq: res.lastSeq!, limit: 1 })
            ack(ego, res.lastSeq!, last.records[0].hash)
            firstAck()
          }
        }
        const importer = async (): Promise<void> => {
          while (!stop) {
            const open = foreign.filter(c => (acked.get(c[0].author)?.seq ?? 0) < c.length)
            if (open.length === 0) return
            const chain = open[Math.floor(rng() * open.length)]
            const from = acked.get(chain[0].author)?.seq ?? 0
            const slice = chain.slice(from, from + Math.min(BATCH, MAX_IMPORT))
            const res = await client.call('records.import', { records: slice.map(r => Buffer.from(r.bytes).toString('base64')) })
            rejected.push(...res.rejected)
            const top = slice[slice.length - 1]
            ack(top.author, top.seq, hex(top.hash))
            firstAck()
          }
        }
        // A call cut off by the kill fails, as it should; any failure before the kill is a finding
        // (and must not leave the round waiting for an acknowledgement that cannot come).
        const work = [author(), importer()].map(async p => await p.catch(err => {
          if (!stop) failures.push(err)
          firstAck()
        }))
        await acknowledged
        // Kill at a seeded moment inside the burst: between calls, or in the middle of one.
        await new Promise(resolve => setTimeout(resolve, 20 + rng() * 400))
        d.child.kill('SIGKILL')
        stop = true
        expect(await d.exited).toBe('SIGKILL')
        await Promise.all(work)
        expect(failures, `round ${round}`).toEqual([])
        expect(rejected, `round ${round}`).toEqual([])
      } finally {
        client.close()
        if (d.child.exitCode === null && d.child.signalCode === null) d.child.kill('SIGKILL')
      }
    }
    expect(acked.get(ego)?.seq ?? 0).toBeGreaterThan(0)
    expect([...acked.keys()].filter(a => a !== ego).length, 'authors imported and acknowledged').toBeGreaterThan(0)

    // The store on its own: whole hash-linked chains, heads on their last record, every ack inside.
    const store = await RecordStore.open(dataPaths(dir).store)
    const byAuthor = new Map<string, SignedRecord[]>()
    const edges = new EdgeState()
    const fresh = createEngine({ walks: 2000 })
    try {
      for await (const r of store.records()) {
        const list = byAuthor.get(r.author) ?? []
        const prev = list.at(-1)
        expect(r.seq).toBe((prev?.seq ?? 0) + 1)
        if (prev === undefined) expect(r.prev).toBeUndefined()
        else expect(equals(r.prev!, prev.hash)).toBe(true)
        list.push(r)
        byAuthor.set(r.author, list)
        for (const c of edges.apply(r)) {
          if (c.kind === 'trust') fresh.setTrust(c.src, c.dst, c.weight, c.ts)
          if (c.kind === 'interact') fresh.setInteraction(c.user, c.item, c.weight, c.ts)
        }
      }
      let total = 0
      for (const [author, list] of byAuthor) {
        const head = store.head(author)!
        expect(head.seq).toBe(list.length)
        expect(equals(head.hash, list[list.length - 1].hash)).toBe(true)
        total += list.length
      }
      expect(store.count()).toBe(total)
      for (const [author, a] of acked) expect(hex(byAuthor.get(author)![a.seq - 1].hash)).toBe(a.hash)
    } finally {
      await store.close()
    }

    // The daemon's own rebuild from that store equals the fresh fold.
    const config = { ...defaultConfig(dir), listen: ['/ip4/127.0.0.1/tcp/0'], logLevel: 'silent' as const, ranking: { ...defaultConfig(dir).ranking, walks: 2000 } }
    const daemon = await startDaemon(config, { logger: pino({ level: 'silent' }) })
    try {
      expect(daemon.engine.stats()).toEqual(fresh.stats())
      for (const author of byAuthor.keys()) {
        expect(daemon.edges.trust(author)).toEqual(edges.trust(author))
        expect(daemon.edges.interactions(author)).toEqual(edges.interactions(author))
      }
      const query = { seed: 11, walks: 2000, limit: 30 }
      expect(daemon.engine.recommend(daemon.ego, query)).toEqual(fresh.recommend(daemon.ego, query))
      expect(daemon.engine.reputation(daemon.ego, query)).toEqual(fresh.reputation(daemon.ego, query))
    } finally {
      await daemon.stop()
    }
  // Each round restarts the real CLI daemon: seconds each on a loaded 2-core machine (the full
  // suite beside it), more now that the imports are really stored (they were all refused).
  }, 30_000 + KILLS * 20_000)
})
