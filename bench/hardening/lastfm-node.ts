/**
 * A data directory holding the Last.fm HetRec 2011 community as signed logs (read from
 * where the data lies, never copied): every user an identity, friendships as mutual trust,
 * plays as interactions. The ego (the node's own identity) is one of those users.
 */
import { createHash } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { dataPaths } from '../../src/config.js'
import { identityFromSeed, IDENTITY_FILE, RecordStore, signRecord, type Body, type Identity, type SignedRecord } from '../../src/index.js'
import { createToken } from '../../node/rpc/token.js'
import { loadLastfm } from '../../graph/sim/lastfm.js'

import { LASTFM_DIR } from '../lastfm-dir.js'

export { LASTFM_DIR }

function identityOf (user: string): Identity {
  return identityFromSeed(createHash('sha256').update(`meritwalk bench ${user}`).digest())
}

/**
 * Fill `dataDir` (key, token, store) with the community; returns the ego, the record count
 * and the seed (hex) of a friend the ego trusts (an honest publisher for the floods).
 */
export async function buildLastfmNode (dataDir: string, egoIndex = 0): Promise<{ ego: string, records: number, friendSeed: string }> {
  const net = loadLastfm(LASTFM_DIR)
  const ids = net.users.map(identityOf)
  const bodies: Body[][] = ids.map(() => [])
  for (const t of net.trust) bodies[t.src].push({ kind: 'trust', target: ids[t.dst].author, weight: t.weight })
  for (const p of net.plays) bodies[p.user].push({ kind: 'interact', item: net.items[p.item], weight: p.weight })
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  const ego = ids[egoIndex]
  await writeFile(join(dataDir, IDENTITY_FILE), JSON.stringify({ v: 1, type: 'ed25519', seed: Buffer.from(ego.seed).toString('hex'), author: ego.author }) + '\n', { mode: 0o600 })
  await createToken(dataDir)
  const store = await RecordStore.open(dataPaths(dataDir).store, { sync: false })
  let records = 0
  try {
    for (let u = 0; u < ids.length; u++) {
      let prev: SignedRecord | undefined
      const chain = bodies[u].map((body, i) => {
        prev = signRecord(ids[u], { seq: i + 1, ...(prev === undefined ? {} : { prev: prev.hash }), ts: 1_700_000_000_000 + i, body }, { signer: 'native' })
        return prev
      })
      if (chain.length > 0) records += (await store.append(chain)).accepted.length
    }
  } finally {
    await store.close()
  }
  const friend = net.trust.find(t => t.src === egoIndex)
  if (friend === undefined) throw new Error(`Last.fm user #${egoIndex} trusts nobody: pick another ego`)
  return { ego: ego.author, records, friendSeed: Buffer.from(ids[friend.dst].seed).toString('hex') }
}
