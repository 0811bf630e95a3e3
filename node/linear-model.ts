/**
 * The trust-weighted linear model served for the node's one person: fitted in a worker
 * thread (node/linear-worker.mjs runs graph/linear.ts), refreshed on a budget — at most
 * one refresh in flight and none sooner than `minIntervalMs` after the previous one — and
 * queried from the last fit, so a query is a top-k scan of a score array plus
 * explanations, never a solve. Each refresh starts from the previous solution (warm).
 */
import { WorkerCalls } from './worker-calls.js'
import { explainLinear, resolveLinearOptions, type LinearInput, type LinearModelOptions, type MeritwalkEngine } from '../graph/index.js'

/** Options of the service. */
export interface LinearModelServiceOptions {
  /** Model knobs (graph/linear.ts defaults). */
  model?: Partial<LinearModelOptions>
  /** @default 60_000 — the refresh budget: fewest milliseconds between two refreshes. */
  minIntervalMs?: number
}

/** One recommendation with where it came from. */
export interface LinearRecommendation {
  item: string
  score: number
  explain?: { items: string[], via: Array<{ author: string, weight: number }>, bootstrapped: boolean }
}

/** What one refresh cost. */
export interface RefreshStats { ms: number, solveMs: number, iterations: number, residual: number, users: number, items: number, cells: number, bytes: number }

/** A refresh failed in the worker (bad options or data): the previous fit stays in use. */
export class LinearRefreshError extends Error {
  constructor (message: string) {
    super(`linear model refresh failed: ${message}; the previous fit is still served`)
    this.name = 'LinearRefreshError'
  }
}

interface Snapshot { input: LinearInput, scores: Float64Array, bootstrapped: boolean }

/** The node's linear model for `ego` over `engine`'s index. */
export class LinearModelService {
  private readonly worker: WorkerCalls<WorkerReply>
  private readonly o: LinearModelOptions
  private readonly minIntervalMs: number
  private snapshot: Snapshot | undefined
  private inFlight: Promise<RefreshStats | undefined> | undefined
  private last = -Infinity

  constructor (private readonly engine: MeritwalkEngine, private readonly ego: string, options: LinearModelServiceOptions = {}) {
    this.o = resolveLinearOptions(options.model)
    this.minIntervalMs = options.minIntervalMs ?? 60_000
    this.worker = new WorkerCalls(new URL('./linear-worker.mjs', import.meta.url), reason => new LinearRefreshError(reason))
  }

  /** Refresh now (or join the refresh in flight): cut the ego's horizon from the engine and fit it in the worker. */
  refresh (): Promise<RefreshStats | undefined> {
    this.inFlight ??= this.fit().finally(() => { this.inFlight = undefined })
    return this.inFlight
  }

  /** Refresh if the budget allows (call after changes); resolves undefined when it did not run. */
  async refreshOnBudget (now = performance.now()): Promise<RefreshStats | undefined> {
    if (this.inFlight !== undefined || now - this.last < this.minIntervalMs) return undefined
    this.last = now
    return await this.refresh()
  }

  /** Top items of the last fit (empty before the first), the ego's own left out. */
  recommend (limit = 20, explain = false): LinearRecommendation[] {
    const s = this.snapshot
    if (s === undefined) return []
    const best: number[] = []
    const { scores } = s
    for (let c = 0; c < scores.length; c++) {
      const v = scores[c]
      if (!(v > 0) || (best.length === limit && v <= scores[best[limit - 1]])) continue
      let at = best.length
      while (at > 0 && scores[best[at - 1]] < v) at--
      best.splice(at, 0, c)
      if (best.length > limit) best.pop()
    }
    const index = this.engine.index
    const why = explain ? explainLinear(s.input, best, 5) : []
    return best.map((c, k) => {
      const out: LinearRecommendation = { item: index.items.name(s.input.items[c]), score: scores[c] }
      if (explain) {
        out.explain = {
          items: why[k].items.map(x => index.items.name(s.input.items[x.column])),
          via: why[k].via.map(x => ({ author: index.users.name(s.input.users[x.row]), weight: x.weight })),
          bootstrapped: s.bootstrapped
        }
      }
      return out
    })
  }

  /** Stop the worker. */
  async close (): Promise<void> {
    await this.worker.close()
  }

  private async fit (): Promise<RefreshStats | undefined> {
    const t0 = performance.now()
    const input = this.engine.linearInput(this.ego, this.o.horizon)
    if (input === undefined) return undefined
    const bootstrapped = this.engine.bootstrapped(this.ego)
    // Copies, not transfers: the snapshot keeps the input for explanations.
    const reply = await this.worker.call({ items: input.items, users: input.rows.users, userPtr: input.rows.userPtr, userItem: input.rows.userItem, weights: input.weights, egoItems: input.egoItems, options: this.o })
    if (reply.error !== undefined) throw new LinearRefreshError(reply.error.message)
    this.snapshot = { input, scores: reply.scores, bootstrapped }
    const cells = input.rows.userItem.length
    return {
      ms: performance.now() - t0,
      solveMs: reply.ms,
      iterations: reply.iterations,
      residual: reply.residual,
      users: input.rows.users,
      items: input.items.length,
      cells,
      // Worker: rows (4 B per cell and per row), weights, and conjugate gradients' ~8 item vectors; main: the same input and the scores.
      bytes: 2 * (4 * cells + 12 * input.rows.users + 4 * input.items.length) + 8 * 9 * input.items.length
    }
  }
}

interface WorkerReply { id: number, scores: Float64Array, iterations: number, residual: number, ms: number, error?: { name: string, message: string } }
