/** `meritwalk start`: run the daemon in the foreground (logs on stderr) until SIGINT/SIGTERM. */
import { access } from 'node:fs/promises'
import { dataPaths, loadConfig } from '../../src/config.js'
import { readRpcAddress } from '../../node/rpc/token.js'
import { defineCommand } from '../command.js'
import { UsageError } from '../parse.js'
import { NETWORK_OPTIONS, networkOverrides } from '../daemon-options.js'

export const register = defineCommand({
  usage: 'start',
  describe: 'run the node in the foreground: network, sync, ranking and the JSON-RPC server',
  options: NETWORK_OPTIONS,
  examples: ['meritwalk start', 'meritwalk start --rpc 127.0.0.1:0 --listen /ip4/127.0.0.1/tcp/0 --bootstrap /ip4/127.0.0.1/tcp/7718/p2p/12D3KooW…'],
  handler: async ({ dataDir, opts }) => {
    const config = await loadConfig({ dataDir, overrides: networkOverrides(opts) })
    await requireInit(dataDir)
    const { loadIdentity } = await import('../../src/identity.js')
    await loadIdentity(dataDir)
    // Loaded here, not at the top: libp2p is heavy and only this command needs it.
    const { installSignalHandlers, startDaemon } = await import('../../node/index.js')
    const { rpcPlugin } = await import('../../node/rpc/plugin.js')
    const { pino } = await import('pino')
    const logger = pino({ name: 'meritwalk', level: config.logLevel }, pino.destination(2))
    const starting = startDaemon(config, {
      logger,
      plugins: [rpcPlugin({
        onInternalError: (err, method) => logger.error({ err, method }, 'rpc method failed'),
        onAbandoned: calls => logger.info({ calls }, 'rpc client hung up: the rest of its batch was not run')
      })]
    })
    // Handlers go in before the RPC address is published: a signal during start-up waits
    // for the start to finish, then stops cleanly, instead of killing a half-started node.
    installSignalHandlers({ stop: async () => { await (await starting).stop() } }, logger)
    const daemon = await starting
    const rpc = await readRpcAddress(dataDir)
    process.stderr.write(`meritwalk: node ${daemon.ego} running; rpc ${rpc?.address ?? '?'}; data ${dataDir}; stop with Ctrl-C\n`)
    for (const addr of daemon.multiaddrs()) process.stderr.write(`meritwalk: listening on ${addr}\n`)
  }
})

/** The daemon needs what `init` makes; say so instead of creating a key silently. */
async function requireInit (dataDir: string): Promise<void> {
  try {
    await access(dataPaths(dataDir).token)
  } catch {
    throw new UsageError('--data-dir', `${dataDir} is not initialised; run \`meritwalk init --data-dir ${dataDir}\` first`)
  }
}
