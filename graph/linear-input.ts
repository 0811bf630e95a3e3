/**
 * What the trust-weighted linear model (linear.ts) needs for one ego, cut from the engine's
 * walk index: the rows of everyone in the ego's trust horizon (MeritRank > 0, the
 * bootstrap seeds' region for a cold-start ego) with their capped weights, over the items
 * those rows hold — compact, so it can be copied to a worker thread — and the explanation
 * of a recommended item from the same rows.
 */
import type { Dominators } from './dominators.js'
import { trustVector } from './ego.js'
import { rowWeights, type ItemRows } from './linear.js'
import type { MeritRankWalks } from './meritrank.js'
import type { WalkIndex } from './walk-index.js'

/** The model's input for one ego; row 0 is the ego. */
export interface LinearInput {
  /** Index ids of the rows' people (users[0] = the ego). */
  users: Int32Array
  /** Index ids of the model's items (column c is item items[c]). */
  items: Int32Array
  rows: ItemRows
  weights: Float64Array
  /** The ego's items as columns. */
  egoItems: Int32Array
}

/** Cut the ego's horizon out of the index: weights min(1, share / horizon) of MeritRank with connectivity decay β. */
export function linearInput (index: WalkIndex, mr: MeritRankWalks, dom: Dominators, beta: number, horizon: number): LinearInput {
  const ego = mr.ego
  const w = rowWeights(trustVector(mr, dom, index.users.size, beta), mr.params.walks, horizon, ego)
  const users = [ego]
  for (let u = 0; u < w.length; u++) if (u !== ego && w[u] > 0) users.push(u)
  const column = new Map<number, number>()
  const items: number[] = []
  const rows = index.bip.users
  const userPtr = new Int32Array(users.length + 1)
  const cells: number[] = []
  users.forEach((u, r) => {
    const from = rows.start(u)
    for (let k = from; k < from + rows.degree(u); k++) {
      const i = rows.dst[k]
      let c = column.get(i)
      if (c === undefined) { c = items.length; column.set(i, c); items.push(i) }
      cells.push(c)
    }
    userPtr[r + 1] = cells.length
  })
  return {
    users: Int32Array.from(users),
    items: Int32Array.from(items),
    rows: { users: users.length, items: items.length, userPtr, userItem: Int32Array.from(cells) },
    weights: Float64Array.from(users, u => w[u]),
    egoItems: Int32Array.from(cells.slice(0, userPtr[1]))
  }
}

/** Why a column was recommended: the ego's items it co-occurs with and the people (rows) who hold both, by weight. */
export interface LinearExplanation {
  /** Ego items (columns) and the weight of the people holding both. */
  items: Array<{ column: number, weight: number }>
  /** Rows (people) holding the column and at least one ego item, with their weight. */
  via: Array<{ row: number, weight: number }>
}

/** Explain each of `columns` from the rows in one pass: co-occurrence with the ego's items, weighted by trust. */
export function explainLinear (input: LinearInput, columns: readonly number[], limit: number): LinearExplanation[] {
  // Typed marks, not Maps: the scan touches every cell of the horizon once per query.
  const own = new Uint8Array(input.rows.items)
  for (const j of input.egoItems) own[j] = 1
  const at = new Int32Array(input.rows.items).fill(-1)
  columns.forEach((c, k) => { at[c] = k })
  const { userPtr, userItem } = input.rows
  const items = columns.map(() => new Map<number, number>())
  const via: Array<Array<{ row: number, weight: number }>> = columns.map(() => [])
  const hit: number[] = []
  const shared: number[] = []
  for (let r = 1; r < input.rows.users; r++) {
    hit.length = 0
    shared.length = 0
    for (let k = userPtr[r]; k < userPtr[r + 1]; k++) {
      const j = userItem[k]
      const a = at[j]
      if (a >= 0) hit.push(a)
      else if (own[j] === 1) shared.push(j)
    }
    if (hit.length === 0 || shared.length === 0) continue
    const w = input.weights[r]
    for (const a of hit) {
      via[a].push({ row: r, weight: w })
      for (const j of shared) items[a].set(j, (items[a].get(j) ?? 0) + w)
    }
  }
  return columns.map((_, a) => ({
    items: [...items[a]].map(([column, weight]) => ({ column, weight })).sort((x, y) => y.weight - x.weight || x.column - y.column).slice(0, limit),
    via: via[a].sort((x, y) => y.weight - x.weight || x.row - y.row).slice(0, limit)
  }))
}
