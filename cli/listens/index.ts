/**
 * The listening-history formats `meritwalk import` reads, one module each under
 * formats/, and content detection across them and the two native formats (a plays CSV,
 * a `meritwalk export`). Detection looks only at the first few KB.
 */
import { UsageError } from '../parse.js'
import { isLastfmCsv, parseLastfmCsv } from './formats/lastfm.js'
import { isListenBrainz, parseListenBrainz } from './formats/listenbrainz.js'
import { isSpotify, parseSpotify } from './formats/spotify.js'
import type { ParsedListens } from './listen.js'

export { countListens, normaliseName, type ItemCount, type Level, type Listen } from './listen.js'

/** Services whose exports are listens (aggregated into play counts). */
export const LISTEN_FORMATS = ['listenbrainz', 'lastfm', 'spotify'] as const
export type ListenFormat = typeof LISTEN_FORMATS[number]
export const FORMATS = ['plays', 'records', ...LISTEN_FORMATS] as const
export type ImportFormat = typeof FORMATS[number]

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

/** Parse a listens export; UsageError naming the line or entry if any of it is malformed. */
export function parseListens (format: ListenFormat, text: string, file: string): ParsedListens {
  const parsed = parsers[format](text, file)
  if (parsed.listens.length === 0) throw new UsageError(file, `holds no listens${parsed.skipped > 0 ? ` (${parsed.skipped} entries skipped: episodes or plays under 30 s)` : ''}`)
  return parsed
}

/** The --format value, checked. */
export function parseFormat (v: unknown): ImportFormat | undefined {
  if (v === undefined) return undefined
  if (typeof v === 'string' && (FORMATS as readonly string[]).includes(v)) return v as ImportFormat
  throw new UsageError('--format', `must be one of ${FORMATS.join(', ')}`, v)
}
