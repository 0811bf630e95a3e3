/**
 * The compact walk index (docs/ARCHITECTURE.md §5.1): interned ids, the trust rows and the user ↔ item
 * index, plus a journal of interaction changes that per-ego SALSA walks replay lazily.
 * Int-level and unvalidated — the engine checks inputs before calling in.
 */
import { Bipartite, type Eviction } from './bipartite.js'
import { Interner } from './intern.js'
import { Rows } from './rows.js'
import type { TrustChange } from './meritrank.js'
import { affinityOf, DEFAULT_AFFINITY, type Affinity } from '../src/ranking-params.js'

/** Options of the index. */
export interface WalkIndexInit {
  /** @default DEFAULT_AFFINITY */
  affinity?: Affinity
  /** @default Infinity (epoch decay off) */
  halfLifeMs?: number
  /** @default Infinity */
  maxItemsPerUser?: number
  /** @default Infinity */
  maxEdges?: number
}

const JOURNAL_CAP = 1 << 18

/** Trust rows, interaction index and id maps. */
export class WalkIndex {
  readonly users = new Interner()
  readonly items = new Interner()
  readonly trust: Rows
  readonly bip: Bipartite
  readonly affinity: Affinity
  /** Interaction journal: (user, item) touched, as absolute sequence numbers from `journalBase`. */
  private journalUsers: number[] = []
  private journalItems: number[] = []
  journalBase = 0

  constructor (init: WalkIndexInit = {}) {
    this.affinity = init.affinity ?? DEFAULT_AFFINITY
    this.trust = new Rows(false, init.halfLifeMs)
    this.bip = new Bipartite(init.halfLifeMs, init.maxItemsPerUser, init.maxEdges)
  }

  /** Interns a user id, growing every per-user array. */
  user (id: string): number {
    const u = this.users.intern(id)
    this.trust.ensure(this.users.size)
    this.bip.ensureUsers(this.users.size)
    return u
  }

  /** Interns an item id. */
  item (id: string): number {
    const i = this.items.intern(id)
    this.bip.ensureItems(this.items.size)
    return i
  }

  /** Sets (w ≠ 0) or deletes (w = 0) a trust edge; returns what changed for the walks. */
  setTrust (src: number, dst: number, w: number, tsSec: number): TrustChange {
    const t = this.trust
    const k = t.find(src, dst)
    const before = k >= 0 ? t.effective(src, k) : 0
    const absBefore = t.absTotal[src]
    const posBefore = t.posTotal[src]
    if (w === 0) {
      if (k >= 0) t.delete(src, k)
    } else {
      t.put(src, dst, w, tsSec)
    }
    const k2 = t.find(src, dst)
    const after = k2 >= 0 ? t.effective(src, k2) : 0
    return { src, dst, before, after, absBefore, absAfter: t.absTotal[src], posBefore, posAfter: t.posTotal[src] }
  }

  /** Sets (plays > 0) or deletes (0) an interaction; returns cap evictions. */
  setInteraction (user: number, item: number, plays: number, tsSec: number): Eviction[] {
    const evicted = this.bip.set(user, item, affinityOf(plays, this.affinity), tsSec)
    this.note(user, item)
    for (const e of evicted) this.note(e.user, e.item)
    return evicted
  }

  /** Sequence number after the last journal entry. */
  get journalEnd (): number { return this.journalBase + this.journalUsers.length }

  /** The journal since `from`, or undefined when it has been trimmed past `from`. */
  journalSince (from: number): { users: number[], items: number[] } | undefined {
    if (from < this.journalBase) return undefined
    const a = from - this.journalBase
    return { users: this.journalUsers.slice(a), items: this.journalItems.slice(a) }
  }

  /** Positive trust edges into a plain list (for the exact referee). */
  trustEdges (): Array<[number, number, number]> {
    const out: Array<[number, number, number]> = []
    for (let u = 0; u < this.users.size; u++) {
      for (let k = this.trust.start(u), end = this.trust.end(u); k < end; k++) out.push([u, this.trust.dst[k], this.trust.effective(u, k)])
    }
    return out
  }

  /** Interactions as [user, item, affinity weight] (for the exact referee). */
  interactionEdges (): Array<[number, number, number]> {
    const out: Array<[number, number, number]> = []
    const rows = this.bip.users
    for (let u = 0; u < this.users.size; u++) {
      for (let k = rows.start(u), end = rows.end(u); k < end; k++) out.push([u, rows.dst[k], rows.effective(u, k)])
    }
    return out
  }

  bytes (): number {
    return this.trust.bytes() + this.bip.bytes()
  }

  private note (user: number, item: number): void {
    this.journalUsers.push(user)
    this.journalItems.push(item)
    if (this.journalUsers.length > JOURNAL_CAP) {
      const drop = JOURNAL_CAP >> 1
      this.journalUsers = this.journalUsers.slice(drop)
      this.journalItems = this.journalItems.slice(drop)
      this.journalBase += drop
    }
  }
}
