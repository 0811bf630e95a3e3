/**
 * node → ids of the stored walks that visit it, for cutting walks at a changed node. Built
 * lazily as CSR on the first update (query-only egos never pay for it); rewritten walks are
 * appended to an overflow list and stale entries are left for the reader to skip (a walk
 * that no longer visits the node simply has nothing to cut). Rebuilt once the overflow
 * outgrows the base. Node keys: users x ≥ 0 → 2x, items ~i → 2i + 1.
 */

function key (x: number): number {
  return x >= 0 ? x * 2 : (~x) * 2 + 1
}

/** Lazily built visitor lists of a set of walks. */
export class VisitorIndex {
  private off: Int32Array | undefined
  private ids = new Int32Array(0)
  private extra = new Map<number, number[]>()
  private extraCount = 0
  private seen = new Int32Array(0)
  private stamp = 0

  /** Records that walk `id` was rewritten to `walk` (no-op until the index is built). */
  rewritten (id: number, walk: number[]): void {
    if (this.off === undefined) return
    const s = ++this.stamp
    const seen = this.nodeSeen(walk)
    for (const x of walk) {
      const k = key(x)
      if (seen[k] === s) continue
      seen[k] = s
      let list = this.extra.get(k)
      if (list === undefined) this.extra.set(k, list = [])
      list.push(id)
      this.extraCount++
    }
    if (this.extraCount > this.ids.length + 4096) this.off = undefined
  }

  /** Distinct ids of walks that visit (or visited) `x`, as a fresh array. */
  walksThrough (x: number, walks: number[][]): number[] {
    if (this.off === undefined) this.build(walks)
    const off = this.off as Int32Array
    const k = key(x)
    const out: number[] = []
    if (k + 1 < off.length) for (let j = off[k]; j < off[k + 1]; j++) out.push(this.ids[j])
    const more = this.extra.get(k)
    if (more === undefined) return out
    const s = ++this.stamp
    const mark = this.idSeen(walks.length)
    for (const id of out) mark[id] = s
    for (const id of more) if (mark[id] !== s) { mark[id] = s; out.push(id) }
    return out
  }

  private build (walks: number[][]): void {
    let maxKey = 0
    for (const w of walks) for (const x of w) { const k = key(x); if (k > maxKey) maxKey = k }
    const off = new Int32Array(maxKey + 2)
    const seen = new Int32Array(maxKey + 1)
    let s = 0
    for (const w of walks) {
      s++
      for (const x of w) { const k = key(x); if (seen[k] !== s) { seen[k] = s; off[k + 1]++ } }
    }
    for (let k = 0; k <= maxKey; k++) off[k + 1] += off[k]
    const fill = off.slice(0, maxKey + 1)
    const ids = new Int32Array(off[maxKey + 1])
    seen.fill(0)
    s = 0
    for (let id = 0; id < walks.length; id++) {
      s++
      for (const x of walks[id]) { const k = key(x); if (seen[k] !== s) { seen[k] = s; ids[fill[k]++] = id } }
    }
    this.off = off
    this.ids = ids
    this.extra.clear()
    this.extraCount = 0
  }

  private nodeSeen (walk: number[]): Int32Array {
    let max = 0
    for (const x of walk) { const k = key(x); if (k > max) max = k }
    if (max >= this.seen.length) {
      const b = new Int32Array(Math.max(max + 1, this.seen.length * 2))
      b.set(this.seen)
      this.seen = b
    }
    return this.seen
  }

  private idSeen (n: number): Int32Array {
    if (n > this.seen.length) {
      const b = new Int32Array(Math.max(n, this.seen.length * 2))
      b.set(this.seen)
      this.seen = b
    }
    return this.seen
  }
}
