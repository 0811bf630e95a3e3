/** How commands print: tables (cli-table3) for people, JSON for scripts, always to stdout. */
import Table from 'cli-table3'

export function printJson (value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n')
}

export function printTable (head: string[], rows: Array<Array<string | number>>): void {
  const table = new Table({ head, style: { head: [], border: [] } })
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
