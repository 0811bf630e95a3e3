/**
 * `meritwalk profile [author] [--name NAME | --clear]`: the display name a person signed
 * (docs/PROTOCOL.md §12). With --name or --clear it signs and publishes this node's
 * person's own; otherwise it shows what this node calls someone (default: oneself).
 */
import { withClient } from '../client.js'
import { defineCommand } from '../command.js'
import { printFields, printJson } from '../output.js'
import { UsageError } from '../parse.js'

export const profile = defineCommand({
  usage: 'profile [author]',
  describe: 'show a person\'s signed display name and your petname for them (default: yourself); --name publishes your own display name (public, signed), --clear removes it',
  json: true,
  options: [
    { flags: '--name <name>', describe: 'publish your display name (≤ 64 bytes, one line; everyone can read it)' },
    { flags: '--clear', describe: 'publish that you have no display name' }
  ],
  examples: ['meritwalk profile --name "Dana Scully"', 'meritwalk profile', 'meritwalk profile 12D3KooWAbc…', 'meritwalk profile --clear'],
  handler: async ({ dataDir, args, opts, json }) => {
    const name = opts.name as string | undefined
    const clear = opts.clear === true
    if (name !== undefined || clear) {
      if (name !== undefined && clear) throw new UsageError('--clear', 'give either --name or --clear, not both')
      if (args[0] !== undefined) throw new UsageError('author', 'only your own display name can be published; for someone else give a petname with `meritwalk name <author> <petname>`', args[0])
      const r = await withClient(dataDir, async c => await c.call('names.setDisplayName', name === undefined ? {} : { name }))
      if (json) return printJson({ author: r.author, displayName: r.displayName, seq: r.record.seq })
      process.stdout.write(r.displayName === null
        ? `display name cleared (record #${r.record.seq}, sent to your peers)\n`
        : `display name "${r.displayName}" published (record #${r.record.seq}, sent to your peers)\n`)
      return
    }
    const n = await withClient(dataDir, async c => await c.call('names.get', args[0] === undefined ? {} : { author: args[0] }))
    if (json) return printJson(n)
    printFields([
      ['author', n.author],
      ['display name', n.displayName ?? '(none published)'],
      ['your petname', n.petname ?? '(none)'],
      ...(n.impersonates === undefined ? [] : [['warning', `the display name looks like your petname for ${n.impersonates}; not shown as their name`] as [string, string]])
    ])
  }
})
