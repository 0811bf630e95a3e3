/**
 * The engine over string ids: checks inputs (a bad call throws a typed error and changes
 * nothing), updates the walk index, fans trust changes out to every cached ego's stored
 * walks, and answers reputation and recommendation queries. Egos are created on first
 * query and kept for the `maxEgos` most recently used.
 */
import { Ego, salsaLaw, trustVector, type EgoParams } from './ego.js'
import { egoSeparated } from './dominators.js'
import { InvalidIdError, InvalidWeightError, SelfTrustError } from './errors.js'
import { MeritRankWalks } from './meritrank.js'
import { RANKING_PARAMS } from '../src/ranking-params.js'
import { checkWalkParams, resolveOptions, UNDEFENDED_WALK, type Engine, type EngineOptions, type EngineStats, type EvictionReport, type Recommendation, type RecommendOptions, type ReputationOptions, type ResolvedOptions, type ScoredAuthor } from './options.js'
import { notInterestedDamping } from './feedback.js'
import { linearInput, type LinearInput } from './linear-input.js'
import { rankItems } from './rank-items.js'
import { createRng, deriveSeed } from './rng.js'
import { SalsaWalks } from './salsa.js'
import { WalkIndex } from './walk-index.js'
import { web3Recommend, type WalkSample } from './web3recommend.js'

function checkId (field: string, v: unknown): asserts v is string {
  if (typeof v !== 'string' || v.length === 0) throw new InvalidIdError(field, v)
}

function checkTs (ts: unknown): void {
  if (ts !== undefined && !(typeof ts === 'number' && Number.isFinite(ts) && ts >= 0)) throw new InvalidWeightError('ts', ts, 'milliseconds since the epoch (≥ 0)')
}

/** `Engine` over a `WalkIndex`. */
export class MeritwalkEngine implements Engine {
  readonly index: WalkIndex
  private readonly o: ResolvedOptions
  private readonly egos = new Map<number, Ego>()

  constructor (opts?: EngineOptions) {
    this.o = resolveOptions(opts)
    this.index = new WalkIndex(this.o)
  }

  setTrust (src: string, dst: string, weight: number, ts?: number): void {
    checkId('src', src)
    checkId('dst', dst)
    if (src === dst) throw new SelfTrustError(src)
    if (typeof weight !== 'number' || !Number.isFinite(weight)) throw new InvalidWeightError('weight', weight, 'a finite number')
    checkTs(ts)
    const s = this.index.user(src)
    const d = this.index.user(dst)
    const c = this.index.setTrust(s, d, weight, this.seconds(ts))
    if (c.before === c.after && c.absBefore === c.absAfter) return
    for (const ego of this.egos.values()) ego.onTrust(c)
  }

  setInteraction (user: string, item: string, weight: number, ts?: number): EvictionReport | undefined {
    checkId('user', user)
    checkId('item', item)
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) throw new InvalidWeightError('weight', weight, 'a finite number ≥ 0 (plays; 0 deletes)')
    checkTs(ts)
    const u = this.index.user(user)
    const i = this.index.item(item)
    const evicted = this.index.setInteraction(u, i, weight, this.seconds(ts))
    if (evicted.length === 0) return undefined
    return { evicted: evicted.map(e => ({ user: this.index.users.name(e.user), item: this.index.items.name(e.item), reason: e.reason })) }
  }

  reputation (ego: string, opts: ReputationOptions = {}): ScoredAuthor[] {
    checkId('ego', ego)
    checkWalkParams(opts)
    const e = this.ego(ego)
    if (e === undefined) return []
    const mr = opts.walks !== undefined || opts.seed !== undefined ? this.freshTrust(e, opts) : e.mr
    const dom = e.dominators()
    const out: ScoredAuthor[] = []
    mr.forEachHit((v, pos, neg) => {
      if (v === e.id) return
      const s = (pos - neg) / mr.total
      out.push({ author: this.index.users.name(v), score: egoSeparated(dom, v) ? s * (1 - this.o.beta) : s })
    })
    out.sort((a, b) => b.score - a.score || (a.author < b.author ? -1 : 1))
    return opts.limit !== undefined ? out.slice(0, opts.limit) : out
  }

  score (ego: string, author: string): number {
    checkId('ego', ego)
    checkId('author', author)
    const v = this.index.users.lookup(author)
    const e = this.ego(ego)
    if (v < 0 || e === undefined) return 0
    const mr = e.mr
    if (v >= mr.pos.length || mr.total === 0) return 0
    const s = (mr.pos[v] - mr.neg[v]) / mr.total
    return egoSeparated(e.dominators(), v) ? s * (1 - this.o.beta) : s
  }

  gatekeepers (ego: string): Map<string, string> {
    checkId('ego', ego)
    const out = new Map<string, string>()
    const e = this.ego(ego)
    if (e === undefined) return out
    const { idom, order } = e.dominators()
    // Post-order lists every dominator after the nodes it dominates: walk it backwards so
    // a node's region is known before the nodes beneath it ask for it.
    const region = new Int32Array(idom.length).fill(-1)
    for (let k = order.length - 1; k >= 0; k--) {
      const v = order[k]
      if (v === e.id) continue
      region[v] = idom[v] === e.id ? v : region[idom[v]]
      if (region[v] !== v) out.set(this.index.users.name(v), this.index.users.name(region[v]))
    }
    return out
  }

  recommend (ego: string, opts: RecommendOptions = {}): Recommendation[] {
    checkId('ego', ego)
    checkWalkParams(opts)
    const variant = opts.variant ?? 'meritwalk'
    const e = this.ego(ego)
    if (e === undefined) return []
    const fresh = opts.walks !== undefined || opts.seed !== undefined || opts.alpha !== undefined || opts.salsaStop !== undefined || opts.egoReturns !== undefined
    const beta = variant === 'undefended' ? 0 : opts.beta ?? this.o.beta
    const alpha = opts.alpha ?? this.o.alpha
    // Undefended is the classic walk (UNDEFENDED_WALK), not the calibrated one: short walks
    // without ego returns keep Sybil spam out on their own, which would hide what trust adds.
    const classic = variant === 'undefended'
    const walk = classic ? { ...UNDEFENDED_WALK, salsaStop: alpha } : this.o
    const params: EgoParams = {
      ...this.params(),
      alpha,
      salsaStop: opts.salsaStop ?? walk.salsaStop,
      egoReturns: opts.egoReturns ?? walk.egoReturns,
      restartToTrusted: walk.restartToTrusted,
      walks: opts.walks ?? this.o.walks,
      beta
    }
    const rng = createRng(opts.seed ?? deriveSeed(this.o.seed, e.id + 0x51a5))
    const mr = fresh ? this.freshTrust(e, params, rng) : e.mr
    const dom = e.dominators()
    const t = trustVector(mr, dom, this.index.users.size, beta)
    let sample: WalkSample
    if (variant === 'meritwalk' && !fresh && beta === this.o.beta) {
      sample = e.salsaWalks(t)
    } else if (variant === 'web3recommend') {
      const law = salsaLaw(this.index, e.id, t, params)
      sample = web3Recommend(this.index.trust, this.index.bip, law.start, { alpha: params.alpha, walks: params.walks, items: this.index.items.size, seeds: mr.seeds }, rng)
    } else {
      sample = new SalsaWalks(salsaLaw(this.index, e.id, t, params, variant === 'undefended'), params.walks, this.index.items.size, rng)
    }
    return rankItems(sample, {
      index: this.index,
      ego: e.id,
      trust: t,
      dom,
      beta,
      popularityPenalty: walk.popularityPenalty,
      includeOwn: opts.includeOwn ?? false,
      limit: opts.limit ?? RANKING_PARAMS.limit.default,
      explain: opts.explain ?? false,
      bootstrapped: e.bootstrapped,
      ...this.feedback(opts)
    })
  }

  /**
   * The trust-weighted linear model's input for `ego` (graph/linear.ts): everyone its stored
   * MeritRank walks reach (through the bootstrap seeds while it trusts nobody), rows
   * weighted min(1, share / horizon). Undefined for an unknown ego.
   */
  linearInput (ego: string, horizon: number): LinearInput | undefined {
    checkId('ego', ego)
    const e = this.ego(ego)
    if (e === undefined) return undefined
    return linearInput(this.index, e.mr, e.dominators(), this.o.beta, horizon)
  }

  /** Whether `ego` walks through bootstrap seeds (it trusts nobody yet). */
  bootstrapped (ego: string): boolean {
    checkId('ego', ego)
    return this.ego(ego)?.bootstrapped ?? false
  }

  stats (): EngineStats {
    return {
      users: this.index.users.size,
      items: this.index.items.size,
      trustEdges: this.index.trust.edges,
      interactionEdges: this.index.bip.edges,
      bytes: this.index.bytes()
    }
  }

  /** Hidden items and the damping of "not interested" neighbours, as item indexes. */
  private feedback (opts: RecommendOptions): { hidden?: Set<number>, damp?: Map<number, number> } {
    if (opts.hide === undefined && opts.notInterested === undefined) return {}
    const known = (ids: Iterable<string> | undefined): number[] => [...ids ?? []].map(id => this.index.items.lookup(id)).filter(i => i >= 0)
    const rejected = known(opts.notInterested)
    return { hidden: new Set([...known(opts.hide), ...rejected]), damp: notInterestedDamping(this.index, rejected, opts.damping) }
  }

  private params (): EgoParams {
    const o = this.o
    return { alpha: o.alpha, salsaStop: o.salsaStop, egoReturns: o.egoReturns, beta: o.beta, walks: o.walks, trustExponent: o.trustExponent, restartToTrusted: o.restartToTrusted, bootstrapSeeds: o.bootstrapSeeds }
  }

  /**
   * The ego's stored state, created on first use; least recently used egos are dropped.
   * Undefined for ids no edge mentions: a query never adds ids to the index.
   */
  private ego (id: string): Ego | undefined {
    const u = this.index.users.lookup(id)
    if (u < 0) return undefined
    let e = this.egos.get(u)
    if (e !== undefined) {
      this.egos.delete(u)
    } else {
      e = new Ego(this.index, u, this.params(), createRng(deriveSeed(this.o.seed, u)))
      if (this.egos.size >= this.o.maxEgos) this.egos.delete(this.egos.keys().next().value as number)
    }
    this.egos.set(u, e)
    e.refreshBootstrap()
    return e
  }

  /** Unstored MeritRank walks for per-query walks/seed/alpha overrides. */
  private freshTrust (e: Ego, opts: { alpha?: number, walks?: number, seed?: number }, rng = createRng(opts.seed ?? deriveSeed(this.o.seed, e.id))): MeritRankWalks {
    const params = { alpha: opts.alpha ?? this.o.alpha, walks: opts.walks ?? this.o.walks, store: false }
    return new MeritRankWalks(this.index.trust, e.id, this.index.users.size, params, rng, e.mr.seeds)
  }

  private seconds (ts: number | undefined): number {
    return Math.floor((ts ?? this.o.now()) / 1000)
  }
}

/** A ranking engine with the given options (see `EngineOptions` for defaults). */
export function createEngine (opts?: EngineOptions): Engine & { readonly index: WalkIndex } {
  return new MeritwalkEngine(opts)
}
