/**
 * History files the browser can import, the two `meritwalk import` reads: a CSV of plays
 * (`item,count[,title]`, optional header, repeated items summed, as cli/history.ts) or a
 * `meritwalk export` file (JSON lines with base64 `bytes`). The whole file is checked before
 * anything is sent; the daemon checks every entry again.
 */
export interface PlayEntry { item: string, weight: number, title?: string }
export type History = { kind: 'plays', entries: PlayEntry[] } | { kind: 'records', records: string[] }

export class HistoryError extends Error {}

export function parseHistory (text: string): History {
  return text.trimStart().startsWith('{') ? { kind: 'records', records: recordLines(text) } : { kind: 'plays', entries: plays(text) }
}

function recordLines (text: string): string[] {
  const out: string[] = []
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return
    let bytes: unknown
    try {
      bytes = (JSON.parse(line) as { bytes?: unknown }).bytes
    } catch {
      throw new HistoryError(`line ${i + 1} is not JSON (expected one record per line, as written by \`meritwalk export\`)`)
    }
    if (typeof bytes !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(bytes)) throw new HistoryError(`line ${i + 1} has no base64 "bytes" field`)
    out.push(bytes)
  })
  return out
}

/** RFC 4180 rows: commas, double-quoted fields with "" escapes, # comment lines. */
function csvRows (text: string): string[][] {
  const rows: string[][] = []
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue
    const row: string[] = []
    let field = ''
    let quoted = false
    for (let i = 0; i < line.length; i++) {
      const c = line[i]
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') { field += '"'; i++ } else if (c === '"') quoted = false
        else field += c
      } else if (c === '"') quoted = true
      else if (c === ',') { row.push(field.trim()); field = '' } else field += c
    }
    row.push(field.trim())
    rows.push(row)
  }
  return rows
}

function plays (text: string): PlayEntry[] {
  let rows = csvRows(text)
  if (rows[0]?.[0]?.toLowerCase() === 'item' && !/^\d/.test(rows[0][1] ?? '')) rows = rows.slice(1)
  const byItem = new Map<string, PlayEntry>()
  rows.forEach(([item, countText, title], i) => {
    if (item === undefined || !/^[^\s:]+:\S+$/.test(item)) throw new HistoryError(`row ${i + 1}: column 1 needs a namespaced item id like lastfm:artist:289 (format: item,count[,title])`)
    const count = Number(countText)
    if (countText === undefined || countText === '' || !Number.isInteger(count) || count < 0 || count > 1e9) throw new HistoryError(`row ${i + 1}: column 2 needs a play count (integer 0–1e9)`)
    const seen = byItem.get(item)
    const entry: PlayEntry = { item, weight: (seen?.weight ?? 0) + count }
    if (entry.weight > 1e9) throw new HistoryError(`row ${i + 1} brings the plays of ${item} over 1e9`)
    const t = title !== undefined && title !== '' ? title : seen?.title
    if (t !== undefined) entry.title = t
    byItem.set(item, entry)
  })
  if (byItem.size === 0) throw new HistoryError('the file holds no plays (format: item,count[,title])')
  return [...byItem.values()]
}
