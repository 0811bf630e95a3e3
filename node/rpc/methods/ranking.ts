/** `rank.*`: recommendations for this node's person and MeritRank reputation of others. */
import { MAX_LIMIT } from '../limits.js'
import { defineMethod } from '../method.js'

const LIMIT = { type: 'number', integer: true, min: 1, max: MAX_LIMIT, optional: true } as const
const WALKS = { type: 'number', integer: true, min: 100, max: 1_000_000, optional: true } as const
const SEED = { type: 'number', integer: true, min: 0, max: 2 ** 32 - 1, optional: true } as const

const recommend = defineMethod({
  name: 'rank.recommend',
  describe: 'Items for this node\'s person, best first (personalised SALSA decayed by MeritRank), with titles where known.',
  params: {
    limit: LIMIT,
    explain: { type: 'boolean', optional: true },
    includeOwn: { type: 'boolean', optional: true },
    variant: { type: 'string', oneOf: ['meritwalk', 'web3recommend', 'undefended'], optional: true },
    walks: WALKS,
    seed: SEED,
    alpha: { type: 'number', min: 0.01, max: 0.99, optional: true },
    beta: { type: 'number', min: 0, max: 1, optional: true }
  },
  handler: async (p, { daemon }) => {
    // The person's local controls: muted items hidden, "not interested" hidden and damped.
    const recs = daemon.engine.recommend(daemon.ego, { ...p, limit: p.limit ?? 20, hide: daemon.controls.mutedItems(), notInterested: daemon.controls.notInterestedItems() })
    return recs.map(r => {
      const meta = daemon.edges.itemMeta(r.item)
      return {
        item: r.item,
        ...(meta === undefined ? {} : { title: meta.title, ...(meta.url === undefined ? {} : { url: meta.url }) }),
        score: r.score,
        ...(r.explain === undefined ? {} : { explain: r.explain })
      }
    })
  }
})

const reputation = defineMethod({
  name: 'rank.reputation',
  describe: 'MeritRank reputation of authors as seen from this node\'s person, highest first, in [−1, 1].',
  params: { limit: LIMIT, walks: WALKS, seed: SEED },
  handler: async (p, { daemon }) => daemon.engine.reputation(daemon.ego, { ...p, limit: p.limit ?? 20 })
    .map(({ author, score }) => ({ author, score }))
})

export const rankingMethods = [recommend, reputation] as const
