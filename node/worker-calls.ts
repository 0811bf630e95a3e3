/**
 * Request and reply over one worker thread: `call` posts a message tagged with an id and
 * resolves with the worker's reply carrying that id; `post` sends a message that gets no
 * reply, in order with the calls. The worker is referenced only while calls are in flight —
 * an idle worker must not keep a finished process alive, a busy one must — and a worker that
 * fails or exits fails every call in flight, and every later one, with `failure(reason)`.
 */
import { Worker, type Transferable } from 'node:worker_threads'

interface Waiting<R> { resolve: (reply: R) => void, reject: (err: Error) => void }

/** One worker thread answering tagged calls; see the module comment. */
export class WorkerCalls<Reply extends { id: number }> {
  private readonly worker: Worker
  private readonly waiting = new Map<number, Waiting<Reply>>()
  private nextId = 1
  private failed: Error | undefined

  constructor (url: URL, private readonly failure: (reason: string) => Error, workerData?: unknown) {
    this.worker = new Worker(url, { workerData })
    this.worker.on('message', (reply: Reply) => {
      const w = this.waiting.get(reply.id)
      this.waiting.delete(reply.id)
      if (this.waiting.size === 0) this.worker.unref()
      w?.resolve(reply)
    })
    this.worker.on('error', err => { this.fail(err.message) })
    this.worker.on('exit', code => { this.fail(`the worker exited (${code})`) })
    this.worker.unref()
  }

  /** Post `message` with a fresh id; resolves with the reply of the same id. */
  async call (message: object, transfer: Transferable[] = []): Promise<Reply> {
    if (this.failed !== undefined) throw this.failed
    const id = this.nextId++
    return await new Promise<Reply>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject })
      this.worker.ref()
      this.worker.postMessage({ ...message, id }, transfer)
    })
  }

  /** Post `message` with no reply (it is handled before any later call). */
  post (message: object): void {
    if (this.failed === undefined) this.worker.postMessage(message)
  }

  /** Whether the worker failed (calls throw). */
  broken (): boolean {
    return this.failed !== undefined
  }

  /** Stop the worker; calls in flight fail. */
  async close (): Promise<void> {
    this.failed ??= this.failure('closed')
    await this.worker.terminate()
  }

  private fail (reason: string): void {
    this.failed ??= this.failure(reason)
    for (const w of this.waiting.values()) w.reject(this.failed)
    this.waiting.clear()
  }
}
