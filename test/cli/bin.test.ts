import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)

describe('meritwalk binary', () => {
  it('prints its version through the real bin', async () => {
    const { stdout } = await run('node', ['cli/bin.js', '--version'])
    expect(stdout.trim()).toBe('0.1.0')
  })

  it('exits 2 with usage help on an unknown command', async () => {
    const err = await run('node', ['cli/bin.js', 'no-such-command']).catch((e: unknown) => e) as { code: number, stderr: string }
    expect(err.code).toBe(2)
    expect(err.stderr).toMatch(/error: .*\n\(run with --help for usage\)/)
  })
})
