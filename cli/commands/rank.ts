/**
 * `meritwalk rank`: offline MeritRank and recommendations on plain CSV/TSV edge lists — no
 * daemon, no keys. The graph is loaded once and every ego is ranked against it.
 */
import { defineCommand } from '../command.js'
import { formatScore, printJson, printTable } from '../output.js'
import { RANKING_PARAMS as P } from '../../src/ranking-params.js'
import { parseNumber, UsageError } from '../parse.js'
import type { EgoResult, RankSettings } from '../rank/run.js'
import { explainText } from './ranking.js'

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** "30d", "12h", "90m", "45s", "500ms" or a plain number of days. */
export function parseHalfLife (text: unknown): number {
  const m = typeof text === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text) : null
  if (m === null || Number(m[1]) <= 0) throw new UsageError('--half-life', 'must be a positive duration such as 30d, 12h or 500ms (a plain number means days)', text)
  return Number(m[1]) * UNITS[m[2] ?? 'd']
}

async function settings (opts: Record<string, unknown>): Promise<RankSettings> {
  // The engine and the file readers load with the command, not at every `meritwalk` start.
  const { readEgos } = await import('../rank/load.js')
  const trust = opts.trust as string | undefined
  const interactions = opts.interactions as string | undefined
  if (trust === undefined && interactions === undefined) throw new UsageError('--trust', 'or --interactions is required (a CSV/TSV edge list)')
  const egos = [...(opts.ego as string[] | undefined ?? []), ...(typeof opts.egos === 'string' ? readEgos(opts.egos) : [])]
  if (egos.length === 0) throw new UsageError('--ego', 'is required (repeat it, or give --egos FILE with one id a line)')
  const seed = opts.seed === undefined ? undefined : parseNumber('--seed', opts.seed, P.seed)
  const halfLifeMs = opts.halfLife === undefined ? undefined : parseHalfLife(opts.halfLife)
  return {
    ...(trust === undefined ? {} : { trust }),
    ...(interactions === undefined ? {} : { interactions }),
    egos: [...new Set(egos)],
    engine: {
      walks: parseNumber('--walks', opts.walks, P.walks),
      alpha: parseNumber('--alpha', opts.alpha, P.alpha),
      beta: parseNumber('--beta', opts.beta, P.beta),
      ...(seed === undefined ? {} : { seed }),
      ...(halfLifeMs === undefined ? {} : { halfLifeMs })
    },
    limit: parseNumber('--limit', opts.limit, { ...P.limit, min: 0 }),
    reputationLimit: parseNumber('--reputation-limit', opts.reputationLimit, { integer: true, min: 0, max: 1_000_000 }),
    exact: opts.exact === true
  }
}

function printEgo (ego: string, r: EgoResult): void {
  process.stdout.write(`\nego ${ego}\n`)
  if (r.reputation !== undefined) {
    const rows = Object.entries(r.reputation).map(([id, s], i) => [i + 1, id, formatScore(s)])
    if (rows.length === 0) process.stdout.write('  reputation: nobody reached (no trust edges from this ego)\n')
    else printTable(['#', 'author', 'reputation'], rows)
  }
  const recs = r.recommendations ?? []
  if (recs.length === 0) process.stdout.write('  recommendations: none (no trusted user has items this ego lacks)\n')
  else printTable(['#', 'item', 'score', 'via (share of walks)'], recs.map((x, i) => [i + 1, x.item, formatScore(x.score), explainText(x.explain ?? undefined)]))
}

export const register = defineCommand({
  usage: 'rank',
  describe: 'offline: MeritRank reputation and recommendations from CSV/TSV edge lists (no daemon)',
  json: true,
  options: [
    { flags: '--trust <file>', describe: 'trust edges src,dst,weight (CSV or TSV; weight defaults to 1)' },
    { flags: '--interactions <file>', describe: 'interactions user,item,weight[,ts] (weight = plays, ts in ms)' },
    { flags: '--ego <id>', describe: 'rank for this id (repeatable)', repeatable: true },
    { flags: '--egos <file>', describe: 'rank for each id in FILE, one a line' },
    { flags: '--walks <n>', describe: P.walks.describe, default: String(P.walks.default) },
    { flags: '--alpha <p>', describe: P.alpha.describe, default: String(P.alpha.default) },
    { flags: '--beta <d>', describe: P.beta.describe, default: String(P.beta.default) },
    { flags: '--half-life <t>', describe: 'epoch decay of edge age, e.g. 30d (default: off)' },
    { flags: '--seed <n>', describe: P.seed.describe },
    { flags: '--limit <n>', describe: 'recommendations per ego', default: String(P.limit.default) },
    { flags: '--reputation-limit <n>', describe: 'reputation scores per ego (0 omits them)', default: String(P.limit.default) },
    { flags: '--exact', describe: 'solve the Markov chains exactly instead of walking (small graphs)' }
  ],
  examples: [
    'meritwalk rank --trust trust.csv --interactions plays.tsv --ego alice --ego bob --json',
    'meritwalk rank --trust trust.csv --egos egos.txt --limit 10 --reputation-limit 0 --seed 1'
  ],
  handler: async ({ opts, json }) => {
    const { runRank } = await import('../rank/run.js')
    const result = runRank(await settings(opts))
    if (json) return printJson(result)
    for (const [ego, r] of Object.entries(result)) printEgo(ego, r)
  }
})
