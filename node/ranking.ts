/**
 * Keeps the ranking engine in step with the store: at start every stored record is applied
 * (the walk index is rebuilt from disk), then each append's newly accepted records are
 * applied as they land — one edge update each, never a recomputation. An equivocating
 * author is treated as untrusted: its edges and interactions leave the engine, trust in it
 * is dropped, and nothing it says later counts. The person's local controls act here too:
 * a muted author's interactions stay out of the walk index (their records are kept and
 * relayed; nothing is published), and the person's private interactions go in beside
 * the published ones, overriding the published value of the same item.
 */
import type { EdgeChange, EdgeState, RecordStore, SignedRecord, AppendResult } from '../src/index.js'
import type { Engine } from '../graph/index.js'

/** The local controls the index starts from (node/controls-file.ts holds them on disk). */
export interface RankingControls {
  /** This node's author id. */
  ego: string
  mutedAuthors: Iterable<string>
  /** The ego's private interactions: item → weight and when it was set. */
  private: Iterable<[string, { weight: number, ts: number }]>
}

/** The store → engine wiring of one daemon. */
export class RankingIndex {
  private readonly equivocators = new Set<string>()
  private readonly ego: string
  private readonly muted: Set<string>
  private readonly privateItems: Map<string, { weight: number, ts: number }>

  constructor (private readonly store: RecordStore, private readonly edges: EdgeState, private readonly engine: Engine,
    controls: RankingControls) {
    this.ego = controls.ego
    this.muted = new Set(controls.mutedAuthors)
    this.privateItems = new Map(controls.private)
  }

  /** Apply every stored record (start-up); returns how many were read. */
  async rebuild (): Promise<number> {
    for (const e of await this.store.equivocations()) this.equivocators.add(e.author)
    let n = 0
    for await (const r of this.store.records()) {
      this.applyRecord(r)
      n++
    }
    for (const [item, p] of this.privateItems) this.engine.setInteraction(this.ego, item, p.weight, p.ts)
    return n
  }

  /** Leave `author`'s interactions out of the ranking (the person muted them). */
  muteAuthor (author: string): void {
    if (this.muted.has(author)) return
    this.muted.add(author)
    for (const item of this.edges.interactions(author).keys()) this.engine.setInteraction(author, item, 0)
  }

  /** Bring a muted author's current interactions back. */
  unmuteAuthor (author: string): void {
    if (!this.muted.delete(author) || this.equivocators.has(author)) return
    for (const [item, weight] of this.edges.interactions(author)) this.setInteraction(author, item, weight)
  }

  /** Set (weight > 0) or clear (undefined) the ego's private interaction with `item`. */
  setPrivate (item: string, p: { weight: number, ts: number } | undefined): void {
    if (p === undefined) {
      if (!this.privateItems.delete(item)) return
      this.engine.setInteraction(this.ego, item, this.edges.interactions(this.ego).get(item) ?? 0)
      return
    }
    this.privateItems.set(item, p)
    this.engine.setInteraction(this.ego, item, p.weight, p.ts)
  }

  private setInteraction (user: string, item: string, weight: number, ts?: number): void {
    if (this.muted.has(user)) return
    // A private value of the ego's overrides what its log says about the same item.
    if (user === this.ego && this.privateItems.has(item)) return
    this.engine.setInteraction(user, item, weight, ts)
  }

  /** Apply what one append stored (the store's onAppend hook). */
  onAppend (result: AppendResult): void {
    for (const r of result.accepted) this.applyRecord(r)
    for (const e of result.equivocations) this.distrust(e.author)
  }

  /** Authors proven to have equivocated. */
  equivocatorCount (): number {
    return this.equivocators.size
  }

  private applyRecord (r: SignedRecord): void {
    if (this.equivocators.has(r.author)) return
    for (const change of this.edges.apply(r)) this.applyChange(change)
  }

  private applyChange (c: EdgeChange): void {
    switch (c.kind) {
      case 'trust':
        this.engine.setTrust(c.src, c.dst, this.equivocators.has(c.dst) ? 0 : c.weight, c.ts)
        return
      case 'interact':
        this.setInteraction(c.user, c.item, c.weight, c.ts)
        return
      case 'item':
        // Metadata lives in EdgeState (itemMeta); the walk index has no use for titles.
    }
  }

  /**
   * Take `author`'s trust and interactions out of the engine (it left the node's trust
   * horizon, node/scope.ts); EdgeState keeps them for `enterScope`.
   */
  leaveScope (author: string): void {
    for (const dst of this.edges.trust(author).keys()) this.engine.setTrust(author, dst, 0)
    for (const item of this.edges.interactions(author).keys()) this.engine.setInteraction(author, item, 0)
  }

  /** Put back what `leaveScope` took out (the author re-entered the horizon). */
  enterScope (author: string): void {
    if (this.equivocators.has(author)) return
    for (const [dst, weight] of this.edges.trust(author)) this.engine.setTrust(author, dst, this.equivocators.has(dst) ? 0 : weight)
    for (const [item, weight] of this.edges.interactions(author)) this.setInteraction(author, item, weight)
  }

  private distrust (author: string): void {
    if (this.equivocators.has(author)) return
    this.equivocators.add(author)
    this.leaveScope(author)
    // Trust others placed in the equivocator leaves the walk index too (a full scan of the
    // trusters, but equivocations are rare and each is handled once).
    for (const src of [...this.edges.trusters()]) {
      if (this.edges.trust(src).has(author)) this.engine.setTrust(src, author, 0)
    }
  }
}
