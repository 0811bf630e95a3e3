// Worker thread of node/linear-model.ts: fits the trust-weighted linear model (the pure
// graph/linear.ts) off the main thread. Plain JavaScript that registers the TypeScript
// loader itself, as cli/bin.js does, so the fitting code stays one copy in graph/.
// It keeps the previous solution by item id, so each refresh starts warm.
import { parentPort } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
const { LinearItemModel } = await import('../graph/linear.ts')

let previous = new Map()

// A job: { id, items, users, userPtr, userItem, weights, egoItems, options }.
parentPort.on('message', job => {
  const t0 = performance.now()
  try {
    const rows = { users: job.users, items: job.items.length, userPtr: job.userPtr, userItem: job.userItem }
    const model = new LinearItemModel(rows, job.weights, job.options)
    const warm = new Float64Array(job.items.length)
    job.items.forEach((item, c) => { warm[c] = previous.get(item) ?? 0 })
    const solved = model.solve(job.egoItems, warm)
    previous = new Map()
    job.items.forEach((item, c) => { if (solved.solution[c] !== 0) previous.set(item, solved.solution[c]) })
    parentPort.postMessage({ id: job.id, scores: solved.scores, iterations: solved.iterations, residual: solved.residual, ms: performance.now() - t0 }, [solved.scores.buffer])
  } catch (err) {
    parentPort.postMessage({ id: job.id, error: { name: err.name, message: err.message } })
  }
})
