/**
 * Result rows as table cells, shared by the terminal table, the Markdown report and
 * bench/RESULTS.md so every place prints the same figures the same way.
 */
import type { MethodResult } from './evaluate.js'

/** Column headings, in cell order. */
export const resultHeadings = ['method', 'α', 'β', 'attack', 'HR@10', 'NDCG@10', 'HR sd', 'spam slots', 'egos w/ spam', 'gain pooled / mean / max', 'ms/query'] as const

/** One row's cells. */
export function resultCells (r: MethodResult): string[] {
  return [
    r.method,
    r.alpha === undefined ? '' : String(r.alpha),
    r.beta === undefined ? '' : String(r.beta),
    r.attack,
    r.hr.toFixed(3),
    r.ndcg.toFixed(3),
    r.hrSd.toFixed(3),
    percent(r.spamSlots),
    percent(r.spamEgos),
    r.gain === undefined ? '' : `${r.gain.pooled.toFixed(3)} / ${r.gain.mean.toFixed(3)} / ${r.gain.max.toFixed(3)}`,
    r.queryMs === undefined ? '' : r.queryMs.toFixed(2)
  ]
}

/** A share as a percentage with enough digits to tell 0.3% from 0. */
export function percent (v: number): string {
  return v === 0 ? '0%' : `${(v * 100).toFixed(v < 0.1 ? 2 : 1)}%`
}

/** A GitHub-flavoured Markdown table of result rows. */
export function resultsMarkdown (rows: readonly MethodResult[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(c => c.replace(/\|/g, '\\|')).join(' | ')} |`
  return [line(resultHeadings), line(resultHeadings.map(() => '---')), ...rows.map(r => line(resultCells(r)))].join('\n') + '\n'
}
