/**
 * ForceAtlas2 off the main thread. The page sends the people (in its graph's node order,
 * with their current positions) and the positive trust edges; the worker runs the layout
 * (graphology-layout-forceatlas2, Barnes-Hut above a few hundred people) and streams the
 * positions back about every `chunkMs` milliseconds (as many iterations as fit), so the page
 * only copies numbers and redraws a few times a second, however large the graph.
 */
import Graph from 'graphology'
import forceAtlas2 from 'graphology-layout-forceatlas2'

export interface LayoutRequest {
  /** x, y per person, in the page graph's node order. */
  positions: Float32Array
  /** Pairs of indices into the people, with weights. */
  edges: Uint32Array
  weights: Float32Array
  iterations: number
  chunkMs: number
}

export interface LayoutProgress { positions: Float32Array, done: number, total: number }

/** Sent while the person drags the graph (`true`) and when they let go (`false`): the layout waits meanwhile, leaving the CPU to drawing. */
export interface LayoutPause { pause: boolean }

let paused = false
let resume: (() => void) | undefined

self.onmessage = (e: MessageEvent<LayoutRequest | LayoutPause>) => {
  if ('pause' in e.data) {
    paused = e.data.pause
    if (!paused) resume?.()
    return
  }
  void run(e.data)
}

async function run ({ positions, edges, weights, iterations, chunkMs }: LayoutRequest): Promise<void> {
  const n = positions.length / 2
  const graph = new Graph({ type: 'directed', multi: false })
  for (let i = 0; i < n; i++) graph.addNode(i, { x: positions[2 * i], y: positions[2 * i + 1] })
  for (let k = 0; k < weights.length; k++) graph.mergeEdge(edges[2 * k], edges[2 * k + 1], { weight: weights[k] })
  const settings = { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: n > 300 }
  let chunk = 1
  for (let done = 0; done < iterations;) {
    // Between chunks: take messages (a pause), and wait while paused.
    await new Promise(resolve => setTimeout(resolve, 0))
    while (paused) await new Promise<void>(resolve => { resume = resolve })
    const step = Math.min(chunk, iterations - done)
    const t0 = performance.now()
    forceAtlas2.assign(graph, { iterations: step, settings, getEdgeWeight: 'weight' })
    done += step
    // Next chunk sized from this one's pace: iterations cost more for a large graph.
    chunk = Math.max(1, Math.min(50, Math.round(step * chunkMs / Math.max(1, performance.now() - t0))))
    const out = new Float32Array(2 * n)
    graph.forEachNode((key, a) => {
      const i = Number(key)
      out[2 * i] = a.x as number
      out[2 * i + 1] = a.y as number
    })
    const progress: LayoutProgress = { positions: out, done, total: iterations }
    self.postMessage(progress, { transfer: [out.buffer] })
  }
}
