/** The network flags `init` writes to the config file and `start` applies for one run. */
import { parseHostPort } from '../src/config.js'
import type { ConfigInput, MeritwalkConfig } from '../src/config.js'
import type { OptionSpec } from './command.js'

export const NETWORK_OPTIONS: OptionSpec[] = [
  { flags: '--listen <multiaddr>', describe: 'libp2p listen address (repeatable; default /ip4/127.0.0.1/tcp/7718)', repeatable: true },
  { flags: '--rpc <host:port>', describe: 'JSON-RPC address (default 127.0.0.1:7717; port 0 = any free port)' },
  { flags: '--bootstrap <multiaddr>', describe: 'peer to dial at start, with /p2p/<id> (repeatable)', repeatable: true },
  { flags: '--namespace <name>', describe: 'network namespace: nodes only talk within one (default main)' },
  { flags: '--log-level <level>', describe: 'fatal, error, warn, info, debug, trace or silent (default info)' }
]

/** The config layer the flags describe (only what was given). */
export function networkOverrides (opts: Record<string, unknown>): ConfigInput {
  const out: ConfigInput = {}
  if (opts.listen !== undefined) out.listen = opts.listen as string[]
  if (opts.bootstrap !== undefined) out.bootstrap = opts.bootstrap as string[]
  if (opts.namespace !== undefined) out.namespace = opts.namespace as string
  if (opts.logLevel !== undefined) out.logLevel = opts.logLevel as MeritwalkConfig['logLevel']
  if (opts.rpc !== undefined) out.rpc = parseHostPort(opts.rpc as string, 'rpc', 'command line --rpc')
  return out
}
