/**
 * The CLI's side of the history formats (parsed in src/history/, shared with the web UI's
 * import): a malformed file as a usage error (exit 2, naming the row or entry), and the
 * --format option. Loaded by `import` when it runs, not at start-up (the parsers load
 * csv-parse and SHA-256).
 */
import * as history from '../../src/history/index.js'
import { FORMATS, type ImportFormat } from '../../src/history/kinds.js'
import { UsageError } from '../parse.js'

export { countListens, normaliseName, type ItemCount, type Level, type Listen } from '../../src/history/index.js'

/** `parse` with its HistoryError rethrown as the CLI's UsageError (same text). */
function usageErrors<A extends unknown[], R> (parse: (...args: A) => R): (...args: A) => R {
  return (...args) => {
    try {
      return parse(...args)
    } catch (err) {
      if (err instanceof history.HistoryError) throw new UsageError(err.data.where, err.data.problem, err.data.value)
      throw err
    }
  }
}

export const detectFormat = usageErrors(history.detectFormat)
export const parseListens = usageErrors(history.parseListens)
export const parsePlays = usageErrors(history.parsePlays)
export const parseRecordLines = usageErrors(history.parseRecordLines)

/** The --format value, checked. */
export function parseFormat (v: unknown): ImportFormat | undefined {
  if (v === undefined) return undefined
  if (typeof v === 'string' && (FORMATS as readonly string[]).includes(v)) return v as ImportFormat
  throw new UsageError('--format', `must be one of ${FORMATS.join(', ')}`, v)
}
