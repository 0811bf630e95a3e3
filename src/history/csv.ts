/**
 * CSV rows for the history formats, by csv-parse (RFC 4180: quoted fields, "" escapes).
 * In Node this is csv-parse's own build; the web UI's Vite build aliases `csv-parse/sync`
 * to the package's browser build, which carries its own Buffer.
 */
import { parse } from 'csv-parse/sync'
import { HistoryError } from './error.js'

export function csvRows (text: string, file: string, opts: { comment?: string } = {}): string[][] {
  try {
    return parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true, bom: true, ...opts })
  } catch (err) {
    throw new HistoryError(file, `is not valid CSV: ${(err as Error).message}`)
  }
}
