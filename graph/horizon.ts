/**
 * An ego's trust horizon (docs/SCALING.md): the authors whose records its ranking uses —
 * those its MeritRank walks reach with a score of at least ε, plus the ego. Personalised
 * SALSA only visits users with trust > 0, so an author the walks never reach adds nothing
 * to the ego's recommendations, and one reached with tiny mass adds little: a node that
 * replicates only its horizon keeps its ranking while storing a share of the network.
 *
 * Hysteresis: an author enters at score ≥ ε and leaves only below ε · exitFactor, so
 * walk noise around ε does not make a node pull and drop the same author over and over.
 */
import type { ScoredAuthor } from './options.js'

export interface HorizonOptions {
  /** Least MeritRank score that brings an author in. */
  epsilon: number
  /** An author already in stays while its score is ≥ ε · exitFactor. @default 0.5 */
  exitFactor?: number
}

/** The horizon of `ego` from its reputation list; `current` is the horizon so far (for hysteresis). */
export function trustHorizon (ego: string, reputation: Iterable<ScoredAuthor>, opts: HorizonOptions, current?: ReadonlySet<string>): Set<string> {
  const exit = opts.epsilon * (opts.exitFactor ?? 0.5)
  const out = new Set<string>([ego])
  for (const { author, score } of reputation) {
    if (score >= opts.epsilon || (score >= exit && score > 0 && current?.has(author) === true)) out.add(author)
  }
  return out
}
