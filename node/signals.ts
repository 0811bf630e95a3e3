/**
 * Process signals for a foreground daemon: the first SIGINT/SIGTERM stops it gracefully
 * (gossip, sync, network, then the store is flushed and closed); a second one while that
 * is under way forces exit, for the user who does not want to wait.
 */
import type { Logger } from 'pino'

/** What a signal stops. */
export interface Stoppable { stop (): Promise<void> }

const FORCED_EXIT_CODE = 130

/** Install SIGINT/SIGTERM handlers for `daemon`; returns a function that removes them. */
export function installSignalHandlers (daemon: Stoppable, log?: Pick<Logger, 'info' | 'warn' | 'error'>): () => void {
  let stopping = false
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log?.warn({ signal }, 'second signal: forcing exit')
      process.exit(FORCED_EXIT_CODE)
    }
    stopping = true
    log?.info({ signal }, 'stopping (send the signal again to force exit)')
    daemon.stop().then(() => {
      log?.info('stopped')
      remove()
    }, (err: unknown) => {
      log?.error({ err }, 'stop failed')
      process.exitCode = 1
      remove()
    })
  }
  const remove = (): void => {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return remove
}
