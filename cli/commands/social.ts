/** `meritwalk trust | distrust | retract | play | like | item`: the person's own signed records. */
import type { RecordJson } from '../../node/rpc/methods/shapes.js'
import { withClient } from '../client.js'
import { defineCommand } from '../command.js'
import { printJson } from '../output.js'
import { parseNumber, parseOptionalNumber } from '../parse.js'

/** One line per appended record: what it says and its place in the log. */
function report (r: RecordJson, json: boolean): void {
  if (json) return printJson(r)
  const b = r.body
  const what = b.kind === 'trust' ? `trust ${b.target} = ${b.weight}` : b.kind === 'interact' ? `interact ${b.item} = ${b.weight}` : `item ${b.item} "${b.title}"`
  process.stdout.write(`recorded #${r.seq}: ${what}\n`)
}

export const trust = defineCommand({
  usage: 'trust <author> [weight]',
  describe: 'trust a person (weight in (0, 1], default 1)',
  json: true,
  examples: ['meritwalk trust 12D3KooWAbc…', 'meritwalk trust 12D3KooWAbc… 0.5'],
  handler: async ({ dataDir, args, json }) => {
    const weight = parseOptionalNumber('weight', args[1], { min: Number.MIN_VALUE, max: 1 })
    report(await withClient(dataDir, async c => await c.call('social.trust', { author: args[0], weight })), json)
  }
})

export const distrust = defineCommand({
  usage: 'distrust <author> [weight]',
  describe: 'distrust a person (weight in (0, 1], default 1; stored as a negative trust)',
  json: true,
  handler: async ({ dataDir, args, json }) => {
    const weight = parseOptionalNumber('weight', args[1], { min: Number.MIN_VALUE, max: 1 })
    report(await withClient(dataDir, async c => await c.call('social.distrust', { author: args[0], weight })), json)
  }
})

export const retract = defineCommand({
  usage: 'retract <author>',
  describe: 'withdraw trust or distrust of a person',
  json: true,
  handler: async ({ dataDir, args, json }) => {
    report(await withClient(dataDir, async c => await c.call('social.retract', { author: args[0] })), json)
  }
})

export const play = defineCommand({
  usage: 'play <item>',
  describe: 'record plays of an item (total play count; 0 withdraws)',
  json: true,
  options: [{ flags: '--count <n>', describe: 'play count', default: '1' }],
  examples: ['meritwalk play lastfm:artist:289 --count 12'],
  handler: async ({ dataDir, args, opts, json }) => {
    const count = parseNumber('--count', opts.count, { min: 0, max: 1e9, integer: true })
    report(await withClient(dataDir, async c => await c.call('social.interact', { item: args[0], count })), json)
  }
})

export const like = defineCommand({
  usage: 'like <item>',
  describe: 'rate an item (0–5, default 1; 0 withdraws)',
  json: true,
  options: [{ flags: '--rating <r>', describe: 'rating from 0 to 5', default: '1' }],
  examples: ['meritwalk like https://example.org/song --rating 4'],
  handler: async ({ dataDir, args, opts, json }) => {
    const rating = parseNumber('--rating', opts.rating, { min: 0, max: 5 })
    report(await withClient(dataDir, async c => await c.call('social.interact', { item: args[0], rating })), json)
  }
})

export const item = defineCommand({
  usage: 'item <id>',
  describe: 'publish an item\'s title (and URL) so rankings show it',
  json: true,
  options: [
    { flags: '--title <title>', describe: 'display title', required: true },
    { flags: '--url <url>', describe: 'link to the item' }
  ],
  examples: ['meritwalk item lastfm:artist:289 --title "Britney Spears"'],
  handler: async ({ dataDir, args, opts, json }) => {
    const { title, url } = opts as { title: string, url?: string }
    report(await withClient(dataDir, async c => await c.call('social.item', { item: args[0], title, url })), json)
  }
})
