/**
 * The one error a history file's parsing throws: where in the file (`f.csv row 3`,
 * `f.json entry 2`) and what is wrong with it. The CLI shows it as a usage error (exit 2),
 * the web UI beside the file it was given.
 */
import { MeritwalkError } from '../errors.js'

export class HistoryError extends MeritwalkError<{ where: string, problem: string, value?: unknown }> {
  constructor (where: string, problem: string, value?: unknown) {
    super('HISTORY_INVALID', `${where} ${problem}`, { where, problem, ...(value === undefined ? {} : { value }) })
  }
}
