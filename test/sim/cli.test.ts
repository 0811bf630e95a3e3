import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const TINY = ['simulate', '--users', '40', '--items', '60', '--egos', '6', '--seed', '1', '--walks', '300']

async function fails (args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number, stderr: string }> {
  return await run('node', ['cli/bin.js', ...args], { env }).then(() => ({ code: 0, stderr: '' }), (e: { code: number, stderr: string }) => e)
}

describe('meritwalk simulate (real binary)', () => {
  const dirs: string[] = []
  afterAll(async () => { await Promise.all(dirs.map(async d => await rm(d, { recursive: true, force: true }))) })

  it('sweeps β, prints JSON with one row per method and β, and writes the frontier plot', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meritwalk-sim-'))
    dirs.push(dir)
    const plot = join(dir, 'f.svg')
    const { stdout, stderr } = await run('node', ['cli/bin.js', ...TINY, '--attack', 'mesh', '--sybils', '10', '--beta', '0,0.8', '--methods', 'meritwalk,popular', '--json', '--plot', plot])
    // Not a TTY: no progress bar on stderr.
    expect(stderr).toBe('')
    const report = JSON.parse(stdout) as { attack: string, network: { users: number }, results: Array<{ method: string, beta?: number, hr: number, spamSlots: number }> }
    expect(report.attack).toBe('mesh(sybils=10)')
    // The network described is the clean one; the attack is applied per seed after the hold-out.
    expect(report.network.users).toBe(40)
    expect(report.results.map(r => r.method)).toEqual(['meritwalk (default) β=0', 'meritwalk (default) β=0.8', 'most-popular'])
    for (const r of report.results) {
      expect(r.hr).toBeGreaterThanOrEqual(0)
      expect(r.spamSlots).toBeLessThanOrEqual(1)
    }
    const svg = await readFile(plot, 'utf8')
    expect(svg.match(/<circle [^>]*r="4.5" fill="[^"]+"><title>/g)?.length).toBe(3)
  })

  it('--report writes JSON, SVG and a Markdown summary; the table goes to stdout', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meritwalk-sim-'))
    dirs.push(dir)
    const { stdout } = await run('node', ['cli/bin.js', ...TINY, '--methods', 'popular,itemknn', '--report', dir])
    expect(stdout).toMatch(/most-popular/)
    expect(stdout).toMatch(/HR@10/)
    expect((await readdir(dir)).sort()).toEqual(['frontier.svg', 'results.json', 'summary.md'])
    const md = await readFile(join(dir, 'summary.md'), 'utf8')
    expect(md).toMatch(/\| item-kNN \|/)
    expect(JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')).results).toHaveLength(2)
  })

  it('exits 2 with a one-line reason on bad usage', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--beta', '0,1.5'], /--beta must be a number in 0–1/],
      [['--beta', '0,,1'], /--beta must be a comma-separated list/],
      [['--attack', 'nuke'], /--attack must be none or one of/],
      [['--methods', 'magic'], /unknown method "magic"/],
      [['--network', 'lastfm', '--data', '/nonexistent'], /--data DIR/],
      [['--egos', '-3'], /--egos must be an integer/]
    ]
    for (const [args, message] of cases) {
      const { code, stderr } = await fails([...TINY, ...args])
      expect(code).toBe(2)
      expect(stderr).toMatch(message)
      expect(stderr).not.toMatch(/\n\s+at /)
    }
  })

  it('asks where the Last.fm files are when neither --data nor MERITWALK_LASTFM_DIR says', async () => {
    const { MERITWALK_LASTFM_DIR: _, ...env } = process.env
    const { code, stderr } = await fails([...TINY, '--network', 'lastfm'], env)
    expect(code).toBe(2)
    expect(stderr).toMatch(/--data is needed with --network lastfm: .*user_artists\.dat.*or set MERITWALK_LASTFM_DIR/)
    expect(stderr).not.toMatch(/\n\s+at /)
  })
})
