/**
 * What waits for gossip validation, bounded per peer and in total. Peers are served in
 * turn, one message each, the peer served longest ago first (a peer with a queue of
 * messages does not hold up one with a single message), peers that have earned a positive
 * gossipsub score before others — with every fourth turn open to all, so nobody starves. What does not
 * fit is dropped at once as Ignore: not stored, not relayed, and not scored against the
 * sender (its message was not shown invalid). When the queue is full, a scored peer's
 * message displaces the newest message of the unscored peer with the most waiting.
 */

/** Queue bounds, in messages. */
export interface ValidationQueueLimits { perPeer: number, total: number }

/** Defaults: a message verifies in ~20 ms (256 records on a loaded core), so 64 are ~1.3 s of work. */
export const DEFAULT_VALIDATION_QUEUE: ValidationQueueLimits = { perPeer: 8, total: 64 }

interface Job<T> { run: () => Promise<T>, resolve: (v: T) => void, reject: (err: unknown) => void }

/** A fair, bounded, one-at-a-time queue of validation jobs keyed by peer. */
export class ValidationQueue<T> {
  private readonly waiting = new Map<string, Array<Job<T>>>()
  // The turn each peer was last served in: the longest-waiting peer goes next (forgotten
  // once a peer has nothing waiting and was served long enough ago not to matter).
  private readonly servedAt = new Map<string, number>()
  private total = 0
  private turns = 0
  private busy = false
  private droppedCount = 0

  constructor (private readonly limits: ValidationQueueLimits, private readonly score: (peer: string) => number, private readonly dropped: T) {}

  /** Run `job` for `peer` in its turn; resolves to `dropped` at once if there is no room. */
  async run (peer: string, job: () => Promise<T>): Promise<T> {
    const mine = this.waiting.get(peer) ?? []
    if (mine.length >= this.limits.perPeer || (this.total >= this.limits.total && !this.displaceFor(peer))) {
      this.droppedCount++
      return this.dropped
    }
    return await new Promise<T>((resolve, reject) => {
      mine.push({ run: job, resolve, reject })
      this.waiting.set(peer, mine)
      this.total++
      void this.pump()
    })
  }

  /** Messages dropped for want of room since start. */
  drops (): number {
    return this.droppedCount
  }

  /** Messages waiting now. */
  size (): number {
    return this.total
  }

  private displaceFor (peer: string): boolean {
    if (!(this.score(peer) > 0)) return false
    let victim: string | undefined
    for (const [p, jobs] of this.waiting) {
      if (!(this.score(p) > 0) && (victim === undefined || jobs.length > (this.waiting.get(victim)?.length ?? 0))) victim = p
    }
    if (victim === undefined) return false
    const jobs = this.waiting.get(victim) as Array<Job<T>>
    ;(jobs.pop() as Job<T>).resolve(this.dropped)
    if (jobs.length === 0) this.waiting.delete(victim)
    this.total--
    this.droppedCount++
    return true
  }

  private next (): [string, Job<T>] | undefined {
    const turn = ++this.turns
    const longestWaiting = (scoredOnly: boolean): string | undefined => {
      let best: string | undefined
      let bestAt = Infinity
      for (const p of this.waiting.keys()) {
        const at = this.servedAt.get(p) ?? -1
        if (at < bestAt && (!scoredOnly || this.score(p) > 0)) { best = p; bestAt = at }
      }
      return best
    }
    const pick = (turn % 4 !== 0 ? longestWaiting(true) : undefined) ?? longestWaiting(false)
    if (pick === undefined) return undefined
    const jobs = this.waiting.get(pick) as Array<Job<T>>
    const job = jobs.shift() as Job<T>
    if (jobs.length === 0) this.waiting.delete(pick)
    this.total--
    this.servedAt.set(pick, turn)
    // Bounded memory under rotating peer ids: only peers served recently are remembered.
    if (this.servedAt.size > 4 * this.limits.total) {
      for (const [p, at] of this.servedAt) if (!this.waiting.has(p) && at < turn - this.limits.total) this.servedAt.delete(p)
    }
    return [pick, job]
  }

  // One job at a time: concurrent validations would each take a slice of every event-loop
  // turn, and an RPC call would wait behind all of them.
  private async pump (): Promise<void> {
    if (this.busy) return
    this.busy = true
    try {
      for (let item = this.next(); item !== undefined; item = this.next()) {
        const job = item[1]
        try {
          job.resolve(await job.run())
        } catch (err) {
          job.reject(err)
        }
      }
    } finally {
      this.busy = false
    }
  }
}
