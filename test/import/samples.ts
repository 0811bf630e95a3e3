/**
 * Small listening-history exports in each service's published format (field names from
 * the ListenBrainz JSON docs, Spotify's "Understanding my data" for the extended
 * streaming history, and the Last.fm CSV export tools), made here, never downloaded.
 */
export const RADIOHEAD_MBID = 'a74b1b7f-71a5-4011-9441-d0b5e4122711'
export const CREEP_MBID = 'd0f8a3bc-2f37-4a5b-9a5f-5a4b9c3ee1a1'

/** ListenBrainz export: a JSON array of listens, some with MusicBrainz ids. */
export function listenBrainzExport (): string {
  const listen = (ts: number, artist: string, track: string, mbids?: { artist: string, recording: string }): object => ({
    listened_at: ts,
    recording_msid: `msid-${ts}`,
    track_metadata: {
      artist_name: artist,
      track_name: track,
      release_name: 'Some Release',
      additional_info: mbids === undefined ? { submission_client: 'test' } : { artist_mbids: [mbids.artist], recording_mbid: mbids.recording },
      ...(mbids === undefined ? {} : { mbid_mapping: { artist_mbids: [mbids.artist], recording_mbid: mbids.recording } })
    }
  })
  const rh = { artist: RADIOHEAD_MBID, recording: CREEP_MBID }
  return JSON.stringify([
    listen(1700000000, 'Radiohead', 'Creep', rh),
    listen(1700000300, 'Radiohead', 'Creep', rh),
    listen(1700000600, 'radiohead', 'Creep'), // no ids: takes Radiohead's from the listens above
    listen(1700000900, 'Björk', 'Jóga'),
    listen(1700001200, 'Björk', 'Hyperballad')
  ])
}

/** Last.fm scrobbles as lastfm-to-csv writes them: no header, artist,album,track,date. */
export function lastfmCsv (): string {
  return [
    'Björk,Homogenic,Jóga,31 Jan 2021 18:04',
    '"BJÖRK ",Post,Hyperballad,31 Jan 2021 18:10',
    'Portishead,Dummy,Roads,01 Feb 2021 09:00',
    '"Nick Cave & The Bad Seeds","The Boatman\'s Call","Into My Arms",01 Feb 2021 09:05'
  ].join('\n') + '\n'
}

/** Last.fm scrobbles with a header (lastexport-style): uts, artist, mbids. */
export function lastfmCsvWithHeader (): string {
  return [
    'uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid',
    `1612115040,"31 Jan 2021, 18:04",Radiohead,${RADIOHEAD_MBID},Pablo Honey,,Creep,${CREEP_MBID}`,
    '1612115400,"31 Jan 2021, 18:10",Portishead,,Dummy,,Roads,'
  ].join('\n') + '\n'
}

/** Spotify extended streaming history: a stream, a skip under 30 s, a podcast episode (or just full streams of `plays`). */
export function spotifyHistory (plays?: Array<[artist: string, track: string]>): string {
  const stream = (ts: string, ms: number, artist: string | null, track: string | null, episode: string | null = null): object => ({
    ts,
    username: 'someone',
    platform: 'linux',
    ms_played: ms,
    conn_country: 'NL',
    ip_addr_decrypted: '192.0.2.1',
    user_agent_decrypted: 'unknown',
    master_metadata_track_name: track,
    master_metadata_album_artist_name: artist,
    master_metadata_album_album_name: track === null ? null : 'Album',
    spotify_track_uri: track === null ? null : 'spotify:track:4iV5W9uYEdYUVa79Axb7Rh',
    episode_name: episode,
    episode_show_name: episode === null ? null : 'A Show',
    spotify_episode_uri: episode === null ? null : 'spotify:episode:0Q86acNRm6V9GYx55SXKwf',
    reason_start: 'trackdone',
    reason_end: 'trackdone',
    shuffle: false,
    skipped: null,
    offline: false,
    offline_timestamp: 0,
    incognito_mode: false
  })
  if (plays !== undefined) return JSON.stringify(plays.map(([artist, track], i) => stream(`2024-01-01T10:${String(i).padStart(2, '0')}:00Z`, 200000, artist, track)))
  return JSON.stringify([
    stream('2023-03-01T10:00:00Z', 240000, 'Portishead', 'Roads'),
    stream('2023-03-01T10:05:00Z', 200000, 'PORTISHEAD', 'Glory Box'),
    stream('2023-03-01T10:09:00Z', 5000, 'Portishead', 'Sour Times'),
    stream('2023-03-01T10:10:00Z', 1800000, null, null, 'Episode 1'),
    stream('2023-03-01T11:00:00Z', 180000, 'Björk', 'Army of Me')
  ], null, 2)
}
