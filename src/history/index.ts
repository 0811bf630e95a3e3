/**
 * Listening-history files, as `meritwalk import` and the web UI's import read them: the two
 * native formats (a plays CSV, a `meritwalk export`) and the services' exports under
 * formats/ (one module each), with content detection across them. Detection looks only at
 * the first few KB. Browser-safe (no Node built-ins), so the CLI and the web UI share it.
 */
import { isLastfmCsv, parseLastfmCsv } from './formats/lastfm.js'
import { isListenBrainz, parseListenBrainz } from './formats/listenbrainz.js'
import { isSpotify, parseSpotify } from './formats/spotify.js'
import { HistoryError } from './error.js'
import { countListens, type ItemCount, type Level, type ParsedListens } from './listen.js'
import { parsePlays, parseRecordLines, type PlayEntry } from './plays.js'
import type { ImportFormat, ListenFormat } from './kinds.js'

export { HistoryError } from './error.js'
export { countListens, nameIdOf, normaliseName, type ItemCount, type Level, type Listen, type ParsedListens } from './listen.js'
export { parsePlays, parseRecordLines, type PlayEntry } from './plays.js'
export { FORMATS, LISTEN_FORMATS, type ImportFormat, type ListenFormat } from './kinds.js'

const parsers: Record<ListenFormat, (text: string, file: string) => ParsedListens> = {
  listenbrainz: parseListenBrainz,
  lastfm: parseLastfmCsv,
  spotify: parseSpotify
}

/** Which format a file holds, from its content. */
export function detectFormat (text: string): ImportFormat {
  if (isSpotify(text)) return 'spotify'
  if (isListenBrainz(text)) return 'listenbrainz'
  if (text.trimStart().startsWith('{') || text.trimStart().startsWith('[')) return 'records'
  if (isLastfmCsv(text)) return 'lastfm'
  return 'plays'
}

/** Parse a listens export; HistoryError naming the line or entry if any of it is malformed. */
export function parseListens (format: ListenFormat, text: string, file: string): ParsedListens {
  const parsed = parsers[format](text, file)
  if (parsed.listens.length === 0) throw new HistoryError(file, `holds no listens${parsed.skipped > 0 ? ` (${parsed.skipped} entries skipped: episodes or plays under 30 s)` : ''}`)
  return parsed
}

/** A whole file, checked, as what gets sent: plays, signed records, or a service's listens counted per item. */
export type History =
  | { format: 'plays', plays: PlayEntry[] }
  | { format: 'records', records: string[] }
  | { format: ListenFormat, level: Level, listens: number, skipped: number, counts: ItemCount[] }

/** Detect (unless given) the format of `text` and parse it whole; `file` names it in errors. */
export function readHistory (text: string, file: string, opts: { format?: ImportFormat, level?: Level } = {}): History {
  const format = opts.format ?? detectFormat(text)
  if (format === 'plays') return { format, plays: parsePlays(text, file) }
  if (format === 'records') return { format, records: parseRecordLines(text, file) }
  const level = opts.level ?? 'artist'
  const { listens, skipped } = parseListens(format, text, file)
  return { format, level, listens: listens.length, skipped, counts: countListens(listens, level) }
}
