/**
 * Current edge state from records: the latest record (highest seq) per (author, kind,
 * target) wins, whatever order records are applied in; weight 0 retracts the edge.
 */
import type { AuthorId } from './author-id.js'
import type { SignedRecord } from './record-types.js'

/** A change of the current state caused by one record (weight 0 = edge removed). */
export type EdgeChange =
  | { kind: 'trust', src: AuthorId, dst: AuthorId, weight: number, ts: number }
  | { kind: 'interact', user: AuthorId, item: string, weight: number, ts: number }
  | { kind: 'item', item: string, title: string, url?: string }

/** Item metadata as declared by one author. */
export interface ItemMeta { title: string, url?: string }

interface Declared extends ItemMeta { ts: number }

type Nested<V> = Map<string, Map<string, V>>

function inner<V> (outer: Nested<V>, key: string): Map<string, V> {
  let m = outer.get(key)
  if (m === undefined) outer.set(key, m = new Map())
  return m
}

/** Latest-record-wins state of trust edges, interactions and item metadata. */
export class EdgeState {
  private readonly trustOut: Nested<number> = new Map()
  private readonly interacts: Nested<number> = new Map()
  private readonly metaByItem: Nested<Declared> = new Map()
  // Highest seq applied per (author, kind, target), kept after a retraction so an older
  // record applied later cannot bring the edge back.
  private readonly seqs: Record<SignedRecord['body']['kind'], Nested<number>> = { trust: new Map(), interact: new Map(), item: new Map() }

  /** Apply a record; the change it makes, or undefined when a newer record already decided. */
  apply (r: SignedRecord): EdgeChange | undefined {
    const b = r.body
    const target = b.kind === 'trust' ? b.target : b.item
    const seen = inner(this.seqs[b.kind], r.author)
    if ((seen.get(target) ?? 0) >= r.seq) return undefined
    seen.set(target, r.seq)
    switch (b.kind) {
      case 'trust': {
        if (!this.set(this.trustOut, r.author, b.target, b.weight)) return undefined
        return { kind: 'trust', src: r.author, dst: b.target, weight: b.weight, ts: r.ts }
      }
      case 'interact': {
        if (!this.set(this.interacts, r.author, b.item, b.weight)) return undefined
        return { kind: 'interact', user: r.author, item: b.item, weight: b.weight, ts: r.ts }
      }
      case 'item': {
        const declared: Declared = { title: b.title, ts: r.ts }
        if (b.url !== undefined) declared.url = b.url
        inner(this.metaByItem, b.item).set(r.author, declared)
        return b.url === undefined ? { kind: 'item', item: b.item, title: b.title } : { kind: 'item', item: b.item, title: b.title, url: b.url }
      }
    }
  }

  // False when retracting an edge that does not exist (nothing changes).
  private set (outer: Nested<number>, from: string, to: string, weight: number): boolean {
    if (weight !== 0) {
      inner(outer, from).set(to, weight)
      return true
    }
    const m = outer.get(from)
    if (m === undefined || !m.delete(to)) return false
    if (m.size === 0) outer.delete(from)
    return true
  }

  /** Current trust edges of `src` (target → weight in [-1, 1], never 0). */
  trust (src: AuthorId): Map<AuthorId, number> {
    return new Map(this.trustOut.get(src))
  }

  /** Current interactions of `user` (item → weight > 0). */
  interactions (user: AuthorId): Map<string, number> {
    return new Map(this.interacts.get(user))
  }

  /** Authors with at least one current trust edge. */
  trusters (): IterableIterator<AuthorId> {
    return this.trustOut.keys()
  }

  /** Authors with at least one current interaction. */
  users (): IterableIterator<AuthorId> {
    return this.interacts.keys()
  }

  /** Metadata of `item`: the most recent declaration (by author timestamp) of any author. */
  itemMeta (item: string): ItemMeta | undefined {
    let best: Declared | undefined
    for (const d of this.metaByItem.get(item)?.values() ?? []) if (best === undefined || d.ts > best.ts) best = d
    return best === undefined ? undefined : strip(best)
  }

  /** Metadata of `item` as declared by `author` (prefer the ego's or trusted authors' over strangers'). */
  itemMetaBy (item: string, author: AuthorId): ItemMeta | undefined {
    const d = this.metaByItem.get(item)?.get(author)
    return d === undefined ? undefined : strip(d)
  }
}

function strip (d: Declared): ItemMeta {
  return d.url === undefined ? { title: d.title } : { title: d.title, url: d.url }
}
