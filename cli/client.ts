/** Run a command body with an RPC client for the data directory's daemon, then release it. */
import { RpcClient } from '../node/rpc/client.js'

export async function withClient<T> (dataDir: string, fn: (client: RpcClient) => Promise<T>): Promise<T> {
  const client = await RpcClient.fromDataDir(dataDir)
  try {
    return await fn(client)
  } finally {
    client.close()
  }
}
