/**
 * Failures of the record store, each with the data a caller needs to act.
 */
import { MeritwalkError } from './errors.js'
import type { AuthorId } from './author-id.js'

/** Which budget refused a record. */
export type QuotaCode = 'QUOTA_AUTHOR' | 'QUOTA_TOTAL' | 'QUOTA_STRANGERS' | 'QUOTA_PENDING' | 'QUOTA_PENDING_BYTES'

/** A valid record refused because a storage budget is used up (nothing was stored). */
export class QuotaError extends MeritwalkError<{ author: AuthorId, seq: number, limit: number }> {
  declare readonly code: QuotaCode
  constructor (code: QuotaCode, author: AuthorId, seq: number, limit: number) {
    const what = {
      QUOTA_AUTHOR: `author ${author} reached the per-author limit of ${limit} records (store option maxRecordsPerAuthor)`,
      QUOTA_TOTAL: `the store holds its limit of ${limit} records and ${author} is not trusted (store option maxTotalRecords)`,
      QUOTA_STRANGERS: `the store holds its limit of ${limit} records from strangers (authors the person's trust does not reach) and ${author} is one (store option maxStrangerRecords); records of trusted authors still get in`,
      QUOTA_PENDING: `too many out-of-order records are waiting (limit ${limit}); sync the missing ranges first`,
      QUOTA_PENDING_BYTES: `the out-of-order records waiting hold their limit of ${limit} bytes; sync the missing ranges first`
    }[code]
    super(code, `record ${author}#${seq} refused: ${what}`, { author, seq, limit })
  }
}

/** The store is closed (or was never opened). */
export class StoreClosedError extends MeritwalkError<{ dir: string }> {
  constructor (dir: string) {
    super('STORE_CLOSED', `the record store at ${dir} is closed`, { dir })
  }
}

/** LevelDB could not open the directory for a reason that is neither damage nor a full disk. */
export class StoreOpenError extends MeritwalkError<{ dir: string, cause: string }> {
  constructor (dir: string, cause: string) {
    const hint = cause === 'LEVEL_LOCKED'
      ? 'another process has it open (a meritwalk daemon or repair on this data directory); stop it first'
      : 'check that the directory exists and this user may read and write it'
    super('STORE_OPEN_FAILED', `cannot open the record store at ${dir} (${cause}): ${hint}`, { dir, cause })
  }
}

/** The store's files are damaged (a lost CURRENT file, a corrupt table): it was not opened, and nothing was changed. */
export class StoreDamagedError extends MeritwalkError<{ dir: string, cause: string }> {
  readonly exitCode = 1
  constructor (dir: string, cause: string) {
    super('STORE_DAMAGED', `the record store at ${dir} is damaged (${cause}); nothing was changed. Run \`meritwalk repair\` to recover what the files still hold (it reports what is lost), or restore a backup made with \`meritwalk export\``, { dir, cause })
  }
}

/** The disk holding the store is full: nothing of the refused write was stored. Writes work again once space is freed. */
export class StorageFullError extends MeritwalkError<{ dir: string }> {
  readonly exitCode = 1
  constructor (dir: string) {
    super('STORAGE_FULL', `disk full: the record store at ${dir} cannot write (nothing of this write was stored); free space on that disk, and the node resumes writing by itself`, { dir })
  }
}

/** The typed error for a LevelDB (or file) failure at `dir`: a full disk, damage, or a plain open failure (a lock, permissions). */
export function levelFailure (dir: string, err: unknown): Error {
  const cause = (err as { cause?: { code?: string, message?: string } }).cause
  const text = `${(err as Error).message} ${cause?.message ?? ''}`
  if ((err as NodeJS.ErrnoException).code === 'ENOSPC' || /No space left|ENOSPC/i.test(text)) return new StorageFullError(dir)
  const code = cause?.code ?? (err as { code?: string }).code
  if (code === 'LEVEL_CORRUPTION' || /Corruption/i.test(text)) return new StoreDamagedError(dir, (cause?.message ?? (err as Error).message).slice(0, 300))
  if (code === 'LEVEL_LOCKED' || code === 'LEVEL_DATABASE_NOT_OPEN' || code === 'LEVEL_IO_ERROR') return new StoreOpenError(dir, code === 'LEVEL_DATABASE_NOT_OPEN' ? (err as Error).message : code)
  return err as Error
}
