/**
 * The narrow slice of the daemon the RPC methods use. The real `Daemon` (node/index.ts)
 * satisfies it structurally; naming only what we touch keeps the RPC layer honest about
 * its dependencies.
 */
import type { Daemon } from '../index.js'

export type RpcDaemon = Pick<Daemon, 'config' | 'ego' | 'store' | 'author' | 'edges' | 'engine' | 'controls' | 'imports' |
'multiaddrs' | 'peers' | 'connect' | 'status' | 'verifyRecords' | 'invite' | 'accept' | 'reachability'>
