/**
 * What each service's history contributed to the person's play counts, kept in
 * `<data dir>/imports.json` (0600, written atomically): source → item → plays. An item's
 * count is the sum over sources of each source's latest import, so re-importing a file
 * (or a newer export of the same service) replaces that service's share instead of adding
 * it again, and histories from different services add up.
 */
import { readFile } from 'node:fs/promises'
import writeFileAtomic from 'write-file-atomic'
import { MeritwalkError } from '../src/errors.js'

type Ledger = Record<string, Record<string, number>>

export class ImportLedgerCorruptError extends MeritwalkError<{ file: string }> {
  constructor (file: string) {
    super('IMPORT_LEDGER_CORRUPT', `${file} is not a meritwalk import ledger; move it away (the next import of each service then counts from scratch)`, { file })
  }
}

export class ImportLedger {
  private queue: Promise<unknown> = Promise.resolve()

  private constructor (private readonly file: string, private ledger: Ledger) {}

  static async open (file: string): Promise<ImportLedger> {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new ImportLedger(file, {})
      throw err
    }
    try {
      const json = JSON.parse(text) as unknown
      if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('not an object')
      return new ImportLedger(file, json as Ledger)
    } catch {
      throw new ImportLedgerCorruptError(file)
    }
  }

  /**
   * Totals over every source if `source`'s counts of these items became `counts`; then,
   * once `apply` (which stores them) has succeeded, the ledger is written. Calls are
   * serialised, so two imports never compute totals from the same old ledger.
   */
  async record<T> (source: string, counts: Map<string, number>, apply: (totals: Map<string, number>) => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      const next: Ledger = { ...this.ledger, [source]: { ...this.ledger[source] } }
      for (const [item, n] of counts) next[source][item] = n
      const totals = new Map<string, number>()
      for (const item of counts.keys()) {
        let sum = 0
        for (const s of Object.values(next)) sum += s[item] ?? 0
        totals.set(item, sum)
      }
      const result = await apply(totals)
      await writeFileAtomic(this.file, JSON.stringify(next) + '\n', { mode: 0o600, fsync: true })
      this.ledger = next
      return result
    })
    this.queue = run.catch(() => {})
    return await run
  }
}
