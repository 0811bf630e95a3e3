/**
 * The user ↔ item interaction index: user rows (item, affinity, ts, twin) for user → item
 * steps, item rows (user, twin) for popularity, liker scans and O(1) deletes. Twins point
 * at the matching slot on the other side, so removing an edge never scans an item's likers
 * (a popular item has ~10⁵). GraphJet-style caps keep only the most recent interactions:
 * `maxItemsPerUser` per user and `maxEdges` overall; evicted edges are returned.
 */
import { Arena } from './arena.js'
import { Rows } from './rows.js'

/** An interaction dropped to respect a cap (ints; the engine maps them to ids). */
export interface Eviction { user: number, item: number, reason: 'maxItemsPerUser' | 'maxEdges' }

/** Index of user–item affinities; `users.absTotal[u]` is u's affinity normaliser. */
const EMPTY = new Int32Array(0)

export class Bipartite {
  readonly users: Rows
  /** item → (liker, slot in the liker's row): read through `likersOf` / `likerSlots`. */
  private readonly items = new Arena(['i32', 'i32'])
  private readonly maxPerUser: number
  private readonly maxEdges: number
  // Lazy min-heap on ts of (user, item) for the global budget; stale entries are skipped.
  private heapTs: number[] = []
  private heapUser: number[] = []
  private heapItem: number[] = []

  constructor (halfLifeMs = Infinity, maxItemsPerUser = Infinity, maxEdges = Infinity) {
    this.users = new Rows(true, halfLifeMs)
    this.maxPerUser = maxItemsPerUser
    this.maxEdges = maxEdges
    const userTwin = (): Int32Array => this.users.twin
    const itemTwin = (): Int32Array => this.items.cols[1] as Int32Array
    this.users.onMove = (_from, to) => { itemTwin()[userTwin()[to]] = to }
    this.items.onMove = (_from, to) => { userTwin()[itemTwin()[to]] = to }
  }

  get edges (): number { return this.users.edges }

  ensureUsers (n: number): void { this.users.ensure(n) }
  ensureItems (n: number): void { this.items.ensure(n) }

  /** Number of users who have `item` (its popularity). */
  likers (item: number): number {
    return item < this.items.len.length ? this.items.len[item] : 0
  }

  /**
   * Sets the affinity of user → item (0 deletes). Returns the evictions the caps forced,
   * possibly including this very edge when it is older than everything else kept.
   */
  set (user: number, item: number, affinity: number, tsSec: number): Eviction[] {
    const existing = this.users.find(user, item)
    if (affinity === 0) {
      if (existing >= 0) this.remove(user, existing)
      return []
    }
    if (existing >= 0) {
      this.users.put(user, item, affinity, tsSec)
    } else {
      const k = this.users.put(user, item, affinity, tsSec)
      const j = this.items.push(item)
      const ic = this.items.cols
      ic[0][j] = user
      ic[1][j] = k
      this.users.twin[k] = j
    }
    const evicted: Eviction[] = []
    if (this.users.degree(user) > this.maxPerUser) {
      const k = this.oldest(user)
      evicted.push({ user, item: this.users.dst[k], reason: 'maxItemsPerUser' })
      this.remove(user, k)
    }
    if (Number.isFinite(this.maxEdges)) {
      this.heapPush(tsSec, user, item)
      while (this.edges > this.maxEdges) {
        const e = this.heapPopLive()
        evicted.push({ ...e, reason: 'maxEdges' })
        this.remove(e.user, this.users.find(e.user, e.item))
      }
      if (this.heapTs.length > 4 * this.edges + 1024) this.compactHeap()
    }
    return evicted
  }

  /** Item ids below this have a (possibly empty) liker row. */
  get itemCapacity (): number { return this.items.len.length }

  /** The users who like `item`, oldest first (a view into the index: read, never keep). */
  likersOf (item: number): Int32Array {
    if (item >= this.items.len.length) return EMPTY
    const from = this.items.off[item]
    return (this.items.cols[0] as Int32Array).subarray(from, from + this.items.len[item])
  }

  /** For each of `likersOf(item)`, the slot of that interaction in the user's row. */
  likerSlots (item: number): Int32Array {
    if (item >= this.items.len.length) return EMPTY
    const from = this.items.off[item]
    return (this.items.cols[1] as Int32Array).subarray(from, from + this.items.len[item])
  }

  /** Calls `fn(user, userSlot)` for each liker of `item`. */
  forLikers (item: number, fn: (user: number, slot: number) => void): void {
    const users = this.likersOf(item)
    const slots = this.likerSlots(item)
    for (let j = 0; j < users.length; j++) fn(users[j], slots[j])
  }

  bytes (): number {
    return this.users.bytes() + this.items.bytes() + this.heapTs.length * 24
  }

  private remove (user: number, k: number): void {
    const item = this.users.dst[k]
    this.items.remove(item, this.users.twin[k])
    this.users.delete(user, k)
  }

  private oldest (user: number): number {
    const from = this.users.start(user)
    const to = this.users.end(user)
    let best = from
    for (let k = from + 1; k < to; k++) if (this.users.tsSec(k) < this.users.tsSec(best)) best = k
    return best
  }

  private heapPush (ts: number, user: number, item: number): void {
    const h = this.heapTs
    let i = h.length
    h.push(ts); this.heapUser.push(user); this.heapItem.push(item)
    while (i > 0) {
      const p = (i - 1) >> 1
      if (h[p] <= h[i]) break
      this.swap(i, p)
      i = p
    }
  }

  private heapPopLive (): { user: number, item: number } {
    for (;;) {
      const ts = this.heapTs[0]; const user = this.heapUser[0]; const item = this.heapItem[0]
      const lastTs = this.heapTs.pop() as number
      const lastU = this.heapUser.pop() as number
      const lastI = this.heapItem.pop() as number
      if (this.heapTs.length > 0) {
        this.heapTs[0] = lastTs; this.heapUser[0] = lastU; this.heapItem[0] = lastI
        this.siftDown(0)
      }
      const k = this.users.find(user, item)
      if (k >= 0 && this.users.tsSec(k) === ts) return { user, item }
    }
  }

  private siftDown (i: number): void {
    const h = this.heapTs
    for (;;) {
      const l = 2 * i + 1; const r = l + 1
      let m = i
      if (l < h.length && h[l] < h[m]) m = l
      if (r < h.length && h[r] < h[m]) m = r
      if (m === i) return
      this.swap(i, m)
      i = m
    }
  }

  private swap (a: number, b: number): void {
    const h = this.heapTs; const u = this.heapUser; const it = this.heapItem
    const t = h[a]; h[a] = h[b]; h[b] = t
    const x = u[a]; u[a] = u[b]; u[b] = x
    const y = it[a]; it[a] = it[b]; it[b] = y
  }

  private compactHeap (): void {
    const ts: number[] = []; const us: number[] = []; const is: number[] = []
    for (let i = 0; i < this.heapTs.length; i++) {
      const k = this.users.find(this.heapUser[i], this.heapItem[i])
      if (k >= 0 && this.users.tsSec(k) === this.heapTs[i]) {
        ts.push(this.heapTs[i]); us.push(this.heapUser[i]); is.push(this.heapItem[i])
      }
    }
    this.heapTs = []; this.heapUser = []; this.heapItem = []
    for (let i = 0; i < ts.length; i++) this.heapPush(ts[i], us[i], is[i])
  }
}
