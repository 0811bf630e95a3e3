/**
 * Ranking queries off the event loop. A worker thread (node/ranking-worker.mjs) holds a
 * replica of the daemon's engine: every trust and interaction change the daemon applies is
 * applied here and forwarded there in the same order (with its timestamp fixed here, so
 * both sides decay alike), and `recommend` / `reputation` are answered by the replica.
 * A call with `ranking.maxWalks` walks then costs the event loop two messages, and gossip,
 * sync and `node.status` go on while it runs. Changes are forwarded in one message per
 * event-loop turn, before any query, so a query sees every change made before it was asked.
 * The worker starts on the first query, or once START_AFTER_CHANGES changes wait for it
 * (a node that never ranks, like most nodes of a test network, never pays for its start:
 * ~0.4 s of CPU loading the engine); until then the changes are kept to replay.
 *
 * The daemon's own engine stays for what must be synchronous and is cheap on its stored
 * walks (the store's priority scores, the trust horizon, gatekeepers, the people views); the
 * replica costs as much memory again as the walk index (`stats().bytes`) plus its egos'
 * walks. Stored walks are sampled on each side separately, so answers without a seed agree
 * in law, not bit for bit; with a seed they are the same. If the worker fails, queries are
 * answered on the event loop as before.
 */
import type { Engine, EngineOptions, EvictionReport, Recommendation, RecommendOptions, ReputationOptions, ScoredAuthor } from '../graph/index.js'
import { MeritwalkError } from '../src/errors.js'
import { WorkerCalls } from './worker-calls.js'

/** The ranking worker failed (it is not restarted; queries run on the event loop). */
export class RankingThreadError extends MeritwalkError<{ reason: string }> {
  constructor (reason: string) {
    super('RANKING_THREAD_FAILED', `ranking worker thread: ${reason}`, { reason })
  }
}

interface Reply { id: number, result?: unknown, error?: { code?: string, message: string, data?: Record<string, unknown> } }

const TRUST = 0
const INTERACTION = 1
/** Changes kept for a worker not started yet before it is started anyway (bounds their memory: ~50 B each). */
const START_AFTER_CHANGES = 65_536

/** An Engine whose changes are mirrored to a worker that answers the costly queries; see the module comment. */
export class RankingThread implements Engine {
  private worker: WorkerCalls<Reply> | undefined
  private closed = false
  private ops: Array<string | number> = []
  private flushScheduled = false

  /** `options` must be what `engine` was made with (structured-cloneable: no `now`). */
  constructor (private readonly engine: Engine, private readonly options: Omit<EngineOptions, 'now'>, private readonly onFailure: (err: Error) => void = () => {}) {}

  setTrust (src: string, dst: string, weight: number, ts = Date.now()): void {
    this.engine.setTrust(src, dst, weight, ts)
    this.forward(TRUST, src, dst, weight, ts)
  }

  setInteraction (user: string, item: string, weight: number, ts = Date.now()): EvictionReport | undefined {
    const report = this.engine.setInteraction(user, item, weight, ts)
    this.forward(INTERACTION, user, item, weight, ts)
    return report
  }

  reputation (ego: string, opts?: ReputationOptions): ScoredAuthor[] { return this.engine.reputation(ego, opts) }
  score (ego: string, author: string): number { return this.engine.score(ego, author) }
  gatekeepers (ego: string): Map<string, string> { return this.engine.gatekeepers(ego) }
  recommend (ego: string, opts?: RecommendOptions): Recommendation[] { return this.engine.recommend(ego, opts) }
  stats (): ReturnType<Engine['stats']> { return this.engine.stats() }

  /** `recommend`, computed on the worker thread. */
  async recommendOffLoop (ego: string, opts: RecommendOptions = {}): Promise<Recommendation[]> {
    return await this.query('recommend', ego, opts, () => this.engine.recommend(ego, opts))
  }

  /** `reputation`, computed on the worker thread. */
  async reputationOffLoop (ego: string, opts: ReputationOptions = {}): Promise<ScoredAuthor[]> {
    return await this.query('reputation', ego, opts, () => this.engine.reputation(ego, opts))
  }

  /** Stop the worker; queries are answered on the event loop from now on. */
  async close (): Promise<void> {
    this.closed = true
    this.ops = []
    await this.worker?.close()
  }

  /** The worker, started now if it was not (undefined once closed or failed). */
  private started (): WorkerCalls<Reply> | undefined {
    if (this.closed || this.worker?.broken() === true) return undefined
    this.worker ??= new WorkerCalls(new URL('./ranking-worker.mjs', import.meta.url), reason => new RankingThreadError(reason), { options: this.options })
    return this.worker
  }

  private async query<T> (query: 'recommend' | 'reputation', ego: string, opts: object, here: () => T): Promise<T> {
    const worker = this.started()
    if (worker === undefined) return here()
    this.flush()
    let reply: Reply
    try {
      reply = await worker.call({ query, ego, opts })
    } catch (err) {
      this.onFailure(err as Error)
      return here()
    }
    if (reply.error === undefined) return reply.result as T
    const { code, message, data } = reply.error
    // The engine's typed refusals (bad ids, options) keep their code; anything else is a bug there.
    throw code !== undefined ? new MeritwalkError(code, message, data) : new Error(message)
  }

  private forward (kind: number, a: string, b: string, weight: number, ts: number): void {
    if (this.closed || this.worker?.broken() === true) return
    this.ops.push(kind, a, b, weight, ts)
    if (this.worker === undefined && this.ops.length < 5 * START_AFTER_CHANGES) return
    if (this.flushScheduled) return
    this.flushScheduled = true
    setImmediate(() => { this.flush() })
  }

  private flush (): void {
    this.flushScheduled = false
    const worker = this.started()
    if (worker === undefined || this.ops.length === 0) return
    worker.post({ ops: this.ops })
    this.ops = []
  }
}
