import { describe, expect, it } from 'vitest'
import { createEngine } from '../../graph/index.js'
import { notInterestedDamping } from '../../graph/feedback.js'

describe('"not interested" neighbour damping', () => {
  // x and y are liked by the same three people; z by one of them among many other items.
  const engine = createEngine({ seed: 1 })
  for (const u of ['u1', 'u2', 'u3']) { engine.setInteraction(u, 'x', 1); engine.setInteraction(u, 'y', 1) }
  for (const i of ['z', 'p', 'q', 'r']) engine.setInteraction('u1', i, 1)
  engine.setInteraction('u4', 'w', 1)
  const idx = (id: string): number => engine.index.items.lookup(id)

  it('weights the nearest neighbour down by `strength`, farther ones less, unrelated ones not at all', () => {
    const damp = notInterestedDamping(engine.index, [idx('x')], { neighbours: 10, strength: 0.3, maxLikers: 100, popularity: 0 })
    // P(x→y) = 1/3·(1/6 + 1/2 + 1/2) is the largest; P(x→z) = 1/3·1/6.
    expect(damp.get(idx('y'))).toBeCloseTo(0.7, 12)
    expect(damp.get(idx('z'))).toBeCloseTo(1 - 0.3 * (1 / 6) / (1 / 6 + 1), 12)
    expect(damp.has(idx('w'))).toBe(false)
    expect(damp.has(idx('x'))).toBe(false)
  })

  it('keeps only the nearest `neighbours`', () => {
    const damp = notInterestedDamping(engine.index, [idx('x')], { neighbours: 1, strength: 0.3, maxLikers: 100, popularity: 0 })
    expect([...damp.keys()]).toEqual([idx('y')])
  })

  it('the engine hides rejected and muted items and lowers the neighbour\'s score', () => {
    const e = createEngine({ seed: 3 })
    for (const u of ['a', 'b']) { e.setTrust('me', u, 1); e.setInteraction(u, 'shared', 1) }
    e.setInteraction('me', 'shared', 1)
    e.setInteraction('a', 'x', 1); e.setInteraction('a', 'y', 1)
    e.setInteraction('b', 'y', 1); e.setInteraction('b', 'v', 1)
    const score = (recs: Array<{ item: string, score: number }>, item: string): number | undefined => recs.find(r => r.item === item)?.score
    const before = e.recommend('me', { seed: 5, walks: 20_000 })
    const after = e.recommend('me', { seed: 5, walks: 20_000, notInterested: ['x'], hide: ['v'] })
    expect(score(after, 'x')).toBeUndefined()
    expect(score(after, 'v')).toBeUndefined()
    // Same seed, same walks: y's score is exactly its old score times its multiplier.
    const damp = notInterestedDamping(e.index, [e.index.items.lookup('x')])
    expect(score(after, 'y')).toBeCloseTo((score(before, 'y') ?? NaN) * (damp.get(e.index.items.lookup('y')) ?? NaN), 12)
    expect(damp.get(e.index.items.lookup('y'))).toBeLessThan(1)
  })
})
