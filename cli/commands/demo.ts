/** `meritwalk demo` (`npm run demo`): a small real network showing recommendations and the Sybil defence. */
import { defineCommand } from '../command.js'
import { formatDemo } from '../demo/print.js'
import { printJson } from '../output.js'
import { parseNumber } from '../parse.js'

export const register = defineCommand({
  usage: 'demo',
  describe: 'run a few local nodes with a synthetic community and a Sybil attack; show recommendations with and without the defence',
  json: true,
  options: [
    { flags: '--seed <n>', describe: 'seed of the synthetic community', default: '42' },
    { flags: '--nodes <n>', describe: 'how many nodes to run (2–8)', default: '4' },
    { flags: '--exit', describe: 'stop the nodes after the report instead of serving the web UI until Ctrl-C (the default when stdin is not a terminal, or with --json)' }
  ],
  examples: ['npm run demo', 'meritwalk demo --seed 7 --nodes 3 --exit'],
  handler: async ({ opts, json }) => {
    // Loaded on use: the demo pulls in libp2p and the daemon.
    const { startDemo } = await import('../demo/run.js')
    const demo = await startDemo({
      seed: parseNumber('--seed', opts.seed, { min: 0, max: 2 ** 32 - 1, integer: true }),
      nodes: parseNumber('--nodes', opts.nodes, { min: 2, max: 8, integer: true }),
      log: line => process.stderr.write(`demo: ${line}\n`)
    })
    // A script (a pipe, --json) gets the report and its exit; a person at a terminal gets
    // the running network to look at in the browser.
    const stay = opts.exit !== true && !json && process.stdin.isTTY === true
    if (!stay) await demo.stop()
    if (json) printJson(demo.report)
    else process.stdout.write(formatDemo(demo.report))
    if (!stay) return
    process.stdout.write(`\nYour node keeps running. See the Sybil region and your recommendations in the browser:\n\n  ${demo.uiUrl}\n\n(one-time link, valid 5 minutes; \`meritwalk ui --data-dir ${demo.dataDir}\` prints another.) Ctrl-C stops the demo.\n`)
    await new Promise<void>(resolve => {
      process.once('SIGINT', resolve)
      process.once('SIGTERM', resolve)
    })
    await demo.stop()
  }
})
