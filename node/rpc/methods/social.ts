/**
 * `social.*`: the person's own signed records: trust in people, plays and ratings of
 * items, item metadata. Each call appends to the local log (on disk when it answers) and
 * the daemon gossips it.
 */
import type { Body, SignedRecord } from '../../../src/index.js'
import { InvalidParamsError } from '../errors.js'
import { MAX_BULK_ENTRIES } from '../limits.js'
import { defineMethod } from '../method.js'
import type { RpcDaemon } from '../daemon.js'
import { nameIdOf } from '../../../src/history/index.js'
import { AUTHOR, ITEM, TITLE, URL } from './shapes.js'
import { recordToJson, type RecordJson } from './shapes.js'

const MAGNITUDE = { type: 'number', min: 0, max: 1, optional: true } as const

/** Self-trust is meaningless (and the record would be refused): say so before signing. */
function notSelf (daemon: RpcDaemon, author: string): void {
  if (author === daemon.ego) throw new InvalidParamsError('author', 'is this node\'s own author id; trust is about other people', author)
}

const trust = defineMethod({
  name: 'social.trust',
  describe: 'Trust another person (weight in (0, 1], default 1); replaces any earlier trust/distrust of them.',
  params: { author: AUTHOR, weight: { ...MAGNITUDE, min: Number.MIN_VALUE, describe: 'a number in (0, 1]' } },
  handler: async ({ author, weight }, { daemon }) => {
    notSelf(daemon, author)
    return recordToJson(await daemon.author.trust(author, weight ?? 1))
  }
})

const distrust = defineMethod({
  name: 'social.distrust',
  describe: 'Distrust a person (stored as trust weight −weight, weight in (0, 1], default 1).',
  params: { author: AUTHOR, weight: { ...MAGNITUDE, min: Number.MIN_VALUE, describe: 'a number in (0, 1] (the magnitude of distrust)' } },
  handler: async ({ author, weight }, { daemon }) => {
    notSelf(daemon, author)
    return recordToJson(await daemon.author.distrust(author, -(weight ?? 1)))
  }
})

const retract = defineMethod({
  name: 'social.retract',
  describe: 'Withdraw trust or distrust of a person (trust weight 0).',
  params: { author: AUTHOR },
  handler: async ({ author }, { daemon }) => {
    notSelf(daemon, author)
    return recordToJson(await daemon.author.retract(author))
  }
})

const PRIVATE = { type: 'boolean', optional: true, describe: 'keep it on this node: never signed or published (default: the config\'s privateByDefault)' } as const

/** Whether a call keeps its interactions private: its own choice, else the config default. */
function isPrivate (daemon: RpcDaemon, p: boolean | undefined): boolean {
  return p ?? daemon.config.privateByDefault
}

/** Sign interactions (and titles the ego has not declared yet); their private values, now published, are dropped. */
export async function publish (daemon: RpcDaemon, entries: Array<{ item: string, weight: number, title?: string, url?: string }>): Promise<SignedRecord[]> {
  const bodies: Body[] = []
  for (const e of entries) {
    bodies.push({ kind: 'interact', item: e.item, weight: e.weight })
    if (e.title !== undefined) bodies.push(e.url === undefined ? { kind: 'item', item: e.item, title: e.title } : { kind: 'item', item: e.item, title: e.title, url: e.url })
  }
  const records = bodies.length === 0 ? [] : await daemon.author.append(bodies)
  const nowPublic = entries.filter(e => daemon.controls.privateOf(e.item) !== undefined)
  if (nowPublic.length > 0) await daemon.controls.setPrivate(nowPublic.map(e => ({ item: e.item, weight: 0 })))
  return records
}

const interact = defineMethod({
  name: 'social.interact',
  describe: 'Record a play count (integer) or a rating (0–5) of an item; 0 withdraws it. Default: count 1. `private` keeps it local.',
  params: {
    item: ITEM,
    count: { type: 'number', integer: true, min: 0, max: 1e9, optional: true },
    rating: { type: 'number', min: 0, max: 5, optional: true },
    private: PRIVATE
  },
  handler: async ({ item, count, rating, private: priv }, { daemon }): Promise<RecordJson | { private: true, item: string, weight: number }> => {
    if (count !== undefined && rating !== undefined) throw new InvalidParamsError('rating', 'give either count or rating, not both', rating)
    const weight = rating ?? count ?? 1
    if (isPrivate(daemon, priv)) {
      await daemon.controls.setPrivate([{ item, weight }])
      return { private: true, item, weight }
    }
    return recordToJson((await publish(daemon, [{ item, weight }]))[0])
  }
})

const describeItem = defineMethod({
  name: 'social.item',
  describe: 'Publish metadata (title, optional URL) for an item id, so rankings can show a title.',
  params: { item: ITEM, title: TITLE, url: { ...URL, optional: true } },
  handler: async ({ item, title, url }, { daemon }) => recordToJson(await daemon.author.item(item, title, url))
})

const interactMany = defineMethod({
  name: 'social.interactMany',
  describe: `Bulk import of the person's history: up to ${MAX_BULK_ENTRIES} {item, weight, title?, url?} in one atomic batch.`,
  params: {
    entries: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_BULK_ENTRIES,
      items: { type: 'object', fields: { item: ITEM, weight: { type: 'number', min: 0, max: 1e9 }, title: { ...TITLE, optional: true }, url: { ...URL, optional: true } } }
    },
    private: PRIVATE
  },
  handler: async ({ entries, private: priv }, { daemon }) => {
    if (isPrivate(daemon, priv)) {
      await daemon.controls.setPrivate(entries)
      return { records: 0, firstSeq: null, lastSeq: null, private: entries.length }
    }
    const records = await publish(daemon, entries)
    return { records: records.length, firstSeq: records[0]?.seq ?? null, lastSeq: records.at(-1)?.seq ?? null, private: 0 }
  }
})

const importHistory = defineMethod({
  name: 'social.importHistory',
  describe: `A batch (up to ${MAX_BULK_ENTRIES} items) of a service's listening history as play counts: an item's count becomes the sum over services of each service's latest import, so re-importing adds nothing twice; only changed counts and new titles are signed.`,
  params: {
    source: { type: 'string', maxLength: 32, describe: 'the service, e.g. listenbrainz, lastfm, spotify', check: (v: string) => /^[a-z0-9][a-z0-9._-]*$/.test(v) ? undefined : 'must be a short lower-case name like lastfm' },
    entries: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_BULK_ENTRIES,
      items: { type: 'object', fields: { item: ITEM, count: { type: 'number', integer: true, min: 1, max: 1e9 }, title: { ...TITLE, optional: true } } }
    },
    private: PRIVATE
  },
  handler: async ({ source, entries, private: priv }, { daemon }) => {
    const counts = new Map(entries.map(e => [e.item, e.count]))
    const titles = new Map(entries.flatMap(e => e.title === undefined ? [] : [[e.item, e.title] as const]))
    // An MBID item's title names the name-only item another service's export gives the same artist/track.
    const aliases = new Map(entries.flatMap(e => {
      const name = e.title === undefined ? undefined : nameIdOf(e.item, e.title)
      return name === undefined ? [] : [[name, e.item] as const]
    }))
    return await daemon.imports.record(source, counts, aliases, async totals => {
      // A title only for an item still counted (an aliased name item totals 0).
      const changed = [...totals].map(([item, weight]) => ({ item, weight, title: weight === 0 ? undefined : titles.get(item) }))
      if (isPrivate(daemon, priv)) {
        await daemon.controls.setPrivate(changed.filter(e => daemon.controls.privateOf(e.item)?.weight !== e.weight).map(e => e.title === undefined ? { item: e.item, weight: e.weight } : e))
        return { items: counts.size, records: 0, private: counts.size }
      }
      const own = daemon.edges.interactions(daemon.ego)
      const signing = changed.flatMap(e => {
        const title = e.title !== undefined && daemon.edges.itemMetaBy(e.item, daemon.ego)?.title !== e.title ? e.title : undefined
        if ((own.get(e.item) ?? 0) === e.weight && title === undefined) return []
        return [title === undefined ? { item: e.item, weight: e.weight } : { item: e.item, weight: e.weight, title }]
      })
      const records = await publish(daemon, signing)
      return { items: counts.size, records: records.length, private: 0 }
    })
  }
})

export const socialMethods = [trust, distrust, retract, interact, describeItem, interactMany, importHistory] as const
