/**
 * What the graph view exposes on `window.meritwalk` for the browser tests and the bench
 * (read-only use): the renderer, its graph, and the layout's progress.
 */
import type { AbstractGraph } from 'graphology-types'
import type Sigma from 'sigma'

export interface LayoutState { started: number, done: number, total: number, settledAt?: number }

/** Milliseconds after navigation start: rank.network asked and answered, the whole graph first drawn. */
export interface ViewTimes { asked?: number, answered?: number, drawn?: number }

declare global {
  interface Window { meritwalk?: { sigma: Sigma, graph: AbstractGraph, layout: LayoutState, times: ViewTimes } }
}
