/**
 * `meritwalk rank` through the real binary: JSON keyed by ego with ids exactly as given,
 * the exact referee agreeing with the walks, reproducible seeds, real Last.fm input, and
 * bad input failing with exit code 2 and file:line.
 */
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { itWithLastfm, LASTFM_DIR } from '../lastfm.js'

const BIN = join(import.meta.dirname, '../../cli/bin.js')

function rank (...args: string[]): { code: number | null, out: string, err: string } {
  const r = spawnSync(process.execPath, [BIN, 'rank', ...args], { encoding: 'utf8', timeout: 60_000 })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

let dir: string
let trust: string
let plays: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meritwalk-rank-'))
  trust = join(dir, 'trust.csv')
  plays = join(dir, 'plays.tsv')
  await writeFile(trust, [
    'src,dst,weight',
    'alice,"bob, jr.",1',
    'alice,Ünïcode,2',
    '"bob, jr.",dave,1',
    'Ünïcode,dave,1',
    'dave,eve,-1',
    '# a comment line',
    'eve,mallory,1'
  ].join('\n') + '\n')
  await writeFile(plays, [
    'user\titem\tweight\tts',
    'bob, jr.\tKind of Blue\t10\t1000',
    'Ünïcode\tKind of Blue\t3\t2000',
    'dave\tRock "n" Roll\t5\t',
    'alice\tpop\t1\t3000',
    'mallory\tspam\t99\t4000'
  ].join('\n') + '\n')
})

afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

describe('meritwalk rank', () => {
  it('prints JSON keyed by ego with ids exactly as given, for --ego and --egos', async () => {
    const egos = join(dir, 'egos.txt')
    await writeFile(egos, '# egos\nbob, jr.\n\n')
    const r = rank('--trust', trust, '--interactions', plays, '--ego', 'alice', '--egos', egos, '--seed', '1', '--json')
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    const out = JSON.parse(r.out) as Record<string, { reputation?: Record<string, number>, recommendations: Array<{ item: string, score: number, explain: { via: Array<{ author: string, share: number }> } | null }> }>
    expect(Object.keys(out)).toEqual(['alice', 'bob, jr.'])
    const alice = out.alice
    expect(Object.keys(alice.reputation ?? {})).toEqual(expect.arrayContaining(['bob, jr.', 'Ünïcode', 'dave', 'eve']))
    expect(alice.reputation?.eve).toBeLessThan(0)
    expect(alice.recommendations[0].item).toBe('Kind of Blue')
    expect(alice.recommendations.map(x => x.item)).toContain('Rock "n" Roll')
    expect(alice.recommendations.map(x => x.item)).not.toContain('pop')
    expect(alice.recommendations.map(x => x.item)).not.toContain('spam')
    expect(alice.recommendations[0].explain?.via.map(v => v.author).sort()).toEqual(['bob, jr.', 'Ünïcode'])
  })

  it('--exact reputation agrees with the walks, and a fixed seed reproduces output exactly', () => {
    const args = ['--trust', trust, '--interactions', plays, '--ego', 'alice', '--json', '--reputation-limit', '10']
    const mc = JSON.parse(rank(...args, '--seed', '7').out)
    expect(JSON.parse(rank(...args, '--seed', '7').out)).toEqual(mc)
    const ex = JSON.parse(rank(...args, '--exact').out)
    for (const [id, s] of Object.entries(ex.alice.reputation as Record<string, number>)) {
      expect(Math.abs(mc.alice.reputation[id] - s)).toBeLessThan(0.01)
    }
  })

  it('--exact recommendation scores agree with the walks', () => {
    const args = ['--trust', trust, '--interactions', plays, '--ego', 'alice', '--json', '--reputation-limit', '0']
    const mc = JSON.parse(rank(...args, '--seed', '7').out)
    const ex = JSON.parse(rank(...args, '--exact').out)
    const score = (o: { alice: { recommendations: Array<{ item: string, score: number }> } }, item: string): number => o.alice.recommendations.find(x => x.item === item)?.score ?? 0
    expect(Math.abs(score(mc, 'Kind of Blue') - score(ex, 'Kind of Blue'))).toBeLessThan(0.02)
    expect(Math.abs(score(mc, 'Rock "n" Roll') - score(ex, 'Rock "n" Roll'))).toBeLessThan(0.01)
  })

  it('prints tables by default and omits reputation with --reputation-limit 0', () => {
    const table = rank('--trust', trust, '--interactions', plays, '--ego', 'alice')
    expect(table.code).toBe(0)
    expect(table.out).toContain('ego alice')
    expect(table.out).toContain('Kind of Blue')
    const json = JSON.parse(rank('--trust', trust, '--interactions', plays, '--ego', 'alice', '--reputation-limit', '0', '--limit', '1', '--json').out)
    expect(json.alice.reputation).toBeUndefined()
    expect(json.alice.recommendations).toHaveLength(1)
  })

  it('fails with exit code 2 and file:line on bad input', async () => {
    const selfLoop = join(dir, 'self.csv')
    await writeFile(selfLoop, 'a,b,1\nb,b,1\n')
    const badWeight = join(dir, 'weight.tsv')
    await writeFile(badWeight, 'user\titem\tweight\nu\ti\t3\nu\tj\tlots\n')
    const cases: Array<[string[], RegExp]> = [
      [['--trust', selfLoop, '--ego', 'a'], /self\.csv:2: self-trust "b"/],
      [['--trust', trust, '--interactions', badWeight, '--ego', 'alice'], /weight\.tsv:3: weight must be a number ≥ 0/],
      [['--trust', join(dir, 'missing.csv'), '--ego', 'a'], /missing\.csv: cannot read the file \(ENOENT\)/],
      [['--trust', trust, '--ego', 'nobody'], /ego "nobody" appears in none of the input files/],
      [['--trust', trust], /--ego is required/],
      [['--trust', trust, '--ego', 'alice', '--walks', '0'], /--walks must be an integer/],
      [['--trust', trust, '--ego', 'alice', '--half-life', 'soon'], /--half-life must be a positive duration/]
    ]
    for (const [args, message] of cases) {
      const r = rank(...args)
      expect(r.code).toBe(2)
      expect(r.err).toMatch(message)
      expect(r.out).toBe('')
    }
  })

  itWithLastfm('ranks on the real Last.fm friends and plays (TSV with headers)', () => {
    const r = rank('--trust', join(LASTFM_DIR, 'user_friends.dat'), '--interactions', join(LASTFM_DIR, 'user_artists.dat'), '--ego', '2', '--walks', '3000', '--seed', '1', '--limit', '10', '--json')
    expect(r.err).toBe('')
    const out = JSON.parse(r.out)
    expect(Object.keys(out['2'].reputation)).toContain('275')
    expect(out['2'].recommendations).toHaveLength(10)
    for (const rec of out['2'].recommendations) expect(rec.explain.via.length).toBeGreaterThan(0)
  })
})
