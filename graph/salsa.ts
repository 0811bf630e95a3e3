/**
 * Personalised SALSA by stored Monte-Carlo walks (docs/ARCHITECTURE.md §5.5): user → item → user … from
 * the ego, or with probability r from a trusted user drawn ∝ trust. At a user the walk
 * stops with probability `salsaStop`, else steps to an item ∝ affinity; at an item it steps to a
 * user ∝ affinity × trust^p among users the ego trusts (the `ItemView`). Item score = share
 * of item visits. Walks are encoded as ints: users ≥ 0, items as ~item (< 0).
 *
 * Item visits are counted in expectation (a Rao–Blackwell step): each user visit adds
 * (1 − salsaStop) × affinity(u, i) to every item i of u, not the one item the walk drew. The
 * expected visits, hence the shares, are those of the same chain, but with a high stop
 * probability most walks never draw an item, so counting draws would leave few samples.
 *
 * `sync` brings stored walks to a new law with the same coupling as MeritRank's update
 * (see meritrank.ts): the start and every step from a changed item are kept with
 * probability min(1, P'/P) or redrawn from (P' − P)⁺; at a user whose item row changed the
 * walk is cut and walked afresh from there. So after any batch of interaction and trust
 * changes the stored walks have exactly the law of fresh walks, while small trust shifts
 * (the usual case: a few hit counts move) redraw only a small share of steps.
 */
import type { Bipartite } from './bipartite.js'
import type { ItemView } from './item-view.js'
import type { Rng } from './rng.js'
import { VisitorIndex } from './visitors.js'
import type { WalkSample } from './web3recommend.js'

/** Everything that defines the walk's law for one ego at one moment. */
export interface SalsaLaw {
  ego: number
  /** Stop probability at each user visit. */
  salsaStop: number
  bip: Bipartite
  view: ItemView
  start: StartLaw
}

/** Where walks start: the ego, or a trusted user ∝ trust. */
export interface StartLaw {
  ego: number
  /** Probability of starting at a trusted user instead of the ego. */
  restart: number
  users: Int32Array
  cum: Float64Array
  trust: Float64Array
}

/**
 * The start law. When the ego's walks cannot get past its own items (it has none, or no
 * trusted user shares one), all walks start at trusted users; with nobody trusted all start
 * at the ego.
 */
export function startLaw (ego: number, trust: Float64Array, egoReachesOthers: boolean, restart: number): StartLaw {
  const users: number[] = []
  for (let u = 0; u < trust.length; u++) if (u !== ego && trust[u] > 0) users.push(u)
  const cum = new Float64Array(users.length)
  let s = 0
  for (let a = 0; a < users.length; a++) { s += trust[users[a]]; cum[a] = s }
  const r = users.length === 0 ? 0 : (egoReachesOthers ? restart : 1)
  return { ego, restart: r, users: Int32Array.from(users), cum, trust }
}

function startProb (law: StartLaw, x: number): number {
  if (x === law.ego) return 1 - law.restart
  if (law.users.length === 0 || !(law.trust[x] > 0)) return 0
  return law.restart * law.trust[x] / law.cum[law.cum.length - 1]
}

/** A start node drawn from the start law. */
export function sampleStart (law: StartLaw, rng: Rng): number {
  if (law.users.length === 0 || rng.next() >= law.restart) return law.ego
  const r = rng.next() * law.cum[law.cum.length - 1]
  let lo = 0; let hi = law.cum.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (law.cum[mid] > r) hi = mid
    else lo = mid + 1
  }
  return law.users[lo]
}

/** What changed since the walks' current law. */
export interface SalsaChanges {
  /** Users whose item rows changed (walks are cut at them). */
  rows: Set<number>
  /** Items whose item → user law changed. */
  items: Set<number>
  /** Whether the start law may have changed. */
  start: boolean
}

/** A set of SALSA walks with user visit counts and expected item visits. */
export class SalsaWalks implements WalkSample {
  readonly walks: number[][] = []
  readonly deadEnd: number[] = []
  readonly visitors = new VisitorIndex()
  /** Sampled visits per user, over all stored walks. */
  userVisits = new Float64Array(0)
  law: SalsaLaw
  private items: number
  private expected: { visits: Float64Array, total: number } | undefined
  private readonly rng: Rng

  constructor (law: SalsaLaw, walks: number, items: number, rng: Rng) {
    this.law = law
    this.rng = rng
    this.items = items
    for (let i = 0; i < walks; i++) {
      const nodes = [sampleStart(law.start, rng)]
      this.deadEnd.push(this.extend(nodes, true))
      this.walks.push(nodes)
      this.count(i, 1)
    }
  }

  /** Brings the walks to `law`; returns how many walks were redrawn from some point. */
  sync (law: SalsaLaw, changes: SalsaChanges, items: number): number {
    const old = this.law
    this.law = law
    this.items = Math.max(this.items, items)
    this.expected = undefined
    let ids: Iterable<number>
    if (changes.start) {
      ids = this.walks.keys()
    } else {
      const set = new Set<number>()
      for (const u of changes.rows) for (const id of this.visitors.walksThrough(u, this.walks)) set.add(id)
      for (const i of changes.items) {
        for (const id of this.visitors.walksThrough(~i, this.walks)) set.add(id)
      }
      ids = set
    }
    let redrawn = 0
    for (const id of Array.from(ids)) if (this.syncWalk(id, old, changes)) redrawn++
    return redrawn
  }

  private syncWalk (id: number, old: SalsaLaw, changes: SalsaChanges): boolean {
    const walk = this.walks[id]
    const rng = this.rng
    if (changes.start) {
      const before = startProb(old.start, walk[0])
      const after = startProb(this.law.start, walk[0])
      if (after < before && rng.next() * before >= after) {
        const x = this.residualStart(old.start)
        const nodes = [x]
        this.replace(id, nodes, true)
        return true
      }
    }
    const last = walk.length - 1
    for (let k = 0; k <= last; k++) {
      const x = walk[k]
      if (x >= 0) {
        if (!changes.rows.has(x)) continue
        if (k < last || this.deadEnd[id] === 1) {
          this.replace(id, walk.slice(0, k + 1), false)
          return true
        }
        return false
      }
      const item = ~x
      if (!changes.items.has(item)) continue
      if (k === last) {
        if (this.deadEnd[id] === 1 && this.law.view.total(item) > 0) {
          this.replace(id, walk.slice(0, k + 1), false)
          return true
        }
        return false
      }
      const y = walk[k + 1]
      const before = old.view.prob(item, y)
      const after = this.law.view.prob(item, y)
      if (after >= before || rng.next() * before < after) continue
      const prefix = walk.slice(0, k + 1)
      const z = this.residualStep(old.view, item)
      if (z < 0) {
        this.setWalk(id, prefix, 1)
      } else {
        prefix.push(z)
        this.replace(id, prefix, true)
      }
      return true
    }
    return false
  }

  /** A draw from (P' − P)⁺ of the start law: rejection from P', then an exact scan. */
  private residualStart (old: StartLaw): number {
    const now = this.law.start
    for (let t = 0; t < 64; t++) {
      const x = sampleStart(now, this.rng)
      const pn = startProb(now, x)
      if (this.rng.next() * pn >= startProb(old, x)) return x
    }
    const cands = [now.ego, ...now.users]
    const ws = cands.map(x => Math.max(0, startProb(now, x) - startProb(old, x)))
    return cands[pick(ws, this.rng)]
  }

  /** A draw from (P' − P)⁺ of an item's step law: rejection from P', then an exact scan. */
  private residualStep (old: ItemView, item: number): number {
    const now = this.law.view
    for (let t = 0; t < 64; t++) {
      const y = now.sample(item, this.rng)
      if (y < 0) return -1
      if (this.rng.next() * now.prob(item, y) >= old.prob(item, y)) return y
    }
    const cands = Array.from(now.likers(item))
    const ws = cands.map(y => Math.max(0, now.prob(item, y) - old.prob(item, y)))
    const k = pick(ws, this.rng)
    return k < 0 ? -1 : cands[k]
  }

  private replace (id: number, nodes: number[], coinFirst: boolean): void {
    const dead = this.extend(nodes, coinFirst)
    this.setWalk(id, nodes, dead)
  }

  private setWalk (id: number, nodes: number[], deadEnd: number): void {
    this.count(id, -1)
    this.walks[id] = nodes
    this.deadEnd[id] = deadEnd
    this.count(id, 1)
    this.visitors.rewritten(id, nodes)
  }

  /** Walks on from the last node; returns 1 if it ended at a dead end, 0 by the stop coin. */
  private extend (nodes: number[], coinFirst: boolean): number {
    const { salsaStop, bip, view } = this.law
    const rows = bip.users
    const rng = this.rng
    let x = nodes[nodes.length - 1]
    let coin = coinFirst || x < 0
    for (;;) {
      if (x >= 0) {
        if (coin && rng.next() < salsaStop) return 0
        const slot = rows.sample(x, rng, false)
        if (slot < 0) return 1
        x = ~rows.dst[slot]
      } else {
        x = view.sample(~x, rng)
        if (x < 0) return 1
      }
      coin = true
      nodes.push(x)
    }
  }

  /** Expected item visits of the stored walks: Σ over user visits of (1 − salsaStop) × affinity. */
  get itemVisits (): Float64Array { return this.expectedVisits().visits }
  get totalItemVisits (): number { return this.expectedVisits().total }

  /** For each item, the visited users it is expected to be reached from, with their weight. */
  via (items: number[]): Map<number, Map<number, number>> {
    const rows = this.law.bip.users
    const out = new Map<number, Map<number, number>>()
    for (const i of items) {
      const m = new Map<number, number>()
      const likers = this.law.bip.likersOf(i)
      const slots = this.law.bip.likerSlots(i)
      for (let j = 0; j < likers.length; j++) {
        const u = likers[j]
        const n = this.userVisits[u] ?? 0
        if (n > 0) m.set(u, n * rows.effective(u, slots[j]) / rows.absTotal[u])
      }
      out.set(i, m)
    }
    return out
  }

  private expectedVisits (): { visits: Float64Array, total: number } {
    if (this.expected !== undefined) return this.expected
    const rows = this.law.bip.users
    const go = 1 - this.law.salsaStop
    const visits = new Float64Array(Math.max(this.items, this.law.bip.itemCapacity))
    let total = 0
    for (let u = 0; u < this.userVisits.length; u++) {
      const n = this.userVisits[u]
      const deg = rows.degree(u)
      if (n === 0 || deg === 0 || !(rows.absTotal[u] > 0)) continue
      const m = n * go / rows.absTotal[u]
      for (let k = rows.start(u), end = k + deg; k < end; k++) visits[rows.dst[k]] += m * rows.effective(u, k)
      total += n * go
    }
    this.expected = { visits, total }
    return this.expected
  }

  /** Adds (1) or removes (-1) walk `id`'s user visits. */
  private count (id: number, sign: number): void {
    this.expected = undefined
    for (const x of this.walks[id]) {
      if (x < 0) continue
      if (x >= this.userVisits.length) {
        const v = new Float64Array(Math.max(x + 1, this.userVisits.length * 2, 64))
        v.set(this.userVisits)
        this.userVisits = v
      }
      this.userVisits[x] += sign
    }
  }
}

/** Index drawn ∝ weights (-1 when all are 0). */
export function pick (ws: number[], rng: Rng): number {
  let total = 0
  for (const w of ws) total += w
  if (total <= 0) return -1
  let r = rng.next() * total
  let last = -1
  for (let k = 0; k < ws.length; k++) {
    if (ws[k] <= 0) continue
    last = k
    r -= ws[k]
    if (r < 0) return k
  }
  return last
}
