/**
 * Reading `meritwalk rank` inputs: CSV or TSV edge lists (delimiter from the first data
 * line: a tab means TSV), optional header line, `#` comments. Every bad line fails with
 * the file and line number, so a user can fix it; ids are kept exactly as written (CSV
 * fields may be quoted; TSV fields are taken literally).
 */
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { MeritwalkError } from '../../src/errors.js'

/** A bad input file or line: exit code 2. */
export class RankInputError extends MeritwalkError<{ file: string, line?: number }> {
  readonly exitCode = 2
  constructor (file: string, line: number | undefined, problem: string) {
    super('RANK_INPUT_INVALID', `${line === undefined ? file : `${file}:${line}`}: ${problem}`, line === undefined ? { file } : { file, line })
  }
}

/** One parsed row with its line number. */
export interface Row { fields: string[], line: number }

const HEADER_WORDS = new Set(['src', 'dst', 'source', 'target', 'from', 'to', 'user', 'userid', 'friendid', 'item', 'itemid', 'artistid', 'weight', 'ts', 'ego', 'id'])

function read (file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (err) {
    throw new RankInputError(file, undefined, `cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)}); check the path`)
  }
}

/** Rows of a CSV/TSV file, minus its header line if it has one. */
export function readRows (file: string, weightColumn: number): Row[] {
  const text = read(file)
  const firstData = text.split(/\r?\n/).find(l => l.trim() !== '' && !l.startsWith('#')) ?? ''
  const tsv = firstData.includes('\t')
  let records: Array<{ record: string[], info: { lines: number } }>
  try {
    records = parse(text, {
      delimiter: tsv ? '\t' : ',',
      // TSV has no quoting: a quote is an ordinary character of an id.
      quote: tsv ? false : '"',
      info: true,
      comment: '#',
      comment_no_infix: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true
    }) as unknown as Array<{ record: string[], info: { lines: number } }>
  } catch (err) {
    const e = err as { lines?: number, message?: string }
    throw new RankInputError(file, e.lines, `not valid CSV/TSV (${e.message ?? String(err)})`)
  }
  const rows = records.map(r => ({ fields: r.record, line: r.info.lines }))
  // A header names columns: known names, or a non-numeric weight above numeric ones.
  const numeric = (r: Row | undefined): boolean => r !== undefined && r.fields[weightColumn] !== undefined && r.fields[weightColumn] !== '' && Number.isFinite(Number(r.fields[weightColumn]))
  if (rows.length > 0) {
    const f = rows[0].fields
    const named = f.some(x => HEADER_WORDS.has(x.toLowerCase()))
    if (named || (!numeric(rows[0]) && f[weightColumn] !== undefined && numeric(rows[1]))) rows.shift()
  }
  return rows
}

/** A finite number from a field, or a RankInputError naming file, line and column. */
export function numberField (file: string, row: Row, col: number, name: string, check: (n: number) => boolean = Number.isFinite, expected = 'a number'): number {
  const text = row.fields[col]
  const n = text === undefined || text === '' ? NaN : Number(text)
  if (!Number.isFinite(n) || !check(n)) throw new RankInputError(file, row.line, `${name} must be ${expected}, got ${JSON.stringify(text ?? '')}`)
  return n
}

/** A non-empty id field. */
export function idField (file: string, row: Row, col: number, name: string): string {
  const id = row.fields[col]
  if (id === undefined || id === '') throw new RankInputError(file, row.line, `missing ${name} (expected columns ${name === 'item' || name === 'user' ? 'user,item,weight[,ts]' : 'src,dst,weight'})`)
  return id
}

/** Trust edges `src,dst[,weight]` (weight 1 when the column is absent). */
export function readTrust (file: string): Array<{ src: string, dst: string, weight: number, line: number }> {
  return readRows(file, 2).map(row => {
    const src = idField(file, row, 0, 'src')
    const dst = idField(file, row, 1, 'dst')
    if (src === dst) throw new RankInputError(file, row.line, `self-trust ${JSON.stringify(src)} is not allowed; remove the line`)
    const weight = row.fields.length > 2 ? numberField(file, row, 2, 'weight') : 1
    return { src, dst, weight, line: row.line }
  })
}

/** Interactions `user,item,weight[,ts]` (ts in ms since the epoch). */
export function readInteractions (file: string): Array<{ user: string, item: string, weight: number, ts?: number }> {
  return readRows(file, 2).map(row => {
    const user = idField(file, row, 0, 'user')
    const item = idField(file, row, 1, 'item')
    const weight = numberField(file, row, 2, 'weight', n => n >= 0, 'a number ≥ 0 (plays)')
    if (row.fields.length > 3 && row.fields[3] !== '') {
      return { user, item, weight, ts: numberField(file, row, 3, 'ts', n => n >= 0, 'milliseconds since the epoch') }
    }
    return { user, item, weight }
  })
}

/** Ego ids, one per line (`#` comments and blank lines skipped). */
export function readEgos (file: string): string[] {
  return read(file).split(/\r?\n/).map(l => l.trim()).filter(l => l !== '' && !l.startsWith('#'))
}
