/** `meritwalk invite | accept`: become friends from one line of text (or a QR code), with no address typed. */
import { withClient } from '../client.js'
import { defineCommand } from '../command.js'
import { printFields, printJson } from '../output.js'
import { parseNumber, parseOptionalNumber } from '../parse.js'

export const invite = defineCommand({
  usage: 'invite',
  describe: 'print an invite to this node (text and a QR code) for a friend to `meritwalk accept`',
  json: true,
  options: [
    { flags: '--ttl <hours>', describe: 'hours the invite stays valid (default 168, a week; at most 720)', default: '168' },
    { flags: '--no-qr', describe: 'print the text only' }
  ],
  examples: ['meritwalk invite', 'meritwalk invite --ttl 1 --json | jq -r .invite'],
  handler: async ({ dataDir, opts, json }) => {
    const ttlHours = parseNumber('--ttl', opts.ttl, { min: 0.01, max: 720 })
    const made = await withClient(dataDir, async c => await c.call('node.invite', { ttlHours }))
    if (json) return printJson(made)
    if (opts.qr !== false) {
      // Loaded only here: the QR encoder is for people at a terminal, not for scripts.
      const { toString } = await import('qrcode')
      process.stdout.write(await toString(made.invite, { type: 'terminal', small: true, errorCorrectionLevel: 'L' }) + '\n')
    }
    process.stdout.write(`${made.invite}\n\n`)
    printFields([['author', made.author], ['namespace', made.namespace], ['expires', made.expiresAt], ...made.addrs.map((a): [string, string] => ['address', a])])
    process.stdout.write('\nyour friend runs: meritwalk accept <the text above> [--trust 1]\n')
  }
})

export const accept = defineCommand({
  usage: 'accept <invite>',
  describe: 'accept a friend\'s invite: connect to their node, remember it, and with --trust also trust them',
  json: true,
  options: [{ flags: '--trust <weight>', describe: 'also trust the inviter with this weight in (0, 1]' }],
  examples: ['meritwalk accept mw1… --trust 1'],
  handler: async ({ dataDir, args, opts, json }) => {
    const trust = parseOptionalNumber('--trust', opts.trust, { min: Number.MIN_VALUE, max: 1 })
    const res = await withClient(dataDir, async c => await c.call('node.accept', { invite: args[0], trust }))
    if (json) return printJson(res)
    process.stdout.write(`connected to ${res.author} (${res.via})${res.trusted ? `; trusted with weight ${trust ?? ''}` : ''}; remembered in the peer book\n`)
  }
})
