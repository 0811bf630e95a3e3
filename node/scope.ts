/**
 * Trust-scoped replication (docs/SCALING.md): past a network size, a node stores and pulls
 * the logs only of authors inside its person's trust horizon (graph/horizon.ts) — the
 * authors its MeritRank walks reach with a score ≥ ε — instead of the whole namespace.
 * Logs are hash-linked chains mixing trust and interaction records, so the unit is the
 * author: an author inside is held whole (its trust records are what grows the horizon
 * further), an author outside not at all. The horizon follows trust: it is recomputed
 * after trust records land (debounced); authors who enter are pulled by a sync round
 * with every peer, authors who leave (below ε · exitFactor) leave the ranking and are no
 * longer pulled. Their stored records stay on disk until compaction removes them.
 */
import type { Engine } from '../graph/index.js'
import { trustHorizon } from '../graph/index.js'
import type { ReplicationConfig } from '../src/config.js'

export interface ScopeInit {
  ego: string
  config: ReplicationConfig
  engine: () => Pick<Engine, 'reputation'> | undefined
  /** Authors the store holds (the network size as this node sees it). */
  authors: () => number
  /** Every author the store holds (read once, when the node turns scoped). */
  storedAuthors: () => Iterable<string>
  /** Authors that entered the horizon: pull them. */
  onEnter: (authors: string[]) => void
  /** Authors that left the horizon: drop them. */
  onLeave: (authors: string[]) => void
}

/** Which authors this node replicates; see the module comment. */
export class ReplicationScope {
  private horizon: Set<string> | undefined
  private timer: NodeJS.Timeout | undefined

  constructor (private readonly init: ScopeInit) {
    this.refresh()
  }

  /** Whether records of `author` are stored and pulled here. */
  wants (author: string): boolean {
    return this.horizon === undefined || this.horizon.has(author)
  }

  /** Scoped (true) or replicating the whole namespace (false). */
  scoped (): boolean {
    return this.horizon !== undefined
  }

  /** Authors inside the horizon (undefined: everything is replicated). */
  size (): number | undefined {
    return this.horizon?.size
  }

  /** Recompute soon (trust records landed); several calls within `delayMs` make one. */
  schedule (delayMs = 1000): void {
    if (this.timer !== undefined) return
    this.timer = setTimeout(() => { this.timer = undefined; this.refresh() }, delayMs)
    this.timer.unref()
  }

  /** Recompute the horizon now; reports who entered and who left. */
  refresh (): { entered: string[], left: string[] } {
    const { config, ego } = this.init
    const mode = config.scope === 'auto' ? (this.horizon !== undefined || this.init.authors() >= config.scopeAboveAuthors ? 'horizon' : 'all') : config.scope
    const engine = this.init.engine()
    if (mode === 'all' || engine === undefined) {
      this.horizon = undefined
      return { entered: [], left: [] }
    }
    const before = this.horizon
    const next = trustHorizon(ego, engine.reputation(ego, { limit: Number.MAX_SAFE_INTEGER }), { epsilon: config.epsilon, exitFactor: config.exitFactor }, before)
    this.horizon = next
    // Turning scoped: what is stored is in the ranking already; what is outside leaves it.
    const entered = before === undefined ? [] : [...next].filter(a => !before.has(a))
    const left = [...(before ?? this.init.storedAuthors())].filter(a => !next.has(a))
    if (entered.length > 0) this.init.onEnter(entered)
    if (left.length > 0) this.init.onLeave(left)
    return { entered, left }
  }

  stop (): void {
    clearTimeout(this.timer)
  }
}
