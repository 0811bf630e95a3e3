/**
 * One ego's item → user step law: for each item, the users who have it weighted by
 * affinity × trust^p (only users the ego trusts, or everyone for the undefended baseline),
 * as CSR with cumulative weights. Built from the trusted users' own rows, so its cost is
 * their edges, not the whole graph; sampling and lookups are O(log d).
 */
import type { Bipartite } from './bipartite.js'
import type { Rng } from './rng.js'

/** Per-item weighted likers for one ego's trust vector. */
export class ItemView {
  readonly off: Int32Array
  readonly user: Int32Array
  readonly cum: Float64Array

  private constructor (off: Int32Array, user: Int32Array, cum: Float64Array) {
    this.off = off
    this.user = user
    this.cum = cum
  }

  /**
   * The law over `users` (ascending ids with trust > 0, or every user when `trust` is
   * undefined): weight(u | i) = affinity(u, i) × trust(u)^p.
   */
  static build (bip: Bipartite, items: number, users: ArrayLike<number>, trust: Float64Array | undefined, p: number): ItemView {
    const rows = bip.users
    const off = new Int32Array(items + 1)
    for (let a = 0; a < users.length; a++) {
      const u = users[a]
      const dst = rows.dst
      for (let k = rows.start(u), to = rows.end(u); k < to; k++) off[dst[k] + 1]++
    }
    for (let i = 0; i < items; i++) off[i + 1] += off[i]
    const fill = off.slice(0, items)
    const user = new Int32Array(off[items])
    const w = new Float64Array(off[items])
    const dst = rows.dst
    const raw = rows.w
    const decays = rows.decays
    for (let a = 0; a < users.length; a++) {
      const u = users[a]
      const from = rows.start(u)
      const to = rows.end(u)
      const scale = (trust === undefined ? 1 : Math.pow(trust[u], p)) / rows.absTotal[u]
      for (let k = from; k < to; k++) {
        const j = fill[dst[k]]++
        user[j] = u
        w[j] = (decays ? rows.effective(u, k) : raw[k]) * scale
      }
    }
    for (let i = 0; i < items; i++) {
      let s = 0
      for (let j = off[i]; j < off[i + 1]; j++) { s += w[j]; w[j] = s }
    }
    return new ItemView(off, user, w)
  }

  total (item: number): number {
    if (item + 1 >= this.off.length) return 0
    const a = this.off[item]; const b = this.off[item + 1]
    return b > a ? this.cum[b - 1] : 0
  }

  /** A user drawn ∝ weight among the item's likers, -1 if it has none. */
  sample (item: number, rng: Rng): number {
    if (item + 1 >= this.off.length) return -1
    let lo = this.off[item]; let hi = this.off[item + 1] - 1
    if (hi < lo) return -1
    const r = rng.next() * this.cum[hi]
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.cum[mid] > r) hi = mid
      else lo = mid + 1
    }
    return this.user[lo]
  }

  /** P(item → user) under this law (0 if absent). */
  prob (item: number, u: number): number {
    if (item + 1 >= this.off.length) return 0
    let lo = this.off[item]; let hi = this.off[item + 1] - 1
    const first = lo
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const x = this.user[mid]
      if (x === u) {
        const w = this.cum[mid] - (mid > first ? this.cum[mid - 1] : 0)
        return w / this.cum[this.off[item + 1] - 1]
      }
      if (x < u) lo = mid + 1
      else hi = mid - 1
    }
    return 0
  }

  /** The trusted likers of `item`, for dominator checks and explanations. */
  likers (item: number): Int32Array {
    if (item + 1 >= this.off.length) return new Int32Array(0)
    return this.user.subarray(this.off[item], this.off[item + 1])
  }
}
