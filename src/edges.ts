/**
 * Current edge state from records: the latest update (highest seq) per (author, kind,
 * target) wins, whatever order records are applied in; weight 0 retracts the edge. A batch
 * record applies each of its updates; a checkpoint changes nothing; an author's compacted
 * base (checkpoint + live edges) replaces everything older than it.
 */
import type { AuthorId } from './author-id.js'
import { updatesOf, targetOf, type SignedRecord, type Update } from './record-types.js'
import type { LiveEdge } from './state.js'

/** A change of the current state caused by one record (weight 0 = edge removed). */
export type EdgeChange =
  | { kind: 'trust', src: AuthorId, dst: AuthorId, weight: number, ts: number }
  | { kind: 'interact', user: AuthorId, item: string, weight: number, ts: number }
  | { kind: 'item', item: string, title: string, url?: string }
  | { kind: 'profile', author: AuthorId, field: 'name', value: string }

/** Item metadata as declared by one author. */
export interface ItemMeta { title: string, url?: string }

interface Declared extends ItemMeta { ts: number }

type Nested<V> = Map<string, Map<string, V>>

function inner<V> (outer: Nested<V>, key: string): Map<string, V> {
  let m = outer.get(key)
  if (m === undefined) outer.set(key, m = new Map())
  return m
}

/** Latest-record-wins state of trust edges, interactions, item metadata and display names. */
export class EdgeState {
  private readonly trustOut: Nested<number> = new Map()
  private readonly interacts: Nested<number> = new Map()
  private readonly metaByItem: Nested<Declared> = new Map()
  private readonly names = new Map<AuthorId, string>()
  // Highest seq applied per (author, kind, target), kept after a retraction so an older
  // record applied later cannot bring the edge back.
  private readonly seqs: Record<Update['kind'], Nested<number>> = { trust: new Map(), interact: new Map(), item: new Map(), profile: new Map() }

  /** Apply a record; the changes it makes (none when newer records already decided every target). */
  apply (r: SignedRecord): EdgeChange[] {
    const out: EdgeChange[] = []
    for (const u of updatesOf(r.body)) {
      const c = this.update(r.author, r.seq, r.ts, u)
      if (c !== undefined) out.push(c)
    }
    return out
  }

  /**
   * Adopt an author's compacted base: the live edges as of checkpoint `seq`. Every edge of
   * the author decided before `seq` and absent from `edges` was superseded or retracted
   * there, so it is removed; edges decided by records after `seq` stay.
   */
  applyBase (author: AuthorId, seq: number, edges: Iterable<LiveEdge>): EdgeChange[] {
    const out: EdgeChange[] = []
    const keep = new Set<string>()
    for (const e of edges) {
      keep.add(`${e.kind}\0${targetOf(e)}`)
      const c = this.update(author, seq, e.ts, e)
      if (c !== undefined) out.push(c)
    }
    for (const kind of ['trust', 'interact'] as const) {
      const current = kind === 'trust' ? this.trustOut.get(author) : this.interacts.get(author)
      for (const target of [...(current?.keys() ?? [])]) {
        if (keep.has(`${kind}\0${target}`) || (this.seqs[kind].get(author)?.get(target) ?? 0) >= seq) continue
        const u: Update = kind === 'trust' ? { kind, target, weight: 0 } : { kind, item: target, weight: 0 }
        const c = this.update(author, seq, 0, u)
        if (c !== undefined) out.push(c)
      }
    }
    if (this.names.has(author) && !keep.has('profile\0name') && (this.seqs.profile.get(author)?.get('name') ?? 0) < seq) {
      const c = this.update(author, seq, 0, { kind: 'profile', field: 'name', value: '' })
      if (c !== undefined) out.push(c)
    }
    return out
  }

  private update (author: AuthorId, seq: number, ts: number, b: Update): EdgeChange | undefined {
    const target = targetOf(b)
    const seen = inner(this.seqs[b.kind], author)
    if ((seen.get(target) ?? 0) >= seq) return undefined
    seen.set(target, seq)
    switch (b.kind) {
      case 'trust': {
        if (!this.set(this.trustOut, author, b.target, b.weight)) return undefined
        return { kind: 'trust', src: author, dst: b.target, weight: b.weight, ts }
      }
      case 'interact': {
        if (!this.set(this.interacts, author, b.item, b.weight)) return undefined
        return { kind: 'interact', user: author, item: b.item, weight: b.weight, ts }
      }
      case 'item': {
        const declared: Declared = { title: b.title, ts }
        if (b.url !== undefined) declared.url = b.url
        inner(this.metaByItem, b.item).set(author, declared)
        return b.url === undefined ? { kind: 'item', item: b.item, title: b.title } : { kind: 'item', item: b.item, title: b.title, url: b.url }
      }
      case 'profile': {
        if (b.value === '' ? !this.names.delete(author) : this.names.get(author) === b.value) return undefined
        if (b.value !== '') this.names.set(author, b.value)
        return { kind: 'profile', author, field: b.field, value: b.value }
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

  /** The display name `author` signed into its latest profile record, as signed (node/names.ts normalises it for display). */
  displayName (author: AuthorId): string | undefined {
    return this.names.get(author)
  }

  /** Every author with a display name, and the name. */
  displayNames (): IterableIterator<[AuthorId, string]> {
    return this.names.entries()
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
