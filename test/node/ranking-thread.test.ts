/**
 * Issue #17: ranking off the event loop. The worker's replica sees every change made before
 * a query, answers seeded queries exactly as the engine does in-process, keeps the engine's
 * typed refusals, leaves the event loop turning while a large query runs, and after a
 * failure the queries are answered on the event loop.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, createRng } from '../../graph/index.js'
import { RankingThread } from '../../node/ranking-thread.js'

const OPTIONS = { walks: 2000 }
const threads: RankingThread[] = []
afterEach(async () => { await Promise.all(threads.splice(0).map(async t => await t.close())) })

/** A RankingThread over a fresh engine, and a random graph of `users` people around 'ego'. */
function graph (users: number, items: number): RankingThread {
  const t = new RankingThread(createEngine(OPTIONS), OPTIONS)
  threads.push(t)
  const rng = createRng(17)
  for (let k = 0; k < 20; k++) t.setTrust('ego', `u${k}`, 1, 1000)
  for (let u = 0; u < users; u++) {
    for (let k = 0; k < 4; k++) { const v = rng.int(users); if (v !== u) t.setTrust(`u${u}`, `u${v}`, 1 + rng.int(3), 1000) }
    for (let k = 0; k < 10; k++) t.setInteraction(`u${u}`, `i${rng.int(items)}`, 1 + rng.int(9), 1000)
  }
  t.setInteraction('ego', 'i0', 5, 1000)
  return t
}

describe('RankingThread', () => {
  it('answers seeded queries as the engine does, including changes made just before the query', async () => {
    const t = graph(300, 600)
    const query = { walks: 5000, seed: 3, limit: 15, explain: true }
    expect(await t.recommendOffLoop('ego', query)).toEqual(t.recommend('ego', query))
    expect(await t.reputationOffLoop('ego', { walks: 5000, seed: 3, limit: 15 })).toEqual(t.reputation('ego', { walks: 5000, seed: 3, limit: 15 }))
    // A change in the same turn as the query: the replica has it too.
    t.setTrust('ego', 'u250', 3)
    t.setInteraction('u250', 'fresh-item', 9)
    const after = await t.recommendOffLoop('ego', { ...query, limit: 600 })
    expect(after).toEqual(t.recommend('ego', { ...query, limit: 600 }))
    expect(after.some(r => r.item === 'fresh-item')).toBe(true)
  })

  it('keeps the engine\'s typed refusals', async () => {
    const t = graph(10, 10)
    await expect(t.recommendOffLoop('', {})).rejects.toMatchObject({ code: 'INVALID_ID', data: { field: 'ego' } })
    await expect(t.reputationOffLoop('ego', { walks: 5 })).rejects.toMatchObject({ code: 'INVALID_OPTION', data: { option: 'walks' } })
    // A refused change is not mirrored: both sides still agree.
    expect(() => { t.setTrust('u1', 'u1', 1) }).toThrow(/cannot trust themselves/)
    expect(await t.reputationOffLoop('ego', { seed: 1 })).toEqual(t.reputation('ego', { seed: 1 }))
  })

  it('the event loop keeps turning while a large query runs', async () => {
    const t = graph(600, 1500)
    await t.recommendOffLoop('ego', { limit: 1 }) // the worker is up and holds the graph
    let turns = 0
    let done = false
    const turn = (): void => { turns++; if (!done) setImmediate(turn) }
    setImmediate(turn)
    const big = await t.recommendOffLoop('ego', { walks: 300_000, seed: 9, limit: 5 })
    done = true
    expect(big).toHaveLength(5)
    // In-process, the query would hold the loop from start to end: no turn in between.
    expect(turns).toBeGreaterThan(10)
  })

  it('after the worker is gone, queries are answered on the event loop', async () => {
    const t = graph(50, 50)
    await t.close()
    t.setInteraction('u3', 'late-item', 4)
    expect(await t.recommendOffLoop('ego', { seed: 2, limit: 100 })).toEqual(t.recommend('ego', { seed: 2, limit: 100 }))
    expect(await t.reputationOffLoop('ego', { seed: 2 })).toEqual(t.reputation('ego', { seed: 2 }))
  })
})
