/**
 * Typed failures of the simulation: bad options, unreadable Last.fm data. Each says what
 * to change and carries the data a caller (the CLI) needs; `exitCode` 2 marks bad usage.
 */
import { MeritwalkError } from '../../src/errors.js'

/** An option of a generator, attack or evaluation is out of range. */
export class InvalidSimOptionError extends MeritwalkError<{ option: string, value: unknown, expected: string }> {
  readonly exitCode = 2
  constructor (option: string, value: unknown, expected: string) {
    super('SIM_OPTION_INVALID', `invalid ${option}: ${JSON.stringify(value)} (expected ${expected})`, { option, value, expected })
  }
}

/** The Last.fm HetRec 2011 files are missing or malformed. */
export class LastfmDataError extends MeritwalkError<{ file: string, line?: number }> {
  readonly exitCode = 2
  constructor (file: string, reason: string, line?: number) {
    super('LASTFM_DATA_INVALID', `${file}${line !== undefined ? `:${line}` : ''}: ${reason} (expected the HetRec 2011 Last.fm files user_artists.dat and user_friends.dat; pass their directory with --data DIR)`, { file, ...(line !== undefined ? { line } : {}) })
  }
}
