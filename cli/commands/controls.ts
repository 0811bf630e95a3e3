/**
 * `meritwalk not-interested | mute | unmute | controls`: the person's local steering of
 * their own ranking. Nothing here is signed or published.
 */
import { withClient } from '../client.js'
import { defineCommand } from '../command.js'
import { printJson, printTable } from '../output.js'
import { personCell } from '../people.js'

export const notInterested = defineCommand({
  usage: 'not-interested <item>',
  describe: 'never recommend this item again and weight its nearest neighbours down a little (local; --undo takes it back)',
  json: true,
  options: [{ flags: '--undo', describe: 'take a "not interested" back' }],
  examples: ['meritwalk not-interested lastfm:artist:289', 'meritwalk not-interested --undo lastfm:artist:289'],
  handler: async ({ dataDir, args, opts, json }) => {
    const undo = opts.undo === true
    const r = await withClient(dataDir, async c => await c.call(undo ? 'controls.undoNotInterested' : 'controls.notInterested', { item: args[0] }))
    if (json) return printJson(r)
    process.stdout.write(`${undo ? 'interested again in' : 'not interested in'} ${r.item}${r.changed ? '' : ' (already so)'}\n`)
  }
})

/** mute/unmute take an author id (12D3KooW…) or an item id, told apart by form. */
function muteCommand (on: boolean): ReturnType<typeof defineCommand> {
  return defineCommand({
    usage: `${on ? 'mute' : 'unmute'} <id>`,
    describe: on
      ? 'mute a person (their plays leave your ranking; no distrust is published) or an item (never recommended); local'
      : 'undo a mute of a person or an item',
    json: true,
    examples: on ? ['meritwalk mute 12D3KooWAbc…', 'meritwalk mute lastfm:artist:289'] : ['meritwalk unmute 12D3KooWAbc…'],
    handler: async ({ dataDir, args, json }) => {
      const id = args[0]
      // Loaded here, not at start-up: author ids pull in libp2p's key code.
      const { isAuthorId } = await import('../../src/author-id.js')
      const author = isAuthorId(id)
      const r = await withClient(dataDir, async c => author
        ? await c.call(on ? 'controls.muteAuthor' : 'controls.unmuteAuthor', { author: id })
        : await c.call(on ? 'controls.muteItem' : 'controls.unmuteItem', { item: id }))
      if (json) return printJson(r)
      process.stdout.write(`${on ? 'muted' : 'unmuted'} ${author ? 'person' : 'item'} ${id}${r.changed ? '' : ' (already so)'}\n`)
    }
  })
}
export const mute = muteCommand(true)
export const unmute = muteCommand(false)

export const controls = defineCommand({
  usage: 'controls',
  describe: 'list your "not interested" items, muted items and muted people (all local)',
  json: true,
  handler: async ({ dataDir, json }) => {
    const l = await withClient(dataDir, async c => await c.call('controls.list'))
    if (json) return printJson(l)
    const rows: Array<Array<string | number>> = [
      ...l.notInterested.map(x => ['not interested', x.title === undefined ? x.item : `${x.title}\n${x.item}`, new Date(x.since).toISOString()]),
      ...l.mutedItems.map(x => ['muted item', x.title === undefined ? x.item : `${x.title}\n${x.item}`, new Date(x.since).toISOString()]),
      ...l.mutedAuthors.map(x => ['muted person', personCell(x.author, x), new Date(x.since).toISOString()])
    ]
    if (rows.length === 0) {
      process.stdout.write('nothing muted or marked "not interested"\n')
      return
    }
    printTable(['what', 'id', 'since'], rows)
  }
})

export const name = defineCommand({
  usage: 'name <author> [petname]',
  describe: 'give a person a petname of your own (local, never published), shown beside their id in tables and explanations; without one, show it; --remove drops it',
  json: true,
  options: [{ flags: '--remove', describe: 'remove the petname' }],
  examples: ['meritwalk name 12D3KooWAbc… alice', 'meritwalk name 12D3KooWAbc… --remove'],
  handler: async ({ dataDir, args, opts, json }) => {
    const [author, petname] = args
    const r = await withClient(dataDir, async c => {
      if (opts.remove === true) return await c.call('names.setPetname', { author })
      if (petname !== undefined) return await c.call('names.setPetname', { author, name: petname })
      const found = (await c.call('names.list')).find(n => n.author === author)
      return { author, name: found?.name ?? null, changed: false }
    })
    if (json) return printJson({ author: r.author, name: r.name })
    process.stdout.write(r.name === null ? `${r.author} has no petname\n` : `${r.name}  ${r.author}\n`)
  }
})
