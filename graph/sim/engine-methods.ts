/**
 * The engine's ranking variants as evaluation methods: the network is loaded into one
 * engine per method and network (trust edges, then plays), and each ego is queried
 * through the same public calls the node uses.
 */
import { createEngine, type EngineOptions } from '../index.js'
import type { Method, Ranker } from './method.js'
import type { Network } from './network.js'

/** The engine's named variants. */
export type EngineVariant = 'meritwalk' | 'web3recommend' | 'undefended'

/** Engine options of one method instance (anything unset keeps the engine's default). */
export type EngineMethodOptions = Partial<EngineOptions> & { alpha: number, beta: number }

const labels: Record<EngineVariant, string> = {
  meritwalk: 'meritwalk (default)',
  web3recommend: 'Web3Recommend variant',
  undefended: 'undefended SALSA'
}

/** One engine variant at fixed options; `label` overrides the row name (ablation steps). */
export function engineMethod (variant: EngineVariant, options: EngineMethodOptions, showAlpha = false, label?: string): Method {
  const base = label ?? labels[variant]
  return {
    name: `${base}${showAlpha ? ` α=${options.alpha}` : ''}${variant === 'undefended' ? '' : ` β=${options.beta}`}`,
    family: label ?? labels[variant],
    beta: options.beta,
    alpha: options.alpha,
    prepare: (net: Network): Ranker => engineRanker(net, variant, options)
  }
}

function engineRanker (net: Network, variant: EngineVariant, options: EngineMethodOptions): Ranker {
  const engine = createEngine(stripUndefined(options))
  for (const e of net.trust) engine.setTrust(net.users[e.src], net.users[e.dst], e.weight)
  for (const p of net.plays) engine.setInteraction(net.users[p.user], net.items[p.item], p.weight)
  const itemIndex = new Map(net.items.map((id, i) => [id, i]))
  const userIndex = new Map(net.users.map((id, i) => [id, i]))
  return {
    recommend: (ego, limit) => engine.recommend(net.users[ego], { limit, variant })
      .map(r => itemIndex.get(r.item) as number),
    reputation: ego => new Map(engine.reputation(net.users[ego], { limit: net.users.length })
      .map(r => [userIndex.get(r.author) as number, r.score]))
  }
}

// exactOptionalPropertyTypes is off, but the engine validates every key it is given.
function stripUndefined<T extends object> (o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
}
