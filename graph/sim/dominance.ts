/**
 * The engine's trust rows and dominator tree built from a simulation network, so the
 * simulation judges separation (and hence MeritRank's gain bound) exactly as the engine
 * decays it.
 */
import { egoDominators, egoSeparated, type Dominators } from '../dominators.js'
import { Rows } from '../rows.js'
import type { Network } from './network.js'

/** The network's trust edges as the engine's walk rows. */
export function trustRows (net: Network): Rows {
  const rows = new Rows(false)
  rows.ensure(net.users.length)
  for (const e of net.trust) rows.put(e.src, e.dst, e.weight, 0)
  return rows
}

/** Dominator tree of the ego's positive trust subgraph. */
export function dominatorsOf (rows: Rows, net: Network, ego: number): Dominators {
  return egoDominators(rows, ego, net.users.length)
}

/** True when one node other than the ego lies on every positive trust path from the ego to `v`. */
export function separated (dom: Dominators, v: number): boolean {
  return egoSeparated(dom, v)
}
