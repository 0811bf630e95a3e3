/**
 * One daemon per data directory: a pid file created exclusively at start and removed at
 * stop. A pid file whose process is gone (a crash, a SIGKILL) is stale and taken over;
 * LevelDB's own LOCK file backs this up for the store itself.
 */
import { open, readFile, rm } from 'node:fs/promises'
import { DaemonLockedError } from './errors.js'

/** A held lock; release() is idempotent. */
export interface DataDirLock { release (): Promise<void> }

/** Take the lock at `file` for this process, or throw DaemonLockedError. */
export async function lockDataDir (file: string, dataDir: string): Promise<DataDirLock> {
  // Two attempts: the second after removing a stale file left by a dead process.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o644)
      try {
        await handle.writeFile(`${process.pid}\n`)
        await handle.sync()
      } finally {
        await handle.close()
      }
      let released = false
      return {
        async release () {
          if (released) return
          released = true
          await rm(file, { force: true })
        }
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
    const pid = await readPid(file)
    if (pid !== undefined && isAlive(pid)) throw new DaemonLockedError(dataDir, pid)
    await rm(file, { force: true })
  }
  throw new DaemonLockedError(dataDir)
}

async function readPid (file: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt((await readFile(file, 'utf8')).trim(), 10)
    return Number.isInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

function isAlive (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: the process exists but belongs to someone else — still alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
