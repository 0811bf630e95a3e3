/**
 * `controls.*`: the person's local steering of their own ranking — "not interested",
 * muted items, muted authors — each with its undo and one list. Nothing here is signed or
 * published; the choices live in the data directory (controls.json).
 */
import { defineMethod } from '../method.js'
import type { RpcDaemon } from '../daemon.js'
import { nameBook } from './names.js'
import { AUTHOR, ITEM } from './shapes.js'

const itemParams = { item: ITEM } as const
const authorParams = { author: AUTHOR } as const

/** An item with its title where one is known. */
export function itemWithTitle (daemon: RpcDaemon, item: string): { item: string, title?: string } {
  const title = daemon.edges.itemMeta(item)?.title ?? daemon.controls.privateOf(item)?.title
  return title === undefined ? { item } : { item, title }
}

const notInterested = defineMethod({
  name: 'controls.notInterested',
  describe: 'Not interested in an item: never recommended again, and its nearest neighbours weighted down a little. Local, not published.',
  params: itemParams,
  handler: async ({ item }, { daemon }) => ({ item, notInterested: true, changed: await daemon.controls.setNotInterested(item, true) })
})

const undoNotInterested = defineMethod({
  name: 'controls.undoNotInterested',
  describe: 'Undo controls.notInterested for an item.',
  params: itemParams,
  handler: async ({ item }, { daemon }) => ({ item, notInterested: false, changed: await daemon.controls.setNotInterested(item, false) })
})

const muteItem = defineMethod({
  name: 'controls.muteItem',
  describe: 'Mute an item: never recommended (its neighbours are left alone). Local, not published.',
  params: itemParams,
  handler: async ({ item }, { daemon }) => ({ item, muted: true, changed: await daemon.controls.setMutedItem(item, true) })
})

const unmuteItem = defineMethod({
  name: 'controls.unmuteItem',
  describe: 'Undo controls.muteItem.',
  params: itemParams,
  handler: async ({ item }, { daemon }) => ({ item, muted: false, changed: await daemon.controls.setMutedItem(item, false) })
})

const muteAuthor = defineMethod({
  name: 'controls.muteAuthor',
  describe: 'Mute a person: their plays and ratings are left out of your ranking; no distrust is published and their records are still kept and relayed.',
  params: authorParams,
  handler: async ({ author }, { daemon }) => ({ author, muted: true, changed: await daemon.controls.setMutedAuthor(author, daemon.ego, true) })
})

const unmuteAuthor = defineMethod({
  name: 'controls.unmuteAuthor',
  describe: 'Undo controls.muteAuthor: the person\'s current interactions count again.',
  params: authorParams,
  handler: async ({ author }, { daemon }) => ({ author, muted: false, changed: await daemon.controls.setMutedAuthor(author, daemon.ego, false) })
})

const list = defineMethod({
  name: 'controls.list',
  describe: 'Every "not interested" item, muted item and muted author, oldest first, with titles where known and since when (ms).',
  params: {},
  handler: async (_p, { daemon }) => {
    const l = daemon.controls.list()
    const names = nameBook(daemon)
    return {
      notInterested: l.notInterested.map(c => ({ ...itemWithTitle(daemon, c.id), since: c.since })),
      mutedItems: l.mutedItems.map(c => ({ ...itemWithTitle(daemon, c.id), since: c.since })),
      mutedAuthors: l.mutedAuthors.map(c => ({ ...names.with({ author: c.id }, 'author'), since: c.since }))
    }
  }
})

export const controlsMethods = [notInterested, undoNotInterested, muteItem, unmuteItem, muteAuthor, unmuteAuthor, list] as const
