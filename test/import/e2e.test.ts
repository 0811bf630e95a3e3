/**
 * `meritwalk import` of each service's history through the real binary into a real
 * daemon: counts per item, the same artist from several services as one item, re-import
 * adding nothing, a malformed file importing nothing and naming the entry.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RpcClient } from '../../node/rpc/client.js'
import { json, mw, startNode, type RunningNode } from '../cli/run.js'
import { RADIOHEAD_MBID, lastfmCsv, lastfmCsvWithHeader, listenBrainzExport, spotifyHistory } from './samples.js'

let root: string
let node: RunningNode
const dd = (): string[] => ['--data-dir', join(root, 'me')]

/** The person's published play counts and titles, read back from their signed log. */
async function published (): Promise<{ counts: Record<string, number>, titles: Record<string, string>, records: number }> {
  const client = await RpcClient.fromDataDir(join(root, 'me'))
  try {
    const { author } = await client.call('node.identity')
    const counts: Record<string, number> = {}
    const titles: Record<string, string> = {}
    let records = 0
    for (let from: number | null = 1; from !== null;) {
      const page: Awaited<ReturnType<typeof client.call<'records.list'>>> = await client.call('records.list', { author, fromSeq: from, limit: 2000 })
      for (const r of page.records) {
        records++
        for (const u of r.body.kind === 'batch' ? r.body.updates : [r.body]) {
          if (u.kind === 'interact') counts[u.item] = u.weight
          if (u.kind === 'item') titles[u.item] = u.title
        }
      }
      from = page.next
    }
    return { counts, titles, records }
  } finally {
    client.close()
  }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mw-import-'))
  expect((await mw(['init', ...dd(), '--namespace', `import-${process.pid}`])).code).toBe(0)
  node = await startNode(join(root, 'me'))
  await writeFile(join(root, 'listens.json'), listenBrainzExport())
  await writeFile(join(root, 'scrobbles.csv'), lastfmCsv())
  await writeFile(join(root, 'scrobbles-header.csv'), lastfmCsvWithHeader())
  await writeFile(join(root, 'Streaming_History_Audio_2023.json'), spotifyHistory())
}, 120_000)

afterAll(async () => {
  await node?.stop()
  await rm(root, { recursive: true, force: true })
})

describe('meritwalk import of listening histories', () => {
  it('imports a ListenBrainz export per artist, with titles, and a re-import adds nothing', async () => {
    const r = json(await mw(['import', join(root, 'listens.json'), '--json', ...dd()]))
    // Two plays and two titles: four updates signed as one batch record.
    expect(r).toEqual({ format: 'listenbrainz', level: 'artist', listens: 5, skipped: 0, items: 2, records: 1, private: 0 })
    const p = await published()
    expect(p.counts).toEqual({ [`mbid:artist:${RADIOHEAD_MBID}`]: 3, 'music:artist:bj%C3%B6rk': 2 })
    expect(p.titles).toEqual({ [`mbid:artist:${RADIOHEAD_MBID}`]: 'Radiohead', 'music:artist:bj%C3%B6rk': 'Björk' })
    const again = json(await mw(['import', join(root, 'listens.json'), '--json', ...dd()]))
    expect(again).toMatchObject({ items: 2, records: 0 })
    expect((await published()).records).toBe(p.records)
  })

  it('a Last.fm CSV and a Spotify history add to the same artists', async () => {
    const lf = await mw(['import', join(root, 'scrobbles.csv'), ...dd()])
    expect(lf.code, lf.stderr).toBe(0)
    expect(lf.stdout).toMatch(/^imported 4 lastfm listens as 3 artists \(\d+ signed records\)/)
    expect(json(await mw(['import', join(root, 'scrobbles-header.csv'), '--format', 'lastfm', '--json', ...dd()]))).toMatchObject({ format: 'lastfm', items: 2 })
    const sp = json(await mw(['import', join(root, 'Streaming_History_Audio_2023.json'), '--json', ...dd()]))
    expect(sp).toMatchObject({ format: 'spotify', listens: 3, skipped: 2, items: 2 })
    const { counts } = await published()
    // Björk: 2 ListenBrainz + 2 Last.fm + 1 Spotify; Portishead: Last.fm's latest file (1) + Spotify 2;
    // Radiohead: 3 ListenBrainz + the header file's 1 (the last Last.fm import replaces Last.fm's share of it).
    expect(counts['music:artist:bj%C3%B6rk']).toBe(2 + 2 + 1)
    expect(counts['music:artist:portishead']).toBe(1 + 2)
    expect(counts[`mbid:artist:${RADIOHEAD_MBID}`]).toBe(3 + 1)
    expect(counts['music:artist:nick%20cave%20%26%20the%20bad%20seeds']).toBe(1)
  })

  it('a name-only artist and the same artist with a MusicBrainz id from other services are one item, in either order', async () => {
    const SIGUR_ROS_MBID = 'f6f2326f-6b25-4170-b89d-e235b25508e8'
    const before = await published()
    // Spotify has no ids: Radiohead (known by MBID from ListenBrainz) joins that item; Sigur Rós is new, by name.
    await writeFile(join(root, 'Streaming_History_Audio_2024.json'), spotifyHistory([['Radiohead', 'Creep'], ['Sigur Rós', 'Hoppípolla'], ['sigur rós', 'Glósóli']]))
    expect(json(await mw(['import', join(root, 'Streaming_History_Audio_2024.json'), '--json', ...dd()]))).toMatchObject({ format: 'spotify', items: 2 })
    const mid = await published()
    expect(mid.counts[`mbid:artist:${RADIOHEAD_MBID}`]).toBe(before.counts[`mbid:artist:${RADIOHEAD_MBID}`] + 1)
    expect(mid.counts['music:artist:radiohead']).toBeUndefined()
    expect(mid.counts['music:artist:sigur%20r%C3%B3s']).toBe(2)
    // Then a Last.fm file names Sigur Rós with its MBID: the name-only plays move to the MBID item.
    await writeFile(join(root, 'sigur.csv'), `uts,artist,artist_mbid,track\n1612115040,Sigur Rós,${SIGUR_ROS_MBID},Svefn-g-englar\n`)
    expect((await mw(['import', join(root, 'sigur.csv'), '--format', 'lastfm', ...dd()])).code).toBe(0)
    const after = await published()
    expect(after.counts[`mbid:artist:${SIGUR_ROS_MBID}`]).toBe(2 + 1)
    expect(after.counts['music:artist:sigur%20r%C3%B3s']).toBe(0)
    expect(after.titles[`mbid:artist:${SIGUR_ROS_MBID}`]).toBe('Sigur Rós')
    // Importing the same files again changes nothing.
    await mw(['import', join(root, 'Streaming_History_Audio_2024.json'), ...dd()])
    await mw(['import', join(root, 'sigur.csv'), '--format', 'lastfm', ...dd()])
    expect((await published()).records).toBe(after.records)
  })

  it('--level track counts tracks', async () => {
    const r = json(await mw(['import', join(root, 'listens.json'), '--level', 'track', '--json', ...dd()]))
    expect(r).toMatchObject({ level: 'track', items: 3 })
    expect((await published()).titles['music:track:bj%C3%B6rk/hyperballad']).toBe('Björk – Hyperballad')
  })

  it('a malformed file imports nothing and names the entry; bad flags are usage errors', async () => {
    const before = await published()
    const broken = JSON.parse(listenBrainzExport()) as Array<{ track_metadata: Record<string, unknown> }>
    broken[3].track_metadata = { track_name: 'no artist' }
    await writeFile(join(root, 'broken.json'), JSON.stringify(broken))
    const r = await mw(['import', join(root, 'broken.json'), ...dd()])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/broken\.json entry 4 has no track_metadata\.artist_name/)
    expect((await mw(['import', join(root, 'listens.json'), '--level', 'album', ...dd()])).code).toBe(2)
    expect((await published()).records).toBe(before.records)
  })
})
