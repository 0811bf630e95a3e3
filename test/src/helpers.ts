/** Shared fixtures for the core tests: temp dirs, deterministic identities, record chains. */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { identityFromSeed, type Identity } from '../../src/identity.js'
import { signRecord, type Body, type SignedRecord } from '../../src/record.js'

/** A fresh temp directory; remove with `removeDirs`. */
export async function tempDir (dirs: string[], prefix = 'mw-core-'): Promise<string> {
  const d = await fs.mkdtemp(path.join(os.tmpdir(), prefix))
  dirs.push(d)
  return d
}

/** Remove every directory in `dirs` (and empty the list). */
export async function removeDirs (dirs: string[]): Promise<void> {
  await Promise.all(dirs.splice(0).map(async d => await fs.rm(d, { recursive: true, force: true })))
}

/** Identity number `n` (deterministic). */
export function person (n: number): Identity {
  return identityFromSeed(new Uint8Array(32).fill(n))
}

/** Records seq from..from+count-1 of `who`, linked onto `prev` (the hash of seq from-1). */
export function chain (who: Identity, count: number, body: (seq: number) => Body, from = 1, prev?: Uint8Array): SignedRecord[] {
  const out: SignedRecord[] = []
  for (let seq = from; seq < from + count; seq++) {
    const r = signRecord(who, prev === undefined ? { seq, ts: 1_700_000_000_000 + seq, body: body(seq) } : { seq, prev, ts: 1_700_000_000_000 + seq, body: body(seq) })
    out.push(r)
    prev = r.hash
  }
  return out
}

/** Body: a play of item `lastfm:artist:<seq>`. */
export const plays = (seq: number): Body => ({ kind: 'interact', item: `lastfm:artist:${seq}`, weight: seq })
