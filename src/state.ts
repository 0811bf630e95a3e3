/**
 * One author's live state and its commitment (docs/PROTOCOL.md §9): the live edges after
 * a prefix of the log, each as a canonical "leaf", sorted by its bytes, hashed under a
 * domain prefix. A checkpoint record carries the root and the number of leaves; a node that
 * dropped the records before a checkpoint keeps (and serves) the leaves instead, and anyone
 * can check them against the signed root.
 */
import { createHash } from 'node:crypto'
import { encode } from 'cborg'
import { decodeCanonical } from './cbor.js'
import { authorIdFromPublicKey, publicKeyFromAuthorId, type AuthorId } from './author-id.js'
import { validateUpdate } from './record-validate.js'
import { RecordError, isRetraction, targetOf, updatesOf, type SignedRecord, type Update } from './record-types.js'

/** A live edge: an update with the timestamp of the record that made it. */
export type LiveEdge = Update & { ts: number }

/** Domain prefix of the state hash: ASCII "meritwalk/state/v1" and a 0x00 byte. */
export const STATE_DOMAIN: Uint8Array = Uint8Array.from(Buffer.from('meritwalk/state/v1\0', 'latin1'))

/** Canonical bytes of a live edge: [kind, target, ts, weight], ["item", item, ts, title(, url)] or ["profile", field, ts, value]. */
export function encodeLeaf (e: LiveEdge): Uint8Array {
  switch (e.kind) {
    case 'trust': return encode(['trust', publicKeyFromAuthorId(e.target), e.ts, e.weight])
    case 'interact': return encode(['interact', e.item, e.ts, e.weight])
    case 'item': return encode(e.url === undefined ? ['item', e.item, e.ts, e.title] : ['item', e.item, e.ts, e.title, e.url])
    case 'profile': return encode(['profile', e.field, e.ts, e.value])
  }
}

/**
 * Decode and check one leaf of `author`'s state: canonical CBOR, an update that passes its
 * kind's record rules, live (weight ≠ 0, profile value ≠ ""), ts ≤ `maxTs` (the checkpoint's); throws RecordError.
 */
export function decodeLeaf (bytes: Uint8Array, author: AuthorId, maxTs: number): LiveEdge {
  let v: unknown
  try {
    v = decodeCanonical(bytes)
  } catch (err) {
    throw new RecordError('BAD_CHECKPOINT', `a state leaf is not canonical CBOR: ${(err as Error).message}`, { field: 'leaf', author })
  }
  if (!Array.isArray(v) || v.length < 4 || typeof v[0] !== 'string') throw new RecordError('BAD_CHECKPOINT', 'a state leaf must be [kind, target, ts, value…]', { field: 'leaf', author })
  const [kind, target, ts, ...value] = v as [string, unknown, unknown, ...unknown[]]
  if (!Number.isSafeInteger(ts) || (ts as number) < 0 || (ts as number) > maxTs) {
    throw new RecordError('BAD_CHECKPOINT', `a state leaf's ts ${String(ts)} is not a time before its checkpoint`, { field: 'leaf.ts', author })
  }
  const wire = [kind, target, ...value]
  validateUpdate(wire, publicKeyFromAuthorId(author))
  if ((kind === 'trust' || kind === 'interact') && value[0] === 0) throw new RecordError('BAD_CHECKPOINT', 'a state leaf of weight 0 is not a live edge', { field: 'leaf.weight', author })
  if (kind === 'profile' && value[0] === '') throw new RecordError('BAD_CHECKPOINT', 'a cleared profile field is not a live edge', { field: 'leaf.value', author })
  const t = ts as number
  switch (kind) {
    case 'trust': return { kind, target: authorIdFromPublicKey(target as Uint8Array), weight: value[0] as number, ts: t }
    case 'interact': return { kind, item: target as string, weight: value[0] as number, ts: t }
    case 'profile': return { kind, field: 'name', value: value[0] as string, ts: t }
    default: return value.length === 2 ? { kind: 'item', item: target as string, title: value[0] as string, url: value[1] as string, ts: t } : { kind: 'item', item: target as string, title: value[0] as string, ts: t }
  }
}

/** SHA-256 over the domain prefix and the leaves in the given (sorted) order. */
export function stateRoot (leaves: Iterable<Uint8Array>): string {
  const h = createHash('sha256').update(STATE_DOMAIN)
  for (const leaf of leaves) h.update(leaf)
  return h.digest('hex')
}

/** Sort leaf encodings by their bytes (the order the root hashes them in). */
export function sortLeaves (leaves: Uint8Array[]): Uint8Array[] {
  return leaves.sort((a, b) => Buffer.compare(a, b))
}

/** Whether sorted leaves are strictly ascending (so each (kind, target) appears once). */
export function strictlyAscending (leaves: Uint8Array[]): boolean {
  for (let i = 1; i < leaves.length; i++) if (Buffer.compare(leaves[i - 1], leaves[i]) >= 0) return false
  return true
}

/** One author's live edges, built by applying its records in seq order (latest wins, 0 retracts). */
export class AuthorState {
  private readonly edges = new Map<string, LiveEdge>()

  /** Start from a base's live edges (or nothing). */
  constructor (base: Iterable<LiveEdge> = []) {
    for (const e of base) this.edges.set(keyOf(e), e)
  }

  /** Apply one record (callers apply in seq order). */
  apply (r: SignedRecord): void {
    for (const u of updatesOf(r.body)) this.set(u, r.ts)
  }

  /** Apply one update made at `ts`. */
  set (u: Update, ts: number): void {
    const k = keyOf(u)
    if (isRetraction(u)) this.edges.delete(k)
    else this.edges.set(k, { ...u, ts } as LiveEdge)
  }

  /** Whether (kind, target) is a live edge. */
  has (u: Update): boolean {
    return this.edges.has(keyOf(u))
  }

  /** Number of live edges. */
  get size (): number {
    return this.edges.size
  }

  /** The live edges. */
  values (): IterableIterator<LiveEdge> {
    return this.edges.values()
  }

  /** Sorted leaf encodings. */
  leaves (): Uint8Array[] {
    return sortLeaves([...this.edges.values()].map(encodeLeaf))
  }

  /** The commitment a checkpoint carries: root (hex) and number of edges. */
  commitment (): { root: string, edges: number } {
    const leaves = this.leaves()
    return { root: stateRoot(leaves), edges: leaves.length }
  }
}

function keyOf (u: Update): string {
  return `${u.kind}\0${targetOf(u)}`
}
