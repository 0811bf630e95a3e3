import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { InvalidSimOptionError, LastfmDataError } from '../../graph/sim/errors.js'
import { loadLastfm } from '../../graph/sim/lastfm.js'
import { describeNetwork, itemsByUser, trustGraph } from '../../graph/sim/network.js'
import { createRng } from '../../graph/sim/rng.js'
import { syntheticNetwork } from '../../graph/sim/synthetic.js'
import { itWithLastfm, LASTFM_DIR } from '../lastfm.js'


describe('synthetic network', () => {
  it('is reproducible from its seed and differs across seeds', () => {
    const a = syntheticNetwork(createRng(7), { users: 80, items: 120 })
    const b = syntheticNetwork(createRng(7), { users: 80, items: 120 })
    const c = syntheticNetwork(createRng(8), { users: 80, items: 120 })
    expect(b).toEqual(a)
    expect(c.plays).not.toEqual(a.plays)
  })

  it('has mutual trust, the requested plays per user, and communities that show in modularity', () => {
    const net = syntheticNetwork(createRng(1), { users: 200, items: 300, communities: 4, playsPerUser: 15 })
    const edges = new Set(net.trust.map(e => `${e.src},${e.dst}`))
    for (const e of net.trust) expect(edges.has(`${e.dst},${e.src}`)).toBe(true)
    for (const items of itemsByUser(net)) expect(new Set(items).size).toBe(15)
    const stats = describeNetwork(net)
    expect(stats.users).toBe(200)
    expect(stats.plays).toBe(200 * 15)
    expect(stats.meanTrustOut).toBeGreaterThan(4)
    // clusterDensity 0.9: most edges inside communities, so modularity is far above a random graph's ≈ 0.
    expect(stats.modularity).toBeGreaterThan(0.4)
  })

  it('refuses bad options with a typed error', () => {
    for (const bad of [{ users: 0 }, { items: 2.5 }, { homophily: 1.5 }, { zipf: -1 }, { friends: Number.NaN }]) {
      expect(() => syntheticNetwork(createRng(1), bad)).toThrow(InvalidSimOptionError)
    }
  })
})

describe('Last.fm loader', () => {
  const dirs: string[] = []
  afterAll(async () => { await Promise.all(dirs.map(async d => await rm(d, { recursive: true, force: true }))) })

  itWithLastfm('reads friendships as mutual trust and plays as weighted interactions', () => {
    const net = loadLastfm(LASTFM_DIR)
    const g = trustGraph(net)
    expect(net.users.length).toBe(1892)
    expect(net.items.length).toBe(17632)
    expect(net.plays.length).toBe(92834)
    g.forEachEdge((_e, _a, s, t) => { expect(g.hasEdge(t, s)).toBe(true) })
    expect(net.plays.every(p => Number.isInteger(p.weight) && p.weight > 0)).toBe(true)
    expect(net.items.every(i => i.startsWith('lastfm:artist:'))).toBe(true)
  })

  async function dataDir (artists: string, friends: string): Promise<string> {
    const d = await mkdtemp(join(tmpdir(), 'meritwalk-lastfm-'))
    dirs.push(d)
    await writeFile(join(d, 'user_artists.dat'), artists)
    await writeFile(join(d, 'user_friends.dat'), friends)
    return d
  }

  it('names the file and line of malformed data', async () => {
    const d = await dataDir('userID\tartistID\tweight\n2\t51\t13\n2\t52\tlots\n', 'userID\tfriendID\n2\t3\n')
    expect(() => loadLastfm(d)).toThrow(LastfmDataError)
    try { loadLastfm(d) } catch (err) {
      expect((err as LastfmDataError).data).toEqual({ file: join(d, 'user_artists.dat'), line: 3 })
    }
    const bad = await dataDir('userID\tartistID\tweight\n2\t51\t13\n', 'user\tfriend\n2\t3\n')
    expect(() => loadLastfm(bad)).toThrow(/header/)
  })

  it('says where to point --data when the directory is missing', () => {
    expect(() => loadLastfm('/nonexistent/lastfm')).toThrow(/--data DIR/)
  })
})
