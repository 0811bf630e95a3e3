/**
 * The README's first command, as CI runs it: `npm run demo` on real local nodes, within a
 * time bound, exiting 0, with the Sybil defence visibly working on the seeded community.
 */
import { execFile } from 'node:child_process'
import { readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { describe, expect, it } from 'vitest'
import type { DemoReport } from '../../cli/demo/run.js'

const BOUND_MS = 90_000

async function npm (args: string[]): Promise<{ code: number, stdout: string, stderr: string, ms: number }> {
  const t = Date.now()
  return await new Promise(resolve => {
    execFile('npm', args, { timeout: BOUND_MS, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : (err as { code?: number }).code ?? 1, stdout, stderr, ms: Date.now() - t })
    })
  })
}

const demoDirs = async (): Promise<string[]> => (await readdir(tmpdir())).filter(d => d.startsWith('meritwalk-demo-'))

describe('npm run demo', () => {
  it('runs a real network, shows both rankings and the defence, and cleans up', async () => {
    const before = new Set(await demoDirs())
    const r = await npm(['run', '--silent', 'demo', '--', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.ms).toBeLessThan(BOUND_MS)
    const report = JSON.parse(r.stdout) as DemoReport
    expect(report.converged).toBe(true)
    expect(report.records.atPerson).toBe(report.records.expected)
    expect(report.defended).toHaveLength(10)
    expect(report.undefended).toHaveLength(10)
    // The seeded attack reaches the undefended top 10; the defended ranking keeps it out.
    const spam = (xs: DemoReport['defended']): number => xs.filter(x => x.spam).length
    expect(spam(report.undefended)).toBeGreaterThan(0)
    expect(spam(report.defended)).toBeLessThan(spam(report.undefended))
    expect(report.defended[0].via.length).toBeGreaterThan(0)
    expect(r.stderr).toMatch(/demo: stopping the nodes/)
    expect((await demoDirs()).filter(d => !before.has(d))).toEqual([])
  }, BOUND_MS + 10_000)

  it('prints the side-by-side table for people', async () => {
    const r = await npm(['run', '--silent', 'demo', '--', '--nodes', '3', '--seed', '7'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/meritwalk \(Sybil-resistant\).*undefended ranking/)
    expect(r.stdout).toMatch(/spam in the top 10: meritwalk \d+, undefended \d+/)
    expect(r.stdout).toMatch(/why meritwalk recommends them/)
    // The reputation figures say what they are, and hold three significant digits.
    expect(r.stdout).toMatch(/MeritRank reputation from your seat: the share of your trust walks' visits that reach a person/)
    expect(r.stdout).toMatch(/user\d+ \(attacker\) [-\d.e]+; all \d+ of their Sybils together [-\d.e]+\./)
  }, BOUND_MS + 10_000)
})
