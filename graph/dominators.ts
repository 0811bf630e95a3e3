/**
 * Dominators of the ego's positive trust subgraph (Cooper, Harvey & Kennedy, "A Simple,
 * Fast Dominance Algorithm", 2001): the exact, sampling-free form of MeritRank's
 * connectivity decay. A node is ego-separated when its immediate dominator is not the ego:
 * one other node lies on every positive path from the ego to it.
 */
import type { Rows } from './rows.js'

/** Immediate dominators (-1 = not reachable over positive edges) and dominator-tree depths. */
export interface Dominators {
  ego: number
  idom: Int32Array
  depth: Int32Array
  /** Reachable nodes in DFS post-order (every dominator comes after the nodes it dominates). */
  order: Int32Array
}

/**
 * Calls fn(y) for each positive out-neighbour of x (decay never flips a sign, so the stored
 * weight decides), with the ego's bootstrap seeds standing in for its row.
 */
function forPositive (trust: Rows, ego: number, seeds: number[] | undefined, x: number, fn: (y: number) => void): void {
  if (x === ego && seeds !== undefined && seeds.length > 0) {
    for (const s of seeds) fn(s)
    return
  }
  const dst = trust.dst
  const w = trust.w
  for (let k = trust.start(x), to = trust.end(x); k < to; k++) if (w[k] > 0) fn(dst[k])
}

/** Dominator tree of everything the ego reaches over positive trust edges. */
export function egoDominators (trust: Rows, ego: number, nodes: number, seeds?: number[]): Dominators {
  // Post-order by iterative DFS over typed arrays (a node's cursor walks its row).
  const useSeeds = seeds !== undefined && seeds.length > 0
  const dst = trust.dst
  const w = trust.w
  const po = new Int32Array(nodes).fill(-1)
  const order = new Int32Array(nodes)
  let n = 0
  const visited = new Uint8Array(nodes)
  const stack = new Int32Array(nodes)
  const cursor = new Int32Array(nodes)
  let top = 0
  stack[0] = ego
  cursor[0] = 0
  visited[ego] = 1
  while (top >= 0) {
    const x = stack[top]
    let next = -1
    if (x === ego && useSeeds) {
      const list = seeds as number[]
      while (cursor[top] < list.length) {
        const y = list[cursor[top]++]
        if (visited[y] === 0) { next = y; break }
      }
    } else {
      const end = trust.degree(x)
      const base = trust.start(x)
      while (cursor[top] < end) {
        const k = base + cursor[top]++
        if (w[k] > 0 && visited[dst[k]] === 0) { next = dst[k]; break }
      }
    }
    if (next >= 0) {
      visited[next] = 1
      stack[++top] = next
      cursor[top] = 0
    } else {
      po[x] = n
      order[n++] = x
      top--
    }
  }
  // Predecessors among reachable nodes, as CSR indexed by post-order number.
  const predCount = new Int32Array(n + 1)
  for (let b = 0; b < n; b++) forPositive(trust, ego, seeds, order[b], y => { predCount[po[y] + 1]++ })
  for (let i = 0; i < n; i++) predCount[i + 1] += predCount[i]
  const preds = new Int32Array(predCount[n])
  const fill = predCount.slice(0, n)
  for (let b = 0; b < n; b++) forPositive(trust, ego, seeds, order[b], y => { preds[fill[po[y]]++] = b })
  // Iterate to the fixpoint in reverse post-order.
  const doms = new Int32Array(n).fill(-1)
  const root = n - 1
  doms[root] = root
  let changed = true
  while (changed) {
    changed = false
    for (let b = root - 1; b >= 0; b--) {
      let nd = -1
      for (let k = predCount[b]; k < predCount[b + 1]; k++) {
        const p = preds[k]
        if (doms[p] === -1) continue
        if (nd === -1) { nd = p; continue }
        let f1 = p; let f2 = nd
        while (f1 !== f2) {
          while (f1 < f2) f1 = doms[f1]
          while (f2 < f1) f2 = doms[f2]
        }
        nd = f1
      }
      if (nd !== doms[b]) { doms[b] = nd; changed = true }
    }
  }
  const idom = new Int32Array(nodes).fill(-1)
  const depth = new Int32Array(nodes)
  for (let b = root; b >= 0; b--) {
    const x = order[b]
    const d = order[doms[b]]
    idom[x] = d
    depth[x] = x === ego ? 0 : depth[d] + 1
  }
  return { ego, idom, depth, order: order.slice(0, n) }
}

/** True when a node other than the ego dominates `v` (ego-separated); unreachable → false. */
export function egoSeparated (dom: Dominators, v: number): boolean {
  if (v >= dom.idom.length) return false
  const d = dom.idom[v]
  return d !== -1 && d !== dom.ego
}

/** Nearest common dominator of a and b (both reachable). */
export function commonDominator (dom: Dominators, a: number, b: number): number {
  const { idom, depth } = dom
  while (depth[a] > depth[b]) a = idom[a]
  while (depth[b] > depth[a]) b = idom[b]
  while (a !== b) { a = idom[a]; b = idom[b] }
  return a
}

/**
 * Updates `dom` in place after a positive edge u → v was added (Alstrup & Lauridsen's
 * characterisation, searched by decreasing depth as in Georgiadis et al., "An experimental
 * study of dynamic dominators", 2012): with c = nca(u, v), a node w changes its immediate
 * dominator iff depth(c) + 1 < depth(w) and some path from v reaches w through nodes no
 * shallower than w; each such w gets idom c. Returns false when the edge makes new nodes
 * reachable — then the caller recomputes from scratch.
 */
export function dominatorsAfterInsert (dom: Dominators, trust: Rows, u: number, v: number): boolean {
  const { idom, depth, ego } = dom
  const reachable = (x: number): boolean => x === ego || (x < idom.length && idom[x] !== -1)
  if (!reachable(u)) return true
  if (!reachable(v)) return false
  if (v === ego) return true
  const c = commonDominator(dom, u, v)
  const floor = depth[c] + 1
  if (depth[v] <= floor) return true
  const buckets: number[][] = []
  const seen = new Set<number>([v])
  buckets[depth[v]] = [v]
  const affected: number[] = []
  const dst = trust.dst
  const w = trust.w
  for (let level = depth[v]; level > floor; level--) {
    const bucket = buckets[level]
    if (bucket === undefined) continue
    while (bucket.length > 0) {
      const z = bucket.pop() as number
      affected.push(z)
      // Nodes deeper than this level are passed through (not affected via this path);
      // nodes at or above it, still below c's children, are affected in their turn.
      const stack = [z]
      while (stack.length > 0) {
        const x = stack.pop() as number
        for (let k = trust.start(x), end = trust.end(x); k < end; k++) {
          const y = dst[k]
          if (w[k] <= 0 || depth[y] <= floor || seen.has(y) || !reachable(y)) continue
          seen.add(y)
          if (depth[y] > level) stack.push(y)
          else (buckets[depth[y]] ??= []).push(y)
        }
      }
    }
  }
  for (const z of affected) idom[z] = c
  const order = dom.order
  for (let b = order.length - 1; b >= 0; b--) {
    const x = order[b]
    if (x !== ego) depth[x] = depth[idom[x]] + 1
  }
  return true
}
