/**
 * The native files `meritwalk import` reads: a CSV of the person's plays
 * (item,count[,title]) or a `meritwalk export` (JSON lines of signed records); services'
 * listening histories are in formats/. Each is parsed and checked whole before anything
 * is sent, so a bad line changes nothing.
 */
// record-types, not src/index: the index loads libp2p's crypto (a second of CLI start-up, and not in a browser).
import { isItemId, MAX_ITEM_BYTES, MAX_RECORD_BYTES, MAX_TITLE_BYTES, utf8Bytes } from '../record-types.js'
import { csvRows } from './csv.js'
import { HistoryError } from './error.js'

export interface PlayEntry { item: string, weight: number, title?: string }

/**
 * Plays CSV: `item,count[,title]`, optional header row, counts summed per item (the last
 * record per item is its state, so duplicates must be combined here, not sent twice).
 */
export function parsePlays (text: string, file: string): PlayEntry[] {
  let rows = csvRows(text, file, { comment: '#' })
  const first = rows[0]
  if (first !== undefined && first[0]?.toLowerCase() === 'item' && !/^\d/.test(first[1] ?? '')) rows = rows.slice(1)
  const byItem = new Map<string, PlayEntry>()
  rows.forEach((row, i) => {
    const where = `${file} row ${i + 1}`
    const [item, countText, title] = row
    if (item === undefined || !isItemId(item)) {
      throw new HistoryError(where, `needs a namespaced item id of 1–${MAX_ITEM_BYTES} bytes without spaces in column 1, like lastfm:artist:289 (format: item,count[,title])`, item)
    }
    const count = Number(countText)
    if (countText === undefined || countText === '' || !Number.isInteger(count) || count < 0 || count > 1e9) {
      throw new HistoryError(where, 'needs a play count (integer 0–1e9) in column 2 (format: item,count[,title])', countText)
    }
    if (title !== undefined && utf8Bytes(title) > MAX_TITLE_BYTES) {
      throw new HistoryError(where, `has a title over ${MAX_TITLE_BYTES} bytes`, title.slice(0, 40))
    }
    const seen = byItem.get(item)
    const entry: PlayEntry = { item, weight: (seen?.weight ?? 0) + count }
    // The daemon refuses a sum over 1e9; finding it here keeps earlier batches from being sent.
    if (entry.weight > 1e9) throw new HistoryError(where, `brings the plays of ${JSON.stringify(item)} to ${entry.weight}, over the 1e9 a record can hold`)
    const t = title !== undefined && title !== '' ? title : seen?.title
    if (t !== undefined) entry.title = t
    byItem.set(item, entry)
  })
  if (byItem.size === 0) throw new HistoryError(file, 'holds no plays (format: item,count[,title])')
  return [...byItem.values()]
}

/** Export lines → base64 record bytes, in file order (chains stay in seq order). */
export function parseRecordLines (text: string, file: string): string[] {
  const out: string[] = []
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return
    let bytes: unknown
    try {
      bytes = (JSON.parse(line) as { bytes?: unknown }).bytes
    } catch {
      throw new HistoryError(`${file} line ${i + 1}`, 'is not JSON (expected one record per line, as written by `meritwalk export`)')
    }
    if (typeof bytes !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(bytes)) {
      throw new HistoryError(`${file} line ${i + 1}`, 'has no base64 "bytes" field (expected a line of `meritwalk export`)')
    }
    if (base64Bytes(bytes) > MAX_RECORD_BYTES) {
      throw new HistoryError(`${file} line ${i + 1}`, `holds a record over ${MAX_RECORD_BYTES} bytes, which no node accepts`)
    }
    out.push(bytes)
  })
  return out
}

/** Bytes a (valid, padded or not) base64 string decodes to. */
function base64Bytes (b64: string): number {
  const pad = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0
  return Math.floor((b64.length - pad) * 3 / 4)
}
