import { describe, it, expect, afterEach } from 'vitest'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { equals } from 'uint8arrays/equals'
import { RecordStore } from '../../src/store.js'
import { identityFromSeed } from '../../src/identity.js'
import { tempDir, removeDirs } from './helpers.js'

const dirs: string[] = []
afterEach(async () => { await removeDirs(dirs) })
const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url))
const author = identityFromSeed(new Uint8Array(32).fill(42)).author

// Run the child until it has acknowledged `minAcks` more appends, wait `extraMs` more, SIGKILL it.
async function runAndKill (dir: string, minAcks: number, extraMs: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir], { stdio: ['ignore', 'pipe', 'pipe'] })
  let acked = 0
  let acks = 0
  let buf = ''
  let stderr = ''
  child.stderr.on('data', d => { stderr += String(d) })
  const exited = new Promise<NodeJS.Signals | null>(resolve => child.on('exit', (_code, signal) => resolve(signal)))
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', d => {
      buf += String(d)
      let nl
      while ((nl = buf.indexOf('\n')) >= 0) {
        acked = Number(buf.slice(4, nl))
        buf = buf.slice(nl + 1)
        if (++acks === minAcks) setTimeout(resolve, extraMs)
      }
    })
    void exited.then(() => reject(new Error(`child exited early: ${stderr}`)))
  })
  child.kill('SIGKILL')
  expect(await exited).toBe('SIGKILL')
  // Acks printed before the kill but still in the pipe count too: read what is left.
  for (const line of buf.split('\n')) if (line.startsWith('ack ') && line.length > 4) acked = Number(line.slice(4))
  return acked
}

describe('crash safety', () => {
  it('a store SIGKILLed mid-append reopens with every acknowledged record and a consistent chain', async () => {
    const dir = await tempDir(dirs)
    let lastAcked = 0
    for (const [minAcks, extraMs] of [[20, 0], [15, 37], [10, 111]]) {
      const acked = await runAndKill(dir, minAcks, extraMs)
      expect(acked).toBeGreaterThan(lastAcked)
      lastAcked = acked
      const store = await RecordStore.open(dir)
      try {
        const head = store.head(author)
        expect(head).toBeDefined()
        // Every acknowledged record is there; unacknowledged ones may or may not be (whole batches only).
        expect(head!.seq).toBeGreaterThanOrEqual(acked)
        expect(store.count()).toBe(head!.seq)
        let prev: Uint8Array | undefined
        let seq = 0
        for await (const r of store.records()) {
          expect(r.author).toBe(author)
          expect(r.seq).toBe(++seq)
          if (prev === undefined) expect(r.prev).toBeUndefined()
          else expect(equals(r.prev!, prev)).toBe(true)
          prev = r.hash
        }
        expect(seq).toBe(head!.seq)
        expect(equals(prev!, head!.hash)).toBe(true)
        lastAcked = head!.seq
      } finally {
        await store.close()
      }
    }
  }, 60_000)
})
