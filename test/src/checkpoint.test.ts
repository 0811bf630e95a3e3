/**
 * Checkpoints (docs/PROTOCOL.md §10): the live state rebuilt from a checkpoint's leaves plus
 * the records after it equals the state of the whole log, for random histories with
 * retractions and batches; a checkpoint whose commitment is wrong is refused by the store
 * and changes nothing; a fork at or across a checkpoint is still proven.
 */
import { describe, it, expect, afterEach } from 'vitest'
import fc from 'fast-check'
import { AuthorState, decodeLeaf, stateRoot } from '../../src/state.js'
import { EdgeState } from '../../src/edges.js'
import { RecordStore } from '../../src/store.js'
import { LocalAuthor } from '../../src/author.js'
import { packUpdates, signRecord, type SignedRecord, type Update } from '../../src/record.js'
import { person, tempDir, removeDirs } from './helpers.js'

const alice = person(1)
const friends = [person(2), person(3), person(4)]
const items = Array.from({ length: 6 }, (_, i) => `lastfm:artist:${i}`)

const update: fc.Arbitrary<Update> = fc.oneof(
  fc.record({ kind: fc.constant('trust' as const), target: fc.constantFrom(...friends.map(f => f.author)), weight: fc.constantFrom(0, 1, -1, 0.5) }),
  fc.record({ kind: fc.constant('interact' as const), item: fc.constantFrom(...items), weight: fc.constantFrom(0, 0, 1, 7, 42) }),
  fc.record({ kind: fc.constant('item' as const), item: fc.constantFrom(...items), title: fc.constantFrom('A', 'B') }),
  fc.record({ kind: fc.constant('profile' as const), field: fc.constant('name' as const), value: fc.constantFrom('', 'Alice', 'Ålice') })
)

/** Sign `groups` of updates as alice's chain (each group packed: a batch or a single update). */
function sign (groups: Update[][]): SignedRecord[] {
  const out: SignedRecord[] = []
  for (const g of groups) {
    for (const body of packUpdates(alice.author, g)) {
      const prev = out.at(-1)
      out.push(signRecord(alice, prev === undefined ? { seq: 1, ts: 1_700_000_000_000 + out.length, body } : { seq: prev.seq + 1, prev: prev.hash, ts: 1_700_000_000_000 + out.length, body }))
    }
  }
  return out
}

function checkpointAfter (records: SignedRecord[]): SignedRecord {
  const state = new AuthorState()
  for (const r of records) state.apply(r)
  const prev = records.at(-1)!
  return signRecord(alice, { seq: prev.seq + 1, prev: prev.hash, ts: prev.ts + 1, body: { kind: 'checkpoint', ...state.commitment() } })
}

describe('checkpoint + suffix = whole log', () => {
  it('property: leaves at any checkpoint plus the records after it rebuild the state of the full log (AuthorState and EdgeState)', () => {
    fc.assert(fc.property(fc.array(fc.array(update, { minLength: 1, maxLength: 5 }), { minLength: 2, maxLength: 25 }), fc.nat(), (groups, cut) => {
      const records = sign(groups)
      const at = 1 + (cut % (records.length - 1))
      const before = records.slice(0, at)
      const after = records.slice(at)
      const full = new AuthorState()
      for (const r of records) full.apply(r)
      const base = new AuthorState()
      for (const r of before) base.apply(r)
      const cp = checkpointAfter(before)
      // What a node that dropped the prefix holds: the leaves, checked against the signed root.
      const leaves = base.leaves()
      expect(cp.body).toEqual({ kind: 'checkpoint', root: stateRoot(leaves), edges: leaves.length })
      const rebuilt = new AuthorState(leaves.map(l => decodeLeaf(l, alice.author, cp.ts)))
      for (const r of after) rebuilt.apply(r)
      expect(rebuilt.leaves()).toEqual(full.leaves())
      // The ranking's view: a base adopted, then the suffix, equals folding every record.
      const whole = new EdgeState()
      for (const r of records) whole.apply(r)
      // (This checkpoint stands beside the chain, not in it: the suffix starts at its seq, so the base is the seq before.)
      const compacted = new EdgeState()
      compacted.applyBase(alice.author, cp.seq - 1, base.values())
      for (const r of after) compacted.apply(r)
      expect(compacted.trust(alice.author)).toEqual(whole.trust(alice.author))
      expect(compacted.interactions(alice.author)).toEqual(whole.interactions(alice.author))
      for (const item of items) expect(compacted.itemMetaBy(item, alice.author)).toEqual(whole.itemMetaBy(item, alice.author))
      expect(compacted.displayName(alice.author)).toBe(whole.displayName(alice.author))
    }), { numRuns: 200, seed: 15 })
  })

  it('a leaf that breaks a rule is refused with BAD_CHECKPOINT or the rule\'s code', () => {
    const state = new AuthorState()
    state.set({ kind: 'interact', item: 'lastfm:artist:1', weight: 3 }, 1000)
    const [leaf] = state.leaves()
    expect(() => decodeLeaf(leaf, alice.author, 999)).toThrow(expect.objectContaining({ code: 'BAD_CHECKPOINT' }))
    expect(() => decodeLeaf(Uint8Array.of(...leaf, 0), alice.author, 2000)).toThrow(expect.objectContaining({ code: 'BAD_CHECKPOINT' }))
    const self = new AuthorState()
    self.set({ kind: 'trust', target: alice.author, weight: 1 }, 1)
    expect(() => decodeLeaf(self.leaves()[0], alice.author, 2000)).toThrow(expect.objectContaining({ code: 'SELF_TRUST' }))
  })
})

describe('the store judges checkpoints', () => {
  const dirs: string[] = []
  const stores: RecordStore[] = []
  afterEach(async () => {
    await Promise.all(stores.splice(0).map(async s => await s.close()))
    await removeDirs(dirs)
  })
  const open = async (): Promise<RecordStore> => {
    const s = await RecordStore.open(await tempDir(dirs), { sync: false })
    stores.push(s)
    return s
  }
  const history = sign([
    [{ kind: 'interact', item: 'lastfm:artist:1', weight: 3 }, { kind: 'trust', target: friends[0].author, weight: 1 }],
    [{ kind: 'interact', item: 'lastfm:artist:1', weight: 0 }],
    [{ kind: 'item', item: 'lastfm:artist:2', title: 'Two' }, { kind: 'interact', item: 'lastfm:artist:2', weight: 5 }]
  ])

  it('links a right checkpoint, in the same append as the records before it or after them', async () => {
    const cp = checkpointAfter(history)
    const s = await open()
    expect((await s.append([...history, cp])).accepted).toHaveLength(history.length + 1)
    const t = await open()
    await t.append(history)
    expect((await t.append([cp])).accepted.map(r => r.seq)).toEqual([cp.seq])
  })

  it('refuses a wrong root, a wrong edge count, the state of another seq and a forged signature, storing nothing', async () => {
    const right = checkpointAfter(history)
    const last = history.at(-1)!
    const body = right.body as { kind: 'checkpoint', root: string, edges: number }
    const signed = (b: { root: string, edges: number }, who = alice): SignedRecord =>
      signRecord(who, { seq: last.seq + 1, prev: last.hash, ts: last.ts + 1, body: { kind: 'checkpoint', ...b } })
    const staleRoot = checkpointAfter(history.slice(0, -1)).body as { root: string, edges: number }
    const cases: Array<[string, Uint8Array, string]> = [
      ['wrong root', signed({ root: 'ff'.repeat(32), edges: body.edges }).bytes, 'BAD_CHECKPOINT'],
      ['wrong edge count', signed({ root: body.root, edges: body.edges + 1 }).bytes, 'BAD_CHECKPOINT'],
      ['state before seq 2 signed at seq 4', signed(staleRoot).bytes, 'BAD_CHECKPOINT'],
      ['signed by another key', Uint8Array.from([...right.bytes.subarray(0, right.bytes.length - 64), ...signed(body, friends[1]).sig]), 'BAD_SIGNATURE']
    ]
    for (const [what, bytes, code] of cases) {
      const s = await open()
      await s.append(history)
      const res = await s.append([bytes])
      expect(res.accepted, what).toEqual([])
      expect(res.rejected[0]?.error.code, what).toBe(code)
      expect(s.head(alice.author)?.seq, what).toBe(last.seq)
      expect((await s.append([right])).accepted, what).toHaveLength(1)
    }
  })

  it('a fork across a checkpoint is still proven: a rival of the checkpoint, and a rival of a record before it', async () => {
    const cp = checkpointAfter(history)
    const s = await open()
    await s.append([...history, cp])
    const rivalOfCheckpoint = signRecord(alice, { seq: cp.seq, prev: cp.prev, ts: cp.ts, body: { kind: 'interact', item: 'lastfm:artist:9', weight: 1 } })
    const rivalBefore = signRecord(alice, { seq: 2, prev: history[0].hash, ts: 5, body: { kind: 'interact', item: 'lastfm:artist:9', weight: 2 } })
    const res = await s.append([rivalOfCheckpoint, rivalBefore])
    expect(res.equivocations.map(e => e.seq).sort()).toEqual([2, cp.seq])
    expect(s.isFlagged(alice.author)).toBe(true)
    // A later checkpoint keeps both proofs.
    const me = new LocalAuthor(alice, s, { now: () => cp.ts + 10 })
    await me.checkpoint()
    expect((await s.equivocations(alice.author)).map(e => e.seq).sort()).toEqual([2, cp.seq])
  })

  it('LocalAuthor.checkpoint commits to the node\'s own live state and the store links it', async () => {
    const s = await open()
    const me = new LocalAuthor(alice, s, { batchDelayMs: 0 })
    await me.append([{ kind: 'interact', item: 'lastfm:artist:1', weight: 2 }, { kind: 'interact', item: 'lastfm:artist:2', weight: 1 }])
    await me.interact('lastfm:artist:1', 0)
    const cp = await me.checkpoint()
    expect(cp.body).toMatchObject({ kind: 'checkpoint', edges: 1 })
    expect(s.head(alice.author)?.seq).toBe(cp.seq)
  })
})
