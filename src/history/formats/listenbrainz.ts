/**
 * ListenBrainz listens export: a JSON array of listens (the profile page's "Export
 * listens") or JSON lines of listens (the newer archive's listens/*.jsonl). Each listen:
 * `{"listened_at": <unix s>, "track_metadata": {"artist_name", "track_name",
 * "release_name"?, "additional_info"?: {"artist_mbids"?, "recording_mbid"?},
 * "mbid_mapping"?: {"artist_mbids"?, "recording_mbid"?}}}` (field names as in the
 * ListenBrainz JSON docs). MusicBrainz ids from the mapping win over the submitted ones.
 */
import { HistoryError } from '../error.js'
import { mbid, type Listen, type ParsedListens } from '../listen.js'

/** Looks like ListenBrainz: the first entry has listened_at and track_metadata. */
export function isListenBrainz (text: string): boolean {
  const head = text.slice(0, 4096)
  return /"listened_at"/.test(head) && /"track_metadata"/.test(head)
}

/** The entries of a JSON array, or of JSON lines; `where(i)` names entry i in errors. */
export function jsonEntries (text: string, file: string): { entries: unknown[], where: (i: number) => string } {
  const trimmed = text.trimStart()
  if (trimmed.startsWith('[')) {
    let entries: unknown
    try {
      entries = JSON.parse(text)
    } catch (err) {
      throw new HistoryError(file, `is not valid JSON: ${(err as Error).message}`)
    }
    if (!Array.isArray(entries)) throw new HistoryError(file, 'is not a JSON array of entries')
    return { entries, where: i => `${file} entry ${i + 1}` }
  }
  const entries: unknown[] = []
  const lines: number[] = []
  text.split('\n').forEach((line, n) => {
    if (line.trim() === '') return
    try {
      entries.push(JSON.parse(line))
    } catch {
      throw new HistoryError(`${file} line ${n + 1}`, 'is not JSON (expected one listen per line)')
    }
    lines.push(n + 1)
  })
  return { entries, where: i => `${file} line ${lines[i]}` }
}

const text = (v: unknown): string | undefined => typeof v === 'string' && v.trim() !== '' ? v : undefined
const obj = (v: unknown): Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Record<string, unknown> : {}
const firstMbid = (v: unknown): string | undefined => Array.isArray(v) ? mbid(v[0]) : undefined

export function parseListenBrainz (content: string, file: string): ParsedListens {
  const { entries, where } = jsonEntries(content, file)
  const listens = entries.map((e, i): Listen => {
    const l = obj(e)
    const ts = l.listened_at
    if (typeof ts !== 'number' || !Number.isFinite(ts) || ts < 0) throw new HistoryError(where(i), 'has no listened_at (unix seconds)', ts)
    const meta = obj(l.track_metadata)
    const artist = text(meta.artist_name)
    const track = text(meta.track_name)
    if (artist === undefined) throw new HistoryError(where(i), 'has no track_metadata.artist_name')
    if (track === undefined) throw new HistoryError(where(i), 'has no track_metadata.track_name')
    const info = obj(meta.additional_info)
    const mapping = obj(meta.mbid_mapping)
    const out: Listen = { artist, track, ts }
    const artistMbid = firstMbid(mapping.artist_mbids) ?? firstMbid(info.artist_mbids)
    const recordingMbid = mbid(mapping.recording_mbid) ?? mbid(info.recording_mbid)
    if (artistMbid !== undefined) out.artistMbid = artistMbid
    if (recordingMbid !== undefined) out.recordingMbid = recordingMbid
    return out
  })
  return { listens, skipped: 0 }
}
