/** `meritwalk recommend | reputation`: what the node ranks for its person. */
import { withClient } from '../client.js'
import { defineCommand } from '../command.js'
import { formatScore, printJson, printTable } from '../output.js'
import { RANKING_PARAMS as P } from '../../src/ranking-params.js'
import { parseNumber } from '../parse.js'

const LIMIT = { flags: '--limit <n>', describe: `how many (${P.limit.min}–${P.limit.max})`, default: String(P.limit.default) }

export const recommend = defineCommand({
  usage: 'recommend',
  describe: 'items for you, best first, with titles where known (personalised SALSA decayed by MeritRank)',
  json: true,
  options: [
    LIMIT,
    { flags: '--explain', describe: 'show through whom each item reached you' },
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
      ...(opts.explain === true ? [explainText(r.explain)] : [])
    ]))
  }
})

/** "alice 62% · bob 30%" with short author ids. */
export function explainText (e: { via: Array<{ author: string, name?: string, share: number }>, bootstrapped?: boolean } | undefined): string {
  if (e === undefined) return ''
  // A petname (`meritwalk name`) instead of the short id where the person gave one.
  const via = e.via.slice(0, 3).map(v => `${v.name ?? shortId(v.author)} ${(v.share * 100).toFixed(0)}%`).join(' · ')
  return e.bootstrapped === true ? `${via} (bootstrapped)` : via
}

/** 12D3KooW…last6: enough to tell people apart in a table. */
export function shortId (author: string): string {
  return author.length > 16 ? `${author.slice(0, 8)}…${author.slice(-6)}` : author
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
    printTable(['#', 'author', 'score'], list.map((r, i) => [i + 1, r.name === undefined ? r.author : `${r.name}\n${r.author}`, formatScore(r.score)]))
  }
})
