/**
 * ForceAtlas2 off the main thread. The page sends the people (in its graph's node order,
 * with their current positions) and the positive trust edges; the worker runs the layout
 * (graphology-layout-forceatlas2, Barnes-Hut above a few hundred people) and streams the
 * positions back every `chunk` iterations, so the page only copies numbers and redraws.
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
  chunk: number
}

export interface LayoutProgress { positions: Float32Array, done: number, total: number }

self.onmessage = (e: MessageEvent<LayoutRequest>) => {
  const { positions, edges, weights, iterations, chunk } = e.data
  const n = positions.length / 2
  const graph = new Graph({ type: 'directed', multi: false })
  for (let i = 0; i < n; i++) graph.addNode(i, { x: positions[2 * i], y: positions[2 * i + 1] })
  for (let k = 0; k < weights.length; k++) graph.mergeEdge(edges[2 * k], edges[2 * k + 1], { weight: weights[k] })
  const settings = { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: n > 300 }
  for (let done = 0; done < iterations;) {
    const step = Math.min(chunk, iterations - done)
    forceAtlas2.assign(graph, { iterations: step, settings, getEdgeWeight: 'weight' })
    done += step
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
