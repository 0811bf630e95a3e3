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
}

/** Out-neighbours over positive edges, with the ego's bootstrap seeds standing in for its row. */
function forPositive (trust: Rows, ego: number, seeds: number[] | undefined, x: number, fn: (y: number) => void): void {
  if (x === ego && seeds !== undefined && seeds.length > 0) {
    for (const s of seeds) fn(s)
    return
  }
  const deg = trust.degree(x)
  if (deg === 0) return
  const from = trust.arena.off[x]
  const dst = trust.dst
  for (let k = from; k < from + deg; k++) if (trust.effective(x, k) > 0) fn(dst[k])
}

/** Dominator tree of everything the ego reaches over positive trust edges. */
export function egoDominators (trust: Rows, ego: number, nodes: number, seeds?: number[]): Dominators {
  // Post-order by iterative DFS.
  const po = new Int32Array(nodes).fill(-1)
  const order: number[] = []
  const visited = new Uint8Array(nodes)
  const stack: number[] = [ego]
  visited[ego] = 1
  const pending = new Map<number, number[]>()
  while (stack.length > 0) {
    const x = stack[stack.length - 1]
    let next = pending.get(x)
    if (next === undefined) {
      next = []
      forPositive(trust, ego, seeds, x, y => { next?.push(y) })
      pending.set(x, next)
    }
    let pushed = false
    while (next.length > 0) {
      const y = next.pop() as number
      if (visited[y] === 0) {
        visited[y] = 1
        stack.push(y)
        pushed = true
        break
      }
    }
    if (!pushed) {
      stack.pop()
      pending.delete(x)
      po[x] = order.length
      order.push(x)
    }
  }
  // Predecessors among reachable nodes, as CSR indexed by post-order number.
  const n = order.length
  const predCount = new Int32Array(n + 1)
  for (const x of order) forPositive(trust, ego, seeds, x, y => { predCount[po[y] + 1]++ })
  for (let i = 0; i < n; i++) predCount[i + 1] += predCount[i]
  const preds = new Int32Array(predCount[n])
  const fill = predCount.slice(0, n)
  for (const x of order) forPositive(trust, ego, seeds, x, y => { preds[fill[po[y]]++] = po[x] })
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
  return { ego, idom, depth }
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
