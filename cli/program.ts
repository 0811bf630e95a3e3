/**
 * The `meritwalk` program: one commander instance with every command registered from
 * `cli/commands/`. A factory (not a singleton) so tests can build and drive it.
 */
import { Command } from 'commander'
import { commands } from './commands/index.js'

export function buildProgram (): Command {
  const program = new Command()
    .name('meritwalk')
    .description('Peer-to-peer, Sybil-resistant social recommender node')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    // Also accepted before the command (`meritwalk --data-dir X status`); after it wins.
    .option('--data-dir <dir>', 'data directory (default: $MERITWALK_DATA_DIR, else ~/.meritwalk)')
    .exitOverride()
  for (const register of commands) register(program)
  return program
}
