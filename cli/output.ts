/** How commands print: tables (cli-table3) for people, JSON for scripts, always to stdout. */
import { createRequire } from 'node:module'
import type Table from 'cli-table3'

// Required when a table is drawn, not at start-up (commands printing JSON never need it).
const require = createRequire(import.meta.url)

export function printJson (value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n')
}

/** Box table without lines between rows (cli-table3 draws them by default). */
export function compactTable (head: string[]): Table.Table {
  const Table = require('cli-table3') as typeof import('cli-table3')
  return new Table({ head, style: { head: [], border: [] }, chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' } })
}

export function printTable (head: string[], rows: Array<Array<string | number>>): void {
  const table = compactTable(head)
  for (const r of rows) table.push(r.map(String))
  process.stdout.write(table.toString() + '\n')
}

/** "key  value" lines, aligned. */
export function printFields (fields: Array<[string, string | number]>): void {
  const width = Math.max(...fields.map(([k]) => k.length))
  for (const [k, v] of fields) process.stdout.write(`${k.padEnd(width)}  ${v}\n`)
}

/**
 * A score with three significant digits: on a large graph scores are small shares
 * (0.000123), which a fixed four decimals would print as 0.0000.
 */
export function formatScore (s: number): string {
  return s === 0 ? '0' : s.toPrecision(3)
}

/** A duration for people: "45 s", "12 min 5 s", "3 h 20 min", "2 d 4 h". */
export function formatDuration (ms: number): string {
  const s = Math.floor(ms / 1000)
  if (s < 60) return `${s} s`
  const [d, h, m] = [Math.floor(s / 86_400), Math.floor(s / 3600) % 24, Math.floor(s / 60) % 60]
  if (d > 0) return `${d} d ${h} h`
  if (h > 0) return `${h} h ${m} min`
  return `${m} min ${s % 60} s`
}

/** A size for people, in binary units: "512 B", "41.9 KiB", "1.2 GiB". */
export function formatBytes (n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let i = 0
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++ }
  return i === 0 ? `${n} B` : `${n.toFixed(1)} ${units[i]}`
}
