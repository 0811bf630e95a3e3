/**
 * Every failure meritwalk reports is a `MeritwalkError` with a stable `code` and the data a
 * caller needs to act. Subsystems declare their own subclasses next to the code that throws
 * them; this base is the one thing they share (Lodestar's `LodestarError<{code, …}>` shape).
 *
 * Codes are UPPER_SNAKE_CASE with no prefix (they are already namespaced by being ours):
 * what failed, then how when it helps (`CONFIG_INVALID`, `STORE_CLOSED`, `PEER_UNREACHABLE`);
 * record rules read `BAD_<field>` as docs/PROTOCOL.md lists them. Once published (CLI
 * output, RPC `data.code`) a code is never renamed.
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
