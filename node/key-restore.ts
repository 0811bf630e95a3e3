/**
 * `meritwalk key import`: put a restored identity into a data directory. The directory
 * gets a marker (dataPaths().ownLogUnconfirmed) that makes the daemon refuse to sign until
 * a peer has told it how far its own log already goes (node/daemon.ts): the old device may
 * have published records this one has not seen, and signing from seq 1 again would fork
 * the log — an equivocation every node then treats as untrusted.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { dataPaths } from '../src/config.js'
import { MeritwalkError } from '../src/errors.js'
import { IdentityNotFoundError, loadIdentity, saveIdentity, type Identity } from '../src/identity.js'

/** The data directory already holds another identity: importing over it would lose it. */
export class IdentityExistsError extends MeritwalkError<{ dataDir: string, author: string }> {
  readonly exitCode = 2
  constructor (dataDir: string, author: string) {
    super('IDENTITY_EXISTS', `${dataDir} already holds identity ${author}; import into a fresh --data-dir (nothing was changed)`, { dataDir, author })
  }
}

/** Install `identity` in `dataDir`; `restored` is false when the same identity was already there. */
export async function restoreIdentity (dataDir: string, identity: Identity): Promise<{ author: string, restored: boolean }> {
  const existing = await loadIdentity(dataDir).catch((err: unknown) => {
    if (err instanceof IdentityNotFoundError) return undefined
    throw err
  })
  if (existing !== undefined) {
    if (existing.author !== identity.author) throw new IdentityExistsError(dataDir, existing.author)
    return { author: identity.author, restored: false }
  }
  // The marker first: a crash between the two leaves a directory that signs only once
  // confirmed, never a restored key that signs unconfirmed.
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  const marker = dataPaths(dataDir).ownLogUnconfirmed
  await writeFile(marker, JSON.stringify({ author: identity.author, restoredAt: new Date().toISOString() }) + '\n', { mode: 0o600 })
  if (!await saveIdentity(dataDir, identity)) {
    // Another process made a key in the meantime: leave it (and its directory) as it was.
    await rm(marker, { force: true })
    throw new IdentityExistsError(dataDir, (await loadIdentity(dataDir)).author)
  }
  return { author: identity.author, restored: true }
}
