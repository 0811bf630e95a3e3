/**
 * What each service's history contributed to the person's play counts, kept in
 * `<data dir>/imports.json` (0600, written atomically): source → item → plays. An item's
 * count is the sum over sources of each source's latest import, so re-importing a file
 * (or a newer export of the same service) replaces that service's share instead of adding
 * it again, and histories from different services add up. It also keeps which name-only
 * item (`music:artist:radiohead`) is an MBID item (`mbid:artist:a74b…`) under another
 * name, learned from imports that carry both (under the key `#aliases`, which no source
 * name can be): the plays of both count as the MBID item's, whichever was imported first.
 */
import { readFile } from 'node:fs/promises'
import writeFileAtomic from 'write-file-atomic'
import { MeritwalkError } from '../src/errors.js'

type Ledger = Record<string, Record<string, number>>
type Aliases = Record<string, string>

const ALIASES = '#aliases'

export class ImportLedgerCorruptError extends MeritwalkError<{ file: string }> {
  constructor (file: string) {
    super('IMPORT_LEDGER_CORRUPT', `${file} is not a meritwalk import ledger; move it away (the next import of each service then counts from scratch)`, { file })
  }
}

export class ImportLedger {
  private queue: Promise<unknown> = Promise.resolve()

  private constructor (private readonly file: string, private ledger: Ledger, private aliases: Aliases) {}

  static async open (file: string): Promise<ImportLedger> {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new ImportLedger(file, {}, {})
      throw err
    }
    try {
      const json = JSON.parse(text) as unknown
      if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('not an object')
      const { [ALIASES]: aliases = {}, ...ledger } = json as Record<string, unknown>
      return new ImportLedger(file, ledger as Ledger, aliases as Aliases)
    } catch {
      throw new ImportLedgerCorruptError(file)
    }
  }

  /**
   * Totals over every source if `source`'s counts of these items became `counts` and the
   * name items of `aliases` (name id → MBID item) were known to be those MBID items: each
   * MBID item counts its name items' plays too, and an aliased name item totals 0 (its
   * earlier count, if published, is withdrawn). Once `apply` (which stores them) has
   * succeeded, the ledger is written. Calls are serialised, so two imports never compute
   * totals from the same old ledger.
   */
  async record<T> (source: string, counts: Map<string, number>, aliases: Map<string, string>, apply: (totals: Map<string, number>) => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      const next: Ledger = { ...this.ledger, [source]: { ...this.ledger[source] } }
      for (const [item, n] of counts) next[source][item] = n
      // The first MBID item a name was seen with keeps it (as within one file).
      const known: Aliases = { ...this.aliases }
      const learned = [...aliases].filter(([name, item]) => name !== item && known[name] === undefined)
      for (const [name, item] of learned) known[name] = item
      const canonical = (item: string): string => known[item] ?? item
      const affected = new Set([...counts.keys()].map(canonical))
      for (const [, item] of learned) affected.add(item)
      const totals = new Map<string, number>()
      for (const item of [...counts.keys(), ...learned.map(([name]) => name)]) if (canonical(item) !== item) totals.set(item, 0)
      for (const item of affected) totals.set(item, 0)
      for (const s of Object.values(next)) {
        for (const [item, n] of Object.entries(s)) {
          const c = canonical(item)
          if (affected.has(c)) totals.set(c, (totals.get(c) ?? 0) + n)
        }
      }
      const result = await apply(totals)
      await writeFileAtomic(this.file, JSON.stringify({ ...next, [ALIASES]: known }) + '\n', { mode: 0o600, fsync: true })
      this.ledger = next
      this.aliases = known
      return result
    })
    this.queue = run.catch(() => {})
    return await run
  }
}
