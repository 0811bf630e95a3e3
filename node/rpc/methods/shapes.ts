/**
 * Shapes shared by several namespaces: parameter specs for items, and the JSON form of a
 * signed record (the canonical bytes travel as base64; the decoded fields are for reading).
 */
import { MAX_ITEM_BYTES, MAX_TITLE_BYTES, MAX_URL_BYTES, isAuthorId } from '../../../src/index.js'
import type { SignedRecord } from '../../../src/index.js'

/** A string param bounded in UTF-8 bytes, as the record codec bounds it. */
function bytesAtMost (max: number, what: string) {
  return { type: 'string', maxLength: max, describe: `${what} of at most ${max} UTF-8 bytes`, check: (v: string) => Buffer.byteLength(v) > max ? `is longer than ${max} UTF-8 bytes` : undefined } as const
}

export const ITEM = bytesAtMost(MAX_ITEM_BYTES, 'an item id (namespaced string, e.g. lastfm:artist:289)')
export const TITLE = bytesAtMost(MAX_TITLE_BYTES, 'a title')
export const URL = bytesAtMost(MAX_URL_BYTES, 'a URL')

export const AUTHOR = {
  type: 'string',
  maxLength: 128,
  describe: 'an author id (12D3KooW…)',
  check: (v: string) => isAuthorId(v) ? undefined : 'is not an author id (expected a 12D3KooW… Ed25519 peer id)'
} as const

/** A signed record as JSON; `bytes` (base64 of the canonical encoding) is authoritative. */
export interface RecordJson {
  author: string
  seq: number
  prev?: string
  ts: number
  body: SignedRecord['body']
  sig: string
  hash: string
  bytes: string
}

export function recordToJson (r: SignedRecord): RecordJson {
  const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex')
  const out: RecordJson = { author: r.author, seq: r.seq, ts: r.ts, body: r.body, sig: hex(r.sig), hash: hex(r.hash), bytes: Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength).toString('base64') }
  if (r.prev !== undefined) out.prev = hex(r.prev)
  return out
}
