/**
 * What a person sees when something is wrong, through the real binary: one line that
 * says what to do, exit code 2 for their input (3 when no daemon runs), never a stack trace.
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mw, type Run } from './run.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meritwalk-errors-'))
  expect((await mw(['init', '--data-dir', join(dir, 'node')])).code).toBe(0)
})
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

/** Exit code `code`, one line on stderr (no stack trace, no dumped bytes) matching `message`. */
function expectOneLine (r: Run, code: number, message: RegExp): void {
  expect(r.code, r.stderr).toBe(code)
  const lines = r.stderr.trim().split('\n')
  expect(lines, r.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(/^meritwalk: /)
  expect(lines[0]).toMatch(message)
  expect(r.stderr).not.toMatch(/\n\s+at /)
  expect(r.stderr.length).toBeLessThan(600)
}

describe('CLI errors', () => {
  it('a data directory under a file: exit 2, says which path is not a directory', async () => {
    expectOneLine(await mw(['init', '--data-dir', '/dev/null/x']), 2, /cannot use \/dev\/null\/x as the data directory: \/dev\/null is not a directory; choose another with --data-dir/)
  })

  it('a data directory that cannot be created (/proc) fails at once instead of spinning', async () => {
    expectOneLine(await mw(['init', '--data-dir', '/proc/meritwalk-x'], {}, 20_000), 2, /\/proc\/meritwalk-x cannot be created \(ENOENT\)/)
  })

  it('a libp2p listen port in use: exit 2 with the fix', async () => {
    const server = createServer()
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    try {
      const port = (server.address() as AddressInfo).port
      const r = await mw(['start', '--data-dir', join(dir, 'node'), '--rpc', '127.0.0.1:0', '--listen', `/ip4/127.0.0.1/tcp/${port}`, '--log-level', 'silent'])
      expectOneLine(r, 2, /could not listen on .*; pick a free port \(or port 0\) with --listen/)
    } finally {
      server.close()
    }
  })

  // Root ignores file permissions, so the directory is made read-only the way root feels it:
  // a read-only bind mount of itself (EROFS).
  const root = process.getuid?.() === 0 && process.platform === 'linux'
  it.skipIf(!root)('start on a read-only data directory: exit 2, says it is not writable', async () => {
    const ro = join(dir, 'ro')
    expect((await mw(['init', '--data-dir', ro])).code).toBe(0)
    execFileSync('mount', ['--bind', ro, ro])
    try {
      execFileSync('mount', ['-o', 'remount,bind,ro', ro])
      const r = await mw(['start', '--data-dir', ro, '--rpc', '127.0.0.1:0', '--listen', '/ip4/127.0.0.1/tcp/0', '--log-level', 'silent'])
      expectOneLine(r, 2, /cannot use .*ro as the data directory: .*ro is not writable \(a read-only file system\); choose another with --data-dir/)
    } finally {
      execFileSync('umount', [ro])
    }
  })

  it('a binary import file is refused without echoing its bytes', async () => {
    const file = join(dir, 'song.mp3')
    await writeFile(file, Buffer.from(Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 256)))
    expectOneLine(await mw(['import', file, '--data-dir', join(dir, 'node')]), 2, /is not a text file/)
  })

  it('global options work before the command, and no daemon names --data-dir and init', async () => {
    const node = join(dir, 'node')
    const r = await mw(['--data-dir', node, 'status'])
    expectOneLine(r, 3, /no daemon running on .* for data directory .*node; start one with `meritwalk start --data-dir .*node` \(`meritwalk init --data-dir .*node` first if this node is new\)/)
  })

  it('a trust weight out of range names (0, 1] and points to distrust and retract', async () => {
    const r = await mw(['trust', '12D3KooWHEDn4dG16U25rfMuFruxxj71nY2dZz4JatXhEHfnzQAT', '5', '--data-dir', join(dir, 'node')])
    expectOneLine(r, 2, /weight must be a number in \(0, 1\].*meritwalk distrust <author>.*meritwalk retract <author>/)
  })

  it('numbers are decimal: --count 0x10 is refused', async () => {
    expectOneLine(await mw(['play', 'test:x', '--count', '0x10', '--data-dir', join(dir, 'node')]), 2, /--count must be an integer/)
  })

  it('--help into a reader that stops after one line: no EPIPE', async () => {
    const r = await new Promise<{ code: number | null, stderr: string, stdout: string }>(resolve => {
      const child = spawn('sh', ['-c', 'node cli/bin.js --help | head -1; echo "exit ${PIPESTATUS:-0}"'], { stdio: ['ignore', 'pipe', 'pipe'] })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (c: Buffer) => { stdout += c.toString() })
      child.stderr.on('data', (c: Buffer) => { stderr += c.toString() })
      child.on('close', code => resolve({ code, stderr, stdout }))
    })
    expect(r.stdout.split('\n')[0]).toBe('Usage: meritwalk [options] [command]')
    expect(r.stderr).toBe('')
  })
})
