/**
 * The simulation's network: users, items, signed trust and play edges, by dense index so
 * attacks, metrics and baselines work on arrays; ids are kept for the engine and reports.
 */
import { DirectedGraph } from 'graphology'
import { density, modularity } from 'graphology-metrics/graph/index.js'

/** A trust edge between user indices, weight in [-1, 1]. */
export interface TrustEdge { src: number, dst: number, weight: number }

/** A play edge from a user index to an item index; weight = play count (> 0). */
export interface Play { user: number, item: number, weight: number }

/** Users, items and edges, plus who is adversarial (empty for a clean network). */
export interface Network {
  name: string
  users: string[]
  items: string[]
  trust: TrustEdge[]
  plays: Play[]
  /** Real accounts that run an attack (they keep their honest history). */
  attackers: Set<number>
  /** Identities created by an attacker. */
  sybils: Set<number>
  /** Items the attack promotes. */
  spam: Set<number>
  /** Community of each honest user when the generator knows it (synthetic networks). */
  community?: Int32Array
}

/** A clean network from its parts. */
export function createNetwork (name: string, users: string[], items: string[], trust: TrustEdge[], plays: Play[], community?: Int32Array): Network {
  return { name, users, items, trust, plays, attackers: new Set(), sybils: new Set(), spam: new Set(), ...(community !== undefined ? { community } : {}) }
}

/** A shallow copy whose edge lists and role sets may be extended without touching `net`. */
export function cloneNetwork (net: Network, name = net.name): Network {
  return {
    ...net,
    name,
    users: [...net.users],
    items: [...net.items],
    trust: [...net.trust],
    plays: [...net.plays],
    attackers: new Set(net.attackers),
    sybils: new Set(net.sybils),
    spam: new Set(net.spam)
  }
}

/** True for a user who is neither attacker nor Sybil. */
export function isHonest (net: Network, user: number): boolean {
  return !net.attackers.has(user) && !net.sybils.has(user)
}

/** Each user's played items (indices), in play order. */
export function itemsByUser (net: Network): number[][] {
  const out: number[][] = net.users.map(() => [])
  for (const p of net.plays) out[p.user].push(p.item)
  return out
}

/** Number of distinct users who played each item. */
export function itemPopularity (net: Network): Int32Array {
  const pop = new Int32Array(net.items.length)
  for (const p of net.plays) pop[p.item]++
  return pop
}

/** Item indices ordered from most to least played (by distinct users; ties by index). */
export function popularItems (net: Network): number[] {
  const pop = itemPopularity(net)
  return [...pop.keys()].sort((a, b) => pop[b] - pop[a] || a - b)
}

/** The trust graph as a graphology directed graph (node = user id), for analysis and export. */
export function trustGraph (net: Network): DirectedGraph {
  const g = new DirectedGraph({ allowSelfLoops: false })
  net.users.forEach((id, i) => g.addNode(id, { honest: isHonest(net, i), ...(net.community !== undefined && i < net.community.length ? { community: net.community[i] } : {}) }))
  for (const e of net.trust) g.mergeEdge(net.users[e.src], net.users[e.dst], { weight: e.weight })
  return g
}

/** Shape of a network, for tables and reports. */
export interface NetworkStats {
  users: number
  items: number
  trustEdges: number
  plays: number
  attackers: number
  sybils: number
  spamItems: number
  meanTrustOut: number
  maxTrustIn: number
  meanPlaysPerUser: number
  maxItemUsers: number
  trustDensity: number
  /** Modularity of the generator's communities over the trust graph (synthetic only). */
  modularity?: number
}

/** Degree statistics and density (graphology-metrics); modularity when communities are known. */
export function describeNetwork (net: Network): NetworkStats {
  const g = trustGraph(net)
  let maxIn = 0
  g.forEachNode((n: string) => { maxIn = Math.max(maxIn, g.inDegree(n)) })
  const stats: NetworkStats = {
    users: net.users.length,
    items: net.items.length,
    trustEdges: g.size,
    plays: net.plays.length,
    attackers: net.attackers.size,
    sybils: net.sybils.size,
    spamItems: net.spam.size,
    meanTrustOut: g.order === 0 ? 0 : g.size / g.order,
    maxTrustIn: maxIn,
    meanPlaysPerUser: net.users.length === 0 ? 0 : net.plays.length / net.users.length,
    maxItemUsers: Math.max(0, ...itemPopularity(net)),
    trustDensity: g.order < 2 ? 0 : density(g)
  }
  if (net.community !== undefined && g.size > 0) {
    // Modularity is defined over the honest part the generator labelled; Sybils have none.
    const honest = g.copy()
    honest.forEachNode((n: string, a: Record<string, unknown>) => { if (a.community === undefined) honest.dropNode(n) })
    if (honest.size > 0) stats.modularity = modularity(honest, { getNodeCommunity: 'community', getEdgeWeight: null })
  }
  return stats
}
