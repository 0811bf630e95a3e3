/**
 * `meritwalk import | export`. Export writes every stored record as JSON lines (one
 * signed record per line; `bytes` is the canonical encoding in base64, the other fields
 * are for reading), then both records of every equivocation proof; import takes such a
 * file back, or a CSV of the person's plays.
 */
import { createWriteStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { once } from 'node:events'
import type { Writable } from 'node:stream'
import type { SingleBar } from 'cli-progress'
import { MAX_BULK_ENTRIES, MAX_IMPORT } from '../../node/rpc/limits.js'
import { MeritwalkError } from '../../src/errors.js'
import { withClient } from '../client.js'
import { defineCommand } from '../command.js'
import { FORMATS, type ImportFormat, type ListenFormat } from '../../src/history/kinds.js'
import type { Level } from '../listens/index.js'
import { PRIVACY_OPTIONS, privacyFlag } from './social.js'
import { printFields, printJson } from '../output.js'
import { UsageError } from '../parse.js'

/** Some records of an import were refused (invalid, over quota): exit 1 after reporting. */
export class ImportRejectedError extends MeritwalkError<{ rejected: number, firstReason: string }> {
  readonly exitCode = 1
  constructor (rejected: number, firstReason: string) {
    super('IMPORT_REJECTED', `${rejected} record(s) were refused by the daemon (first: ${firstReason})`, { rejected, firstReason })
  }
}

// Loaded by the commands that use them, not at start-up (every `meritwalk` call would pay).
async function progress (total: number, unit: string): Promise<SingleBar> {
  const { SingleBar } = await import('cli-progress')
  // cli-progress draws only on a TTY (noTTYOutput off), so pipes and tests get no noise.
  const bar = new SingleBar({ stream: process.stderr, format: `importing [{bar}] {value}/{total} ${unit} | {eta_formatted} left`, hideCursor: true, clearOnComplete: true })
  bar.start(total, 0)
  return bar
}

export const importCommand = defineCommand({
  usage: 'import <file>',
  describe: 'import your listening history (ListenBrainz JSON, Last.fm scrobbles CSV, Spotify extended streaming history, or a CSV item,count[,title]) or a `meritwalk export` file',
  json: true,
  options: [
    { flags: '--format <name>', describe: `force the format instead of detecting it: ${FORMATS.join(', ')}` },
    { flags: '--level <level>', describe: 'count listens per artist or per track (listening histories)', default: 'artist' },
    ...PRIVACY_OPTIONS
  ],
  examples: ['meritwalk import listens.json', 'meritwalk import scrobbles.csv --level track', 'meritwalk import Streaming_History_Audio_2023.json --private', 'meritwalk import plays.csv', 'meritwalk import backup.jsonl'],
  handler: async ({ dataDir, args, opts, json }) => {
    const file = args[0]
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (err) {
      throw new UsageError(file, `cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
    }
    // Never echo a binary file back: say what it is not.
    if (text.includes('\u0000') || text.includes('\uFFFD')) throw new UsageError(file, 'is not a text file: import takes a play history (CSV, Last.fm CSV, ListenBrainz or Spotify JSON) or a `meritwalk export` file')
    // Loaded with the command, not at every `meritwalk` start (csv-parse, SHA-256).
    const { detectFormat, parseFormat, parsePlays, parseRecordLines } = await import('../listens/index.js')
    const format: ImportFormat = parseFormat(opts.format) ?? detectFormat(text)
    const priv = privacyFlag(opts)
    if (format !== 'records' && format !== 'plays') {
      if (opts.level !== 'artist' && opts.level !== 'track') throw new UsageError('--level', 'must be artist or track', opts.level)
      await importListens(dataDir, file, text, format, opts.level, priv, json)
      return
    }
    if (format === 'records') {
      if (priv !== undefined) throw new UsageError('--private', 'does not apply to an export file: its records are already signed')
      const records = parseRecordLines(text, file)
      const totals = { records: records.length, accepted: 0, duplicates: 0, pending: 0, rejected: 0 }
      let firstReason = ''
      await withClient(dataDir, async c => {
        const bar = await progress(records.length, 'records')
        for (let i = 0; i < records.length; i += MAX_IMPORT) {
          const res = await c.call('records.import', { records: records.slice(i, i + MAX_IMPORT) })
          totals.accepted += res.accepted
          totals.duplicates += res.duplicates
          totals.pending += res.pending
          totals.rejected += res.rejected.length
          if (firstReason === '' && res.rejected.length > 0) firstReason = `${res.rejected[0].code}: ${res.rejected[0].message}`
          bar.update(Math.min(i + MAX_IMPORT, records.length))
        }
        bar.stop()
      })
      if (json) printJson(totals)
      else printFields(Object.entries(totals))
      if (totals.rejected > 0) throw new ImportRejectedError(totals.rejected, firstReason)
      return
    }
    const plays = parsePlays(text, file)
    let appended = 0
    await withClient(dataDir, async c => {
      const bar = await progress(plays.length, 'items')
      for (let i = 0; i < plays.length; i += MAX_BULK_ENTRIES) {
        appended += (await c.call('social.interactMany', { entries: plays.slice(i, i + MAX_BULK_ENTRIES), private: priv })).records
        bar.update(Math.min(i + MAX_BULK_ENTRIES, plays.length))
      }
      bar.stop()
    })
    if (json) printJson({ items: plays.length, records: appended })
    else process.stdout.write(`imported ${plays.length} items (${appended} signed records)\n`)
  }
})

/** A service's listens → play counts per item → social.importHistory in batches (the whole file is checked first). */
async function importListens (dataDir: string, file: string, text: string, format: ListenFormat, level: Level, priv: boolean | undefined, json: boolean): Promise<void> {
  const { countListens, parseListens } = await import('../listens/index.js')
  const { listens, skipped } = parseListens(format, text, file)
  const counts = countListens(listens, level)
  const totals = { format, level, listens: listens.length, skipped, items: counts.length, records: 0, private: 0 }
  await withClient(dataDir, async c => {
    const bar = await progress(counts.length, 'items')
    for (let i = 0; i < counts.length; i += MAX_BULK_ENTRIES) {
      const res = await c.call('social.importHistory', { source: format, entries: counts.slice(i, i + MAX_BULK_ENTRIES), private: priv })
      totals.records += res.records
      totals.private += res.private
      bar.update(Math.min(i + MAX_BULK_ENTRIES, counts.length))
    }
    bar.stop()
  })
  if (json) printJson(totals)
  else process.stdout.write(`imported ${totals.listens} ${format} listens as ${totals.items} ${level}s (${totals.private > 0 ? `${totals.private} kept private` : `${totals.records} signed records`}${skipped > 0 ? `; ${skipped} entries skipped: episodes or plays under 30 s` : ''})\n`)
}

export const exportCommand = defineCommand({
  usage: 'export',
  describe: 'write every stored record and equivocation proof as JSON lines (restorable with `meritwalk import`)',
  options: [{ flags: '--out <file>', describe: 'write to a file instead of stdout' }],
  examples: ['meritwalk export --out backup.jsonl'],
  handler: async ({ dataDir, opts }) => {
    const out: Writable = opts.out === undefined ? process.stdout : createWriteStream(opts.out as string, { mode: 0o600 })
    let count = 0
    let forks = 0
    const write = async (r: unknown): Promise<void> => {
      if (!out.write(JSON.stringify(r) + '\n')) await once(out, 'drain')
    }
    await withClient(dataDir, async c => {
      for await (const page of pages(async cursor => await c.call('records.export', { cursor, limit: 1000 }))) {
        for (const r of page.records) await write(r)
        count += page.records.length
      }
      // Both records of each fork, after every chain: importing them proves the fork again.
      for await (const page of pages(async cursor => await c.call('records.proofs', { cursor }))) {
        for (const p of page.proofs) for (const r of p.records) await write(r)
        forks += page.proofs.length
      }
    })
    if (out !== process.stdout) {
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => err == null ? resolve() : reject(err)))
      process.stderr.write(`exported ${count} records${forks > 0 ? ` and ${forks} equivocation proofs` : ''} to ${opts.out as string}\n`)
    }
  }
})

/** Every page of a cursor-paged RPC call, in order. */
async function * pages<P extends { cursor: string | null }> (get: (cursor: string | undefined) => Promise<P>): AsyncGenerator<P> {
  let cursor: string | undefined
  do {
    const page = await get(cursor)
    yield page
    cursor = page.cursor ?? undefined
  } while (cursor !== undefined)
}
