/**
 * `meritwalk rank` without the CLI around it: load the files once into an engine, then
 * rank every ego (walks, or the exact referee) into one result keyed by ego.
 */
import { createEngine, resolveOptions, type EngineOptions, type Explanation } from '../../graph/index.js'
import { exactForEgo } from './exact.js'
import { RankInputError, readInteractions, readTrust } from './load.js'
import { MeritwalkError } from '../../src/errors.js'

/** One ego's answer, as printed by --json. */
export interface EgoResult {
  reputation?: Record<string, number>
  recommendations?: Array<{ item: string, score: number, explain: Explanation | null }>
}

/** Inputs and parameters of one `rank` run. */
export interface RankSettings {
  trust?: string
  interactions?: string
  egos: string[]
  engine: EngineOptions
  limit: number
  reputationLimit: number
  exact: boolean
}

/** An ego that appears in no input file: exit code 2. */
export class UnknownEgoError extends MeritwalkError<{ egos: string[] }> {
  readonly exitCode = 2
  constructor (egos: string[]) {
    super('UNKNOWN_EGO', `ego ${egos.map(e => JSON.stringify(e)).join(', ')} appears in none of the input files; check the id (ids are case- and space-sensitive)`, { egos })
  }
}

/** Runs the ranking; the result object is keyed by ego id, in the order given. */
export function runRank (s: RankSettings): Record<string, EgoResult> {
  const engine = createEngine(s.engine)
  if (s.trust !== undefined) {
    const file = s.trust
    for (const e of readTrust(file)) {
      try {
        engine.setTrust(e.src, e.dst, e.weight)
      } catch (err) {
        if (err instanceof MeritwalkError) throw new RankInputError(file, e.line, err.message)
        throw err
      }
    }
  }
  if (s.interactions !== undefined) for (const e of readInteractions(s.interactions)) engine.setInteraction(e.user, e.item, e.weight, e.ts)
  const unknown = s.egos.filter(e => engine.index.users.lookup(e) < 0)
  if (unknown.length > 0) throw new UnknownEgoError(unknown)
  const o = resolveOptions(s.engine)
  // Entries, not assignment, so any id (even "__proto__") becomes an own key.
  const out: Array<[string, EgoResult]> = []
  for (const ego of s.egos) {
    if (s.exact) {
      out.push([ego, exactForEgo(engine.index, ego, { ...o, limit: s.limit, reputationLimit: s.reputationLimit })])
      continue
    }
    const r: EgoResult = {}
    if (s.reputationLimit > 0) r.reputation = Object.fromEntries(engine.reputation(ego, { limit: s.reputationLimit }).map(a => [a.author, a.score]))
    r.recommendations = engine.recommend(ego, { limit: s.limit, explain: true }).map(x => ({ item: x.item, score: x.score, explain: x.explain ?? null }))
    out.push([ego, r])
  }
  return Object.fromEntries(out)
}
