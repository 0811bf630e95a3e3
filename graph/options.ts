/**
 * The engine's public types and option defaults (the contract the daemon, the simulator
 * and the CLI code against), with validation that fails before any state changes.
 */
import { AFFINITIES, DEFAULT_AFFINITY, describeRange, inParamRange, RANKING_PARAMS as P, type Affinity, type NumberParam } from '../src/ranking-params.js'
import { InvalidOptionError } from './errors.js'
import type { DampingOptions } from './feedback.js'

/** Options of `createEngine`. */
export interface EngineOptions {
  /** @default RANKING_PARAMS.alpha.default — stop probability per MeritRank walk step. */
  alpha?: number
  /** @default RANKING_PARAMS.salsaStop.default — stop probability per user visit of SALSA walks (short walks stay near the ego's taste). */
  salsaStop?: number
  /** @default false — whether item → user steps may land on the ego (its trust dwarfs everyone's, so returns would dominate). */
  egoReturns?: boolean
  /** @default RANKING_PARAMS.beta.default — connectivity decay of ego-separated users and items. */
  beta?: number
  /** @default RANKING_PARAMS.walks.default — walks per ego, for MeritRank and for SALSA. */
  walks?: number
  /** @default Infinity — epoch decay half-life of edge age, ms (off). */
  halfLifeMs?: number
  /** @default RANKING_PARAMS.seed.default — rng seed; each ego's walks use a seed derived from it. */
  seed?: number
  /** @default DEFAULT_AFFINITY ('log') — play counts → affinity: raw, log(1 + plays) or binary. */
  affinity?: Affinity
  /** @default RANKING_PARAMS.trustExponent.default — p in item → user ∝ affinity × trust^p. */
  trustExponent?: number
  /** @default RANKING_PARAMS.restartToTrusted.default — probability a SALSA walk starts at a trusted user drawn ∝ MeritRank (1 when the ego's items lead to nobody). */
  restartToTrusted?: number
  /** @default RANKING_PARAMS.popularityPenalty.default — RP3β-style debiasing: item score ÷ popularity^γ (0 = off). */
  popularityPenalty?: number
  /** @default Infinity — keep only each user's most recent interactions. */
  maxItemsPerUser?: number
  /** @default Infinity — global budget of interactions kept in the walk index. */
  maxEdges?: number
  /** @default RANKING_PARAMS.bootstrapSeeds.default — similar users a cold-start ego walks through (0 = no bootstrap). */
  bootstrapSeeds?: number
  /** @default RANKING_PARAMS.maxEgos.default — egos whose walks are kept (least recently used are dropped). */
  maxEgos?: number
  /** @default Date.now — clock for edges given without a timestamp. */
  now?: () => number
}

/** A user and their MeritRank score. */
export interface ScoredAuthor { author: string, score: number }
/** Why an item was recommended: trusted users whose walks reached it, with their share. */
export interface Explanation { via: Array<{ author: string, share: number }>, bootstrapped?: boolean }
/** One recommended item. */
export interface Recommendation { item: string, score: number, explain?: Explanation }

/** Per-query options of `recommend`. */
export interface RecommendOptions {
  /** @default RANKING_PARAMS.limit.default */
  limit?: number
  /** @default false — attach explanations. */
  explain?: boolean
  /** @default false — allow items the ego already has. */
  includeOwn?: boolean
  /** @default 'meritwalk' — undefended = no trust weighting, β = 0 and the classic walk (`UNDEFENDED_WALK`). */
  variant?: 'meritwalk' | 'web3recommend' | 'undefended'
  walks?: number
  seed?: number
  alpha?: number
  beta?: number
  salsaStop?: number
  egoReturns?: boolean
  /** Items never shown (muted). */
  hide?: Iterable<string>
  /** Items the person is not interested in: never shown, and their nearest neighbours weighted down (graph/feedback.ts). */
  notInterested?: Iterable<string>
  /** @default DEFAULT_DAMPING — how far `notInterested` reaches (bench/feedback.ts varies it). */
  damping?: DampingOptions
}

/** Options of `reputation`. */
export interface ReputationOptions { limit?: number, walks?: number, seed?: number }

/** Interactions dropped by the index caps. */
export interface EvictionReport { evicted: Array<{ user: string, item: string, reason: 'maxItemsPerUser' | 'maxEdges' }> }

/** Sizes of the walk index. */
export interface EngineStats { users: number, items: number, trustEdges: number, interactionEdges: number, bytes: number }

/** The ranking engine over string ids. */
export interface Engine {
  /** Sets a trust edge (weight 0 deletes; a self-loop throws SelfTrustError). */
  setTrust: (src: string, dst: string, weight: number, ts?: number) => void
  /** Sets an interaction (weight = plays; 0 deletes); reports cap evictions. */
  setInteraction: (user: string, item: string, weight: number, ts?: number) => EvictionReport | undefined
  /** MeritRank scores of everyone the ego's walks reach (the ego excluded), sorted desc. */
  reputation: (ego: string, opts?: ReputationOptions) => ScoredAuthor[]
  /** One MeritRank score (0 for unknown authors). */
  score: (ego: string, author: string) => number
  /**
   * Connectivity decay's regions: each author the ego reaches over positive trust only
   * through one other person, mapped to the topmost such gatekeeper (a child of the ego in
   * the dominator tree). Authors missing from the map are not ego-separated.
   */
  gatekeepers: (ego: string) => Map<string, string>
  /** Top items for the ego, with scores and optional explanations. */
  recommend: (ego: string, opts?: RecommendOptions) => Recommendation[]
  stats: () => EngineStats
}

/** Engine options with every default filled in. */
export type ResolvedOptions = Required<EngineOptions>

// Defaults and ranges come from the one table (src/ranking-params.ts); its SALSA knobs
// are the Last.fm calibration's (graph/sim/chain.ts calibratedChainOptions).
const DEFAULTS: Omit<ResolvedOptions, 'now'> = {
  alpha: P.alpha.default,
  salsaStop: P.salsaStop.default,
  egoReturns: false,
  beta: P.beta.default,
  walks: P.walks.default,
  halfLifeMs: Infinity,
  seed: P.seed.default,
  affinity: DEFAULT_AFFINITY,
  trustExponent: P.trustExponent.default,
  restartToTrusted: P.restartToTrusted.default,
  popularityPenalty: P.popularityPenalty.default,
  maxItemsPerUser: Infinity,
  maxEdges: Infinity,
  bootstrapSeeds: P.bootstrapSeeds.default,
  maxEgos: P.maxEgos.default
}

/**
 * The undefended variant's walk: classic personalised SALSA (stop = α, returns to the ego,
 * restarts at trusted users, no popularity penalty), whatever the engine's SALSA knobs.
 */
export const UNDEFENDED_WALK: Pick<ResolvedOptions, 'salsaStop' | 'egoReturns' | 'restartToTrusted' | 'popularityPenalty'> = {
  salsaStop: DEFAULTS.alpha,
  egoReturns: true,
  restartToTrusted: 0.3,
  popularityPenalty: 0
}

function check (ok: boolean, option: string, value: unknown, expected: string): void {
  if (!ok) throw new InvalidOptionError(option, value, expected)
}

function checkParam (option: string, p: NumberParam, value: unknown): void {
  check(inParamRange(p, value), option, value, describeRange(p))
}

/** Checks the per-query walk parameters against the table's ranges (shared by engine and queries). */
export function checkWalkParams (o: { alpha?: number, beta?: number, walks?: number, seed?: number, salsaStop?: number, egoReturns?: boolean }): void {
  if (o.alpha !== undefined) checkParam('alpha', P.alpha, o.alpha)
  if (o.salsaStop !== undefined) checkParam('salsaStop', P.salsaStop, o.salsaStop)
  if (o.egoReturns !== undefined) check(typeof o.egoReturns === 'boolean', 'egoReturns', o.egoReturns, 'true or false')
  if (o.beta !== undefined) checkParam('beta', P.beta, o.beta)
  if (o.walks !== undefined) checkParam('walks', P.walks, o.walks)
  if (o.seed !== undefined) checkParam('seed', P.seed, o.seed)
}

/** Fills defaults and validates every option. */
export function resolveOptions (opts: EngineOptions = {}): ResolvedOptions {
  const o: ResolvedOptions = { ...DEFAULTS, now: Date.now, ...stripUndefined(opts) }
  checkWalkParams(o)
  check(o.halfLifeMs > 0, 'halfLifeMs', o.halfLifeMs, 'a positive number of ms (Infinity = off)')
  check(AFFINITIES.includes(o.affinity), 'affinity', o.affinity, AFFINITIES.map(a => `'${a}'`).join(', '))
  checkParam('trustExponent', P.trustExponent, o.trustExponent)
  checkParam('restartToTrusted', P.restartToTrusted, o.restartToTrusted)
  checkParam('popularityPenalty', P.popularityPenalty, o.popularityPenalty)
  check(o.maxItemsPerUser >= 1, 'maxItemsPerUser', o.maxItemsPerUser, '≥ 1')
  check(o.maxEdges >= 1, 'maxEdges', o.maxEdges, '≥ 1')
  checkParam('bootstrapSeeds', P.bootstrapSeeds, o.bootstrapSeeds)
  checkParam('maxEgos', P.maxEgos, o.maxEgos)
  check(typeof o.now === 'function', 'now', o.now, 'a function returning ms')
  return o
}

function stripUndefined<T extends object> (o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}
