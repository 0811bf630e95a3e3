/**
 * Entry of the `meritwalk` command: builds the program, runs it, and turns a thrown
 * MeritwalkError into a one-line message and a meaningful exit code (no stack trace).
 */
// First: libp2p v3 needs Promise.withResolvers, which Node 20 lacks.
import '../src/polyfill.js'
import { CommanderError } from 'commander'
import { buildProgram } from './program.js'
import { exitCodeFor, formatError } from './errors.js'

// A reader that stops early (`meritwalk --help | head -1`) closes the pipe: that is not a failure.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0)
  throw err
})

const program = buildProgram()
try {
  await program.parseAsync(process.argv)
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : 2
  } else {
    process.stderr.write(formatError(err) + '\n')
    process.exitCode = exitCodeFor(err)
  }
}
