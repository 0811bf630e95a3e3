/**
 * Fuzz targets of the files the CLI reads: plays CSVs and export files (`meritwalk
 * import`) and rank edge lists (`meritwalk rank`). A parser must either refuse with a
 * typed error or return only what the daemon will take — the import is checked whole
 * before anything is sent, so a bad line found later would leave a half-done import.
 */
import fc from 'fast-check'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MAX_RECORD_BYTES, MeritwalkError, signRecord, type Body } from '../../../src/index.js'
import { parsePlays, parseRecordLines } from '../../../cli/listens/index.js'
import { readInteractions, readTrust, RankInputError } from '../../../cli/rank/load.js'
import { UsageError } from '../../../cli/parse.js'
import { validateParams } from '../../../node/rpc/params.js'
import { methods } from '../../../node/rpc/index.js'
import { fuzzIdentity, type FuzzParams } from './pool.js'

const field = fc.oneof(
  fc.constantFrom('lastfm:artist:1', 'lastfm:artist:2', 'https://x.org/a', 'Radiohead', 'item', '"quoted, comma"', '', ' ', '#', '1e9', '1000000000', '-1', '2.5', 'NaN', 'x:\u0007'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.integer({ min: -10, max: 2e9 }).map(String)
)
const csv = fc.oneof(
  fc.array(fc.array(field, { minLength: 1, maxLength: 4 }).map(f => f.join(',')), { maxLength: 12 }).map(lines => lines.join('\n')),
  fc.string({ unit: 'binary', maxLength: 300 })
)

const interactMany = methods.find(m => m.name === 'social.interactMany')
const importMethod = methods.find(m => m.name === 'records.import')
const signer = fuzzIdentity(9)

/** What the daemon's own author would do with a body: sign it under the record rules. */
function daemonTakes (body: Body): boolean {
  try {
    signRecord(signer, { seq: 1, ts: 0, body }, { signer: 'native' })
    return true
  } catch {
    return false
  }
}

function expectTyped (err: unknown, type: new (...a: never[]) => MeritwalkError): void {
  if (!(err instanceof type)) throw err
}

/**
 * Plays CSVs: UsageError, or entries the daemon's params accept — and, with `recordRules`,
 * entries its record rules accept too (item ids namespaced, titles without control characters).
 */
export function fuzzPlaysCsv (p: FuzzParams, recordRules = true): void {
  fc.assert(fc.property(csv, text => {
    let plays
    try {
      plays = parsePlays(text, 'plays.csv')
    } catch (err) {
      expectTyped(err, UsageError)
      return
    }
    validateParams(interactMany!.params, { entries: plays.slice(0, 1000) })
    for (const e of recordRules ? plays : []) {
      if (!daemonTakes({ kind: 'interact', item: e.item, weight: e.weight })) throw new Error(`parsePlays passed ${JSON.stringify(e)}, which the daemon refuses`)
      if (e.title !== undefined && !daemonTakes({ kind: 'item', item: e.item, title: e.title })) throw new Error(`parsePlays passed title ${JSON.stringify(e.title)}, which the daemon refuses`)
    }
  }), p)
}

/** Export files: UsageError, or base64 strings records.import's params accept. */
export function fuzzRecordLines (p: FuzzParams): void {
  const line = fc.oneof(
    fc.base64String({ maxLength: 2000 }).map(b => JSON.stringify({ bytes: b })),
    fc.jsonValue({ maxDepth: 2 }).map(v => JSON.stringify(v)),
    fc.string({ maxLength: 40 }),
    fc.integer({ min: MAX_RECORD_BYTES - 2, max: 2 * MAX_RECORD_BYTES }).map(n => JSON.stringify({ bytes: Buffer.alloc(n, 7).toString('base64') }))
  )
  fc.assert(fc.property(fc.array(line, { minLength: 1, maxLength: 6 }).map(l => '{' + l.join('\n').slice(1)), text => {
    let lines
    try {
      lines = parseRecordLines(text, 'backup.jsonl')
    } catch (err) {
      expectTyped(err, UsageError)
      return
    }
    if (lines.length > 0) validateParams(importMethod!.params, { records: lines.slice(0, 500) })
  }), p)
}

/** Rank edge lists in files: RankInputError, or rows with ids and finite weights. */
export async function fuzzEdgeLists (p: FuzzParams): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'mw-fuzz-edges-'))
  let n = 0
  try {
    const tsv = fc.array(fc.array(field, { minLength: 1, maxLength: 4 }).map(f => f.join('\t')), { maxLength: 8 }).map(l => l.join('\n'))
    await fc.assert(fc.asyncProperty(fc.oneof(csv, tsv), async text => {
      const file = join(dir, `edges-${n++}.csv`)
      await writeFile(file, text)
      for (const read of [readTrust, readInteractions]) {
        let rows: Array<{ weight: number }>
        try {
          rows = read(file)
        } catch (err) {
          expectTyped(err, RankInputError)
          continue
        }
        if (rows.some(r => !Number.isFinite(r.weight))) throw new Error('a row with a non-finite weight')
      }
    }), p)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
