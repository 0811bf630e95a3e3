// Worker thread of node/ranking-thread.ts: a replica of the daemon's ranking engine (the
// pure graph/engine.ts) that answers ranking queries off the daemon's event loop. It is fed
// every trust and interaction change in the order the daemon applied them, so a query sees
// exactly the edges the daemon had when it asked. Plain JavaScript that registers the
// TypeScript loader itself, as cli/bin.js does, so the engine stays one copy in graph/.
import { parentPort, workerData } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
const { MeritwalkEngine } = await import('../graph/engine.ts')
const engine = new MeritwalkEngine(workerData.options)

// Messages: { ops: [kind, a, b, weight, ts, …] } (kind 0 trust src→dst, 1 interaction
// user→item; no reply), or { id, query: 'recommend' | 'reputation', ego, opts } (a reply).
parentPort.on('message', m => {
  if (m.ops !== undefined) {
    const ops = m.ops
    for (let k = 0; k < ops.length; k += 5) {
      if (ops[k] === 0) engine.setTrust(ops[k + 1], ops[k + 2], ops[k + 3], ops[k + 4])
      else engine.setInteraction(ops[k + 1], ops[k + 2], ops[k + 3], ops[k + 4])
    }
    return
  }
  try {
    const result = m.query === 'recommend' ? engine.recommend(m.ego, m.opts) : engine.reputation(m.ego, m.opts)
    parentPort.postMessage({ id: m.id, result })
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: { code: err.code, message: err.message, data: err.data } })
  }
})
