/**
 * Everything the engine keeps for one ego: stored MeritRank walks (updated on every trust
 * edge change), the dominator tree (recomputed lazily when positive trust structure
 * changed), and stored SALSA walks (brought up to date lazily at query time from the
 * interaction journal and the trust vector's changes).
 */
import { bootstrapSeeds, coldStartSeeds } from './bootstrap.js'
import { dominatorsAfterInsert, egoDominators, egoSeparated, type Dominators } from './dominators.js'
import { ItemView } from './item-view.js'
import { MeritRankWalks, type TrustChange } from './meritrank.js'
import type { Rng } from './rng.js'
import { SalsaWalks, startLaw, type SalsaChanges, type SalsaLaw } from './salsa.js'
import type { WalkIndex } from './walk-index.js'

/** Walk parameters of one ego's stored state. */
export interface EgoParams {
  alpha: number
  /** SALSA's stop probability per user visit. */
  salsaStop: number
  /** Whether SALSA's item → user steps may land on the ego. */
  egoReturns: boolean
  beta: number
  walks: number
  trustExponent: number
  restartToTrusted: number
  bootstrapSeeds: number
}

/** Trust as SALSA uses it: MeritRank hits (pos − neg)⁺ with connectivity decay. */
export function trustVector (mr: MeritRankWalks, dom: Dominators, users: number, beta: number): Float64Array {
  const t = new Float64Array(users)
  mr.forEachHit((v, pos, neg) => {
    const s = pos - neg
    if (s > 0) t[v] = egoSeparated(dom, v) ? s * (1 - beta) : s
  })
  return t
}

/** Ascending ids with positive trust. */
export function trustedUsers (t: Float64Array): Int32Array {
  const out: number[] = []
  for (let u = 0; u < t.length; u++) if (t[u] > 0) out.push(u)
  return Int32Array.from(out)
}

/** Builds the SALSA law for a trust vector (undefined trust = undefended: everyone, ∝ affinity). */
export function salsaLaw (index: WalkIndex, ego: number, t: Float64Array, p: EgoParams, undefended = false): SalsaLaw {
  const all = undefended ? Int32Array.from({ length: index.users.size }, (_, u) => u) : trustedUsers(t)
  const users = p.egoReturns ? all : all.filter(u => u !== ego)
  const view = ItemView.build(index.bip, index.items.size, users, undefended ? undefined : t, p.trustExponent)
  const start = startLaw(ego, t, reachesOthers(index, ego, view), p.restartToTrusted)
  return { ego, salsaStop: p.salsaStop, bip: index.bip, view, start }
}

/** Whether some item of the ego has a liker other than the ego in the item → user law. */
function reachesOthers (index: WalkIndex, ego: number, view: ItemView): boolean {
  const rows = index.bip.users
  for (let k = rows.start(ego), end = rows.end(ego); k < end; k++) {
    for (const u of view.likers(rows.dst[k])) if (u !== ego) return true
  }
  return false
}

/** Stored state of one ego. */
export class Ego {
  readonly id: number
  mr: MeritRankWalks
  private dom: Dominators | undefined
  private salsa: { walks: SalsaWalks, t: Float64Array, cursor: number } | undefined
  /** Journal position when the bootstrap seeds were chosen. */
  private seedsCursor = 0
  private readonly index: WalkIndex
  private readonly params: EgoParams
  private readonly rng: Rng

  constructor (index: WalkIndex, id: number, params: EgoParams, rng: Rng) {
    this.index = index
    this.id = id
    this.params = params
    this.rng = rng
    this.mr = this.walkTrust()
  }

  /** Whether the ego is walking through bootstrap seeds (it trusts nobody yet). */
  get bootstrapped (): boolean { return this.mr.seeds !== undefined }

  /** Applies one trust edge change to the stored walks. */
  onTrust (c: TrustChange): void {
    this.mr.ensure(this.index.users.size)
    // Dominators see only positive structure reachable from the ego: a weight change that
    // keeps the sign, or any change at a node the ego cannot reach, leaves them as they are.
    // An added positive edge updates the tree in place; a removed one means recomputing.
    const dom = this.dom
    if (dom !== undefined && (c.before > 0) !== (c.after > 0)) {
      const reachable = c.src === this.id || (c.src < dom.idom.length && dom.idom[c.src] !== -1)
      if (c.after > 0 ? !dominatorsAfterInsert(dom, this.index.trust, c.src, c.dst) : reachable) this.dom = undefined
    }
    if (c.src === this.id && this.bootstrapped) {
      // The ego's first real trust edge ends the bootstrap: its row changes wholesale.
      if (c.posAfter > 0) { this.mr = this.walkTrust(); this.salsa = undefined; this.dom = undefined }
      return
    }
    this.mr.update(c)
  }

  /**
   * A bootstrapped ego whose own plays changed since its seeds were chosen walks through
   * the people similar to its plays now (a node queried before its owner imported a play
   * history would otherwise keep the seeds of an empty or partial history).
   */
  refreshBootstrap (): void {
    if (!this.bootstrapped) return
    const journal = this.index.journalSince(this.seedsCursor)
    if (journal !== undefined && !journal.users.includes(this.id)) {
      this.seedsCursor = this.index.journalEnd
      return
    }
    const old = this.mr.seeds ?? []
    const seeds = bootstrapSeeds(this.index.bip, this.id, this.params.bootstrapSeeds)
    this.seedsCursor = this.index.journalEnd
    if (seeds.length === old.length && seeds.every((s, i) => s === old[i])) return
    this.mr = this.walkTrust()
    this.salsa = undefined
    this.dom = undefined
  }

  /** Dominators, recomputed only after a change that can move them (or when forced). */
  dominators (force = false): Dominators {
    if (this.dom === undefined || force) this.dom = egoDominators(this.index.trust, this.id, this.index.users.size, this.mr.seeds)
    return this.dom
  }

  /** Stored SALSA walks brought up to date with the index and `t` (β = the engine's). */
  salsaWalks (t: Float64Array): SalsaWalks {
    const index = this.index
    const law = (): SalsaLaw => salsaLaw(index, this.id, t, this.params)
    const s = this.salsa
    const journal = s === undefined ? undefined : index.journalSince(s.cursor)
    if (s === undefined || journal === undefined) {
      const walks = new SalsaWalks(law(), this.params.walks, index.items.size, this.rng)
      this.salsa = { walks, t, cursor: index.journalEnd }
      return walks
    }
    const rows = new Set(journal.users)
    const items = new Set(journal.items)
    const changedTrust: number[] = []
    const n = Math.max(t.length, s.t.length)
    for (let u = 0; u < n; u++) if ((t[u] ?? 0) !== (s.t[u] ?? 0)) changedTrust.push(u)
    // Walks only visit trusted users, and the item → user law lists only trusted likers:
    // interactions of untrusted users, with trust unchanged, change nothing the walks use.
    if (changedTrust.length === 0 && [...rows].every(u => !((t[u] ?? 0) > 0))) {
      s.cursor = index.journalEnd
      return s.walks
    }
    const urows = index.bip.users
    for (const u of [...rows, ...changedTrust]) {
      for (let k = urows.start(u), end = urows.end(u); k < end; k++) items.add(urows.dst[k])
    }
    const next = law()
    // A trusted user's row change can decide whether the ego reaches anyone (see startLaw).
    const start = changedTrust.length > 0 || rows.has(this.id) || next.start.restart !== s.walks.law.start.restart
    const changes: SalsaChanges = { rows, items, start }
    s.walks.sync(next, changes, index.items.size)
    this.salsa = { walks: s.walks, t, cursor: index.journalEnd }
    return s.walks
  }

  /** Fresh MeritRank walks (bootstrapping through similar users when the ego trusts nobody). */
  private walkTrust (): MeritRankWalks {
    const index = this.index
    this.seedsCursor = index.journalEnd
    const seeds = coldStartSeeds(index.trust, index.bip, this.id, this.params.bootstrapSeeds)
    return new MeritRankWalks(index.trust, this.id, index.users.size, { alpha: this.params.alpha, walks: this.params.walks }, this.rng, seeds)
  }
}
