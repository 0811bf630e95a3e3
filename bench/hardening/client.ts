/**
 * A query client in its own process: calls rank.recommend (limit 20) — or node.status,
 * with "status" as third argument — back to back over
 * real HTTP until stdin closes or `max` calls are done, then prints the latencies (ms) as
 * one JSON array. Its own process, so the latency it sees includes any time the daemon's
 * event loop spends on other work (a flood being validated).
 *   node --import tsx bench/hardening/client.ts <data dir> <max> [status]
 */
import { RpcClient } from '../../node/rpc/client.js'

const [dataDir, max, what] = process.argv.slice(2)
const client = await RpcClient.fromDataDir(dataDir)
let open = true
process.stdin.on('end', () => { open = false }).resume()
const ms: number[] = []
while (open && ms.length < Number(max)) {
  const t0 = performance.now()
  if (what === 'status') await client.call('node.status')
  else await client.call('rank.recommend', { limit: 20 })
  ms.push(performance.now() - t0)
}
client.close()
process.stdout.write(JSON.stringify(ms) + '\n')
process.stdin.destroy()
