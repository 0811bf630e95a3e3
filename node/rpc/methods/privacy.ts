/**
 * `privacy.*`: what this node publishes and what it keeps, and turning private
 * interactions public. Everything signed is public (gossiped to every peer, served by
 * sync, written by export); the local controls and private interactions never are.
 */
import { InvalidParamsError } from '../errors.js'
import { MAX_BULK_ENTRIES } from '../limits.js'
import { defineMethod } from '../method.js'
import { ITEM } from './shapes.js'
import { publish } from './social.js'

const show = defineMethod({
  name: 'privacy.show',
  describe: 'What this node publishes (its signed log, by kind, and its display name) and what stays on it (private interactions, mutes, "not interested", petnames).',
  params: {},
  handler: async (_p, { daemon }) => {
    const ego = daemon.ego
    const trust = daemon.edges.trust(ego)
    const own = daemon.edges.interactions(ego)
    const privateItems = daemon.controls.privateInteractions()
    const l = daemon.controls.list()
    return {
      author: ego,
      published: {
        records: daemon.store.head(ego)?.seq ?? 0,
        trust: [...trust.values()].filter(w => w > 0).length,
        distrust: [...trust.values()].filter(w => w < 0).length,
        interactions: own.size,
        // The signed profile record's name, as signed (null: none published).
        displayName: daemon.edges.displayName(ego) ?? null
      },
      local: {
        private: privateItems.map(([item, p]) => ({ item, weight: p.weight, ...(p.title === undefined ? {} : { title: p.title }), since: p.ts })),
        notInterested: l.notInterested.length,
        mutedItems: l.mutedItems.length,
        mutedAuthors: l.mutedAuthors.length,
        petnames: daemon.controls.petnames().length
      },
      privateByDefault: daemon.config.privateByDefault
    }
  }
})

const publishPrivate = defineMethod({
  name: 'privacy.publish',
  describe: `Publish private interactions now (signed, gossiped, exported from here on): the given items (up to ${MAX_BULK_ENTRIES}), or all with \`all\`.`,
  params: {
    items: { type: 'array', items: ITEM, maxItems: MAX_BULK_ENTRIES, optional: true },
    all: { type: 'boolean', optional: true }
  },
  handler: async ({ items, all }, { daemon }) => {
    if ((items === undefined) === (all !== true)) throw new InvalidParamsError('items', 'give either items or all: true')
    const chosen = all === true ? daemon.controls.privateInteractions().slice(0, MAX_BULK_ENTRIES).map(([item]) => item) : items ?? []
    const entries = chosen.map(item => {
      const p = daemon.controls.privateOf(item)
      if (p === undefined) throw new InvalidParamsError('items', `${item} is not a private interaction (\`meritwalk privacy\` lists them)`, item)
      const title = p.title !== undefined && daemon.edges.itemMetaBy(item, daemon.ego)?.title !== p.title ? p.title : undefined
      return title === undefined ? { item, weight: p.weight } : { item, weight: p.weight, title }
    })
    const records = await publish(daemon, entries)
    return { items: entries.length, records: records.length, remaining: daemon.controls.privateInteractions().length }
  }
})

export const privacyMethods = [show, publishPrivate] as const
