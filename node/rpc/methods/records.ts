/**
 * `records.*`: the raw signed logs. Export pages through every author's log in (author,
 * seq) order and `proofs` through the equivocation proofs; import hands canonical record
 * bytes to the store, which verifies each one (and proves a fork from a rival record), so
 * an export restores into any node, forks included.
 */
import { MAX_RECORD_BYTES } from '../../../src/index.js'
import type { SignedRecord } from '../../../src/index.js'
import { InvalidParamsError } from '../errors.js'
import { MAX_IMPORT, MAX_PAGE } from '../limits.js'
import { defineMethod } from '../method.js'
import { AUTHOR, recordToJson } from './shapes.js'

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/
const MAX_BASE64 = Math.ceil(MAX_RECORD_BYTES / 3) * 4

const list = defineMethod({
  name: 'records.list',
  describe: 'One author\'s records from a sequence number on (paged); `next` is the fromSeq of the following page, or null.',
  params: {
    author: AUTHOR,
    fromSeq: { type: 'number', integer: true, min: 1, optional: true },
    limit: { type: 'number', integer: true, min: 1, max: MAX_PAGE, optional: true }
  },
  handler: async ({ author, fromSeq = 1, limit = 100 }, { daemon }) => {
    const head = daemon.store.head(author)
    const records = head === undefined ? [] : await daemon.store.range(author, fromSeq, limit)
    const last = records.at(-1)?.seq
    return {
      author,
      head: head?.seq ?? null,
      records: records.map(recordToJson),
      next: last !== undefined && head !== undefined && last < head.seq ? last + 1 : null
    }
  }
})

/** Cursor = "<author>/<seq>": the last record returned (author ids never contain '/'). */
function parseCursor (cursor: string | undefined): { author: string, seq: number } | undefined {
  if (cursor === undefined) return undefined
  const m = /^([^/]+)\/(\d{1,15})$/.exec(cursor)
  if (m === null) throw new InvalidParamsError('cursor', 'is not a cursor returned by records.export', cursor)
  return { author: m[1], seq: Number(m[2]) }
}

const exportRecords = defineMethod({
  name: 'records.export',
  describe: 'Every stored record, a page at a time in (author, seq) order; pass back `cursor` until it is null.',
  params: {
    cursor: { type: 'string', maxLength: 200, optional: true },
    limit: { type: 'number', integer: true, min: 1, max: MAX_PAGE, optional: true }
  },
  handler: async ({ cursor, limit = 1000 }, { daemon }) => {
    const after = parseCursor(cursor)
    const store = daemon.store
    // The cursor's author (if it has records left), then the authors after it: O(page), no copy of every head.
    const resumed = after === undefined ? [] : [[after.author, store.head(after.author)] as const]
    const authors = [...resumed, ...store.headsAfter(after?.author ?? null, limit)]
    const page: SignedRecord[] = []
    for (const [author, head] of authors) {
      if (page.length >= limit) break
      let from = after !== undefined && author === after.author ? after.seq + 1 : 1
      const headSeq = head?.seq ?? 0
      while (from <= headSeq && page.length < limit) {
        const got = await daemon.store.range(author, from, limit - page.length)
        if (got.length === 0) break
        page.push(...got)
        from = got[got.length - 1].seq + 1
      }
    }
    const last = page.at(-1)
    const more = last !== undefined && (last.seq < (store.head(last.author)?.seq ?? 0) || store.headsAfter(last.author, 1).length > 0)
    return { records: page.map(recordToJson), cursor: more ? `${last.author}/${last.seq}` : null }
  }
})

const proofs = defineMethod({
  name: 'records.proofs',
  describe: 'Equivocation proofs, a page at a time in (author, seq) order: both records an author signed for one seq; pass back `cursor` until it is null.',
  params: {
    cursor: { type: 'string', maxLength: 200, optional: true },
    limit: { type: 'number', integer: true, min: 1, max: MAX_PAGE / 2, optional: true }
  },
  handler: async ({ cursor, limit = 500 }, { daemon }) => {
    const after = parseCursor(cursor)
    const all = (await daemon.store.equivocations())
      .sort((x, y) => x.author < y.author ? -1 : x.author > y.author ? 1 : x.seq - y.seq)
    const from = after === undefined ? 0 : all.findIndex(e => e.author > after.author || (e.author === after.author && e.seq > after.seq))
    const page = from < 0 ? [] : all.slice(from, from + limit)
    const last = page.at(-1)
    return {
      proofs: page.map(e => ({ author: e.author, seq: e.seq, records: [recordToJson(e.a), recordToJson(e.b)] })),
      cursor: last !== undefined && from + page.length < all.length ? `${last.author}/${last.seq}` : null
    }
  }
})

const importRecords = defineMethod({
  name: 'records.import',
  describe: `Store signed records (base64 canonical bytes, as in records.export), at most ${MAX_IMPORT} per call; each is verified, invalid ones are listed in \`rejected\`.`,
  params: {
    records: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_IMPORT,
      items: { type: 'string', maxLength: MAX_BASE64, describe: `base64 of one record's canonical bytes (≤ ${MAX_RECORD_BYTES} bytes)`, check: v => BASE64.test(v) ? undefined : 'is not base64' }
    }
  },
  handler: async ({ records }, { daemon }) => {
    // Verified on the daemon's workers, off the event loop; the store takes them as verified.
    const checked = await daemon.verifyRecords(records.map(b => new Uint8Array(Buffer.from(b, 'base64'))))
    const result = await daemon.store.append(checked.records)
    return {
      accepted: result.accepted.length,
      duplicates: result.duplicates,
      pending: result.pending.length,
      gaps: result.gaps,
      rejected: [...checked.rejected, ...result.rejected].map(r => ({ code: r.error.code, message: r.error.message })),
      equivocations: result.equivocations.map(e => ({ author: e.author, seq: e.seq }))
    }
  }
})

export const recordMethods = [list, exportRecords, proofs, importRecords] as const
