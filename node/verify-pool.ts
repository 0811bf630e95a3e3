/**
 * Ed25519 verification on worker threads, so a node verifies on every core and its event
 * loop stays free for RPC while a catch-up page or a gossip batch is checked. Only
 * signatures cross to the workers; decoding and every other rule, the key rule included,
 * stay on the main thread (src/record.ts checkRecord/acceptRecord). The workers (started
 * by `start()` or on first use) run libsodium's verification, which is the network's rule
 * exactly (docs/PROTOCOL.md §4); without libsodium there is no pool and records are
 * verified on the main thread.
 */
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { MeritwalkError, signatureBackend } from '../src/index.js'

/** A worker failed or the pool was closed; the caller verifies on its own thread instead. */
export class VerifyPoolError extends MeritwalkError<{ reason: string }> {
  constructor (reason: string) {
    super('VERIFY_POOL_FAILED', `signature verification pool: ${reason}`, { reason })
  }
}

/** One signature to check. */
export interface SignatureCheck { publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array }

const DEFAULT_MAX_WORKERS = 4

interface Job { resolve: (v: Uint8Array) => void, reject: (e: Error) => void }

/** A fixed set of verification workers; see the module comment. */
export class VerifyPool {
  private workers: Worker[] = []
  private readonly jobs = new Map<number, Job & { worker: Worker }>()
  private readonly busy = new Map<Worker, number>()
  private nextId = 0
  private next = 0
  private closed = false

  private constructor (readonly size: number) {}

  /**
   * A pool of `size` workers, or undefined when libsodium is not loaded or size < 1. The
   * default is one per core up to DEFAULT_MAX_WORKERS: each worker holds ~16 MB
   * (bench/core.ts), and four would verify ~70k records/s at this machine's per-core rate,
   * far beyond what gossip brings.
   */
  static create (size = Math.min(availableParallelism(), DEFAULT_MAX_WORKERS)): VerifyPool | undefined {
    if (signatureBackend !== 'libsodium' || !(size >= 1)) return undefined
    return new VerifyPool(Math.floor(size))
  }

  /** libsodium's verdict for each check, in order; split across the workers. */
  async verify (checks: SignatureCheck[]): Promise<boolean[]> {
    if (this.closed) throw new VerifyPoolError('closed')
    this.start()
    const per = Math.ceil(checks.length / this.size)
    const parts: Array<Promise<Uint8Array>> = []
    for (let from = 0; from < checks.length; from += per) parts.push(this.run(checks.slice(from, from + per)))
    const verdicts: boolean[] = []
    for (const part of await Promise.all(parts)) for (const v of part) verdicts.push(v === 1)
    return verdicts
  }

  /** Stop the workers; pending calls fail with VerifyPoolError. */
  async close (): Promise<void> {
    this.closed = true
    const workers = this.workers
    this.workers = []
    await Promise.all(workers.map(async w => await w.terminate()))
  }

  /** Start the workers now (a daemon does at start-up) rather than on the first batch. */
  start (): void {
    if (this.closed || this.workers.length > 0) return
    for (let i = 0; i < this.size; i++) {
      const w = new Worker(new URL('./verify-worker.mjs', import.meta.url))
      // Idle workers must not keep a finished process alive; busy ones must.
      w.unref()
      w.on('message', ({ id, verdicts }: { id: number, verdicts: Uint8Array }) => {
        const job = this.jobs.get(id)
        this.jobs.delete(id)
        this.settled(w)
        job?.resolve(verdicts)
      })
      const fail = (reason: string): void => {
        for (const [id, job] of this.jobs) {
          if (job.worker !== w) continue
          this.jobs.delete(id)
          this.settled(w)
          job.reject(new VerifyPoolError(reason))
        }
        // A failed pool is not restarted: the callers fall back to the main thread.
        this.closed = true
      }
      w.on('error', err => { fail(err.message) })
      w.on('exit', code => { fail(`worker exited (${code})`) })
      this.workers.push(w)
    }
  }

  private settled (w: Worker): void {
    const n = (this.busy.get(w) ?? 1) - 1
    this.busy.set(w, n)
    if (n === 0) w.unref()
  }

  private async run (checks: SignatureCheck[]): Promise<Uint8Array> {
    let bytes = 0
    for (const c of checks) bytes += 100 + c.message.length
    const packed = new Uint8Array(bytes)
    const view = new DataView(packed.buffer)
    let at = 0
    for (const c of checks) {
      packed.set(c.publicKey, at)
      packed.set(c.signature, at + 32)
      view.setUint32(at + 96, c.message.length)
      packed.set(c.message, at + 100)
      at += 100 + c.message.length
    }
    const worker = this.workers[this.next++ % this.workers.length]
    const id = this.nextId++
    return await new Promise<Uint8Array>((resolve, reject) => {
      this.jobs.set(id, { resolve, reject, worker })
      const n = this.busy.get(worker) ?? 0
      if (n === 0) worker.ref()
      this.busy.set(worker, n + 1)
      worker.postMessage({ id, count: checks.length, packed: packed.buffer }, [packed.buffer])
    })
  }
}
