/**
 * The web UI's view of the ego's trust network: `rank.network` (the people the ego's
 * trust reaches, sized by MeritRank, with the trust edges among them and connectivity
 * decay's regions) and `rank.person` (one person as the ego sees them). The rankings are
 * the engine's; these methods only select and join them with the edge state.
 */
import { defineMethod } from '../method.js'
import { AUTHOR } from './shapes.js'
import { nameBook } from './names.js'
import type { NameFields } from '../../names.js'

/** People one `rank.network` answer holds at most (the graph view's design load is 5,000). */
export const MAX_NETWORK_PEOPLE = 10_000


export interface NetworkPerson extends NameFields {
  author: string
  /** MeritRank reputation as seen from the ego, in [−1, 1] (0 for the ego itself). */
  score: number
  /** The ego's own trust weight for this person (negative = distrust), 0 when none. */
  trust: number
  /** Set when the ego reaches this person only through one other: that gatekeeper. */
  gatekeeper?: string
}

const network = defineMethod({
  name: 'rank.network',
  describe: 'The ego\'s trust neighbourhood for drawing: the ego, everyone it trusts or distrusts, and the `limit` people of highest reputation; with the trust edges among them.',
  params: { limit: { type: 'number', integer: true, min: 1, max: MAX_NETWORK_PEOPLE, optional: true } },
  handler: async ({ limit = 500 }, { daemon }) => {
    const { ego, engine, edges } = daemon
    const own = edges.trust(ego)
    const gatekeepers = engine.gatekeepers(ego)
    const scores = new Map([[ego, 0]])
    for (const a of own.keys()) scores.set(a, engine.score(ego, a))
    let ranked = 0
    for (const { author, score } of engine.reputation(ego)) {
      if (ranked >= limit) break
      if (scores.has(author)) continue
      scores.set(author, score)
      ranked++
    }
    const names = nameBook(daemon)
    const people: NetworkPerson[] = []
    const links: Array<{ src: string, dst: string, weight: number }> = []
    for (const [author, score] of scores) {
      const gate = gatekeepers.get(author)
      people.push({ author, ...names.of(author), score, trust: own.get(author) ?? 0, ...(gate === undefined ? {} : { gatekeeper: gate }) })
      for (const [dst, weight] of edges.trust(author)) if (weight !== 0 && scores.has(dst)) links.push({ src: author, dst, weight })
    }
    return { ego, people, edges: links }
  }
})

const person = defineMethod({
  name: 'rank.person',
  describe: 'One person as this node\'s person sees them: reputation, own trust in them, gatekeeper, whom they trust, and their items with titles, most played first.',
  params: { author: AUTHOR, items: { type: 'number', integer: true, min: 0, max: 1000, optional: true } },
  handler: async ({ author, items = 20 }, { daemon }) => {
    const { ego, engine, edges } = daemon
    const played = [...edges.interactions(author)].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, items)
    const gatekeeper = engine.gatekeepers(ego).get(author)
    const names = nameBook(daemon)
    return {
      author,
      ...names.of(author),
      score: author === ego ? 0 : engine.score(ego, author),
      trust: edges.trust(ego).get(author) ?? 0,
      ...(gatekeeper === undefined ? {} : { gatekeeper }),
      trusts: [...edges.trust(author)].filter(([, w]) => w !== 0).map(([a, weight]) => ({ author: a, ...names.of(a), weight })),
      items: played.map(([item, weight]) => ({ item, weight, title: edges.itemMeta(item)?.title ?? null }))
    }
  }
})

export const peopleMethods = [network, person] as const
