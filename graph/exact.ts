/**
 * Exact referees on small graphs (≤ a few hundred nodes): the Markov chains the walks
 * sample, solved by linear algebra, and dominators by brute force. Monte-Carlo results are
 * held to these in tests; `meritwalk rank --exact` prints them.
 */

/** A trust graph as plain lists: node ids 0..nodes-1, edges [src, dst, effective weight]. */
export interface PlainTrust { nodes: number, edges: Array<[number, number, number]> }

/** Interactions as plain lists: edges [user, item, affinity weight before normalisation]. */
export interface PlainInteractions { users: number, items: number, edges: Array<[number, number, number]> }

/** Exact MeritRank of every node for one ego. */
export interface ExactMeritRank {
  /** P(a walk visits v before its negative tail) and P(visits v in the tail). */
  pos: Float64Array
  neg: Float64Array
  /** 1 when v is ego-separated (brute-force dominators over positive edges). */
  separated: Uint8Array
  /** (pos − neg) / (Σpos + Σneg), times (1 − β) when separated. */
  score: Float64Array
}

/** Inverse of a dense n×n row-major matrix (Gauss–Jordan; ours are diagonally dominant). */
function inverse (a: Float64Array, n: number): Float64Array {
  const m = Float64Array.from(a)
  const inv = new Float64Array(n * n)
  for (let i = 0; i < n; i++) inv[i * n + i] = 1
  for (let c = 0; c < n; c++) {
    let p = c
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]) > Math.abs(m[p * n + c])) p = r
    if (p !== c) {
      for (let k = 0; k < n; k++) {
        let t = m[c * n + k]; m[c * n + k] = m[p * n + k]; m[p * n + k] = t
        t = inv[c * n + k]; inv[c * n + k] = inv[p * n + k]; inv[p * n + k] = t
      }
    }
    const d = m[c * n + c]
    for (let k = 0; k < n; k++) { m[c * n + k] /= d; inv[c * n + k] /= d }
    for (let r = 0; r < n; r++) {
      if (r === c) continue
      const f = m[r * n + c]
      if (f === 0) continue
      for (let k = 0; k < n; k++) { m[r * n + k] -= f * m[c * n + k]; inv[r * n + k] -= f * inv[c * n + k] }
    }
  }
  return inv
}

/** Out-rows, with the ego's row replaced by its bootstrap seeds when given. */
function outRows (g: PlainTrust, ego: number, seeds?: number[]): Array<Array<[number, number]>> {
  const rows: Array<Array<[number, number]>> = Array.from({ length: g.nodes }, () => [])
  for (const [s, d, w] of g.edges) if (w !== 0) rows[s].push([d, w])
  // While bootstrapping, the seeds replace the ego's own row (see bootstrap.ts).
  if (seeds !== undefined && seeds.length > 0) rows[ego] = seeds.map(s => [s, 1])
  return rows
}

/** v is separated when removing some single node ≠ ego, v cuts every positive path to it. */
export function bruteForceSeparated (g: PlainTrust, ego: number, seeds?: number[]): Uint8Array {
  const rows = outRows(g, ego, seeds)
  const reach = (cut: number): Uint8Array => {
    const seen = new Uint8Array(g.nodes)
    const stack = [ego]
    seen[ego] = 1
    while (stack.length > 0) {
      const x = stack.pop() as number
      for (const [y, w] of rows[x]) {
        if (w > 0 && y !== cut && seen[y] === 0) { seen[y] = 1; stack.push(y) }
      }
    }
    return seen
  }
  const all = reach(-1)
  const out = new Uint8Array(g.nodes)
  for (let d = 0; d < g.nodes; d++) {
    if (d === ego || all[d] === 0) continue
    const r = reach(d)
    for (let v = 0; v < g.nodes; v++) if (v !== d && all[v] === 1 && r[v] === 0) out[v] = 1
  }
  return out
}

/**
 * Exact first-visit probabilities by the fundamental matrix: with G = (I − M)⁻¹ the
 * expected visits, P(hit v from s) = G[s,v] / G[v,v]. The positive phase has
 * M = (1 − α)·P⁺ (positive edges, normalised over all |w|); the tail has its own chain Q
 * (positive edges normalised over positive weight), entered by a negative step.
 */
export function exactMeritRank (g: PlainTrust, ego: number, opts: { alpha: number, beta: number, seeds?: number[] }): ExactMeritRank {
  const n = g.nodes
  const go = 1 - opts.alpha
  const rows = outRows(g, ego, opts.seeds)
  const a = new Float64Array(n * n)
  const q = new Float64Array(n * n)
  const neg = new Float64Array(n * n)
  for (let x = 0; x < n; x++) {
    let abs = 0; let pos = 0
    for (const [, w] of rows[x]) { abs += Math.abs(w); if (w > 0) pos += w }
    for (const [y, w] of rows[x]) {
      if (w > 0) a[x * n + y] += go * w / abs
      else neg[x * n + y] += go * -w / abs
      if (w > 0) q[x * n + y] += go * w / pos
    }
  }
  const identityMinus = (m: Float64Array): Float64Array => {
    const r = new Float64Array(n * n)
    for (let i = 0; i < n * n; i++) r[i] = -m[i]
    for (let i = 0; i < n; i++) r[i * n + i] += 1
    return r
  }
  const gp = inverse(identityMinus(a), n)
  const gq = inverse(identityMinus(q), n)
  // Expected arrivals into each tail state from the ego: e_ego · Gp · N (negative steps).
  const enter = new Float64Array(n)
  for (let x = 0; x < n; x++) {
    const gx = gp[ego * n + x]
    if (gx === 0) continue
    for (let y = 0; y < n; y++) enter[y] += gx * neg[x * n + y]
  }
  const posP = new Float64Array(n)
  const negP = new Float64Array(n)
  for (let v = 0; v < n; v++) {
    posP[v] = v === ego ? 1 : gp[ego * n + v] / gp[v * n + v]
    let tailVisits = 0
    for (let y = 0; y < n; y++) tailVisits += enter[y] * gq[y * n + v]
    negP[v] = tailVisits / gq[v * n + v]
  }
  let sum = 0
  for (let v = 0; v < n; v++) sum += posP[v] + negP[v]
  const separated = bruteForceSeparated(g, ego, opts.seeds)
  const score = new Float64Array(n)
  for (let v = 0; v < n; v++) score[v] = (posP[v] - negP[v]) / sum * (separated[v] === 1 ? 1 - opts.beta : 1)
  return { pos: posP, neg: negP, separated, score }
}

/** Options of the exact SALSA chain (same meaning as the engine's). */
export interface ExactSalsaOptions {
  /** Stop probability per user visit. */
  salsaStop: number
  /** Whether item → user steps may land on the ego. @default true */
  egoReturns?: boolean
  trustExponent: number
  restartToTrusted: number
  /** Ignore trust on item → user steps (the undefended baseline). */
  undefended?: boolean
}

/**
 * Expected visits of personalised SALSA walks, by summing the walk's state distribution
 * until it has died out: start at the ego (or, with probability r, at a user ∝ trust);
 * at a user stop with probability `salsaStop`, else go to an item ∝ affinity; at an item go to a user
 * ∝ affinity × trust^p among trusted users (the ego weighing 0 unless `egoReturns`).
 * Returns each item's share of all item visits.
 */
export function exactSalsa (g: PlainInteractions, ego: number, trust: Float64Array, opts: ExactSalsaOptions): { visits: Float64Array, share: Float64Array } {
  const userRows: Array<Array<[number, number]>> = Array.from({ length: g.users }, () => [])
  const itemRows: Array<Array<[number, number]>> = Array.from({ length: g.items }, () => [])
  const norm = new Float64Array(g.users)
  for (const [u, , w] of g.edges) norm[u] += w
  for (const [u, i, w] of g.edges) {
    const aff = w / norm[u]
    userRows[u].push([i, aff])
    const t = trust[u] ?? 0
    const allowed = u !== ego || opts.egoReturns !== false
    const weight = !allowed ? 0 : opts.undefended === true ? aff : (t > 0 ? aff * Math.pow(t, opts.trustExponent) : 0)
    if (weight > 0) itemRows[i].push([u, weight])
  }
  for (const row of itemRows) {
    const s = row.reduce((acc, [, w]) => acc + w, 0)
    for (const e of row) e[1] /= s
  }
  let x = new Float64Array(g.users)
  let others = 0
  for (let u = 0; u < g.users; u++) if (u !== ego && (trust[u] ?? 0) > 0) others += trust[u]
  // As the engine: walks start at trusted users when the ego's items lead to nobody else.
  const reaches = userRows[ego].some(([i]) => itemRows[i].some(([u]) => u !== ego))
  const r = others > 0 ? (reaches ? opts.restartToTrusted : 1) : 0
  x[ego] = 1 - r
  if (r > 0) for (let u = 0; u < g.users; u++) if (u !== ego && (trust[u] ?? 0) > 0) x[u] += r * trust[u] / others
  const visits = new Float64Array(g.items)
  for (let step = 0; step < 10_000; step++) {
    const atItems = new Float64Array(g.items)
    let mass = 0
    for (let u = 0; u < g.users; u++) {
      if (x[u] === 0) continue
      for (const [i, p] of userRows[u]) atItems[i] += x[u] * (1 - opts.salsaStop) * p
    }
    const next = new Float64Array(g.users)
    for (let i = 0; i < g.items; i++) {
      if (atItems[i] === 0) continue
      visits[i] += atItems[i]
      mass += atItems[i]
      for (const [u, p] of itemRows[i]) next[u] += atItems[i] * p
    }
    x = next
    if (mass < 1e-15) break
  }
  let total = 0
  for (const v of visits) total += v
  const share = visits.map(v => total > 0 ? v / total : 0)
  return { visits, share }
}
