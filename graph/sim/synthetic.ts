/**
 * A seeded synthetic network: a friendship graph with communities (graphology's random
 * clusters generator; friendships become mutual trust) and power-law tastes over items,
 * each community preferring its own slice of the catalogue so that friends' plays predict
 * an ego's (the signal trust-weighted ranking relies on).
 */
import Graph from 'graphology'
import { clusters } from 'graphology-generators/random/index.js'
import { createNetwork, type Network, type Play, type TrustEdge } from './network.js'
import { cdf, drawCdf, type Rng } from './rng.js'
import { InvalidSimOptionError } from './errors.js'

/** Shape of a synthetic network. */
export interface SyntheticOptions {
  /** @default 300 */
  users: number
  /** @default 500 */
  items: number
  /** @default 5 */
  communities: number
  /** Mean friendships per user. @default 8 */
  friends: number
  /** Probability that a friendship stays inside the community. @default 0.9 */
  clusterDensity: number
  /** Distinct items each user plays. @default 20 */
  playsPerUser: number
  /** Zipf exponent of item popularity. @default 1 */
  zipf: number
  /** Probability that a play follows the community's taste rather than global taste. @default 0.8 */
  homophily: number
}

/** Defaults of `syntheticNetwork`. */
export const defaultSyntheticOptions: SyntheticOptions = {
  users: 300, items: 500, communities: 5, friends: 8, clusterDensity: 0.9, playsPerUser: 20, zipf: 1, homophily: 0.8
}

/** Build a synthetic clean network from a seeded rng. */
export function syntheticNetwork (rng: Rng, options: Partial<SyntheticOptions> = {}): Network {
  const o = { ...defaultSyntheticOptions, ...options }
  validate(o)
  const g = clusters(Graph.UndirectedGraph, { order: o.users, size: Math.round(o.users * o.friends / 2), clusters: o.communities, clusterDensity: o.clusterDensity, rng: () => rng.next() })
  const community = new Int32Array(o.users)
  g.forEachNode((n, a) => { community[Number(n)] = a.cluster as number })
  const trust: TrustEdge[] = []
  g.forEachEdge((_e, _a, s, t) => {
    trust.push({ src: Number(s), dst: Number(t), weight: 1 }, { src: Number(t), dst: Number(s), weight: 1 })
  })

  const zipf = cdf(Array.from({ length: o.items }, (_, r) => 1 / Math.pow(r + 1, o.zipf)))
  // Each community ranks the catalogue by its own permutation; global taste is the identity.
  const tastes = Array.from({ length: o.communities }, () => permutation(rng, o.items))
  const plays: Play[] = []
  for (let u = 0; u < o.users; u++) {
    const seen = new Set<number>()
    const want = Math.min(o.playsPerUser, o.items)
    while (seen.size < want) {
      const rank = drawCdf(rng, zipf)
      const item = rng.next() < o.homophily ? tastes[community[u]][rank] : rank
      if (seen.has(item)) continue
      seen.add(item)
      // Play counts are heavy-tailed like Last.fm's (a few artists take most plays).
      plays.push({ user: u, item, weight: 1 + Math.floor(1000 * Math.pow(rng.next(), 3)) })
    }
  }
  const users = Array.from({ length: o.users }, (_, i) => `u${i}`)
  const items = Array.from({ length: o.items }, (_, i) => `i${i}`)
  return createNetwork('synthetic', users, items, trust, plays, community)
}

function permutation (rng: Rng, n: number): Int32Array {
  const p = Int32Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    const t = p[i]; p[i] = p[j]; p[j] = t
  }
  return p
}

function validate (o: SyntheticOptions): void {
  const positive = ['users', 'items', 'communities', 'playsPerUser'] as const
  for (const k of positive) {
    if (!Number.isInteger(o[k]) || o[k] < 1) throw new InvalidSimOptionError(k, o[k], 'a positive integer')
  }
  if (!(o.friends >= 0) || !Number.isFinite(o.friends)) throw new InvalidSimOptionError('friends', o.friends, 'a finite number ≥ 0')
  for (const k of ['clusterDensity', 'homophily'] as const) {
    if (!(o[k] >= 0 && o[k] <= 1)) throw new InvalidSimOptionError(k, o[k], 'a number in [0, 1]')
  }
  if (!(o.zipf >= 0) || !Number.isFinite(o.zipf)) throw new InvalidSimOptionError('zipf', o.zipf, 'a finite number ≥ 0')
}
