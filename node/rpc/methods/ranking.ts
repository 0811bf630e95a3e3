/**
 * `rank.*`: recommendations for this node's person and MeritRank reputation of others,
 * computed on the ranking worker thread (node/ranking-thread.ts) so a large call does not
 * hold up gossip, sync or other RPC calls.
 */
import { RANKING_PARAMS as P, type NumberParam } from '../../../src/ranking-params.js'
import { defineMethod } from '../method.js'
import { nameBook } from './names.js'

/** An optional number param with the table's bounds. */
const param = <N extends NumberParam>(p: N) => ({ type: 'number', min: p.min, max: p.max, integer: p.integer === true, optional: true }) as const
const LIMIT = param(P.limit)
const WALKS = param(P.walks)
const SEED = param(P.seed)

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
    alpha: param(P.alpha),
    beta: param(P.beta)
  },
  handler: async (p, { daemon, work }) => {
    work?.takeWalks(p.walks ?? daemon.config.ranking.walks)
    // The person's local controls: muted items hidden, "not interested" hidden and damped.
    const names = nameBook(daemon)
    const recs = await daemon.engine.recommendOffLoop(daemon.ego, { ...p, limit: p.limit ?? P.limit.default, hide: daemon.controls.mutedItems(), notInterested: daemon.controls.notInterestedItems() })
    return recs.map(r => {
      const meta = daemon.edges.itemMeta(r.item)
      return {
        item: r.item,
        ...(meta === undefined ? {} : { title: meta.title, ...(meta.url === undefined ? {} : { url: meta.url }) }),
        score: r.score,
        // What the person calls the people an item came through, beside their ids.
        ...(r.explain === undefined ? {} : { explain: { ...r.explain, via: r.explain.via.map(v => names.with(v, 'author')) } })
      }
    })
  }
})

const reputation = defineMethod({
  name: 'rank.reputation',
  describe: 'MeritRank reputation of authors as seen from this node\'s person, highest first, in [−1, 1].',
  params: { limit: LIMIT, walks: WALKS, seed: SEED },
  handler: async (p, { daemon, work }) => {
    work?.takeWalks(p.walks ?? daemon.config.ranking.walks)
    const names = nameBook(daemon)
    return (await daemon.engine.reputationOffLoop(daemon.ego, { ...p, limit: p.limit ?? P.limit.default })).map(({ author, score }) => ({ ...names.with({ author }, 'author'), score }))
  }
})

export const rankingMethods = [recommend, reputation] as const
