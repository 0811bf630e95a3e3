/**
 * One listen from a service's export, and how listens become play counts per item: the
 * same artist (or track) from any service gets the same item id, so histories from
 * several services add up to one item each.
 *
 * Item ids (docs/CLI.md "Listening histories"):
 * - a MusicBrainz id where the export has one: `mbid:artist:<uuid>`, `mbid:recording:<uuid>`;
 *   within one file, a listen without an id takes the id another listen of the same
 *   (normalised) name carries;
 * - otherwise the normalised name: `music:artist:<name>`, `music:track:<artist>/<track>`,
 *   where a name is Unicode NFKC, lower-cased, NFKC again, trimmed, inner whitespace
 *   collapsed to one space, then percent-encoded (encodeURIComponent) so ids carry no
 *   spaces and `/` cannot be confused with the separator; an id over 200 bytes becomes
 *   `music:<level>:sha256:<hex>` of the same text.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { MAX_ITEM_BYTES, MAX_TITLE_BYTES, utf8Bytes } from '../record-types.js'

export interface Listen {
  artist: string
  track?: string
  /** Seconds since the epoch. */
  ts: number
  artistMbid?: string
  recordingMbid?: string
}

/** What a format parser returns: the listens, and the entries it skipped on purpose (podcasts, short plays). */
export interface ParsedListens { listens: Listen[], skipped: number }

export type Level = 'artist' | 'track'

/** Play counts per item, with the title to publish. */
export interface ItemCount { item: string, count: number, title: string }

const MBID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** A MusicBrainz id in canonical (lower-case) form, or undefined for anything else. */
export function mbid (v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined
  const id = v.trim().toLowerCase()
  return MBID.test(id) ? id : undefined
}

/** The documented name normalisation (see the module comment). */
export function normaliseName (name: string): string {
  return name.normalize('NFKC').toLowerCase().normalize('NFKC').trim().replace(/\s+/gu, ' ')
}

// The normalised-name key of an artist (or of an artist's track): what name ids are made of.
function nameKey (level: Level, artist: string, track: string): string {
  return level === 'artist'
    ? encodeURIComponent(normaliseName(artist))
    : `${encodeURIComponent(normaliseName(artist))}/${encodeURIComponent(normaliseName(track))}`
}

function nameId (level: Level, key: string): string {
  const id = `music:${level}:${key}`
  if (utf8Bytes(id) <= MAX_ITEM_BYTES) return id
  return `music:${level}:sha256:${bytesToHex(sha256(utf8ToBytes(key)))}`
}

function clipTitle (t: string): string {
  let out = t
  while (utf8Bytes(out) > MAX_TITLE_BYTES) out = out.slice(0, -1)
  return out
}

/** Aggregate listens into play counts per item at `level`. */
export function countListens (listens: Listen[], level: Level): ItemCount[] {
  // Ids some listens of a name carry, for the listens of the same name that carry none.
  const known = new Map<string, string>()
  const keyOf = (l: Listen): string => nameKey(level, l.artist, l.track ?? '')
  const idOf = (l: Listen): string | undefined => level === 'artist' ? l.artistMbid : l.recordingMbid
  for (const l of listens) {
    const id = idOf(l)
    if (id !== undefined && !known.has(keyOf(l))) known.set(keyOf(l), id)
  }
  const counts = new Map<string, ItemCount>()
  for (const l of listens) {
    const key = keyOf(l)
    const id = idOf(l) ?? known.get(key)
    const item = id !== undefined ? `mbid:${level === 'artist' ? 'artist' : 'recording'}:${id}` : nameId(level, key)
    const seen = counts.get(item)
    if (seen !== undefined) seen.count++
    else counts.set(item, { item, count: 1, title: clipTitle(level === 'artist' ? l.artist.trim() : `${l.artist.trim()} – ${(l.track ?? '').trim()}`) })
  }
  return [...counts.values()]
}

/**
 * The name id that listens of an MBID item would get from a file without MusicBrainz ids,
 * read back from the title `countListens` gives it ("artist" or "artist – track"), so an
 * import from another service can count both as one item; undefined for other items (and
 * for a track title that does not split in two).
 */
export function nameIdOf (item: string, title: string): string | undefined {
  if (item.startsWith('mbid:artist:')) return nameId('artist', nameKey('artist', title, ''))
  if (!item.startsWith('mbid:recording:')) return undefined
  const at = title.indexOf(' – ')
  return at < 0 ? undefined : nameId('track', nameKey('track', title.slice(0, at), title.slice(at + 3)))
}
