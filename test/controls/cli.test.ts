/**
 * A person's controls end to end through the real binary (cli/bin.js) and a real daemon
 * (`meritwalk start`): "not interested" and mutes change what `recommend` prints and undo
 * brings it back; a `--private` play stays out of `export` and out of a second node that
 * syncs everything (another `meritwalk start`) until `privacy publish`; a
 * published display name and a petname show in `reputation` and `recommend --explain`.
 * Other people's signed logs arrive as an `export` file through `meritwalk import`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { identityFromSeed } from '../../src/index.js'
import { recordToJson } from '../../node/rpc/methods/shapes.js'
import { eventually, json, mw, startNode, type RunningNode } from '../cli/run.js'
import { chain, plays } from './helpers.js'

const friend = identityFromSeed(new Uint8Array(32).fill(51))
const other = identityFromSeed(new Uint8Array(32).fill(52))
let root: string
let node: RunningNode
let peer: RunningNode
const dd = (): string[] => ['--data-dir', join(root, 'me')]
const peerDd = (): string[] => ['--data-dir', join(root, 'peer')]

/** The peer's `export`, once it holds the person's record `seq` (the peer syncs on its own). */
async function peerExportThrough (seq: number): Promise<string> {
  return await eventually(async () => {
    const r = await mw(['export', ...peerDd()])
    const mine = r.stdout.split('\n').filter(l => l.includes(`"author":"${me}"`))
    return mine.some(l => l.includes(`"seq":${seq},`)) ? r.stdout : undefined
  }, 45_000, `the peer to sync record #${seq}`)
}
let me: string

/** `meritwalk <args> --data-dir …`, failing with its stderr when the exit code is not 0. */
async function ok (...args: string[]): Promise<string> {
  const r = await mw([...args, ...dd()])
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0)
  return r.stdout
}

const recommended = async (): Promise<string[]> => json<Array<{ item: string }>>(await mw(['recommend', '--json', '--limit', '50', ...dd()])).map(r => r.item).sort()

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mw-controls-cli-'))
  for (const d of [dd(), peerDd()]) expect((await mw(['init', ...d, '--namespace', `controls-cli-${process.pid}`])).code).toBe(0)
  ;[node, peer] = await Promise.all([startNode(join(root, 'me')), startNode(join(root, 'peer'))])
  me = json<{ author: string }>(await mw(['id', '--json', ...dd()])).author
  // The friend plays t:a–t:c and calls themself "Al"; the other person plays t:a and t:e.
  const logs = [
    ...chain(friend, [...plays(['t:a', 't:b', 't:c']), { kind: 'item', item: 't:b', title: 'Bee' }, { kind: 'profile', field: 'name', value: 'Al' }]),
    ...chain(other, plays(['t:a', 't:e']))
  ]
  await writeFile(join(root, 'others.jsonl'), logs.map(r => JSON.stringify(recordToJson(r))).join('\n') + '\n')
  await ok('import', join(root, 'others.jsonl'))
  await ok('trust', friend.author)
  await ok('trust', other.author)
  await ok('play', 't:a', '--count', '5')
}, 120_000)

afterAll(async () => {
  await Promise.all([node?.stop(), peer?.stop()])
  await rm(root, { recursive: true, force: true })
})

describe('a person\'s controls through the CLI', () => {
  it('not-interested hides an item from recommend until --undo', async () => {
    expect(await recommended()).toEqual(['t:b', 't:c', 't:e'])
    expect(await ok('not-interested', 't:b')).toBe('not interested in t:b\n')
    expect(await recommended()).toEqual(['t:c', 't:e'])
    expect(await ok('controls')).toMatch(/not interested\s*│\s*Bee/)
    expect(await ok('not-interested', '--undo', 't:b')).toBe('interested again in t:b\n')
    expect(await recommended()).toEqual(['t:b', 't:c', 't:e'])
  })

  it('mute of an item and of a person changes recommend; unmute restores it', async () => {
    await ok('mute', 't:c')
    expect(await recommended()).toEqual(['t:b', 't:e'])
    expect(await ok('mute', friend.author)).toBe(`muted person ${friend.author}\n`)
    expect(await recommended()).toEqual(['t:e'])
    const listed = json<{ mutedItems: Array<{ item: string }>, mutedAuthors: Array<{ author: string, name?: string }> }>(await mw(['controls', '--json', ...dd()]))
    expect(listed.mutedItems.map(x => x.item)).toEqual(['t:c'])
    expect(listed.mutedAuthors).toEqual([expect.objectContaining({ author: friend.author, name: 'Al', displayName: 'Al' })])
    await ok('unmute', friend.author)
    await ok('unmute', 't:c')
    expect(await recommended()).toEqual(['t:b', 't:c', 't:e'])
  })

  it('a --private play shows in `privacy`, stays out of `export` and of a second node\'s full sync, until `privacy publish`', async () => {
    expect(await ok('play', 't:secret', '--count', '7', '--private')).toMatch(/^kept private: interact t:secret = 7/)
    const shown = json<{ published: { interactions: number }, local: { private: Array<{ item: string, weight: number }> } }>(await mw(['privacy', '--json', ...dd()]))
    expect(shown.published.interactions).toBe(1)
    expect(shown.local.private.map(p => [p.item, p.weight])).toEqual([['t:secret', 7]])
    expect(await ok('privacy')).toMatch(/private interactions\s+1/)
    expect(await ok('export')).not.toContain('t:secret')
    // A second node that syncs everything gets the person's whole public log, not the private play.
    const head = json<{ published: { records: number } }>(await mw(['privacy', '--json', ...dd()])).published.records
    const { multiaddrs } = json<{ multiaddrs: string[] }>(await mw(['id', '--json', ...dd()]))
    expect((await mw(['connect', multiaddrs[0], ...peerDd()])).code).toBe(0)
    const synced = await peerExportThrough(head)
    expect(synced).toContain('"item":"t:a","weight":5')
    expect(synced).not.toContain('t:secret')
    expect(await ok('privacy', 'publish', 't:secret')).toBe('published 1 private interactions (1 signed records); 0 stay private\n')
    expect(await ok('export')).toContain('"item":"t:secret","weight":7')
    expect(await peerExportThrough(head + 1)).toContain('"item":"t:secret","weight":7')
    const bad = await mw(['privacy', 'publish', 't:never', ...dd()])
    expect(bad.code).toBe(2)
  })

  it('names: a display name is published; a petname overrides the friend\'s own in reputation and explanations', async () => {
    expect(await ok('profile', '--name', '  Dana  ')).toMatch(/^display name "Dana" published \(record #\d+/)
    expect(json(await mw(['profile', '--json', ...dd()]))).toMatchObject({ displayName: 'Dana' })
    const refused = await mw(['profile', '--name', 'Dana\u202e', ...dd()])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/invisible/)
    expect(await ok('reputation')).toContain('~Al')
    await ok('name', friend.author, 'Alice')
    const table = await ok('reputation')
    expect(table).toContain('Alice')
    expect(table).toContain(friend.author)
    expect(table).not.toContain('~Al')
    expect(await ok('recommend', '--explain')).toMatch(/Alice \d+%/)
    expect(await ok('recommend', '--explain', '--ids')).toContain(`${friend.author.slice(0, 8)}…`)
  })
})
