/**
 * `meritwalk repair`: recover a damaged record store (run with the daemon stopped). Takes
 * the data directory's lock, so it never runs beside a daemon, then reports what was kept
 * and exactly which records of which authors are lost.
 */
import { dataPaths } from '../../src/config.js'
import { defineCommand } from '../command.js'
import { printFields, printJson, printTable } from '../output.js'

export const register = defineCommand({
  usage: 'repair',
  describe: 'recover a damaged record store (daemon stopped): LevelDB repair, then re-verify every author\'s chain; reports what is lost',
  json: true,
  examples: ['meritwalk repair', 'meritwalk repair --json'],
  handler: async ({ dataDir, json }) => {
    const { lockDataDir } = await import('../../node/lock.js')
    const { repairStore } = await import('../../src/store-repair.js')
    const paths = dataPaths(dataDir)
    const lock = await lockDataDir({ lockDir: paths.lockDir, pidFile: paths.lock }, dataDir)
    let report
    try {
      report = await repairStore(paths.store)
    } finally {
      await lock.release()
    }
    if (json) return printJson({ store: paths.store, ...report })
    printFields([
      ['store', paths.store],
      ['authors', report.authors],
      ['records kept', report.records],
      ['records dropped', report.dropped],
      ['proofs', `${report.proofs.kept} kept, ${report.proofs.dropped} dropped`]
    ])
    if (report.lost.length === 0) {
      process.stdout.write('nothing lost: every author\'s log verified to its head\n')
      return
    }
    printTable(['author', 'kept through', 'lost', 'why'], report.lost.map(l => [l.author, l.keptThrough, `#${l.lostFrom}–${l.lostThrough === null ? '?' : `#${l.lostThrough}`}`, l.reason]))
    process.stdout.write('lost records come back from peers that hold them on the next sync, or from a `meritwalk export` backup (`meritwalk import`)\n')
  }
})
