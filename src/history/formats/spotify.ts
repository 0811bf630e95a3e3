/**
 * Spotify's extended streaming history (Privacy → "Extended streaming history",
 * Streaming_History_Audio_*.json): a JSON array of streams with `ts` (ISO 8601 UTC),
 * `ms_played`, `master_metadata_track_name`, `master_metadata_album_artist_name`,
 * `master_metadata_album_album_name`, `spotify_track_uri`, … (Spotify's "Understanding my
 * data" field names). Streams without a track (podcast episodes, audiobooks) and streams
 * under 30 s (Spotify's own threshold for counting a stream) are skipped, not errors.
 */
import { HistoryError } from '../error.js'
import type { Listen, ParsedListens } from '../listen.js'
import { jsonEntries } from './listenbrainz.js'

/** Counted as a play from this many milliseconds on. */
export const MIN_MS_PLAYED = 30_000

export function isSpotify (text: string): boolean {
  const head = text.slice(0, 4096)
  return text.trimStart().startsWith('[') && /"ms_played"/.test(head) && /"master_metadata_track_name"/.test(head)
}

export function parseSpotify (content: string, file: string): ParsedListens {
  const { entries, where } = jsonEntries(content, file)
  const listens: Listen[] = []
  let skipped = 0
  entries.forEach((e, i) => {
    if (typeof e !== 'object' || e === null || Array.isArray(e)) throw new HistoryError(where(i), 'is not a JSON object')
    const s = e as Record<string, unknown>
    const ts = typeof s.ts === 'string' ? Date.parse(s.ts) : NaN
    if (!Number.isFinite(ts)) throw new HistoryError(where(i), 'has no ts (an ISO 8601 time like 2024-01-31T18:04:05Z)', s.ts)
    if (typeof s.ms_played !== 'number' || !(s.ms_played >= 0)) throw new HistoryError(where(i), 'has no ms_played (milliseconds)', s.ms_played)
    const track = s.master_metadata_track_name
    if (track === null || track === undefined) { skipped++; return } // an episode or audiobook
    const artist = s.master_metadata_album_artist_name
    if (typeof track !== 'string' || track.trim() === '' || typeof artist !== 'string' || artist.trim() === '') {
      throw new HistoryError(where(i), 'has a track without master_metadata_album_artist_name')
    }
    if (s.ms_played < MIN_MS_PLAYED) { skipped++; return }
    listens.push({ artist, track, ts: Math.floor(ts / 1000) })
  })
  return { listens, skipped }
}
