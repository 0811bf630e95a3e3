/**
 * Test helpers for node tests: deterministic identities, record chains signed with the real
 * signer, temp data dirs that are always removed.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { identityFromSeed, signRecord, type Body, type Identity, type SignedRecord } from '../../src/index.js'

/** A deterministic identity per number: seed 32 × `n` (below 256), or `n` in the last bytes. */
export function identityN (n: number): Identity {
  const seed = new Uint8Array(32).fill(n & 0xff)
  if (n > 0xff) new DataView(seed.buffer).setUint32(28, n)
  return identityFromSeed(seed)
}

/** Records `from`..`from+count-1` of `id`'s log, continuing after `prev` (seq from-1). */
export function chain (id: Identity, count: number, opts: { from?: number, prev?: SignedRecord, ts?: number, body?: (seq: number) => Body } = {}): SignedRecord[] {
  const out: SignedRecord[] = []
  let prev = opts.prev
  const from = opts.from ?? (prev === undefined ? 1 : prev.seq + 1)
  for (let seq = from; seq < from + count; seq++) {
    const body = opts.body?.(seq) ?? { kind: 'interact', item: `test:item:${seq % 50}`, weight: seq }
    const r = signRecord(id, { seq, ...(seq > 1 && prev !== undefined ? { prev: prev.hash } : {}), ts: opts.ts ?? 1_700_000_000_000 + seq, body }, { signer: 'native' })
    out.push(r)
    prev = r
  }
  return out
}

/** A fresh temp dir; remove it with the returned function. */
export async function tempDir (prefix = 'mw-node-'): Promise<{ dir: string, remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  return { dir, remove: async () => { await rm(dir, { recursive: true, force: true }) } }
}

/** Poll `check` until it returns true (or throw after `timeoutMs`, naming `what`). */
export async function waitFor (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, everyMs))
  }
}
