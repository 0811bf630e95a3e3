/**
 * Failures of the record store, each with the data a caller needs to act.
 */
import { MeritwalkError } from './errors.js'
import type { AuthorId } from './author-id.js'

/** Which budget refused a record. */
export type QuotaCode = 'QUOTA_AUTHOR' | 'QUOTA_TOTAL' | 'QUOTA_PENDING'

/** A valid record refused because a storage budget is used up (nothing was stored). */
export class QuotaError extends MeritwalkError<{ author: AuthorId, seq: number, limit: number }> {
  declare readonly code: QuotaCode
  constructor (code: QuotaCode, author: AuthorId, seq: number, limit: number) {
    const what = code === 'QUOTA_AUTHOR'
      ? `author ${author} reached the per-author limit of ${limit} records (store option maxRecordsPerAuthor)`
      : code === 'QUOTA_TOTAL'
        ? `the store holds its limit of ${limit} records and ${author} is not trusted (store option maxTotalRecords)`
        : `too many out-of-order records are waiting (limit ${limit}); sync the missing ranges first`
    super(code, `record ${author}#${seq} refused: ${what}`, { author, seq, limit })
  }
}

/** The store is closed (or was never opened). */
export class StoreClosedError extends MeritwalkError<{ dir: string }> {
  constructor (dir: string) {
    super('STORE_CLOSED', `the record store at ${dir} is closed`, { dir })
  }
}

/** LevelDB could not open the directory (most often: another process holds its lock). */
export class StoreOpenError extends MeritwalkError<{ dir: string, cause: string }> {
  constructor (dir: string, cause: string) {
    super('STORE_OPEN_FAILED', `cannot open the record store at ${dir} (${cause}); is another meritwalk process using this data directory?`, { dir, cause })
  }
}
