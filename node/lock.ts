/**
 * One daemon (or repair) per data directory, held by a lock that dies with its holder.
 * LevelDB keeps an fcntl lock on the LOCK file of an open database; the kernel drops it
 * when the process exits, however it exits (SIGKILL, OOM, a container restart). A small
 * LevelDB in `<dataDir>/daemon.lock`, opened and never written, gives the data directory
 * that lock from a dependency we already have, with no native addon of our own. The pid
 * file beside it only names the holder in the refusal: it is never trusted, so a stale pid
 * that happens to be ours (pid 1 in a container) cannot block a start.
 */
import { constants } from 'node:fs'
import { access, readFile, rm, writeFile } from 'node:fs/promises'
import { Level } from 'level'
import { DataDirError } from '../src/config.js'
import { levelFailure } from '../src/index.js'
import { DaemonLockedError } from './errors.js'

/** A held lock; release() is idempotent. */
export interface DataDirLock { release (): Promise<void> }

/** Take the data directory's lock for this process (lock database at `lockDir`, pid in `pidFile`), or throw DaemonLockedError. */
export async function lockDataDir (paths: { lockDir: string, pidFile: string }, dataDir: string): Promise<DataDirLock> {
  const db = new Level(paths.lockDir)
  try {
    await db.open()
  } catch (err) {
    if ((err as { cause?: { code?: string } }).cause?.code === 'LEVEL_LOCKED') throw new DaemonLockedError(dataDir, await readPid(paths.pidFile))
    // LevelDB reports a directory it may not write as a failed mkdir or open; say what is wrong.
    const denied = await access(dataDir, constants.W_OK).then(() => undefined, (e: NodeJS.ErrnoException) => e.code ?? 'EACCES')
    if (denied !== undefined) throw new DataDirError(dataDir, dataDir, `is not writable (${denied === 'EROFS' ? 'a read-only file system' : denied})`)
    throw levelFailure(paths.lockDir, err)
  }
  try {
    await writeFile(paths.pidFile, `${process.pid}\n`, { mode: 0o644 })
  } catch (err) {
    await db.close()
    throw levelFailure(dataDir, err)
  }
  let released = false
  return {
    async release () {
      if (released) return
      released = true
      await rm(paths.pidFile, { force: true })
      await db.close()
    }
  }
}

async function readPid (file: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt((await readFile(file, 'utf8')).trim(), 10)
    return Number.isInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}
