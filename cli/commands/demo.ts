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
    { flags: '--nodes <n>', describe: 'how many nodes to run (2–8)', default: '4' }
  ],
  examples: ['npm run demo', 'meritwalk demo --seed 7 --nodes 3'],
  handler: async ({ opts, json }) => {
    // Loaded on use: the demo pulls in libp2p and the daemon.
    const { runDemo } = await import('../demo/run.js')
    const report = await runDemo({
      seed: parseNumber('--seed', opts.seed, { min: 0, max: 2 ** 32 - 1, integer: true }),
      nodes: parseNumber('--nodes', opts.nodes, { min: 2, max: 8, integer: true }),
      log: line => process.stderr.write(`demo: ${line}\n`)
    })
    if (json) printJson(report)
    else process.stdout.write(formatDemo(report))
  }
})
