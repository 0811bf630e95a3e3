/** An in-process daemon with the RPC plugin in a temp dir, and signed logs of other people. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { defaultConfig } from '../../src/config.js'
import { signRecord, type Body, type Identity, type SignedRecord } from '../../src/index.js'
import { startDaemon, type Daemon } from '../../node/index.js'
import { RpcClient } from '../../node/rpc/client.js'
import { rpcPlugin } from '../../node/rpc/plugin.js'
import { createToken } from '../../node/rpc/token.js'

export interface TestNode { dir: string, daemon: Daemon, client: RpcClient, stop: () => Promise<void>, remove: () => Promise<void> }

/** Start a daemon on `dir` (a fresh temp dir when absent); loopback ports chosen by the OS; nodes of one `namespace` sync. */
export async function testNode (name: string, dir?: string, namespace = name): Promise<TestNode> {
  const d = dir ?? await mkdtemp(join(tmpdir(), `mw-${name}-`))
  await createToken(d)
  const config = defaultConfig(d)
  config.listen = ['/ip4/127.0.0.1/tcp/0']
  config.rpc = { host: '127.0.0.1', port: 0 }
  config.namespace = `${namespace}-${process.pid}`
  const daemon = await startDaemon(config, { logger: pino({ level: 'silent' }), plugins: [rpcPlugin()] })
  const client = await RpcClient.fromDataDir(d)
  const stop = async (): Promise<void> => { client.close(); await daemon.stop() }
  return { dir: d, daemon, client, stop, remove: async () => { await stop(); await rm(d, { recursive: true, force: true }) } }
}

/** A chain of records by `who` from seq 1 (fixed timestamp: the same bodies give the same records). */
export function chain (who: Identity, bodies: Body[], ts = 1_767_225_600_000): SignedRecord[] {
  let prev: Uint8Array | undefined
  return bodies.map((body, i) => {
    const r = signRecord(who, { seq: i + 1, ts, body, ...(prev === undefined ? {} : { prev }) })
    prev = r.hash
    return r
  })
}

export const plays = (items: string[], weight = 3): Body[] => items.map(item => ({ kind: 'interact', item, weight }))
