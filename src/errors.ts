/**
 * Every failure meritwalk reports is a `MeritwalkError` with a stable `code` and the data a
 * caller needs to act. Subsystems declare their own subclasses next to the code that throws
 * them; this base is the one thing they share (Lodestar's `LodestarError<{code, …}>` shape).
 */
export class MeritwalkError<D extends Record<string, unknown> = Record<string, unknown>> extends Error {
  readonly code: string
  readonly data: D

  constructor (code: string, message: string, data: D = {} as D) {
    super(message)
    this.name = new.target.name
    this.code = code
    this.data = data
  }

  /** A plain object for logs and RPC error data (never includes secrets). */
  toJSON (): { code: string, message: string, data: D } {
    return { code: this.code, message: this.message, data: this.data }
  }
}

/** True when `err` is a MeritwalkError, optionally with the given code. */
export function isMeritwalkError (err: unknown, code?: string): err is MeritwalkError {
  return err instanceof MeritwalkError && (code === undefined || err.code === code)
}
