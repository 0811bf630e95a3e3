/**
 * Loader of the Last.fm HetRec 2011 data set (the one module of graph/sim that reads
 * files): friendships become mutual trust, plays become interactions weighted by play
 * count. The data set is non-commercial: it is read where it lies, never copied.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { LastfmDataError } from './errors.js'
import { createNetwork, type Network, type Play, type TrustEdge } from './network.js'

/** Read `user_artists.dat` and `user_friends.dat` from `dir` into a clean network. */
export function loadLastfm (dir: string): Network {
  const userIndex = new Map<string, number>()
  const itemIndex = new Map<string, number>()
  const users: string[] = []
  const items: string[] = []
  const user = (raw: string): number => intern(userIndex, users, `lastfm:user:${raw}`)
  const item = (raw: string): number => intern(itemIndex, items, `lastfm:artist:${raw}`)

  const plays: Play[] = []
  forEachRow(join(dir, 'user_artists.dat'), ['userID', 'artistID', 'weight'], (f, line, file) => {
    const weight = Number(f[2])
    if (!Number.isInteger(weight) || weight <= 0) throw new LastfmDataError(file, `play count ${JSON.stringify(f[2])} is not a positive integer`, line)
    plays.push({ user: user(id(f[0], file, line)), item: item(id(f[1], file, line)), weight })
  })

  // The file lists most friendships in both directions; trust is mutual, so each pair once each way.
  const pairs = new Set<string>()
  const trust: TrustEdge[] = []
  forEachRow(join(dir, 'user_friends.dat'), ['userID', 'friendID'], (f, line, file) => {
    const a = user(id(f[0], file, line))
    const b = user(id(f[1], file, line))
    if (a === b) return
    const key = a < b ? `${a},${b}` : `${b},${a}`
    if (pairs.has(key)) return
    pairs.add(key)
    trust.push({ src: a, dst: b, weight: 1 }, { src: b, dst: a, weight: 1 })
  })
  return createNetwork('lastfm', users, items, trust, plays)
}

function intern (index: Map<string, number>, list: string[], key: string): number {
  let i = index.get(key)
  if (i === undefined) { i = list.length; index.set(key, i); list.push(key) }
  return i
}

function id (raw: string, file: string, line: number): string {
  if (!/^\d+$/.test(raw)) throw new LastfmDataError(file, `id ${JSON.stringify(raw)} is not a number`, line)
  return raw
}

function forEachRow (file: string, header: string[], row: (fields: string[], line: number, file: string) => void): void {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new LastfmDataError(file, `cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`)
  }
  const lines = text.split(/\r?\n/)
  if (lines[0].trim() !== header.join('\t')) throw new LastfmDataError(file, `header is not "${header.join('\\t')}"`, 1)
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue
    const fields = lines[i].split('\t')
    if (fields.length !== header.length) throw new LastfmDataError(file, `expected ${header.length} tab-separated fields, found ${fields.length}`, i + 1)
    row(fields, i + 1, file)
  }
}
