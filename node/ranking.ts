/**
 * Keeps the ranking engine in step with the store: at start every stored record is applied
 * (the walk index is rebuilt from disk), then each append's newly accepted records are
 * applied as they land — one edge update each, never a recomputation. An equivocating
 * author is treated as untrusted: its edges and interactions leave the engine, trust in it
 * is dropped, and nothing it says later counts.
 */
import type { EdgeChange, EdgeState, RecordStore, SignedRecord, AppendResult } from '../src/index.js'
import type { Engine } from '../graph/index.js'

/** The store → engine wiring of one daemon. */
export class RankingIndex {
  private readonly equivocators = new Set<string>()

  constructor (private readonly store: RecordStore, private readonly edges: EdgeState, private readonly engine: Engine) {}

  /** Apply every stored record (start-up); returns how many were read. */
  async rebuild (): Promise<number> {
    for (const e of await this.store.equivocations()) this.equivocators.add(e.author)
    let n = 0
    for await (const r of this.store.records()) {
      this.applyRecord(r)
      n++
    }
    return n
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
    const change = this.edges.apply(r)
    if (change !== undefined) this.applyChange(change)
  }

  private applyChange (c: EdgeChange): void {
    switch (c.kind) {
      case 'trust':
        this.engine.setTrust(c.src, c.dst, this.equivocators.has(c.dst) ? 0 : c.weight, c.ts)
        return
      case 'interact':
        this.engine.setInteraction(c.user, c.item, c.weight, c.ts)
        return
      case 'item':
        // Metadata lives in EdgeState (itemMeta); the walk index has no use for titles.
    }
  }

  private distrust (author: string): void {
    if (this.equivocators.has(author)) return
    this.equivocators.add(author)
    for (const dst of this.edges.trust(author).keys()) this.engine.setTrust(author, dst, 0)
    for (const item of this.edges.interactions(author).keys()) this.engine.setInteraction(author, item, 0)
    // Trust others placed in the equivocator leaves the walk index too (a full scan of the
    // trusters, but equivocations are rare and each is handled once).
    for (const src of [...this.edges.trusters()]) {
      if (this.edges.trust(src).has(author)) this.engine.setTrust(src, author, 0)
    }
  }
}
