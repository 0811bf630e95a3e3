/**
 * Pooled storage for many growable rows (one per node) over shared typed-array columns,
 * GraphJet-style: each row owns a power-of-two block; a full row moves to a block twice
 * the size and its old block goes to a free list of that size for another row to reuse.
 * Slack averages ~25%, far less than one typed array (or Map) per node.
 */

/** The element type of one column. */
export type ColumnKind = 'i32' | 'f32' | 'u32'
type Column = Int32Array | Float32Array | Uint32Array

function makeColumn (kind: ColumnKind, n: number): Column {
  if (kind === 'i32') return new Int32Array(n)
  if (kind === 'f32') return new Float32Array(n)
  return new Uint32Array(n)
}

function grown<T extends Int32Array | Float32Array | Float64Array | Uint32Array | Uint8Array> (a: T, n: number): T {
  if (n <= a.length) return a
  const b = new (a.constructor as new (n: number) => T)(Math.max(n, a.length * 2))
  b.set(a)
  return b
}

/** Rows of edges in pooled columns; slots are absolute indices into every column. */
export class Arena {
  off = new Int32Array(64)
  len = new Int32Array(64)
  cap = new Int32Array(64)
  cols: Column[]
  private used = 0
  private readonly free: number[][] = []
  private readonly kinds: ColumnKind[]
  /** Called when an edge moves from one slot to another (twins keep their pointers). */
  onMove: ((from: number, to: number) => void) | undefined

  constructor (kinds: ColumnKind[], initialSlots = 1024) {
    this.kinds = kinds
    this.cols = kinds.map(k => makeColumn(k, initialSlots))
  }

  /** Makes node ids below `n` valid. */
  ensure (n: number): void {
    if (n <= this.off.length) return
    this.off = grown(this.off, n)
    this.len = grown(this.len, n)
    this.cap = grown(this.cap, n)
  }

  /** Appends an empty edge to `node`'s row and returns its slot. */
  push (node: number): number {
    const len = this.len[node]
    if (len === this.cap[node]) this.relocate(node, len === 0 ? 2 : len * 2)
    this.len[node] = len + 1
    return this.off[node] + len
  }

  /** Removes the edge at `slot` of `node`'s row by moving the row's last edge into it. */
  remove (node: number, slot: number): void {
    const last = this.off[node] + this.len[node] - 1
    if (slot !== last) {
      for (const c of this.cols) c[slot] = c[last]
      this.onMove?.(last, slot)
    }
    this.len[node]--
    if (this.len[node] === 0) {
      this.release(this.off[node], this.cap[node])
      this.cap[node] = 0
    }
  }

  /** Bytes held by the columns and per-node arrays. */
  bytes (): number {
    let b = this.off.byteLength + this.len.byteLength + this.cap.byteLength
    for (const c of this.cols) b += c.byteLength
    return b
  }

  private relocate (node: number, newCap: number): void {
    const to = this.allocate(newCap)
    const from = this.off[node]
    const n = this.len[node]
    for (const c of this.cols) c.copyWithin(to, from, from + n)
    if (this.onMove !== undefined) for (let i = 0; i < n; i++) this.onMove(from + i, to + i)
    if (this.cap[node] > 0) this.release(from, this.cap[node])
    this.off[node] = to
    this.cap[node] = newCap
  }

  private allocate (size: number): number {
    const cls = Math.log2(size)
    const list = this.free[cls]
    if (list !== undefined && list.length > 0) return list.pop() as number
    const at = this.used
    this.used += size
    if (this.used > this.cols[0].length) {
      const n = Math.max(this.used, Math.ceil(this.cols[0].length * 1.5))
      this.cols = this.cols.map((c, i) => {
        const b = makeColumn(this.kinds[i], n)
        b.set(c)
        return b
      })
    }
    return at
  }

  private release (at: number, size: number): void {
    const cls = Math.log2(size)
    ;(this.free[cls] ??= []).push(at)
  }
}

export { grown }
