/**
 * The work behind `meritwalk simulate`: build the network, run the evaluation with a
 * progress bar, and write the table, JSON, SVG frontier and Markdown report.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import cliProgress from 'cli-progress'
import { describeAttack, evaluate, type MethodResult } from '../../graph/sim/evaluate.js'
import { methods } from '../../graph/sim/catalogue.js'
import { frontierSvg } from '../../graph/sim/frontier.js'
import { loadLastfm } from '../../graph/sim/lastfm.js'
import { describeNetwork, type Network, type NetworkStats } from '../../graph/sim/network.js'
import { createRng } from '../../graph/sim/rng.js'
import { syntheticNetwork } from '../../graph/sim/synthetic.js'
import { resultCells, resultHeadings, resultsMarkdown } from '../../graph/sim/table.js'
import { printJson, printTable } from '../output.js'
import type { SimulateSettings } from './options.js'

/** What `--json` prints and `--report` saves. */
export interface SimulateReport {
  network: NetworkStats & { name: string }
  attack: string
  settings: SimulateSettings
  results: MethodResult[]
}

/** Run the simulation and emit every requested output. */
export async function runSimulation (s: SimulateSettings, out: { json: boolean, plot?: string, report?: string, progress: boolean }): Promise<SimulateReport> {
  const net = buildNetwork(s)
  const bar = out.progress ? new cliProgress.SingleBar({ stream: process.stderr, format: 'simulate [{bar}] {percentage}% | {value}/{total} queries | eta {eta}s', hideCursor: true }, cliProgress.Presets.shades_classic) : undefined
  let started = false
  const results = evaluate(net, {
    methods: methods(s.methods, { alphas: s.alphas, betas: s.betas, walks: s.walks, seed: s.seeds[0] }),
    seeds: s.seeds,
    egos: s.egos,
    ...(s.attack !== undefined ? { attack: s.attack } : {}),
    clock: () => performance.now(),
    onProgress: (done, total) => {
      if (bar === undefined) return
      if (!started) { bar.start(total, 0); started = true }
      bar.update(done)
    }
  })
  bar?.stop()
  const report: SimulateReport = {
    network: { name: net.name, ...describeNetwork(net) },
    attack: s.attack === undefined ? 'none' : describeAttack(s.attack),
    settings: s,
    results
  }
  const title = `${net.name}: trust–relevance frontier (attack: ${report.attack})`
  if (out.json) printJson(report)
  else printTable([...resultHeadings], results.map(resultCells))
  if (out.plot !== undefined) await writeFile(resolve(out.plot), frontierSvg(results, { title }))
  if (out.report !== undefined) {
    const dir = resolve(out.report)
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, 'results.json'), JSON.stringify(report, null, 2) + '\n')
    await writeFile(join(dir, 'frontier.svg'), frontierSvg(results, { title }))
    await writeFile(join(dir, 'summary.md'), summary(report))
  }
  return report
}

function buildNetwork (s: SimulateSettings): Network {
  if (s.network === 'lastfm') return loadLastfm(resolve(s.data!)) // parseSettings requires it for lastfm
  return syntheticNetwork(createRng(s.seeds[0]), { users: s.users, items: s.items })
}

function summary (r: SimulateReport): string {
  const n = r.network
  return [
    `# meritwalk simulate: ${n.name}, attack ${r.attack}`,
    '',
    `Network: ${n.users} users, ${n.items} items, ${n.trustEdges} trust edges, ${n.plays} plays.`,
    `Protocol: leave-one-out (one random played item held out per user with ≥ 2), ${r.settings.egos === 0 ? 'every eligible' : r.settings.egos} honest egos per seed, seeds ${r.settings.seeds.join(', ')}; ` +
      'HR@10 and NDCG@10 of the held-out item among all unseen items; spam slots = share of top-10 slots holding attack items.',
    '',
    resultsMarkdown(r.results),
    '![frontier](frontier.svg)',
    ''
  ].join('\n')
}
