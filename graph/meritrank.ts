/**
 * MeritRank by stored Monte-Carlo walks from one ego over the trust graph, kept current
 * edge by edge (docs/ARCHITECTURE.md §5.2–5.3).
 *
 * A walk starts at the ego; at each node it stops with probability α, else steps along an
 * out-edge drawn ∝ |w|. The first negative step starts the walk's negative tail: from
 * then on only positive edges are followed and every node reached counts negatively.
 * pos(v) / neg(v) = number of walks that visit v at least once before / in the tail (the
 * ego is every walk's first node, so it is in every sum). Scores are normalised by the
 * caller: (pos − neg) / (Σpos + Σneg).
 *
 * Incremental update (Bahmani, Chowdhury & Goel, "Fast incremental and personalized
 * PageRank", VLDB 2010, generalised from edge additions to any change at a node u):
 * a walk is a sequence of independent draws; changing u's out-edges changes only the law
 * of the steps taken *from u*. For each stored walk through u, in order along the walk, a
 * step u → y recorded under the old law P is kept with probability min(1, P'(y)/P(y));
 * otherwise it is redrawn from the residual (P' − P)⁺ normalised, and everything after it
 * is walked afresh. Kept-or-redrawn is a maximal coupling, so each step from u has law
 * min(P, P') + (P' − P)⁺ = P' given the past; steps from other nodes and the stop coins
 * keep their laws; by induction over the walk the updated walk has exactly the law of a
 * fresh walk on the new graph. Walks that never visit u are untouched, and for an added
 * edge of weight w next to total W only a w/(W + w) share of u's steps is redrawn.
 */
import type { Rows } from './rows.js'
import type { Rng } from './rng.js'
import { VisitorIndex } from './visitors.js'

/** Parameters of one ego's walk set. */
export interface MeritRankParams {
  /** Stop probability per step. */
  alpha: number
  /** Number of walks. */
  walks: number
  /**
   * @default true — keep the walks so edge changes can update them; false only counts
   * hits (a one-off query: no walk storage, and `update` must not be called).
   */
  store?: boolean
}

/** One edge change at `src` in the trust rows, with the row totals before and after. */
export interface TrustChange {
  src: number
  dst: number
  /** Effective weights before / after (0 = absent). */
  before: number
  after: number
  absBefore: number
  absAfter: number
  posBefore: number
  posAfter: number
}

/** Stored MeritRank walks of one ego, with hit counts kept current. */
export class MeritRankWalks {
  readonly ego: number
  readonly params: MeritRankParams
  readonly walks: number[][] = []
  /** Index in the walk of the first node of the negative tail (= length when none). */
  readonly negStart: number[] = []
  /** 1 when the walk ended because no edge could be followed (not by the stop coin). */
  readonly deadEnd: number[] = []
  readonly visitors = new VisitorIndex()
  pos: Float64Array
  neg: Float64Array
  /** Σpos + Σneg. */
  total = 0
  private seen: Int32Array
  private stamp = 0
  private readonly trust: Rows
  private readonly rng: Rng
  /** Virtual out-edges replacing the ego's row while it trusts nobody (cold-start bootstrap). */
  readonly seeds: number[] | undefined

  constructor (trust: Rows, ego: number, nodes: number, params: MeritRankParams, rng: Rng, seeds?: number[]) {
    this.trust = trust
    this.ego = ego
    this.params = params
    this.rng = rng
    this.seeds = seeds !== undefined && seeds.length > 0 ? seeds : undefined
    this.pos = new Float64Array(nodes)
    this.neg = new Float64Array(nodes)
    this.seen = new Int32Array(nodes)
    const store = params.store ?? true
    const scratch: number[] = []
    for (let i = 0; i < params.walks; i++) {
      const nodes = store ? [ego] : scratch
      if (!store) { scratch.length = 0; scratch.push(ego) }
      const end = this.extend(nodes, 1, false, true)
      this.countWalk(nodes, end.negStart, 1)
      if (!store) continue
      this.walks.push(nodes)
      this.negStart.push(end.negStart)
      this.deadEnd.push(end.deadEnd)
    }
  }

  /** Makes node ids below `n` valid for counting. */
  ensure (n: number): void {
    if (n <= this.pos.length) return
    const m = Math.max(n, this.pos.length * 2)
    const grow = <T extends Float64Array | Int32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(m)
      b.set(a)
      return b
    }
    this.pos = grow(this.pos)
    this.neg = grow(this.neg)
    this.seen = grow(this.seen)
  }

  /** Applies one edge change; returns how many walks were redrawn from some step. */
  update (c: TrustChange): number {
    // No walk has visited src: nothing to cut (and no need to build the visitor index).
    if (c.src >= this.pos.length || (this.pos[c.src] === 0 && this.neg[c.src] === 0)) return 0
    let redrawn = 0
    for (const id of this.visitors.walksThrough(c.src, this.walks)) {
      if (this.updateWalk(id, c)) redrawn++
    }
    return redrawn
  }

  private updateWalk (id: number, c: TrustChange): boolean {
    const walk = this.walks[id]
    const ns = this.negStart[id]
    const last = walk.length - 1
    for (let k = 0; k <= last; k++) {
      if (walk[k] !== c.src) continue
      const inTail = k >= ns
      const totalBefore = inTail ? c.posBefore : c.absBefore
      const totalAfter = inTail ? c.posAfter : c.absAfter
      if (k === last) {
        // Only a dead end can resume: its stop coin said "go on" but nothing could be followed.
        if (this.deadEnd[id] === 1 && totalAfter > 0) {
          this.replace(id, walk.slice(0, k + 1), ns, inTail, false)
          return true
        }
        return false
      }
      const y = walk[k + 1]
      const negStep = !inTail && k + 1 === ns
      const pBefore = this.outcome(y, negStep, inTail, c.dst, c.before, totalBefore)
      const pAfter = this.outcome(y, negStep, inTail, c.dst, c.after, totalAfter)
      if (pAfter >= pBefore || this.rng.next() * pBefore < pAfter) continue
      this.redraw(id, k, c, inTail, totalBefore, totalAfter)
      return true
    }
    return false
  }

  /** Probability of the recorded step (to y, negative or not) under one law of src's row. */
  private outcome (y: number, negStep: boolean, inTail: boolean, changed: number, wChanged: number, total: number): number {
    if (total <= 0) return 0
    // Unchanged edge: only the normaliser differs between the two laws (its weight cancels).
    if (y !== changed) return 1 / total
    if (inTail) return wChanged > 0 ? wChanged / total : 0
    if (negStep) return wChanged < 0 ? -wChanged / total : 0
    return wChanged > 0 ? wChanged / total : 0
  }

  private redraw (id: number, k: number, c: TrustChange, inTail: boolean, totalBefore: number, totalAfter: number): void {
    const walk = this.walks[id]
    const prefix = walk.slice(0, k + 1)
    const ns = this.negStart[id]
    // Residual (P' − P)⁺ has two parts: the changed edge itself, and the unchanged edges
    // (which all gain the same factor when the row's total shrank).
    const eligible = (w: number): number => inTail ? Math.max(0, w) : Math.abs(w)
    const sameSign = (a: number, b: number): boolean => (a > 0 && b > 0) || (a < 0 && b < 0)
    const beforeShare = totalBefore > 0 && sameSign(c.before, c.after) ? eligible(c.before) / totalBefore : 0
    const afterShare = totalAfter > 0 ? eligible(c.after) / totalAfter : 0
    const massChanged = Math.max(0, afterShare - beforeShare)
    const rest = totalAfter - eligible(c.after)
    const massRest = totalAfter > 0 && totalBefore > 0 ? Math.max(0, rest * (1 / totalAfter - 1 / totalBefore)) : 0
    if (massChanged + massRest <= 0) {
      this.setWalk(id, prefix, inTail ? ns : prefix.length, 1)
      return
    }
    let y: number
    let neg = false
    if (this.rng.next() * (massChanged + massRest) < massChanged) {
      y = c.dst
      neg = !inTail && c.after < 0
    } else {
      const slot = this.trust.sample(c.src, this.rng, inTail, this.trust.find(c.src, c.dst))
      if (slot < 0) {
        this.setWalk(id, prefix, inTail ? ns : prefix.length, 1)
        return
      }
      y = this.trust.dst[slot]
      neg = !inTail && this.trust.weight(slot) < 0
    }
    prefix.push(y)
    const tail = inTail || neg
    this.replace(id, prefix, inTail ? ns : (neg ? prefix.length - 1 : prefix.length), tail, true)
  }

  /** Continues `nodes` from its last node and stores it as walk `id`. */
  private replace (id: number, nodes: number[], negStart: number, inTail: boolean, coinFirst: boolean): void {
    const end = this.extend(nodes, negStart, inTail, coinFirst)
    this.setWalk(id, nodes, end.negStart, end.deadEnd)
  }

  private setWalk (id: number, nodes: number[], negStart: number, deadEnd: number): void {
    this.countWalk(this.walks[id], this.negStart[id], -1)
    this.walks[id] = nodes
    this.negStart[id] = negStart
    this.deadEnd[id] = deadEnd
    this.countWalk(nodes, negStart, 1)
    this.visitors.rewritten(id, nodes)
  }

  /** Calls fn(v, pos, neg) for every node some walk has hit. */
  forEachHit (fn: (v: number, pos: number, neg: number) => void): void {
    const { pos, neg } = this
    for (let v = 0; v < pos.length; v++) if (pos[v] !== 0 || neg[v] !== 0) fn(v, pos[v], neg[v])
  }

  /**
   * Walks on from the last node of `nodes` (in the tail or not). With `coinFirst` false the
   * first stop coin is taken as already drawn "go on" (resuming a dead end or a redrawn step).
   * `negStart` is the tail start so far, or a value ≥ length meaning "no tail yet".
   */
  private extend (nodes: number[], negStart: number, inTail: boolean, coinFirst: boolean): { negStart: number, deadEnd: number } {
    const alpha = this.params.alpha
    const rng = this.rng
    const trust = this.trust
    const dst = trust.dst
    const w = trust.w
    const seeds = this.seeds
    const ego = this.ego
    let ns = inTail ? negStart : Infinity
    let x = nodes[nodes.length - 1]
    let coin = coinFirst
    let deadEnd = 0
    for (;;) {
      if (coin && rng.next() < alpha) break
      coin = true
      let y: number
      if (x === ego && seeds !== undefined) {
        y = seeds[Math.floor(rng.next() * seeds.length)]
      } else {
        const slot = trust.sample(x, rng, inTail)
        if (slot < 0) { deadEnd = 1; break }
        y = dst[slot]
        if (!inTail && w[slot] < 0) {
          inTail = true
          ns = nodes.length
        }
      }
      nodes.push(y)
      x = y
    }
    this.ended.negStart = Math.min(ns, nodes.length)
    this.ended.deadEnd = deadEnd
    return this.ended
  }

  /** Reused result of `extend` (walks are extended one at a time). */
  private readonly ended = { negStart: 0, deadEnd: 0 }

  /** Adds (sign 1) or removes (-1) one walk's hits. */
  private countWalk (walk: number[], ns: number, sign: number): void {
    const seen = this.seen
    let stamp = ++this.stamp
    for (let k = 0; k < walk.length; k++) {
      if (k === ns) stamp = ++this.stamp
      const v = walk[k]
      if (seen[v] === stamp) continue
      seen[v] = stamp
      if (k < ns) this.pos[v] += sign
      else this.neg[v] += sign
      this.total += sign
    }
  }
}
