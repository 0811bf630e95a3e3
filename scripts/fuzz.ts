/**
 * The long fuzz budget, by hand: every property of the CI suite (test/hardening/fuzz/) with
 * N runs each and a fresh seed (printed, so a failure can be replayed with --seed).
 *
 *   npx tsx scripts/fuzz.ts --runs 100000 [--seed 1234] [--only gossip]
 */
import '../src/polyfill.js'
import { parseArgs } from 'node:util'
import { FUZZ_TARGETS } from '../test/hardening/fuzz/index.js'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20000' }, seed: { type: 'string' }, only: { type: 'string' } } })
const runs = Number(values.runs)
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed)
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  process.stderr.write('usage: npx tsx scripts/fuzz.ts --runs N [--seed S] [--only <substring of a target name>]\n')
  process.exit(2)
}
const targets = FUZZ_TARGETS.filter(t => values.only === undefined || t.name.includes(values.only))
process.stdout.write(`fuzzing ${targets.length} targets, ${runs} runs each, seed ${seed}\n`)
let failed = 0
for (const t of targets) {
  const started = performance.now()
  try {
    await t.run({ numRuns: runs, seed })
    process.stdout.write(`ok    ${t.name} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`)
  } catch (err) {
    failed++
    process.stdout.write(`FAIL  ${t.name}\n${(err as Error).message}\n`)
  }
}
process.exitCode = failed === 0 ? 0 : 1
