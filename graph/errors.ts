/**
 * Typed failures of the ranking engine: bad edges and bad parameters. Each has a stable
 * `code` and the data a caller needs; the engine state is unchanged when one is thrown.
 */
import { MeritwalkError } from '../src/errors.js'

/** An author tried to trust themselves; self-loops carry no information and are refused. */
export class SelfTrustError extends MeritwalkError<{ author: string }> {
  constructor (author: string) {
    super('SELF_TRUST', `an author cannot trust themselves (${author}); trust another author instead`, { author })
  }
}

/** A weight or timestamp is not a finite number (or an interaction weight is negative). */
export class InvalidWeightError extends MeritwalkError<{ field: string, value: unknown }> {
  constructor (field: string, value: unknown, expected: string) {
    super('INVALID_WEIGHT', `${field} must be ${expected}, got ${String(value)}`, { field, value })
  }
}

/** An engine or query option is out of range. */
export class InvalidOptionError extends MeritwalkError<{ option: string, value: unknown }> {
  constructor (option: string, value: unknown, expected: string) {
    super('INVALID_OPTION', `option ${option} must be ${expected}, got ${String(value)}`, { option, value })
  }
}

/** An id is empty or not a string. */
export class InvalidIdError extends MeritwalkError<{ field: string, value: unknown }> {
  constructor (field: string, value: unknown) {
    super('INVALID_ID', `${field} must be a non-empty string, got ${JSON.stringify(value)}`, { field, value })
  }
}
