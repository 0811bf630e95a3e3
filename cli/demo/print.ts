/** The demo's report for a person reading a terminal: two rankings side by side, then why. */
import { compactTable, formatScore } from '../output.js'
import type { DemoReport, RankedItem } from './run.js'

export function formatDemo (r: DemoReport): string {
  const lines: string[] = []
  const spamIn = (xs: RankedItem[]): number => xs.filter(x => x.spam).length
  lines.push(`meritwalk demo: ${r.nodes} real nodes on 127.0.0.1, ${r.records.atPerson}/${r.records.expected} signed records synced to your node${r.converged ? '' : ' (not fully converged)'}.`)
  lines.push(`A trusted friend of yours, ${r.attacker.label}, went rogue: they made Sybil accounts that all push three spam items.`)
  lines.push('')
  const table = compactTable(['#', 'meritwalk (Sybil-resistant)', 'undefended ranking'])
  const n = Math.max(r.defended.length, r.undefended.length)
  const cell = (x: RankedItem | undefined): string => x === undefined ? '' : `${x.spam ? '⚠ ' : ''}${x.title}`
  for (let i = 0; i < n; i++) table.push([String(i + 1), cell(r.defended[i]), cell(r.undefended[i])])
  lines.push(table.toString())
  lines.push(`spam in the top ${n}: meritwalk ${spamIn(r.defended)}, undefended ${spamIn(r.undefended)}   (⚠ = spam)`)
  lines.push('')
  lines.push('why meritwalk recommends them (share of walks that reached the item through each person):')
  for (const [i, x] of r.defended.slice(0, 5).entries()) {
    lines.push(`  ${i + 1}. ${x.title}: via ${x.via.map(v => `${v.who} ${(v.share * 100).toFixed(0)}%`).join(', ') || '—'}`)
  }
  lines.push('')
  lines.push('MeritRank reputation from your seat: the share of your trust walks\' visits that reach a person')
  lines.push('(everyone together at most 1; 0 = your trust never reaches them):')
  lines.push(`  ${r.attacker.label} ${formatScore(r.attacker.reputation)}; all ${r.sybils} of their Sybils together ${formatScore(r.sybilReputation)}.`)
  lines.push(`  The Sybils are reached only through ${r.attacker.label}, so however many there are they share what little`)
  lines.push('  trust flows past that one person, and connectivity decay cuts it further.')
  lines.push(`done in ${(r.elapsedMs / 1000).toFixed(1)} s. Next: \`meritwalk init && meritwalk start\` to run your own node.`)
  return lines.join('\n') + '\n'
}
