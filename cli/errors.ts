/**
 * How the CLI reports failures: user errors as one line that says what to do, exit codes
 * that scripts can branch on.
 */
import { MeritwalkError } from '../src/errors.js'

/** Exit codes: 0 ok, 1 failure, 2 bad usage or input, 3 no daemon reachable. */
export const ExitCode = { ok: 0, failure: 1, usage: 2, noDaemon: 3 } as const

/** A file-system refusal about a path the user chose (data dir, import file): their input. */
function pathError (err: unknown): NodeJS.ErrnoException | undefined {
  const e = err as NodeJS.ErrnoException
  return err instanceof Error && typeof e.code === 'string' && typeof e.path === 'string' && typeof e.syscall === 'string' ? e : undefined
}

export function exitCodeFor (err: unknown): number {
  if (pathError(err) !== undefined) return ExitCode.usage
  if (err instanceof MeritwalkError) {
    const code = (err as MeritwalkError & { exitCode?: number }).exitCode
    return code ?? ExitCode.failure
  }
  return ExitCode.failure
}

export function formatError (err: unknown): string {
  if (err instanceof MeritwalkError) return `meritwalk: ${err.message}`
  const p = pathError(err)
  if (p !== undefined) return `meritwalk: cannot ${p.syscall} ${p.path}: ${p.code} (check the path, its permissions and free space; --data-dir chooses the data directory)`
  if (err instanceof Error) return `meritwalk: unexpected error: ${err.stack ?? err.message}`
  return `meritwalk: unexpected error: ${String(err)}`
}
