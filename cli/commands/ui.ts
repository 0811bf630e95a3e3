/** `meritwalk ui`: a one-time login URL for the running daemon's web UI (and open it). */
import { spawn } from 'node:child_process'
import { withClient } from '../client.js'
import { defineCommand } from '../command.js'
import { printJson } from '../output.js'

export const register = defineCommand({
  usage: 'ui',
  describe: 'print a one-time login URL for the web UI (one use, valid 5 minutes); --open opens it in the browser',
  json: true,
  options: [{ flags: '--open', describe: 'open the URL in the default browser' }],
  examples: ['meritwalk ui --open', 'meritwalk ui --json | jq -r .url'],
  handler: async ({ dataDir, opts, json }) => {
    const { url } = await withClient(dataDir, async c => await c.call('ui.login'))
    if (json) printJson({ url })
    else process.stdout.write(`${url}\n(one use, valid 5 minutes; run \`meritwalk ui\` again for another)\n`)
    if (opts.open === true) openInBrowser(url)
  }
})

/** The platform's "open this URL" command, detached so the CLI exits at once. */
function openInBrowser (url: string): void {
  const [cmd, args] = process.platform === 'darwin'
    ? ['open', [url]]
    : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]]
  const child = spawn(cmd, args, { detached: true, stdio: 'ignore' })
  child.on('error', () => process.stderr.write(`meritwalk: could not run ${cmd}; open the URL above yourself\n`))
  child.unref()
}
