/**
 * The trust-weighted linear item model for one ego: DLAE (Steck, "Autoencoders that don't
 * overfit towards the identity", NeurIPS 2020), the closed-form sibling of EASE^R, fitted
 * on the rows of the people within the ego's trust horizon, each row weighted by the ego's
 * MeritRank trust, capped at 1.
 *
 *   G = Xᵀ W X,  Λ = λ I + p/(1 − p) · diag(G),  B = (G + Λ)⁻¹ G,  score = x_ego B
 *
 * Since B = I − (G + Λ)⁻¹ Λ, the ego's scores need one solve, not an inverse:
 * y = (G + Λ)⁻¹ x_ego and score_j = −Λ_jj · y_j for every item j the ego lacks. The solve
 * is preconditioned conjugate gradients (Jacobi) applying G as Xᵀ(W(X v)) from the sparse
 * rows, so memory is O(interactions in the horizon + items), never an items² matrix, and
 * a refresh after a change starts from the previous y (warm start).
 *
 * Why trust caps each row at 1 and scales rows below `horizon`: weight w_u =
 * min(1, t_u / horizon) with t_u the ego's MeritRank share of u (hits / walks). A Sybil
 * region behind one attack edge from an attacker a holds at most (1 − α)/α · (1 − β) · t_a
 * of MeritRank (MeritRank's bound), so however many identities it makes, its rows weigh
 * Σ w_s ≤ (1 − α)/α · (1 − β) · t_a / horizon together (`regionWeightBound`). An item only
 * that region (weight W) plays scores at most ‖x_ego‖₂ · W · √L / λ, L = longest profile
 * in the region (`regionScoreBound`): ‖(G + Λ)⁻¹‖₂ ≤ 1/λ and ‖G e_j‖₂ ≤ W · √L.
 */
import { InvalidOptionError } from './errors.js'

/** Knobs of the linear model. */
export interface LinearModelOptions {
  /** @default 20 — L2 regularisation λ (also the floor of every Λ_jj, hence the Sybil score bound's 1/λ). */
  lambda: number
  /** @default 0.6 — DLAE dropout share p: Λ adds p/(1 − p) · diag(G), EASE's zero-diagonal constraint done softly. */
  dropout: number
  /** @default 0.002 — MeritRank share (hits / walks) at which a person's row reaches full weight 1. */
  horizon: number
  /** @default 1e-4 — relative residual at which conjugate gradients stop. */
  tolerance: number
  /** @default 200 — iteration cap of one solve. */
  maxIterations: number
}

/** Defaults (Last.fm calibration, bench/lastfm.ts). */
export const defaultLinearModelOptions: LinearModelOptions = { lambda: 20, dropout: 0.6, horizon: 0.002, tolerance: 1e-4, maxIterations: 200 }

/** People's item sets as CSR rows (binary interactions). */
export interface ItemRows {
  users: number
  items: number
  /** Row u is userItem[userPtr[u] .. userPtr[u + 1]). */
  userPtr: Int32Array
  userItem: Int32Array
}

/** Result of one solve. */
export interface LinearSolve {
  /** Score per item (0 for the ego's own items and items nobody weighted plays). */
  scores: Float64Array
  /** y = (G + Λ)⁻¹ x_ego: the warm start of the next refresh. */
  solution: Float64Array
  iterations: number
  /** Final relative residual ‖r‖ / ‖x_ego‖. */
  residual: number
}

/** Checks every option (before any state changes). */
export function resolveLinearOptions (o: Partial<LinearModelOptions> = {}): LinearModelOptions {
  const r = { ...defaultLinearModelOptions, ...o }
  if (!(r.lambda > 0 && Number.isFinite(r.lambda))) throw new InvalidOptionError('lambda', r.lambda, 'a finite number > 0')
  if (!(r.dropout >= 0 && r.dropout < 1)) throw new InvalidOptionError('dropout', r.dropout, 'in [0, 1)')
  if (!(r.horizon > 0 && r.horizon <= 1)) throw new InvalidOptionError('horizon', r.horizon, 'in (0, 1]')
  if (!(r.tolerance > 0 && r.tolerance < 1)) throw new InvalidOptionError('tolerance', r.tolerance, 'in (0, 1)')
  if (!(Number.isInteger(r.maxIterations) && r.maxIterations >= 1)) throw new InvalidOptionError('maxIterations', r.maxIterations, 'an integer ≥ 1')
  return r
}

/** Row weights from a trust vector of MeritRank hits: min(1, hits / (walks · horizon)); the ego's own row weighs 1. */
export function rowWeights (trust: Float64Array, walks: number, horizon: number, ego: number): Float64Array {
  const w = new Float64Array(trust.length)
  const full = walks * horizon
  for (let u = 0; u < trust.length; u++) if (trust[u] > 0) w[u] = Math.min(1, trust[u] / full)
  w[ego] = 1
  return w
}

/** MeritRank's cap on a region's total row weight behind one attacker of share `attackerShare` (hits / walks). */
export function regionWeightBound (alpha: number, beta: number, attackerShare: number, horizon: number): number {
  return ((1 - alpha) / alpha) * (1 - beta) * attackerShare / horizon
}

/** Cap on the score of an item only a region of total weight `regionWeight` plays (profiles of at most `longest` items). */
export function regionScoreBound (egoItems: number, regionWeight: number, longest: number, lambda: number): number {
  return Math.sqrt(egoItems) * regionWeight * Math.sqrt(longest) / lambda
}

/**
 * The model's state for one ego: the weighted rows that matter (w > 0) and diag(G),
 * kept up to date incrementally as weights or rows change.
 */
export class LinearItemModel {
  readonly o: LinearModelOptions
  private rows: ItemRows
  private weights: Float64Array
  /** diag(G)_j = Σ_u w_u x_uj. */
  private readonly gramDiag: Float64Array
  /** Users with w > 0, the only rows a matvec visits. */
  private active: Int32Array

  constructor (rows: ItemRows, weights: Float64Array, options: Partial<LinearModelOptions> = {}) {
    this.o = resolveLinearOptions(options)
    this.rows = rows
    this.weights = Float64Array.from(weights)
    this.gramDiag = new Float64Array(rows.items)
    for (let u = 0; u < rows.users; u++) this.addRow(u, this.weights[u])
    this.active = activeUsers(this.weights)
  }

  /** Items in the model. */
  get items (): number { return this.rows.items }

  /** Bytes of the model's own arrays (the rows are shared with the caller). */
  get bytes (): number { return this.gramDiag.byteLength + this.weights.byteLength + this.active.byteLength }

  /** Σ_u w_u x_uj for item j (its weighted support). */
  support (j: number): number { return this.gramDiag[j] }

  /** New row weights (trust moved): diag(G) follows in O(Σ |row| of the changed users). */
  setWeights (weights: Float64Array): void {
    for (let u = 0; u < this.rows.users; u++) {
      const d = weights[u] - this.weights[u]
      if (d !== 0) this.addRow(u, d)
    }
    this.weights = Float64Array.from(weights)
    this.active = activeUsers(this.weights)
  }

  /** New rows (interactions changed; `changed` lists the users whose rows differ). */
  setRows (rows: ItemRows, changed: Iterable<number>): void {
    if (rows.items !== this.rows.items) throw new InvalidOptionError('rows.items', rows.items, `the model's ${this.rows.items} items`)
    for (const u of changed) this.addRow(u, -this.weights[u])
    this.rows = rows
    for (const u of changed) this.addRow(u, this.weights[u])
  }

  /** Scores for an ego holding `egoItems`, by conjugate gradients from `warm` (or zero). */
  solve (egoItems: ArrayLike<number>, warm?: Float64Array): LinearSolve {
    const n = this.rows.items
    const c = this.o.dropout / (1 - this.o.dropout)
    const lam = new Float64Array(n)
    const precond = new Float64Array(n)
    for (let j = 0; j < n; j++) {
      lam[j] = this.o.lambda + c * this.gramDiag[j]
      precond[j] = 1 / (this.gramDiag[j] + lam[j])
    }
    const b = new Float64Array(n)
    for (let k = 0; k < egoItems.length; k++) b[egoItems[k]] = 1
    const y = warm !== undefined && warm.length === n ? Float64Array.from(warm) : new Float64Array(n)
    const r = new Float64Array(n)
    const z = new Float64Array(n)
    const p = new Float64Array(n)
    const q = new Float64Array(n)
    const userTmp = new Float64Array(this.rows.users)
    this.apply(y, lam, q, userTmp)
    let bNorm = 0
    for (let j = 0; j < n; j++) { r[j] = b[j] - q[j]; bNorm += b[j] * b[j] }
    bNorm = Math.sqrt(bNorm)
    let rz = 0
    for (let j = 0; j < n; j++) { z[j] = r[j] * precond[j]; p[j] = z[j]; rz += r[j] * z[j] }
    let iterations = 0
    let residual = bNorm === 0 ? 0 : norm(r) / bNorm
    while (residual > this.o.tolerance && iterations < this.o.maxIterations) {
      this.apply(p, lam, q, userTmp)
      let pq = 0
      for (let j = 0; j < n; j++) pq += p[j] * q[j]
      const step = rz / pq
      let rz2 = 0
      for (let j = 0; j < n; j++) {
        y[j] += step * p[j]
        r[j] -= step * q[j]
        z[j] = r[j] * precond[j]
        rz2 += r[j] * z[j]
      }
      const ratio = rz2 / rz
      rz = rz2
      for (let j = 0; j < n; j++) p[j] = z[j] + ratio * p[j]
      iterations++
      residual = norm(r) / bNorm
    }
    const scores = new Float64Array(n)
    for (let j = 0; j < n; j++) if (b[j] === 0 && this.gramDiag[j] > 0) scores[j] = -lam[j] * y[j]
    return { scores, solution: y, iterations, residual }
  }

  // q = (G + Λ) v with G = Xᵀ W X from the active rows.
  private apply (v: Float64Array, lam: Float64Array, q: Float64Array, userTmp: Float64Array): void {
    const { userPtr, userItem } = this.rows
    for (let j = 0; j < q.length; j++) q[j] = lam[j] * v[j]
    for (let a = 0; a < this.active.length; a++) {
      const u = this.active[a]
      let s = 0
      for (let k = userPtr[u]; k < userPtr[u + 1]; k++) s += v[userItem[k]]
      userTmp[u] = s * this.weights[u]
    }
    for (let a = 0; a < this.active.length; a++) {
      const u = this.active[a]
      const s = userTmp[u]
      if (s === 0) continue
      for (let k = userPtr[u]; k < userPtr[u + 1]; k++) q[userItem[k]] += s
    }
  }

  private addRow (u: number, w: number): void {
    if (w === 0) return
    const { userPtr, userItem } = this.rows
    for (let k = userPtr[u]; k < userPtr[u + 1]; k++) this.gramDiag[userItem[k]] += w
  }
}

function activeUsers (w: Float64Array): Int32Array {
  const out: number[] = []
  for (let u = 0; u < w.length; u++) if (w[u] > 0) out.push(u)
  return Int32Array.from(out)
}

function norm (v: Float64Array): number {
  let s = 0
  for (let j = 0; j < v.length; j++) s += v[j] * v[j]
  return Math.sqrt(s)
}
