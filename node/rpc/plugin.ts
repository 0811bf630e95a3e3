/**
 * The RPC server as a daemon plugin: starts after the network, publishes its address in
 * the data directory, and withdraws it (then closes) when the daemon stops.
 */
import type { DaemonPlugin } from '../index.js'
import { createMetrics } from '../metrics.js'
import { createDispatcher } from './dispatch.js'
import { createEventHub } from './events.js'
import { methods } from './methods/index.js'
import { startRpcServer } from './server.js'
import type { RpcServer } from './server.js'
import { createSessions } from './session.js'
import { createUiRoutes } from './ui.js'
import { readToken, removeRpcAddress, writeRpcAddress } from './token.js'

export interface RpcPluginInit {
  /** Largest request body. @default 1 MiB */
  maxBodyBytes?: number
  /** Told about handler bugs (the daemon logger's error, typically). */
  onInternalError?: (err: unknown, method: string) => void
  /** Told when a batch stops because its client hung up, with the calls left unrun. */
  onAbandoned?: (calls: number) => void
}

/** A DaemonPlugin serving JSON-RPC on `config.rpc` with the data directory's token. */
export function rpcPlugin (init: RpcPluginInit = {}): DaemonPlugin {
  return {
    name: 'rpc',
    async start (daemon) {
      const { dataDir, rpc } = daemon.config
      const token = await readToken(dataDir)
      const sessions = createSessions()
      const events = createEventHub(daemon)
      const context = { daemon, rpc: '', ui: sessions }
      const registry = createMetrics(daemon)
      let server: RpcServer
      try {
        server = await startRpcServer({
          host: rpc.host,
          port: rpc.port,
          token,
          maxBodyBytes: init.maxBodyBytes,
          metrics: async () => ({ contentType: registry.contentType, text: await registry.metrics() }),
          dispatch: createDispatcher({ methods, context, onInternalError: init.onInternalError, onAbandoned: init.onAbandoned, maxWalks: daemon.config.ranking.maxWalks }),
          ui: { routes: createUiRoutes({ sessions, events }), sessions }
        })
      } catch (err) {
        events.close()
        throw err
      }
      context.rpc = server.address
      await writeRpcAddress(dataDir, { host: server.host, port: server.port, address: server.address, pid: process.pid })
      return {
        async stop () {
          await removeRpcAddress(dataDir)
          events.close()
          await server.close()
        }
      }
    }
  }
}
