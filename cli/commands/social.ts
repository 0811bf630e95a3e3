/** `meritwalk trust | distrust | retract | play | like | item`: the person's own signed records. */
import type { RecordJson } from '../../node/rpc/methods/shapes.js'
import { withClient } from '../client.js'
import { defineCommand } from '../command.js'
import { printJson } from '../output.js'
import { parseNumber, parseOptionalNumber, UsageError } from '../parse.js'

type Body = RecordJson['body']
type Update = Exclude<Body, { kind: 'batch' | 'checkpoint' }>

function describeUpdate (b: Update): string {
  switch (b.kind) {
    case 'trust': return `trust ${b.target} = ${b.weight}`
    case 'interact': return `interact ${b.item} = ${b.weight}`
    case 'item': return `item ${b.item} "${b.title}"`
    case 'profile': return b.value === '' ? 'display name cleared' : `display name "${b.value}"`
  }
}

/** What a record says, in one line (a batch: its first update and how many more). */
function describeBody (b: Body): string {
  if (b.kind === 'checkpoint') return `checkpoint of ${b.edges} live edges`
  if (b.kind !== 'batch') return describeUpdate(b)
  const rest = b.updates.length - 1
  return rest === 0 ? describeUpdate(b.updates[0]) : `${describeUpdate(b.updates[0])} (batched with ${rest} more)`
}

/** One line per appended record: what it says and its place in the log; or that it stayed private. */
function report (r: RecordJson | { private: true, item: string, weight: number }, json: boolean, note = ''): void {
  if (json) return printJson(r)
  if (!('body' in r)) {
    process.stdout.write(`kept private: interact ${r.item} = ${r.weight} (not signed or published; \`meritwalk privacy\` lists it)${note}\n`)
    return
  }
  process.stdout.write(`recorded #${r.seq}: ${describeBody(r.body)}${note}\n`)
}

// A play count and a rating are one value per item (the record has one weight): the latest wins.
const ONE_VALUE = '; an item holds one value, so this replaces any earlier play count or rating of it'

/** A trust or distrust weight in (0, 1]; out of range, say what to use instead. */
function parseWeight (text: string | undefined, verb: 'trust' | 'distrust'): number | undefined {
  if (text === undefined) return undefined
  const other = verb === 'trust' ? 'distrust' : 'trust'
  const w = parseOptionalNumber('weight', text)
  if (w === undefined || !(w > 0 && w <= 1)) {
    throw new UsageError('weight', `must be a number in (0, 1] (how much you ${verb} them; to ${other} someone use \`meritwalk ${other} <author> [weight]\`, to withdraw either use \`meritwalk retract <author>\`)`, text)
  }
  return w
}

export const trust = defineCommand({
  usage: 'trust <author> [weight]',
  describe: 'trust a person (weight in (0, 1], default 1)',
  json: true,
  examples: ['meritwalk trust 12D3KooWAbc…', 'meritwalk trust 12D3KooWAbc… 0.5'],
  handler: async ({ dataDir, args, json }) => {
    const weight = parseWeight(args[1], 'trust')
    report(await withClient(dataDir, async c => await c.call('social.trust', { author: args[0], weight })), json)
  }
})

export const distrust = defineCommand({
  usage: 'distrust <author> [weight]',
  describe: 'distrust a person (weight in (0, 1], default 1; stored as a negative trust)',
  json: true,
  handler: async ({ dataDir, args, json }) => {
    const weight = parseWeight(args[1], 'distrust')
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

/** --private / --public: keep an interaction local, or publish it whatever the config default says. */
export const PRIVACY_OPTIONS = [
  { flags: '--private', describe: 'keep it on this node: it shapes your ranking but is never signed or published' },
  { flags: '--public', describe: 'publish it even when the config has privateByDefault' }
]

/** The `private` param from --private / --public; undefined leaves it to the daemon's config. */
export function privacyFlag (opts: Record<string, unknown>): boolean | undefined {
  if (opts.private === true && opts.public === true) throw new UsageError('--private', 'and --public contradict each other')
  return opts.private === true ? true : opts.public === true ? false : undefined
}

export const play = defineCommand({
  usage: 'play <item>',
  describe: 'record plays of an item (total play count; 0 withdraws; replaces an earlier `like` rating of the item)',
  json: true,
  options: [{ flags: '--count <n>', describe: 'play count', default: '1' }, ...PRIVACY_OPTIONS],
  examples: ['meritwalk play lastfm:artist:289 --count 12', 'meritwalk play lastfm:artist:289 --count 3 --private'],
  handler: async ({ dataDir, args, opts, json }) => {
    const count = parseNumber('--count', opts.count, { min: 0, max: 1e9, integer: true })
    const priv = privacyFlag(opts)
    report(await withClient(dataDir, async c => await c.call('social.interact', { item: args[0], count, private: priv })), json, ONE_VALUE)
  }
})

export const like = defineCommand({
  usage: 'like <item>',
  describe: 'rate an item (0–5, default 1; 0 withdraws; replaces an earlier `play` count of the item)',
  json: true,
  options: [{ flags: '--rating <r>', describe: 'rating from 0 to 5', default: '1' }, ...PRIVACY_OPTIONS],
  examples: ['meritwalk like https://example.org/song --rating 4', 'meritwalk like https://example.org/song --private'],
  handler: async ({ dataDir, args, opts, json }) => {
    const rating = parseNumber('--rating', opts.rating, { min: 0, max: 5 })
    const priv = privacyFlag(opts)
    report(await withClient(dataDir, async c => await c.call('social.interact', { item: args[0], rating, private: priv })), json, ONE_VALUE)
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
