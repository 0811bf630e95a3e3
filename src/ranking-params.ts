/**
 * The one table of the ranking's tunables: each default and the range it may take. The
 * engine (graph/options.ts), the node config (src/config.ts), the RPC params
 * (node/rpc/methods/ranking.ts) and the CLI flags all read their defaults and bounds here,
 * so a value one layer accepts is never refused by the next. No imports: the CLI loads
 * this without the engine.
 */

/** A numeric tunable: its default and inclusive bounds. */
export interface NumberParam {
  readonly default: number
  readonly min: number
  readonly max: number
  readonly integer?: boolean
  /** What it is, for help texts and docs. */
  readonly describe: string
}

/** How play counts become affinities (normalised per user afterwards). */
export type Affinity = 'raw' | 'log' | 'binary'
export const AFFINITIES: readonly Affinity[] = ['raw', 'log', 'binary']

/** An affinity's weight for `plays` (0 plays: 0, the edge is gone). */
export function affinityOf (plays: number, affinity: Affinity): number {
  if (plays === 0) return 0
  switch (affinity) {
    case 'raw': return plays
    case 'log': return Math.log1p(plays)
    case 'binary': return 1
  }
}

/**
 * Walk parameters, per query or per engine. Stop probabilities below 0.01 make walks of
 * 100+ steps (cost without benefit); 1 would end every walk before its first step.
 */
export const RANKING_PARAMS = {
  alpha: { default: 0.15, min: 0.01, max: 0.99, describe: 'MeritRank stop probability per walk step' },
  salsaStop: { default: 0.9, min: 0.01, max: 0.99, describe: 'SALSA stop probability per user visit (short walks stay near the ego\'s taste)' },
  beta: { default: 0.8, min: 0, max: 1, describe: 'connectivity decay of ego-separated users and items' },
  walks: { default: 10_000, min: 100, max: 1_000_000, integer: true, describe: 'walks per ego' },
  /** The node's ceiling on one RPC ranking call's walks (a batch: five times this); bounds what a request can make it compute. */
  maxWalks: { default: 100_000, min: 100, max: 1_000_000, integer: true, describe: 'most walks one RPC ranking call may ask for' },
  seed: { default: 0x5eed, min: 0, max: 2 ** 32 - 1, integer: true, describe: 'rng seed (same seed, same output)' },
  trustExponent: { default: 0.5, min: 0, max: 16, describe: 'p in item → user ∝ affinity × trust^p' },
  restartToTrusted: { default: 0, min: 0, max: 1, describe: 'probability a SALSA walk starts at a trusted user drawn ∝ MeritRank' },
  popularityPenalty: { default: 0.2, min: 0, max: 16, describe: 'RP3β-style debiasing: item score ÷ popularity^γ (0 = off)' },
  bootstrapSeeds: { default: 10, min: 0, max: 1000, integer: true, describe: 'similar users a cold-start ego walks through (0 = no bootstrap)' },
  maxEgos: { default: 64, min: 1, max: 1_000_000, integer: true, describe: 'egos whose walks are kept (least recently used are dropped)' },
  /** Results of one ranking query (recommendations or reputation). */
  limit: { default: 20, min: 1, max: 1000, integer: true, describe: 'results per query' },
  /** Epoch decay half-life of edge age in days (the config's unit); off unless set. */
  halfLifeDays: { default: Infinity, min: 0.001, max: 1e6, describe: 'epoch decay half-life of edge age, days (off by default)' }
} as const satisfies Record<string, NumberParam>

/** The affinity the engine uses unless told otherwise. */
export const DEFAULT_AFFINITY: Affinity = 'log'

/** Whether `v` is within `p` (a finite number, an integer where `p` wants one). */
export function inParamRange (p: NumberParam, v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= p.min && v <= p.max && (p.integer !== true || Number.isInteger(v))
}

/** "a number in [0.01, 0.99]" / "an integer in [100, 1000000]". */
export function describeRange (p: Pick<NumberParam, 'min' | 'max' | 'integer'>): string {
  return `${p.integer === true ? 'an integer' : 'a number'} in [${p.min}, ${p.max}]`
}
