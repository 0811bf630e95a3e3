/**
 * Mutable weighted out-rows (node → neighbours) over an `Arena`: add/update/remove an edge,
 * per-row totals, and weighted neighbour sampling. The walk hot path for both the trust
 * graph (signed weights) and the user → item rows (affinities).
 *
 * Every change is O(1) whatever the row's length (a user with 10⁴ plays gets a new play as
 * cheaply as one with ten): long rows keep a neighbour → position map for `find`, and their
 * totals are updated by the change alone, then re-summed exactly once every `degree`
 * changes so rounding never accumulates (amortised O(1)).
 */
import { Arena, grown } from './arena.js'
import type { Rng } from './rng.js'

const DST = 0
const W = 1
const TS = 2
/** Rows up to this long are scanned by `find` and re-summed on every change (cheaper than bookkeeping). */
const SHORT_ROW = 32

/** Rows of (neighbour, weight, timestamp in seconds[, twin slot]). */
export class Rows {
  private readonly arena: Arena
  absTotal = new Float64Array(64)
  posTotal = new Float64Array(64)
  private wmax = new Float32Array(64)
  /** 1 when every edge of the row has the same positive weight (uniform draw, one coin). */
  private uniform = new Uint8Array(64)
  private newest = new Uint32Array(64)
  /** Changes to a long row since its totals were last summed exactly. */
  private changes = new Uint32Array(64)
  /** Long rows only: neighbour → position in the row (slot − row offset, so row moves keep it). */
  private readonly index = new Map<number, Map<number, number>>()
  edges = 0
  /** Half-lives per second of edge age; 0 turns epoch decay off. */
  private readonly decay: number

  constructor (twin: boolean, halfLifeMs = Infinity) {
    this.arena = new Arena(twin ? ['i32', 'f32', 'u32', 'i32'] : ['i32', 'f32', 'u32'])
    this.decay = Number.isFinite(halfLifeMs) ? 1000 / halfLifeMs : 0
  }

  ensure (n: number): void {
    this.arena.ensure(n)
    this.absTotal = grown(this.absTotal, n)
    this.posTotal = grown(this.posTotal, n)
    this.wmax = grown(this.wmax, n)
    this.uniform = grown(this.uniform, n)
    this.newest = grown(this.newest, n)
    this.changes = grown(this.changes, n)
  }

  get dst (): Int32Array { return this.arena.cols[DST] as Int32Array }
  /** Stored weights (the walk weight itself when `decays` is false). */
  get w (): Float32Array { return this.arena.cols[W] as Float32Array }
  /** Whether epoch decay is on (then use `effective`). */
  get decays (): boolean { return this.decay !== 0 }
  get twin (): Int32Array { return this.arena.cols[3] as Int32Array }

  degree (node: number): number {
    return node < this.arena.len.length ? this.arena.len[node] : 0
  }

  /** Called when an edge moves slot (twin rows keep their pointers to it). */
  set onMove (fn: ((from: number, to: number) => void) | undefined) { this.arena.onMove = fn }

  /** First slot of `node`'s row: its edges are the slots `start(node)` … `end(node) − 1`. */
  start (node: number): number {
    return node < this.arena.off.length ? this.arena.off[node] : 0
  }

  /** One past the last slot of `node`'s row. */
  end (node: number): number {
    return this.start(node) + this.degree(node)
  }

  /** The slot of edge node → dst, or -1. */
  find (node: number, dst: number): number {
    if (node >= this.arena.len.length) return -1
    const ix = this.index.get(node)
    if (ix !== undefined) {
      const p = ix.get(dst)
      return p === undefined ? -1 : this.arena.off[node] + p
    }
    const d = this.dst
    const from = this.arena.off[node]
    const to = from + this.arena.len[node]
    for (let k = from; k < to; k++) if (d[k] === dst) return k
    return -1
  }

  /** Stored (undecayed) weight at `slot`. */
  weight (slot: number): number { return this.arena.cols[W][slot] }
  tsSec (slot: number): number { return this.arena.cols[TS][slot] }

  /** The weight a walk uses: the stored weight faded by the edge's age (see `refresh`). */
  effective (node: number, slot: number): number {
    const w = this.arena.cols[W][slot]
    if (this.decay === 0) return w
    return w * Math.pow(2, (this.arena.cols[TS][slot] - this.newest[node]) * this.decay)
  }

  /** Inserts or overwrites edge node → dst (totals kept current); returns its slot. */
  put (node: number, dst: number, w: number, tsSec: number): number {
    let slot = this.find(node, dst)
    let before = 0
    if (slot < 0) {
      slot = this.arena.push(node)
      this.arena.cols[DST][slot] = dst
      this.edges++
      this.indexed(node, dst, slot)
    } else {
      before = this.effective(node, slot)
    }
    this.arena.cols[W][slot] = w
    this.arena.cols[TS][slot] = tsSec
    if (this.arena.len[node] <= SHORT_ROW || this.due(node)) {
      this.refresh(node)
      return slot
    }
    if (this.decay !== 0 && tsSec > this.newest[node]) {
      // A newer edge moves the row's reference time: every weight fades by the same factor.
      const f = Math.pow(2, (this.newest[node] - tsSec) * this.decay)
      this.absTotal[node] *= f
      this.posTotal[node] *= f
      before *= f
      this.newest[node] = tsSec
    }
    const stored = this.arena.cols[W][slot]
    // A stale (too large) wmax or a cleared uniform flag only slow `sample` down, never bias it.
    if (this.uniform[node] === 1 && stored !== this.wmax[node]) this.uniform[node] = 0
    if (Math.abs(stored) > this.wmax[node]) this.wmax[node] = Math.abs(stored)
    this.shift(node, before, this.effective(node, slot))
    return slot
  }

  /** Removes the edge at `slot` of `node` (totals kept current). */
  delete (node: number, slot: number): void {
    const before = this.effective(node, slot)
    const ix = this.index.get(node)
    if (ix !== undefined) {
      const last = this.arena.off[node] + this.arena.len[node] - 1
      ix.delete(this.dst[slot])
      if (slot !== last) ix.set(this.dst[last], slot - this.arena.off[node])
      if (ix.size < SHORT_ROW / 2) this.index.delete(node)
    }
    this.arena.remove(node, slot)
    this.edges--
    if (this.arena.len[node] <= SHORT_ROW || this.due(node)) this.refresh(node)
    else this.shift(node, before, 0)
  }

  /** Moves the totals from an edge's old effective weight to its new one. */
  private shift (node: number, before: number, after: number): void {
    const abs = this.absTotal[node] + Math.abs(after) - Math.abs(before)
    const pos = this.posTotal[node] + Math.max(after, 0) - Math.max(before, 0)
    // A total that lost almost everything has lost its precision too: re-sum it.
    if (abs < 1e-9 * this.absTotal[node] || pos < 1e-9 * this.posTotal[node]) {
      this.refresh(node)
      return
    }
    this.absTotal[node] = abs
    this.posTotal[node] = pos
  }

  /** Counts one incremental change; true when the row is due an exact re-sum. */
  private due (node: number): boolean {
    return ++this.changes[node] >= this.arena.len[node]
  }

  private indexed (node: number, dst: number, slot: number): void {
    const from = this.arena.off[node]
    const ix = this.index.get(node)
    if (ix !== undefined) {
      ix.set(dst, slot - from)
    } else if (this.arena.len[node] > SHORT_ROW) {
      const built = new Map<number, number>()
      for (let k = from; k < from + this.arena.len[node]; k++) built.set(this.dst[k], k - from)
      this.index.set(node, built)
    }
  }

  /**
   * Recomputes the row's totals exactly (a scan; `put` and `delete` call it when due).
   * Epoch decay is measured from the row's newest edge: exponential decay fades all edges of
   * a node at the same rate, so only relative ages change the walk's choice, and stored
   * walks stay valid as time passes.
   */
  refresh (node: number): void {
    const from = this.arena.off[node]
    const to = from + this.arena.len[node]
    const ws = this.arena.cols[W]
    const ts = this.arena.cols[TS]
    this.changes[node] = 0
    let newest = 0
    for (let k = from; k < to; k++) if (ts[k] > newest) newest = ts[k]
    this.newest[node] = newest
    let abs = 0; let pos = 0; let max = 0; let min = Infinity
    for (let k = from; k < to; k++) {
      const e = this.effective(node, k)
      const a = Math.abs(ws[k])
      abs += Math.abs(e)
      if (e > 0) pos += e
      if (a > max) max = a
      if (ws[k] < min) min = ws[k]
    }
    this.absTotal[node] = abs
    this.posTotal[node] = pos
    this.wmax[node] = max
    this.uniform[node] = this.decay === 0 && to > from && min === max ? 1 : 0
  }

  /**
   * A slot drawn ∝ |effective weight| (or ∝ weight over positive edges only), -1 if none.
   * Short or decayed rows scan; long rows use rejection against the row's largest weight
   * (O(1) expected for even weights), falling back to a scan after a few misses — each
   * accepted draw and the scan are exact, so the mixture is exact too.
   */
  sample (node: number, rng: Rng, posOnly: boolean, exclude = -1): number {
    if (node >= this.arena.len.length) return -1
    const d = this.arena.len[node]
    const total = posOnly ? this.posTotal[node] : this.absTotal[node]
    if (d === 0 || total <= 0) return -1
    const from = this.arena.off[node]
    if (this.uniform[node] === 1 && exclude < 0) return from + Math.floor(rng.next() * d)
    const ws = this.arena.cols[W]
    if (d > 8 && this.decay === 0 && exclude < 0) {
      const max = this.wmax[node]
      for (let t = 0; t < 16; t++) {
        const k = from + Math.floor(rng.next() * d)
        const w = ws[k]
        if (posOnly && w <= 0) continue
        if (rng.next() * max < Math.abs(w)) return k
      }
    }
    return this.scan(node, from, d, total, rng, posOnly, exclude)
  }

  private scan (node: number, from: number, d: number, total: number, rng: Rng, posOnly: boolean, exclude: number): number {
    if (exclude >= 0) {
      const e = this.effective(node, exclude)
      total -= posOnly ? Math.max(0, e) : Math.abs(e)
      if (total <= 1e-12 * (posOnly ? this.posTotal[node] : this.absTotal[node])) return -1
    }
    let r = rng.next() * total
    let last = -1
    const ws = this.arena.cols[W]
    const decays = this.decay !== 0
    for (let k = from; k < from + d; k++) {
      if (k === exclude) continue
      const e = decays ? this.effective(node, k) : ws[k]
      const w = posOnly ? (e > 0 ? e : 0) : Math.abs(e)
      if (w <= 0) continue
      last = k
      r -= w
      if (r < 0) return k
    }
    return last
  }

  bytes (): number {
    let indexed = 0
    for (const ix of this.index.values()) indexed += ix.size
    // ~40 B per Map entry (V8's ordered hash table: key, value, chain link and bucket).
    return this.arena.bytes() + this.absTotal.byteLength + this.posTotal.byteLength +
      this.wmax.byteLength + this.newest.byteLength + this.uniform.byteLength + this.changes.byteLength + 40 * indexed
  }
}
