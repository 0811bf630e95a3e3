import { describe, expect, it } from 'vitest'
import { countListens, detectFormat, normaliseName, parseFormat, parseListens } from '../../cli/listens/index.js'
import { nameIdOf } from '../../src/history/index.js'
import { UsageError } from '../../cli/parse.js'
import { CREEP_MBID, RADIOHEAD_MBID, lastfmCsv, lastfmCsvWithHeader, listenBrainzExport, spotifyHistory } from './samples.js'

const counts = (format: 'listenbrainz' | 'lastfm' | 'spotify', text: string, level: 'artist' | 'track' = 'artist'): Record<string, number> =>
  Object.fromEntries(countListens(parseListens(format, text, 'f').listens, level).map(c => [c.item, c.count]))

describe('listening-history formats', () => {
  it('detects each format by content', () => {
    expect(detectFormat(listenBrainzExport())).toBe('listenbrainz')
    expect(detectFormat(listenBrainzExport().slice(1, -1).replace(/\},\{"listened_at"/g, '}\n{"listened_at"'))).toBe('listenbrainz')
    expect(detectFormat(lastfmCsv())).toBe('lastfm')
    expect(detectFormat(lastfmCsvWithHeader())).toBe('lastfm')
    expect(detectFormat(spotifyHistory())).toBe('spotify')
    expect(detectFormat('item,count\nlastfm:artist:1,3\n')).toBe('plays')
    expect(detectFormat('{"bytes":"AA=="}\n')).toBe('records')
  })

  it('--format takes a known format name only', () => {
    expect(parseFormat('spotify')).toBe('spotify')
    expect(parseFormat(undefined)).toBeUndefined()
    expect(() => parseFormat('itunes')).toThrow(/--format must be one of plays, records, listenbrainz, lastfm, spotify/)
  })

  it('normalises names: NFKC, case, whitespace', () => {
    expect(normaliseName('  BJÖRK ')).toBe('björk')
    expect(normaliseName('Bjo\u0308rk')).toBe('björk') // decomposed ö
    expect(normaliseName('Ｒａｄｉｏｈｅａｄ')).toBe('radiohead') // full-width
    expect(normaliseName('Nick  Cave\t&  the Bad Seeds')).toBe('nick cave & the bad seeds')
  })

  it('ListenBrainz: MusicBrainz ids where present, shared with same-name listens without them', () => {
    expect(counts('listenbrainz', listenBrainzExport())).toEqual({ [`mbid:artist:${RADIOHEAD_MBID}`]: 3, 'music:artist:bj%C3%B6rk': 2 })
    expect(counts('listenbrainz', listenBrainzExport(), 'track')).toEqual({
      [`mbid:recording:${CREEP_MBID}`]: 3,
      'music:track:bj%C3%B6rk/j%C3%B3ga': 1,
      'music:track:bj%C3%B6rk/hyperballad': 1
    })
    const jsonLines = listenBrainzExport().slice(1, -1).replace(/\},\{"listened_at"/g, '}\n{"listened_at"')
    expect(counts('listenbrainz', jsonLines)).toEqual(counts('listenbrainz', listenBrainzExport()))
  })

  it('Last.fm CSV with and without a header; the same artist as from ListenBrainz is the same item', () => {
    expect(counts('lastfm', lastfmCsv())).toEqual({ 'music:artist:bj%C3%B6rk': 2, 'music:artist:portishead': 1, 'music:artist:nick%20cave%20%26%20the%20bad%20seeds': 1 })
    expect(counts('lastfm', lastfmCsvWithHeader())).toEqual({ [`mbid:artist:${RADIOHEAD_MBID}`]: 1, 'music:artist:portishead': 1 })
    const titles = countListens(parseListens('lastfm', lastfmCsv(), 'f').listens, 'track').map(c => c.title)
    expect(titles).toContain('Björk – Jóga')
  })

  it('Spotify: streams under 30 s and episodes are skipped, not errors', () => {
    const parsed = parseListens('spotify', spotifyHistory(), 'f')
    expect(parsed.skipped).toBe(2)
    expect(counts('spotify', spotifyHistory())).toEqual({ 'music:artist:portishead': 2, 'music:artist:bj%C3%B6rk': 1 })
  })

  const bad: Array<[string, 'listenbrainz' | 'lastfm' | 'spotify', string, RegExp]> = [
    ['ListenBrainz entry without an artist', 'listenbrainz', JSON.stringify([{ listened_at: 1, track_metadata: { artist_name: 'A', track_name: 'T' } }, { listened_at: 2, track_metadata: { track_name: 'T' } }]), /^f entry 2 has no track_metadata.artist_name/],
    ['ListenBrainz line without listened_at', 'listenbrainz', '{"listened_at":1,"track_metadata":{"artist_name":"A","track_name":"T"}}\n\n{"track_metadata":{"artist_name":"A","track_name":"T"}}\n', /^f line 3 has no listened_at/],
    ['ListenBrainz truncated JSON', 'listenbrainz', listenBrainzExport().slice(0, -5), /^f is not valid JSON/],
    ['Last.fm row without a track', 'lastfm', 'Björk,Homogenic,Jóga,31 Jan 2021 18:04\nBjörk,Post,,31 Jan 2021 18:10\n', /^f row 2 has no track/],
    ['Last.fm row with a bad date', 'lastfm', 'Björk,Homogenic,Jóga,31 Jan 2021 18:04\nBjörk,Post,Army of Me,yesterday\n', /^f row 2 has no readable time/],
    ['Spotify stream without ts', 'spotify', JSON.stringify([{ ms_played: 40000, master_metadata_track_name: 'T', master_metadata_album_artist_name: 'A' }]), /^f entry 1 has no ts/],
    ['Spotify track without an artist', 'spotify', JSON.stringify([{ ts: '2023-03-01T10:00:00Z', ms_played: 40000, master_metadata_track_name: 'T', master_metadata_album_artist_name: null }]), /^f entry 1 has a track without/],
    ['Spotify file of only episodes', 'spotify', JSON.stringify([{ ts: '2023-03-01T10:00:00Z', ms_played: 40000, master_metadata_track_name: null, master_metadata_album_artist_name: null }]), /^f holds no listens \(1 entries skipped/]
  ]
  for (const [what, format, text, message] of bad) {
    it(`refuses a ${what}, naming where`, () => {
      let err: unknown
      try { parseListens(format, text, 'f') } catch (e) { err = e }
      expect(err).toBeInstanceOf(UsageError)
      expect((err as Error).message).toMatch(message)
    })
  }
})

describe('nameIdOf: the name id an MBID item has in exports without ids', () => {
  it('reads the artist (or "artist – track") title back into the id countListens gives those names', () => {
    const byName = countListens([{ artist: 'Björk', track: 'Jóga', ts: 1 }], 'artist')[0].item
    const byNameTrack = countListens([{ artist: 'Björk', track: 'Jóga', ts: 1 }], 'track')[0].item
    const withIds = (level: 'artist' | 'track'): { item: string, title: string } => countListens([{ artist: 'BJÖRK ', track: 'Jóga', ts: 1, artistMbid: RADIOHEAD_MBID, recordingMbid: CREEP_MBID }], level)[0]
    expect(nameIdOf(withIds('artist').item, withIds('artist').title)).toBe(byName)
    expect(nameIdOf(withIds('track').item, withIds('track').title)).toBe(byNameTrack)
    expect(nameIdOf('music:artist:bj%C3%B6rk', 'Björk')).toBeUndefined()
    expect(nameIdOf(`mbid:recording:${CREEP_MBID}`, 'no separator')).toBeUndefined()
  })
})
