/** `meritwalk recommend | reputation`: what the node ranks for its person. */
import { withClient } from '../client.js'
import { defineCommand } from '../command.js'
import { formatScore, printJson, printTable } from '../output.js'
import { RANKING_PARAMS as P } from '../../src/ranking-params.js'
import { parseNumber } from '../parse.js'
import { nameLabel, personCell, shortId, type Named } from '../people.js'

const LIMIT = { flags: '--limit <n>', describe: `how many (${P.limit.min}–${P.limit.max})`, default: String(P.limit.default) }

export const recommend = defineCommand({
  usage: 'recommend',
  describe: 'items for you, best first, with titles where known (personalised SALSA decayed by MeritRank)',
  json: true,
  options: [
    LIMIT,
    { flags: '--explain', describe: 'show through whom each item reached you (by name where known)' },
    { flags: '--ids', describe: 'with --explain: short author ids instead of names' },
    { flags: '--include-own', describe: 'also rank items you already have' },
    { flags: '--variant <name>', describe: 'meritwalk (default), web3recommend or undefended (no Sybil defence; for comparison)' }
  ],
  examples: ['meritwalk recommend --limit 10 --explain', 'meritwalk recommend --json | jq -r ".[].item"'],
  handler: async ({ dataDir, opts, json }) => {
    const limit = parseNumber('--limit', opts.limit, P.limit)
    const variant = opts.variant as 'meritwalk' | 'web3recommend' | 'undefended' | undefined
    const recs = await withClient(dataDir, async c => await c.call('rank.recommend', {
      limit, explain: opts.explain === true || json, includeOwn: opts.includeOwn === true, variant
    }))
    if (json) return printJson(recs.map(r => ({ item: r.item, ...(r.title === undefined ? {} : { title: r.title }), score: r.score, explain: r.explain ?? null })))
    if (recs.length === 0) {
      process.stdout.write('no recommendations yet: trust someone (`meritwalk trust <author>`) and record what you play\n')
      return
    }
    const head = ['#', 'item', 'score', ...(opts.explain === true ? ['via (share of walks)'] : [])]
    printTable(head, recs.map((r, i) => [
      i + 1,
      r.title === undefined ? r.item : `${r.title}\n${r.item}`,
      formatScore(r.score),
      ...(opts.explain === true ? [explainText(r.explain, opts.ids === true)] : [])
    ]))
  }
})

/** "alice 62% · ~bob 30%": names where the node has one (`ids`: short author ids only). */
export function explainText (e: { via: Array<{ author: string, share: number } & Named>, bootstrapped?: boolean } | undefined, ids = false): string {
  if (e === undefined) return ''
  const via = e.via.slice(0, 3).map(v => `${(ids ? undefined : nameLabel(v)) ?? shortId(v.author)} ${(v.share * 100).toFixed(0)}%`).join(' · ')
  return e.bootstrapped === true ? `${via} (bootstrapped)` : via
}

export const reputation = defineCommand({
  usage: 'reputation',
  describe: 'MeritRank reputation of the people your trust reaches, highest first (−1 to 1)',
  json: true,
  options: [LIMIT],
  handler: async ({ dataDir, opts, json }) => {
    const limit = parseNumber('--limit', opts.limit, P.limit)
    const list = await withClient(dataDir, async c => await c.call('rank.reputation', { limit }))
    if (json) return printJson(list)
    if (list.length === 0) {
      process.stdout.write('nobody ranked yet: trust someone with `meritwalk trust <author>`\n')
      return
    }
    printTable(['#', 'author', 'score'], list.map((r, i) => [i + 1, personCell(r.author, r), formatScore(r.score)]))
  }
})
