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

export function formatScore (s: number): string {
  return s.toFixed(4)
}
