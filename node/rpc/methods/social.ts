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
import { AUTHOR, ITEM, TITLE, URL } from './shapes.js'
import { recordToJson } from './shapes.js'

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

const interact = defineMethod({
  name: 'social.interact',
  describe: 'Record a play count (integer) or a rating (0–5) of an item; 0 withdraws it. Default: count 1.',
  params: {
    item: ITEM,
    count: { type: 'number', integer: true, min: 0, max: 1e9, optional: true },
    rating: { type: 'number', min: 0, max: 5, optional: true }
  },
  handler: async ({ item, count, rating }, { daemon }) => {
    if (count !== undefined && rating !== undefined) throw new InvalidParamsError('rating', 'give either count or rating, not both', rating)
    return recordToJson(await daemon.author.interact(item, rating ?? count ?? 1))
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
    }
  },
  handler: async ({ entries }, { daemon }) => {
    const bodies: Body[] = []
    for (const e of entries) {
      bodies.push({ kind: 'interact', item: e.item, weight: e.weight })
      if (e.title !== undefined) bodies.push(e.url === undefined ? { kind: 'item', item: e.item, title: e.title } : { kind: 'item', item: e.item, title: e.title, url: e.url })
    }
    const records: SignedRecord[] = await daemon.author.append(bodies)
    return { records: records.length, firstSeq: records[0]?.seq ?? null, lastSeq: records.at(-1)?.seq ?? null }
  }
})

export const socialMethods = [trust, distrust, retract, interact, describeItem, interactMany] as const
