/**
 * Methods by name, as the CLI and the bench choose them: the engine's variants swept over
 * α and β, and the trust-free baselines once each.
 */
import { describeRange, inParamRange, RANKING_PARAMS as P } from '../../src/ranking-params.js'
import { itemKnn, mostPopular, personalisedPageRank, rp3, TUNED_RP3_BETA } from './baselines.js'
import { easeMethod } from './ease.js'
import { linearMethod } from './linear.js'
import { calibratedChainOptions, chainMethod } from './chain.js'
import { engineMethod, type EngineVariant } from './engine-methods.js'
import { InvalidSimOptionError } from './errors.js'
import type { Method } from './method.js'

/** Every method name `methods` accepts. */
export const methodNames = ['meritwalk', 'calibrated', 'web3recommend', 'undefended', 'ppr', 'popular', 'itemknn', 'p3', 'rp3b', 'ease', 'dlae', 'linear'] as const
export type MethodName = typeof methodNames[number]

/** Sweep and sampling parameters of the engine's variants. */
export interface CatalogueOptions {
  alphas: number[]
  betas: number[]
  /** Walks per query (undefined = the engine's default). */
  walks?: number
  /** Seed of the engine's walks. @default 1 */
  seed: number
}

/** Instantiate the named methods; engine variants once per (α, β), undefended SALSA once per α (its β is 0). */
export function methods (names: readonly string[], o: CatalogueOptions): Method[] {
  for (const a of o.alphas) if (!inParamRange(P.alpha, a)) throw new InvalidSimOptionError('alpha', a, describeRange(P.alpha))
  for (const b of o.betas) if (!inParamRange(P.beta, b)) throw new InvalidSimOptionError('beta', b, describeRange(P.beta))
  const out: Method[] = []
  const sweep = o.alphas.length > 1
  for (const name of names) {
    switch (name as MethodName) {
      case 'meritwalk': case 'web3recommend':
        for (const alpha of o.alphas) for (const beta of o.betas) out.push(engineMethod(name as EngineVariant, { alpha, beta, walks: o.walks, seed: o.seed }, sweep))
        break
      case 'calibrated':
        for (const alpha of o.alphas) for (const beta of o.betas) out.push(chainMethod(sweep ? `meritwalk calibrated (exact chain) α=${alpha}` : 'meritwalk calibrated (exact chain)', { ...calibratedChainOptions, alpha, beta, ...(o.walks !== undefined ? { walks: o.walks } : {}), seed: o.seed }))
        break
      case 'undefended':
        // The classic undefended ranking: raw play counts, no trust weighting, β = 0.
        for (const alpha of o.alphas) out.push(engineMethod('undefended', { alpha, beta: 0, walks: o.walks, seed: o.seed, affinity: 'raw' }, sweep))
        break
      case 'ppr': out.push(personalisedPageRank()); break
      case 'popular': out.push(mostPopular()); break
      case 'itemknn': out.push(itemKnn()); break
      case 'p3': out.push(rp3(0)); break
      case 'rp3b': out.push(rp3(TUNED_RP3_BETA)); break
      case 'ease': out.push(easeMethod()); break
      case 'dlae': out.push(linearMethod({ trusted: false })); break
      case 'linear':
        for (const alpha of o.alphas) for (const beta of o.betas) out.push(linearMethod({ alpha, beta, ...(o.walks !== undefined ? { walks: o.walks } : {}), seed: o.seed }))
        break
      default: throw new InvalidSimOptionError('method', name, methodNames.join(', '))
    }
  }
  return out
}
