/**
 * A Last.fm scrobbles CSV as the common export tools write it:
 * - without a header, `artist,album,track,date` with dates like `31 Jan 2021 18:04`
 *   (benjaminbenben's lastfm-to-csv);
 * - with a header naming the columns: artist, album, track (or song / name / title) and a
 *   time (uts / timestamp / date / utc_time; unix seconds or a date), optionally
 *   artist_mbid and track_mbid (lastexport-style tools).
 * Dates without a zone are UTC (Last.fm's own).
 */
import { csvRows as rows } from '../csv.js'
import { HistoryError } from '../error.js'
import { mbid, type Listen, type ParsedListens } from '../listen.js'

const TRACK = ['track', 'song', 'name', 'title', 'track_name']
const TIME = ['uts', 'timestamp', 'date', 'utc_time', 'time', 'date_uts']

const isHeader = (row: string[]): boolean => row.some(c => c.toLowerCase() === 'artist') && row.some(c => TRACK.includes(c.toLowerCase()))

/** Unix seconds from unix seconds/ms or a date string (UTC unless it names a zone). */
export function parseTime (v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined
  if (/^\d+$/.test(v)) {
    const n = Number(v)
    return n > 1e11 ? Math.floor(n / 1000) : n
  }
  const zoned = /(z|utc|gmt|[+-]\d\d:?\d\d)$/i.test(v) ? v : `${v} UTC`
  const ms = Date.parse(zoned)
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined
}

/** A header with artist and track, or four columns whose first is not an item id and whose last is a time. */
export function isLastfmCsv (text: string): boolean {
  const first = rows(text.split('\n').slice(0, 3).join('\n'), 'head')[0]
  if (first === undefined) return false
  if (isHeader(first)) return true
  return first.length === 4 && !/^[a-z][a-z0-9+.-]*:\S+$/.test(first[0]) && parseTime(first[3]) !== undefined
}

export function parseLastfmCsv (text: string, file: string): ParsedListens {
  const all = rows(text, file)
  let col = { artist: 0, track: 2, time: 3, artistMbid: -1, trackMbid: -1 }
  let start = 0
  if (all[0] !== undefined && isHeader(all[0])) {
    const names = all[0].map(c => c.toLowerCase())
    const find = (opts: string[]): number => names.findIndex(n => opts.includes(n))
    col = { artist: names.indexOf('artist'), track: find(TRACK), time: find(TIME), artistMbid: names.indexOf('artist_mbid'), trackMbid: names.indexOf('track_mbid') }
    if (col.time < 0) throw new HistoryError(`${file} row 1`, `names no time column (one of ${TIME.join(', ')})`)
    start = 1
  }
  const listens: Listen[] = []
  for (let r = start; r < all.length; r++) {
    const row = all[r]
    const where = `${file} row ${r + 1}`
    const artist = row[col.artist]
    const track = row[col.track]
    if (artist === undefined || artist === '') throw new HistoryError(where, 'has no artist (format: artist,album,track,date)')
    if (track === undefined || track === '') throw new HistoryError(where, 'has no track (format: artist,album,track,date)')
    const ts = parseTime(row[col.time])
    if (ts === undefined) throw new HistoryError(where, 'has no readable time (unix seconds or a date like 31 Jan 2021 18:04)', row[col.time])
    const l: Listen = { artist, track, ts }
    const a = col.artistMbid >= 0 ? mbid(row[col.artistMbid]) : undefined
    const t = col.trackMbid >= 0 ? mbid(row[col.trackMbid]) : undefined
    if (a !== undefined) l.artistMbid = a
    if (t !== undefined) l.recordingMbid = t
    listens.push(l)
  }
  return { listens, skipped: 0 }
}
