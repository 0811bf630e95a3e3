/** `meritwalk privacy [publish <item…> | publish --all]`: what the node publishes, what it keeps, and going public. */
import { withClient } from '../client.js'
import { defineCommand } from '../command.js'
import { printFields, printJson, printTable } from '../output.js'
import { UsageError } from '../parse.js'

export const privacy = defineCommand({
  usage: 'privacy [action] [items...]',
  describe: 'show what this node publishes and what stays on it; `privacy publish <item…>` (or `--all`) publishes private interactions now',
  json: true,
  options: [{ flags: '--all', describe: 'with publish: every private interaction' }],
  examples: ['meritwalk privacy', 'meritwalk privacy publish lastfm:artist:289', 'meritwalk privacy publish --all'],
  handler: async ({ dataDir, args, opts, json }) => {
    const [action, ...items] = args
    if (action === 'publish') {
      if ((items.length > 0) === (opts.all === true)) throw new UsageError('privacy publish', 'takes item ids or --all')
      const r = await withClient(dataDir, async c => await c.call('privacy.publish', opts.all === true ? { all: true } : { items }))
      if (json) return printJson(r)
      process.stdout.write(`published ${r.items} private interactions (${r.records} signed records); ${r.remaining} stay private\n`)
      return
    }
    if (action !== undefined) throw new UsageError('privacy', `has no action ${JSON.stringify(action)} (only publish)`)
    const s = await withClient(dataDir, async c => await c.call('privacy.show'))
    if (json) return printJson(s)
    process.stdout.write('Published — signed, sent to every peer, served by sync, written by export:\n')
    printFields([
      ['author', s.author],
      ['records', s.published.records],
      ['trust', `${s.published.trust} people`],
      ['distrust', `${s.published.distrust} people`],
      ['interactions', `${s.published.interactions} items (with titles you declared)`],
      ['display name', s.published.displayName ?? '(none: `meritwalk profile --name NAME` publishes one)']
    ])
    process.stdout.write(`\nOn this node only — never signed or sent (new plays ${s.privateByDefault ? 'are private' : 'are published'} by default):\n`)
    printFields([
      ['private interactions', s.local.private.length],
      ['not interested', s.local.notInterested],
      ['muted items', s.local.mutedItems],
      ['muted people', s.local.mutedAuthors],
      ['petnames', s.local.petnames]
    ])
    if (s.local.private.length > 0) {
      process.stdout.write('\n')
      printTable(['private item', 'weight'], s.local.private.map(p => [p.title === undefined ? p.item : `${p.title}\n${p.item}`, p.weight]))
    }
  }
})
